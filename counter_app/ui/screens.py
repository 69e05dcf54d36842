"""The ward's queue screens on their own PCs: the kiosk and the TV board.

``counter-app kiosk`` and ``counter-app board`` open them full screen (``--windowed``
for a try-out) with the screen's enrolment (``services.display``); they follow the ward
server's queue and keep working, with a visible mark, while it cannot be reached.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from counter_app.domain.errors import DomainError
from counter_app.paths import resource_dir
from counter_app.queue.demo import procedure_names
from counter_app.queue.live import TakenTicket
from counter_app.services.display import DisplayConfig, KioskPrinter
from counter_app.ui.main import NO_DISPLAY, application, display_missing


def run_kiosk(config: DisplayConfig, language: str, windowed: bool = False) -> int:
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from counter_app.ui.kiosk import KioskWindow

    app = application(language)
    window = KioskWindow(
        config.client, kiosk_printer(config), procedure_names(), title=config.ward_name
    )
    window.show() if windowed else window.showFullScreen()
    return app.exec()


def kiosk_printer(config: DisplayConfig) -> Callable[[TakenTicket], None]:
    """The ticket printer's function; without one, the screen shows the number only
    and says that the kiosk has no printer (in its own language)."""
    if not config.printer:

        def no_printer(_taken: TakenTicket) -> None:
            raise DomainError("kiosk_no_printer", "this kiosk has no ticket printer")

        return no_printer
    return KioskPrinter(
        config.printer, config.printer_profile, config.ward_name, resource_dir()
    ).print_ticket


def run_board(config: DisplayConfig, language: str, windowed: bool = False) -> int:
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from counter_app.queue.voice import VoiceClips
    from counter_app.ui.announcer import Announcer, default_player
    from counter_app.ui.board import BoardWindow

    app = application(language)
    announcer = Announcer(VoiceClips.shipped(), default_player())
    window = BoardWindow(config.client, announcer, config.ward_name)
    window.show() if windowed else window.showFullScreen()
    return app.exec()


def screenshots(out: Path, language: str) -> list[Path]:
    """The kiosk (portrait and landscape, a ticket, a ticket not printed, on a 1366×768
    touch screen) and the board (on a 1920×1080 TV, a 1366×768 one, standing) on the demo
    queue. A QApplication must exist."""
    from counter_app.queue.demo import demo_setup, demo_status, demo_ticket
    from counter_app.ui import board, kiosk

    setup, status, names = demo_setup(), demo_status(), procedure_names()
    title = "UBND Phường Thử Nghiệm"
    return [
        kiosk.screenshot(
            out / f"kiosk-portrait-{language}.png", (1080, 1920), setup, status, names, title
        ),
        kiosk.screenshot(
            out / f"kiosk-landscape-{language}.png", (1920, 1080), setup, status, names, title
        ),
        kiosk.screenshot(
            out / f"kiosk-ticket-{language}.png",
            (1920, 1080),
            setup,
            status,
            names,
            title,
            taken=demo_ticket(),
        ),
        kiosk.screenshot(
            out / f"kiosk-not-printed-{language}.png",
            (1920, 1080),
            setup,
            status,
            names,
            title,
            taken=demo_ticket(),
            print_problem="paper_out",
        ),
        kiosk.screenshot(
            out / f"kiosk-1366x768-{language}.png", (1366, 768), setup, status, names, title
        ),
        board.screenshot(out / f"board-{language}.png", status, title),
        board.screenshot(out / f"board-1366x768-{language}.png", status, title, size=(1366, 768)),
        board.screenshot(out / f"board-portrait-{language}.png", status, title, size=(1080, 1920)),
    ]
