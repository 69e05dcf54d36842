"""The kiosk's printer problems in the kiosk's language: a kiosk set to English said
"Máy in hết giấy." under an English screen. The paper stays Vietnamese. The kiosk's own
serial printer is the virtual printer; no ward server is needed to show a ticket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.paths import resource_dir
from counter_app.queue.demo import demo_ticket
from counter_app.services.display import DisplayConfig, KioskPrinter
from counter_app.ui.kiosk import KioskWindow, PrintTicket
from counter_app.ui.screens import kiosk_printer
from printers.profiles import load_profiles, profiles_path
from printers.transport import PrinterStatus
from printers.virtual import VirtualPrinter

SHOTS = Path("/tmp/h-ui-shots")
WARD = "UBND Phường Thử Nghiệm"
PATIENCE_MS = 15_000


@pytest.fixture
def virtual() -> Iterator[VirtualPrinter]:
    profile = load_profiles(profiles_path(resource_dir()))["epson-tm-t82"]
    with VirtualPrinter(profile) as printer:
        yield printer


def shown_ticket(qtbot: QtBot, print_ticket: PrintTicket) -> KioskWindow:
    window = KioskWindow(None, print_ticket, title=WARD)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.show_ticket(demo_ticket())
    qtbot.waitUntil(lambda: window.printing.property("failed") == "true", timeout=PATIENCE_MS)
    return window


def config(printer: str) -> DisplayConfig:
    return DisplayConfig("http://127.0.0.1:9", "token", "kiosk-1", "W1", WARD, printer=printer)


def test_paper_out_is_said_in_english_on_an_english_kiosk(
    qtbot: QtBot, virtual: VirtualPrinter
) -> None:
    virtual.set_state(PrinterStatus.PAPER_OUT)
    printer = KioskPrinter(virtual.url, "epson-tm-t82", WARD, resource_dir())
    window = shown_ticket(qtbot, printer.print_ticket)
    assert window.printing.text() == "The printer is out of paper.\nPlease remember your number."
    if SHOTS.is_dir():
        qtbot.wait(50)  # the two lines laid out
        window.grab().save(str(SHOTS / "kiosk-paper-out-en.png"))


@pytest.mark.usefixtures("vietnamese")
def test_paper_out_is_said_in_vietnamese_on_a_vietnamese_kiosk(
    qtbot: QtBot, virtual: VirtualPrinter
) -> None:
    virtual.set_state(PrinterStatus.COVER_OPEN)
    printer = KioskPrinter(virtual.url, "epson-tm-t82", WARD, resource_dir())
    window = shown_ticket(qtbot, printer.print_ticket)
    assert window.printing.text() == "Nắp máy in đang mở.\nVui lòng ghi nhớ số của bạn."


def test_a_kiosk_without_a_printer_says_so_in_english(qtbot: QtBot) -> None:
    window = shown_ticket(qtbot, kiosk_printer(config("")))
    assert window.printing.text() == (
        "This kiosk has no ticket printer.\nPlease remember your number."
    )


def test_a_ticket_not_printed_stays_longer_for_its_number_to_be_noted(qtbot: QtBot) -> None:
    """The citizen has to note the number by hand: the page stays 45 s, not the 20 s of a
    printed ticket (the longer wait had been left after a return, never reached)."""
    from counter_app.ui.kiosk import NOT_PRINTED_SHOWN_MS

    window = shown_ticket(qtbot, kiosk_printer(config("")))
    assert window.pages.currentIndex() == 1
    assert window._back.isActive() and window._back.interval() == NOT_PRINTED_SHOWN_MS
