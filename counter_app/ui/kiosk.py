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
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

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
from counter_app.ui.labels import weekday_name
from counter_app.ui.screen_fit import fit_scale, scaled

LOG = logging.getLogger(__name__)
PrintTicket = Callable[[TakenTicket], None]
TICKET_SHOWN_MS = 20_000
NOT_PRINTED_SHOWN_MS = 45_000  # longer: the citizen has to note the number
NOTICE_SHOWN_MS = 8_000
PRIORITY_KEPT_MS = 30_000  # a priority chosen then left alone is forgotten
SHOWN_PROCEDURES = 4
NAVY, ORANGE, RED, GREEN = "#0d2b6b", "#c43e00", "#b00020", "#1b5e20"

AREA_BUTTON = QSize(200, 180)  # the smallest a service's button gets, at scale 1


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


def ticket_style(scale: float) -> str:
    """The ticket page's style sheet with its sizes times ``scale``, the page's own: its
    letters are as big as the page alone allows (TicketPage)."""

    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    return f"""
QLabel#yourNumber {{ font-size: {px(48)}; font-weight: bold; }}
QLabel#number {{ font-size: {px(300)}; font-weight: bold; color: {NAVY}; }}
QLabel#number[landscape="true"] {{ font-size: {px(210)}; }}
QLabel#ticketArea {{ font-size: {px(56)}; font-weight: bold; }}
QLabel#ticketPriority {{ font-size: {px(36)}; font-weight: bold; color: {ORANGE}; }}
QLabel#ahead {{ font-size: {px(50)}; font-weight: bold; }}
QLabel#taken {{ font-size: {px(34)}; }}
QLabel#printing {{ font-size: {px(38)}; font-weight: bold; color: {GREEN}; padding: {px(18)};
    border-radius: {px(14)}; }}
QLabel#printing[failed="true"] {{ color: white; background: {RED}; }}
QPushButton#done {{ font-size: {px(40)}; font-weight: bold; color: white; background: {NAVY};
    border-radius: {px(18)}; padding: {px(24)} {px(80)}; }}
"""


def _label(name: str, text: str = "", wrap: bool = True) -> QLabel:
    """Plain text: the ward's, the areas' and the procedures' names come from the server
    and the catalogue, and are shown as written, never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(wrap)
    return label


class ProceduresLabel(QLabel):
    """The procedures an area covers, in the lines its button has room for once the
    area's name and its waiting count are whole, one at least (the kiosk fits its
    letters to that): the last line ends with "…" when the list goes on. ``text()``
    stays the whole list."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setObjectName("areaProcedures")
        self.setTextFormat(Qt.TextFormat.PlainText)  # names from the catalogue, as written
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        """One line: the button grows it with what room it has left (its stretch)."""
        return QSize(0, self.fontMetrics().lineSpacing())

    def minimumSizeHint(self) -> QSize:
        """One line when there is a list: else the spaces over and under the labels took
        their share before it, and under a name of three lines it was left out."""
        return QSize(0, self.fontMetrics().lineSpacing() if self.text() else 0)

    def shown_lines(self) -> list[str]:
        """The lines drawn: those that fit its height, the last cut with "…" if the
        list goes on."""
        lines = self._lines()
        room = self.height() // self.fontMetrics().lineSpacing()
        shown = [self.text()[start:end].strip() for start, end in lines[:room]]
        if 0 < room < len(lines):
            rest = self.text()[lines[room - 1][0] :]
            cut = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, self.width())
            shown[-1] = cut
        return shown

    def _lines(self) -> list[tuple[int, int]]:
        """Where each line of the text, wrapped at the label's width, starts and ends."""
        layout = QTextLayout(self.text(), self.font())
        option = QTextOption(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        lines = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(self.width(), 1))
            lines.append((line.textStart(), line.textStart() + line.textLength()))
        layout.endLayout()
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        spacing = self.fontMetrics().lineSpacing()
        lines = self.shown_lines()
        top = (self.height() - spacing * len(lines)) // 2
        for index, line in enumerate(lines):
            place = QRect(0, top + index * spacing, self.width(), spacing)
            self.style().drawItemText(
                painter,
                place,
                Qt.AlignmentFlag.AlignCenter,
                self.palette(),
                self.isEnabled(),
                line,
                self.foregroundRole(),
            )


