"""The kiosk: a citizen touches a service area and gets a numbered ticket (DOMAIN.md §9).

Full screen on a touch screen, portrait (1080×1920) or landscape (1920×1080), or a
smaller one whose letters shrink to fit (1366×768, 1024×768): one big button per service
area of the ward, with the procedures it covers and how many wait, and a row of priority
choices (the elderly, people with disabilities, pregnant women, a parent with a child
under 6). Nothing about the citizen is asked, and the ticket carries
no name and no ID number.

Taking the ticket shows its number huge, the area, how many wait before, the time; the
ticket is printed meanwhile through the caller's ``print_ticket(taken)``, which may raise
a DomainError ``kiosk_printer`` with the printer's ``status`` (or ``kiosk_no_printer``):
then the screen says why in its own language ("The printer is out of paper", "Máy in hết
giấy") and asks the citizen to remember the number. Then it goes back to the buttons.

Both the server (taking the ticket) and the printer are asked off the GUI thread. While
the ward server cannot be reached the buttons are disabled under a clear message; the
queue is followed live (:class:`QueueFollower`) and the buttons come back with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from counter_app.domain.clock import VIETNAM
from counter_app.domain.errors import DomainError
from counter_app.queue.live import (
    ClientFactory,
    Priority,
    QueueOffline,
    QueueSetup,
    QueueStatus,
    TakenTicket,
    TicketRefused,
    moment,
    take_at_kiosk,
)
from counter_app.ui.background import run_in_background
from counter_app.ui.kiosk_areas import (
    NAVY,
    ORANGE,
    RED,
    AreaButton,
    AreasPage,
    plain_label,
    priority_words,
)
from counter_app.ui.kiosk_ticket import TicketPage
from counter_app.ui.screen_fit import fit_scale, scaled

LOG = logging.getLogger(__name__)
PrintTicket = Callable[[TakenTicket], None]
TICKET_SHOWN_MS = 20_000
NOT_PRINTED_SHOWN_MS = 45_000  # longer: the citizen has to note the number
NOTICE_SHOWN_MS = 8_000


def style(scale: float) -> str:
    """The kiosk's style sheet with its sizes times ``scale``: its header and its page of
    areas (the ticket's page has its own, ticket_style)."""

    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    return f"""
KioskWindow {{ background: #f3f6fc; }}
QLabel {{ color: {NAVY}; }}
QLabel#title {{ font-size: {px(40)}; font-weight: bold; }}
QLabel#clock {{ font-size: {px(40)}; font-weight: bold; }}
QLabel#offline {{ background: {RED}; color: white; font-size: {px(34)}; font-weight: bold;
    padding: {px(18)}; border-radius: {px(12)}; }}
QLabel#notice {{ color: {RED}; font-size: {px(30)}; font-weight: bold; }}
QLabel#instruction {{ font-size: {px(44)}; font-weight: bold; }}
QLabel#priorityTitle {{ font-size: {px(30)}; font-weight: bold; color: {ORANGE}; }}
QPushButton#priority {{ font-size: {px(28)}; font-weight: bold; color: {ORANGE};
    background: white; border: {px(3)} solid {ORANGE}; border-radius: {px(14)};
    padding: {px(14)}; }}
QPushButton#priority:checked {{ background: {ORANGE}; color: white; }}
QPushButton#area {{ background: {NAVY}; border: none; border-radius: {px(20)}; }}
QPushButton#area:pressed {{ background: #1e4fb8; }}
QPushButton#area:disabled {{ background: #9aa3b5; }}
QPushButton#area QLabel {{ color: white; background: transparent; }}
QLabel#areaName {{ font-size: {px(46)}; font-weight: bold; }}
QLabel#areaProcedures {{ font-size: {px(25)}; }}
QLabel#areaWaiting {{ font-size: {px(28)}; font-weight: bold; }}
"""


class KioskWindow(QWidget):
    """The kiosk's screen; ``client`` None shows what it is given (screenshots, demos).

    ``procedure_names``: procedure code → name (the counter's catalogue) to list under
    each area; ``title``: the ward's name at the top. Show it full screen
    (``showFullScreen()``): it follows the queue while shown and stops when closed.
    """

    def __init__(
        self,
        client: ClientFactory | None,
        print_ticket: PrintTicket,
        procedure_names: Mapping[str, str] | None = None,
        title: str = "",
    ) -> None:
        super().__init__()
        self._client = client
        self._print = print_ticket
        self._setup: QueueSetup | None = None
        self._status: QueueStatus | None = None
        self._online = client is None
        self._busy = False
        self._scale = 1.0
        self.taken: TakenTicket | None = None
        self.follower = None
        self.setWindowTitle(self.tr("Take a number"))
        self.setStyleSheet(style(self._scale))
        self._build(title, procedure_names or {})
        self._space(self._scale)
        self._timers()
        if client is not None:
            from counter_app.ui.queue_follower import QueueFollower

            self.follower = QueueFollower(client, self, with_setup=True)
            self.follower.setup.connect(self._setup_read)
            self.follower.status.connect(self.show_status)
            self.follower.online.connect(self.set_online)
        self.resize(1080, 1920)
        self._refresh_enabled()

    @property
    def buttons(self) -> list[AreaButton]:
        return self.areas.buttons

    def chosen_priority(self) -> Priority | None:
        return self.areas.chosen_priority()

    # --- building ------------------------------------------------------------------------

    def _build(self, title: str, procedure_names: Mapping[str, str]) -> None:
        column = QVBoxLayout(self)
        # The screen's size is the kiosk's, whatever its contents ask at one scale: _fit
        # then finds the scale at which they fit it (screen_fit.SCALES).
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        header = QHBoxLayout()
        self.title = plain_label("title", title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clock = plain_label("clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title, 1)
        header.addWidget(self.clock)
        column.addLayout(header)
        self.offline = plain_label(
            "offline",
            self.tr(
                "Cannot reach the ward server: numbers cannot be taken for now. "
                "Please wait a moment or ask an officer."
            ),
        )
        self.offline.hide()
        column.addWidget(self.offline)
        self.pages = QStackedWidget()
        self.areas = areas = AreasPage(procedure_names)
        areas.touched.connect(self.take)
        self.pages.addWidget(areas)
        self.priorities, self.notice = areas.priorities, areas.notice
        self.ticket_page = page = TicketPage(self.back_to_areas)
        self.pages.addWidget(page)
        # The ticket's labels, by the window's names for them.
        self.number, self.ticket_area, self.ticket_priority = (
            page.number,
            page.ticket_area,
            page.ticket_priority,
        )
        self.ahead, self.taken_at, self.printing, self.done = (
            page.ahead,
            page.taken_at,
            page.printing,
            page.done,
        )
        column.addWidget(self.pages, 1)

    def _timers(self) -> None:
        self._back = QTimer(self, singleShot=True)
        self._back.timeout.connect(self.back_to_areas)
        self._hide_notice = QTimer(self, singleShot=True, interval=NOTICE_SHOWN_MS)
        self._hide_notice.timeout.connect(self._notice_read)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_time)

    # --- what the server says --------------------------------------------------------------

    def show_setup(self, setup: QueueSetup) -> None:
        """The ward's areas, one button each (the procedures' names when known)."""
        self._setup = setup
        self._make_buttons(
            [(a.prefix, a.name, self.areas.procedures(a.procedures)) for a in setup.areas]
        )

    def show_status(self, status: QueueStatus) -> None:
        """The live counts on the buttons; the areas themselves until the setup is read."""
        self._status = status
        if self._setup is None and [b.prefix for b in self.buttons] != [
            a.prefix for a in status.areas
        ]:
            self._make_buttons([(a.prefix, a.name, "") for a in status.areas])
        self.areas.show_waiting(status)

    def set_online(self, online: bool) -> None:
        self._online = online
        self.offline.setVisible(not online)
        self._fit()  # the red line takes the buttons' room
        self._refresh_enabled()

    def _setup_read(self, setup: QueueSetup) -> None:
        self.show_setup(setup)
        if self._status is not None:
            self.show_status(self._status)

    # --- layout ------------------------------------------------------------------------------

    def _make_buttons(self, areas: list[tuple[str, str, str]]) -> None:
        self.areas.make_buttons(areas, self._scale)
        self._arrange()
        self._fit()
        self._refresh_enabled()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._fit()

    def _fit(self) -> None:
        """The biggest letters at which the whole screen fits (screen_fit), then the
        ticket's page's in the room left."""
        fit_scale(self, self._set_scale)
        self._fit_ticket()

    def _fit_ticket(self) -> None:
        """The biggest letters at which the ticket's page, when shown, fits the room the
        header and the offline line leave it."""
        if self.pages.currentWidget() is not self.ticket_page:
            return
        self.layout().activate()
        self.pages.layout().activate()
        fit_scale(self.ticket_page, self.ticket_page.set_scale)

    def _set_scale(self, scale: float) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        self.areas.set_scale(scale)
        self.setStyleSheet(style(scale))
        self._space(scale)

    def _space(self, scale: float) -> None:
        """The margins and the spacings at ``scale``: on a small screen they too shrink,
        and leave the letters that room."""
        self.layout().setContentsMargins(*scaled(scale, 40, 30, 40, 30))
        self.layout().setSpacing(*scaled(scale, 20))
        self.areas.space(scale)

    def _arrange(self) -> None:
        """One column of wide buttons standing up, three across lying down."""
        portrait = self.height() >= self.width()
        self.ticket_page.set_landscape(not portrait)
        self.areas.arrange(portrait)

    # --- taking a ticket -------------------------------------------------------------------

    def take(self, area: str) -> None:
        """Take a ticket of the area (with the priority chosen), off the GUI thread."""
        client = self._client
        if client is None or self._busy or not self._online or self.pages.currentIndex() != 0:
            return
        priority = self.areas.chosen_priority()

        def work() -> TakenTicket:
            with client() as one:
                return take_at_kiosk(one, area, priority)

        self._busy = True
        self._refresh_enabled()
        run_in_background(self, work, self.show_ticket, self._not_taken)

    def _not_taken(self, error: BaseException) -> None:
        self._busy = False
        self._refresh_enabled()
        if isinstance(error, QueueOffline):
            self._notice(self.tr("The ward server did not answer: please try again."))
        elif isinstance(error, TicketRefused):
            LOG.warning("the server refused a kiosk ticket: %s", error)
            self._notice(self.tr("No number could be given: please ask an officer."))
        else:
            raise error

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._fit()
        self._hide_notice.start()

    def _notice_read(self) -> None:
        self.notice.hide()
        self._fit()

    def show_ticket(self, taken: TakenTicket) -> None:
        """The number huge, the area, how many wait before, the time; and print it."""
        self.present(taken)
        run_in_background(self, lambda: self._print(taken), self._printed, self._not_printed)

    def present(self, taken: TakenTicket) -> None:
        """The ticket's page, printing under way; back to the areas after a while."""
        self._busy = False
        self.taken = taken
        self.ticket_page.show(taken, priority_words())
        self.areas.clear_priority()
        self.pages.setCurrentIndex(1)
        self._fit()  # the ticket's page's letters, in the room it has
        self._back.start(TICKET_SHOWN_MS)
        self._refresh_enabled()

    def _printed(self, _: object = None) -> None:
        self.ticket_page.show_printed()
        self._fit_ticket()

    def _not_printed(self, error: BaseException) -> None:
        LOG.warning("the kiosk's ticket was not printed: %s", error)
        self.ticket_page.show_not_printed(error)
        self._fit_ticket()  # a printer's problem takes two lines, and a red band
        if self.pages.currentIndex() == 1:
            self._back.start(NOT_PRINTED_SHOWN_MS)

    def back_to_areas(self) -> None:
        self._back.stop()
        self.pages.setCurrentIndex(0)
        self._refresh_enabled()

    def _refresh_enabled(self) -> None:
        self.areas.set_enabled(self._online and not self._busy)

    # --- showing and closing ---------------------------------------------------------------

    def _show_time(self) -> None:
        self.clock.setText(f"{datetime.now(VIETNAM):%H:%M}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.follower is not None:
            self.follower.start()
            self._tick.start()
            self._show_time()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.follower is not None:
            self.follower.stop()
        for timer in (self._back, self.areas.forget_priority, self._hide_notice, self._tick):
            timer.stop()
        super().closeEvent(event)


def screenshot(
    path: Path,
    size: tuple[int, int],
    setup: QueueSetup,
    status: QueueStatus,
    procedure_names: Mapping[str, str] | None = None,
    title: str = "",
    taken: TakenTicket | None = None,
    print_problem: str | None = None,
) -> Path:
    """A PNG of the kiosk at ``size`` (width, height) showing the setup and the status, or
    the ``taken`` ticket (printed, or not: ``print_problem`` is the printer's status, such as
    "paper_out"). A QApplication must exist.
    """
    window = KioskWindow(None, lambda _taken: None, procedure_names, title)
    window.resize(*size)
    window.show_setup(setup)
    window.show_status(status)
    window.clock.setText(f"{moment(status.server_time):%H:%M}")
    if taken is not None:
        window.present(taken)
        if print_problem is None:
            window._printed()
        else:
            problem = DomainError("kiosk_printer", "a screenshot", status=print_problem)
            window._not_printed(problem)
    window._arrange()
    if not window.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    window.close()
    return path
