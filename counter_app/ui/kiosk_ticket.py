"""The kiosk's ticket page: the number a citizen took, huge, with its area, how many wait
before, the time, and whether it printed; in letters as big as the page's room allows.

Its words are the kiosk's: they keep the kiosk window's translation context
(``KioskWindow``), where the translators have them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.queue.live import Priority, TakenTicket, moment
from counter_app.ui.kiosk_areas import GREEN, NAVY, ORANGE, RED, plain_label
from counter_app.ui.labels import weekday_name
from counter_app.ui.screen_fit import scaled


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


class TicketPage(QWidget):
    """The page a citizen reads after a touch: it asks the kiosk for no room and takes
    the room the page of areas leaves, in letters of its own size (ticket_style). With
    nine long areas' names on a 1366×768 screen the areas need letters at 0.65 of their
    size, and the ticket's number was as small, though its page alone had room for more.

    ``done`` is called when the citizen touches "Done".
    """

    def __init__(self, done: Callable[[], None]) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scale = 1.0
        self.column = column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the kiosk fits it
        column.setSpacing(14)
        column.addStretch(1)
        column.addWidget(
            plain_label("yourNumber", QCoreApplication.translate("KioskWindow", "Your number"))
        )
        self.number = plain_label("number", wrap=False)
        self.ticket_area = plain_label("ticketArea")
        self.ticket_priority = plain_label("ticketPriority")
        self.ahead = plain_label("ahead")
        self.taken_at = plain_label("taken")
        self.printing = plain_label("printing")
        for label in (self.number, self.ticket_area, self.ticket_priority, self.ahead):
            column.addWidget(label)
        column.addWidget(self.taken_at)
        column.addWidget(self.printing)
        column.addStretch(1)
        self.done = QPushButton(QCoreApplication.translate("KioskWindow", "Done"))
        self.done.setObjectName("done")
        self.done.clicked.connect(done)
        column.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet(ticket_style(self.scale))

    def heightForWidth(self, width: int) -> int:
        """None asked of the pages' stack, which asks its pages directly, past their size
        policies."""
        return -1

    def show(self, taken: TakenTicket, priorities: Mapping[Priority, str]) -> None:
        """The ticket, printing under way; ``priorities`` words each priority."""
        ticket = taken.ticket
        self.number.setText(ticket.label)
        self.ticket_area.setText(taken.area_name)
        self.ticket_priority.setText(
            QCoreApplication.translate("KioskWindow", "Priority: %1").replace(
                "%1", priorities[ticket.priority]
            )
            if ticket.priority is not None
            else ""
        )
        self.ticket_priority.setVisible(ticket.priority is not None)
        self.ahead.setText(self._ahead_words(taken.ahead))
        self.taken_at.setText(self._taken_words(ticket.taken_at))
        self.show_printing(
            QCoreApplication.translate("KioskWindow", "Printing your ticket…"), failed=False
        )

    def _ahead_words(self, ahead: int) -> str:
        if ahead == 0:
            return QCoreApplication.translate("KioskWindow", "Nobody is waiting before you")
        return QCoreApplication.translate(
            "KioskWindow", "%1 people are waiting before you"
        ).replace("%1", str(ahead))

    def _taken_words(self, taken_at: str) -> str:
        when = moment(taken_at)
        day = weekday_name(when.date())
        return (
            QCoreApplication.translate("KioskWindow", "Taken at %1, %2, %3")
            .replace("%1", f"{when:%H:%M}")
            .replace("%2", day[:1].upper() + day[1:])
            .replace("%3", f"{when:%d/%m/%Y}")
        )

    def show_printed(self) -> None:
        self.show_printing(
            QCoreApplication.translate(
                "KioskWindow", "Please take your ticket and wait to be called."
            ),
            False,
        )

    def show_not_printed(self, error: BaseException) -> None:
        line = QCoreApplication.translate("KioskWindow", "Please remember your number.")
        self.show_printing(f"{self._print_problem(error)}\n{line}", failed=True)

    def _print_problem(self, error: BaseException) -> str:
        """Why the ticket did not come out, for the citizen, in the kiosk's language."""
        if isinstance(error, DomainError) and error.code == "kiosk_no_printer":
            return QCoreApplication.translate("KioskWindow", "This kiosk has no ticket printer.")
        status = error.params.get("status") if isinstance(error, DomainError) else None
        words = {
            "offline": QCoreApplication.translate("KioskWindow", "The printer is off or offline."),
            "cover_open": QCoreApplication.translate("KioskWindow", "The printer's cover is open."),
            "paper_out": QCoreApplication.translate("KioskWindow", "The printer is out of paper."),
            "no_reply": QCoreApplication.translate("KioskWindow", "The printer does not answer."),
        }
        return words.get(
            str(status),
            QCoreApplication.translate("KioskWindow", "The ticket could not be printed."),
        )

    def show_printing(self, text: str, failed: bool) -> None:
        """Whether the ticket is printing, printed or not (``failed``: on a red band)."""
        self.printing.setText(text)
        self.printing.setProperty("failed", "true" if failed else "false")
        self.printing.style().unpolish(self.printing)
        self.printing.style().polish(self.printing)

    def set_landscape(self, landscape: bool) -> None:
        """The number smaller on a screen lying down."""
        self.number.setProperty("landscape", "true" if landscape else "false")
        self.number.style().polish(self.number)

    def set_scale(self, scale: float) -> None:
        """Its letters and its spacing at ``scale``, its own (the kiosk fits it)."""
        if scale == self.scale:
            return
        self.scale = scale
        self.setStyleSheet(ticket_style(scale))
        self.column.setSpacing(*scaled(scale, 14))