class AreaButton(QPushButton):
    """One service area: its name, the procedures it covers, how many wait."""

    def __init__(self, prefix: str, name: str, procedures: str, scale: float = 1.0) -> None:
        super().__init__()
        self.prefix = prefix
        self.setObjectName("area")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.name = _label("areaName", name)
        self.procedures = ProceduresLabel(procedures)
        self.procedures.setVisible(bool(procedures))
        self.waiting = _label("areaWaiting")
        column = QVBoxLayout(self)
        column.addStretch(1)
        for label, stretch in ((self.name, 0), (self.procedures, 4), (self.waiting, 0)):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label, stretch)
        column.addStretch(1)
        self.set_scale(scale)

    def set_scale(self, scale: float) -> None:
        """Its margins and its smallest size at the window's scale (its letters are the
        style sheet's)."""
        self.scale = scale
        self.layout().setContentsMargins(*scaled(scale, 24, 16, 24, 16))

    def sizeHint(self) -> QSize:
        """As wide as the others whatever its name, so that the columns share the
        width alike and no name takes a line more than it needs; as high as its labels."""
        return QSize(self.minimumSizeHint().width(), self.layout().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return AREA_BUTTON * self.scale


class TicketPage(QWidget):
    """The page a citizen reads after a touch: it asks the kiosk for no room and takes
    the room the page of areas leaves, in letters of its own size (ticket_style). With
    nine long areas' names on a 1366×768 screen the areas need letters at 0.65 of their
    size, and the ticket's number was as small, though its page alone had room for more."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def heightForWidth(self, width: int) -> int:
        """None asked of the pages' stack, which asks its pages directly, past their size
        policies."""
        return -1


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
        self._names = dict(procedure_names or {})
        self._setup: QueueSetup | None = None
        self._status: QueueStatus | None = None
        self._online = client is None
        self._busy = False
        self._columns = 0
        self._scale = 1.0
        self._ticket_scale = 1.0
        self.buttons: list[AreaButton] = []
        self.taken: TakenTicket | None = None
        self.follower = None
        self.setWindowTitle(self.tr("Take a number"))
        self.setStyleSheet(style(self._scale))
        self._build(title)
        self._space(self._scale)
        self.ticket_page.setStyleSheet(ticket_style(self._ticket_scale))
        self._timers()
        if client is not None:
            from counter_app.ui.queue_follower import QueueFollower

            self.follower = QueueFollower(client, self, with_setup=True)
            self.follower.setup.connect(self._setup_read)
            self.follower.status.connect(self.show_status)
            self.follower.online.connect(self.set_online)
        self.resize(1080, 1920)
        self._refresh_enabled()

    # --- building ------------------------------------------------------------------------

    def _build(self, title: str) -> None:
        column = QVBoxLayout(self)
        # The screen's size is the kiosk's, whatever its contents ask at one scale: _fit
        # then finds the scale at which they fit it (screen_fit.SCALES).
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        header = QHBoxLayout()
        self.title = _label("title", title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clock = _label("clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title, 1)
        header.addWidget(self.clock)
        column.addLayout(header)
        self.offline = _label(
            "offline",
            self.tr(
                "Cannot reach the ward server: numbers cannot be taken for now. "
                "Please wait a moment or ask an officer."
            ),
        )
        self.offline.hide()
        column.addWidget(self.offline)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._ticket_page())
        column.addWidget(self.pages, 1)

    def _choose_page(self) -> QWidget:
        page = QWidget()
        self.choose_column = column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_label("instruction", self.tr("Touch the service you need")))
        column.addWidget(_label("priorityTitle", self.tr("Priority — touch if you are:")))
        self.priority_grid = QGridLayout()
        self.priorities = QButtonGroup(self)
        self.priorities.setExclusive(False)  # a second touch takes the choice back
        for priority, words in self._priority_words().items():
            button = QPushButton(words)
            button.setObjectName("priority")
            button.setCheckable(True)
            button.setProperty("priority", priority.value)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.priorities.addButton(button)
        self.priorities.buttonToggled.connect(self._priority_toggled)
        column.addLayout(self.priority_grid)
        self.notice = _label("notice")
        self.notice.hide()
        column.addWidget(self.notice)
        self.area_grid = QGridLayout()
        column.addLayout(self.area_grid, 1)
        return page

    def _ticket_page(self) -> QWidget:
        self.ticket_page = page = TicketPage()
        self.ticket_column = column = QVBoxLayout(page)
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # _fit_ticket
        column.setSpacing(14)
        column.addStretch(1)
        column.addWidget(_label("yourNumber", self.tr("Your number")))
        self.number = _label("number", wrap=False)
        self.ticket_area = _label("ticketArea")
        self.ticket_priority = _label("ticketPriority")
        self.ahead = _label("ahead")
        self.taken_at = _label("taken")
        self.printing = _label("printing")
        for label in (self.number, self.ticket_area, self.ticket_priority, self.ahead):
            column.addWidget(label)
        column.addWidget(self.taken_at)
        column.addWidget(self.printing)
        column.addStretch(1)
        self.done = QPushButton(self.tr("Done"))
        self.done.setObjectName("done")
        self.done.clicked.connect(self.back_to_areas)
        column.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)
        return page

    def _timers(self) -> None:
        self._back = QTimer(self, singleShot=True)
        self._back.timeout.connect(self.back_to_areas)
        self._forget_priority = QTimer(self, singleShot=True, interval=PRIORITY_KEPT_MS)
        self._forget_priority.timeout.connect(self._clear_priority)
        self._hide_notice = QTimer(self, singleShot=True, interval=NOTICE_SHOWN_MS)
        self._hide_notice.timeout.connect(self._notice_read)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_time)

    def _priority_words(self) -> dict[Priority, str]:
        return {
            Priority.ELDERLY: self.tr("Elderly person"),
            Priority.DISABILITY: self.tr("Person with a disability"),
            Priority.PREGNANT: self.tr("Pregnant woman"),
            Priority.CHILD: self.tr("With a child under 6"),
        }

    # --- what the server says --------------------------------------------------------------

    def show_setup(self, setup: QueueSetup) -> None:
        """The ward's areas, one button each (the procedures' names when known)."""
        self._setup = setup
        self._make_buttons(
            [(a.prefix, a.name, self._procedures(a.procedures)) for a in setup.areas]
        )

    def show_status(self, status: QueueStatus) -> None:
        """The live counts on the buttons; the areas themselves until the setup is read."""
        self._status = status
        if self._setup is None and [b.prefix for b in self.buttons] != [
            a.prefix for a in status.areas
        ]:
            self._make_buttons([(a.prefix, a.name, "") for a in status.areas])
        waiting = {area.prefix: area.waiting for area in status.areas}
        for button in self.buttons:
            count = waiting.get(button.prefix)
            button.waiting.setText(
                "" if count is None else self.tr("%1 waiting").replace("%1", str(count))
            )

    def set_online(self, online: bool) -> None:
        self._online = online
        self.offline.setVisible(not online)
        self._fit()  # the red line takes the buttons' room
        self._refresh_enabled()

    def _setup_read(self, setup: QueueSetup) -> None:
        self.show_setup(setup)
        if self._status is not None:
            self.show_status(self._status)

    def _procedures(self, codes: Sequence[str]) -> str:
        names = [self._names[code] for code in codes if code in self._names]
        if len(names) <= SHOWN_PROCEDURES:
            return " · ".join(names)
        more = self.tr("and %1 more").replace("%1", str(len(names) - SHOWN_PROCEDURES + 1))
        return " · ".join([*names[: SHOWN_PROCEDURES - 1], more])

    # --- layout ------------------------------------------------------------------------------

    def _make_buttons(self, areas: list[tuple[str, str, str]]) -> None:
        for button in self.buttons:
            self.area_grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for prefix, name, procedures in areas:
            button = AreaButton(prefix, name, procedures, self._scale)
            button.clicked.connect(lambda _=False, p=prefix: self.take(p))
            self.buttons.append(button)
        self._columns = 0
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
        fit_scale(self.ticket_page, self._set_ticket_scale)

    def _set_ticket_scale(self, scale: float) -> None:
        if scale == self._ticket_scale:
            return
        self._ticket_scale = scale
        self.ticket_page.setStyleSheet(ticket_style(scale))
        self.ticket_column.setSpacing(*scaled(scale, 14))

    def _set_scale(self, scale: float) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        for button in self.buttons:
            button.set_scale(scale)
        self.setStyleSheet(style(scale))
        self._space(scale)

    def _space(self, scale: float) -> None:
        """The margins and the spacings at ``scale``: on a small screen they too shrink,
        and leave the letters that room."""
        self.layout().setContentsMargins(*scaled(scale, 40, 30, 40, 30))
        spacings = [
            (self.layout(), 20),
            (self.choose_column, 24),
            (self.priority_grid, 16),
            (self.area_grid, 24),
        ]
        for layout, spacing in spacings:
            layout.setSpacing(*scaled(scale, spacing))

    def _arrange(self) -> None:
        """One column of wide buttons standing up, three across lying down."""
        portrait = self.height() >= self.width()
        self.number.setProperty("landscape", "false" if portrait else "true")
        self.number.style().polish(self.number)
        count = len(self.buttons)
        columns = (1 if count <= 6 else 2) if portrait else (2 if count <= 4 else 3)
        if columns == self._columns:
            return
        self._columns = columns
        for index, button in enumerate(self.buttons):
            self.area_grid.addWidget(button, index // columns, index % columns)
        for index, button in enumerate(self.priorities.buttons()):
            per_row = 2 if portrait else 4
            self.priority_grid.addWidget(button, index // per_row, index % per_row)

    # --- taking a ticket -------------------------------------------------------------------

    def take(self, area: str) -> None:
        """Take a ticket of the area (with the priority chosen), off the GUI thread."""
        client = self._client
        if client is None or self._busy or not self._online or self.pages.currentIndex() != 0:
            return
        priority = self.chosen_priority()

        def work() -> TakenTicket:
            with client() as one:
                return take_at_kiosk(one, area, priority)

        self._busy = True
        self._refresh_enabled()
        run_in_background(self, work, self.show_ticket, self._not_taken)

    def chosen_priority(self) -> Priority | None:
        checked = self.priorities.checkedButton()
        return None if checked is None else Priority(checked.property("priority"))

    def _priority_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.priorities.buttons():
                if other is not button:
                    other.setChecked(False)
            self._forget_priority.start()

    def _clear_priority(self) -> None:
        for button in self.priorities.buttons():
            button.setChecked(False)

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
        ticket = taken.ticket
        self.number.setText(ticket.label)
        self.ticket_area.setText(taken.area_name)
        words = self._priority_words()
        self.ticket_priority.setText(
            self.tr("Priority: %1").replace("%1", words[ticket.priority])
            if ticket.priority is not None
            else ""
        )
        self.ticket_priority.setVisible(ticket.priority is not None)
        self.ahead.setText(self._ahead_words(taken.ahead))
        self.taken_at.setText(self._taken_words(ticket.taken_at))
        self._show_printing(self.tr("Printing your ticket…"), failed=False)
        self._clear_priority()
        self.pages.setCurrentIndex(1)
        self._fit()  # a long area's name may take more lines
        self._back.start(TICKET_SHOWN_MS)
        self._refresh_enabled()

    def _ahead_words(self, ahead: int) -> str:
        if ahead == 0:
            return self.tr("Nobody is waiting before you")
        return self.tr("%1 people are waiting before you").replace("%1", str(ahead))

    def _taken_words(self, taken_at: str) -> str:
        when = moment(taken_at)
        day = weekday_name(when.date())
        return (
            self.tr("Taken at %1, %2, %3")
            .replace("%1", f"{when:%H:%M}")
            .replace("%2", day[:1].upper() + day[1:])
            .replace("%3", f"{when:%d/%m/%Y}")
        )

    def _printed(self, _: object = None) -> None:
        self._show_printing(self.tr("Please take your ticket and wait to be called."), False)

    def _not_printed(self, error: BaseException) -> None:
        LOG.warning("the kiosk's ticket was not printed: %s", error)
        line = self.tr("Please remember your number.")
        self._show_printing(f"{self._print_problem(error)}\n{line}", failed=True)
        if self.pages.currentIndex() == 1:
            self._back.start(NOT_PRINTED_SHOWN_MS)

    def _print_problem(self, error: BaseException) -> str:
        """Why the ticket did not come out, for the citizen, in the kiosk's language."""
        if isinstance(error, DomainError) and error.code == "kiosk_no_printer":
            return self.tr("This kiosk has no ticket printer.")
        status = error.params.get("status") if isinstance(error, DomainError) else None
        words = {
            "offline": self.tr("The printer is off or offline."),
            "cover_open": self.tr("The printer's cover is open."),
            "paper_out": self.tr("The printer is out of paper."),
            "no_reply": self.tr("The printer does not answer."),
        }
        return words.get(str(status), self.tr("The ticket could not be printed."))

    def _show_printing(self, text: str, failed: bool) -> None:
        self.printing.setText(text)
        self.printing.setProperty("failed", "true" if failed else "false")
        self.printing.style().unpolish(self.printing)
        self.printing.style().polish(self.printing)
        self._fit_ticket()  # a printer's problem takes two lines, and a red band

    def back_to_areas(self) -> None:
        self._back.stop()
        self.pages.setCurrentIndex(0)
        self._refresh_enabled()

    def _refresh_enabled(self) -> None:
        usable = self._online and not self._busy
        for button in self.buttons:
            button.setEnabled(usable)

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
        for timer in (self._back, self._forget_priority, self._hide_notice, self._tick):
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
