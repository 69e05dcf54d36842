"""Walk-in tickets in the queue's strip: the counter's own numbers while the ward server
cannot be reached (``services/walkin.py``).

The bar shows while the strip's queue is offline, and while walk-in tickets are still
to be served after the server came back: it says so in one sentence, issues a ticket
(F4; the number big, the paper on the counter's printer when it has one) and counts the
walk-in tickets waiting. The strip's own buttons act on the walk-in tickets through it:
call next calls them (in the order taken) while the queue is offline or any still wait;
call again, skip and finish act on the walk-in ticket at the counter. Every action is
local and instant, on the GUI thread: no network.

Once the server is back, the walk-in tickets left are served first (their citizens came
while it was away), then "call next" goes to the ward's queue again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.services.installation import StorageError
from counter_app.ui.messages import error_text, store_error_text
from counter_app.ui.printer_words import no_printer_text

if TYPE_CHECKING:
    from counter_app.queue.live import Ticket
    from counter_app.services.walkin import WalkInService

LOG = logging.getLogger(__name__)
TAKE_KEYS = "F4"
STYLE = """
WalkInBar { background: #fff4e0; border: 1px solid #e0a040; border-radius: 4px; }
QLabel#walkInBanner { color: #8a4b00; font-weight: bold; }
QLabel#walkInNumber { font-size: 22pt; font-weight: bold; color: #8a4b00; }
QPushButton#walkInTake { font-weight: bold; }
"""


class WalkInBar(QFrame):
    """The walk-in part of the strip; hidden while the ward's queue is reachable and no
    walk-in ticket is left to serve."""

    changed = Signal()  # the walk-in ticket at the counter may have changed
    finished = Signal(str)  # a walk-in ticket finished here: the citizen may rate it
    said = Signal(str, bool)  # a sentence for the strip's message line (text, error)
    printed = Signal()  # a ticket's paper was queued for the printer

    def __init__(self, service: WalkInService, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.officer = officer
        self.offline = False
        self.setStyleSheet(STYLE)
        self._build()
        shortcut = QShortcut(QKeySequence(TAKE_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.take_button.click)
        self.refresh()

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 2, 8, 2)
        column.setSpacing(2)
        self.banner = QLabel()
        self.banner.setObjectName("walkInBanner")
        self.banner.setWordWrap(True)
        column.addWidget(self.banner)
        row = QHBoxLayout()
        text = self.tr("Issue a number here")
        self.take_button = QPushButton(f"{text} ({TAKE_KEYS})")
        self.take_button.setObjectName("walkInTake")
        self.take_button.setToolTip(
            self.tr("A walk-in ticket of this counter, printed if it has a printer")
            + f" ({TAKE_KEYS})"
        )
        self.take_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the form keeps the keyboard
        self.take_button.clicked.connect(self.take)
        self.issued_caption = QLabel(self.tr("Last issued"))
        self.number = QLabel("—")
        self.number.setObjectName("walkInNumber")
        self.waiting = QLabel()
        for widget in (self.take_button, self.issued_caption, self.number, self.waiting):
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)

    # --- the mode ----------------------------------------------------------------------

    def set_offline(self, offline: bool) -> None:
        """The ward's queue was lost (walk-in tickets are issued) or is back."""
        if offline != self.offline:
            self.offline = offline
            self.refresh()

    def refresh(self) -> None:
        """The banner, the waiting count, and whether the bar shows at all."""
        waiting = self.service.waiting()
        try:
            prefix = self.service.prefix()
        except DomainError:  # a counter beyond Z: said when a number is asked for
            prefix = "?"
        if self.offline:
            self.banner.setText(
                self.tr(
                    "No connection to the queue server — issuing numbers at this counter (%1…)"
                ).replace("%1", prefix)
            )
        else:
            self.banner.setText(
                self.tr(
                    "The queue server is back — the numbers issued here (%1…) are served first"
                ).replace("%1", prefix)
            )
        self.take_button.setVisible(self.offline)
        self.waiting.setText(self.tr("%1 waiting here").replace("%1", str(waiting)))
        self.setVisible(self.offline or self.service.pending())

    # --- what the strip asks -------------------------------------------------------------

    def current(self) -> Ticket | None:
        return self.service.current()

    def take(self) -> None:
        issued = self._local(lambda: self.service.take(self.officer))
        if issued is None:
            return
        self.number.setText(issued.ticket.label)
        self.refresh()
        if issued.print_job is not None:
            self.printed.emit()
            self.said.emit(
                self.tr("Number %1 issued and sent to the printer.").replace(
                    "%1", issued.ticket.label
                ),
                False,
            )
        else:
            told = self.tr("Number %1 issued: tell the citizen.").replace("%1", issued.ticket.label)
            self.said.emit(f"{told} {no_printer_text()}", True)

    def call_next(self) -> bool:
        """Call the next walk-in ticket when they are the line now (offline, or some
        still wait): True when handled here. Otherwise the walk-in ticket at the counter,
        if any, is finished, and False lets the strip call the ward's queue."""
        if not self.offline and self.service.waiting() == 0:
            if self.service.current() is not None:
                self._local(lambda: self.service.finish(self.officer), self._finished)
                self._changed()
            return False
        answer = self._local(lambda: self.service.call_next(self.officer))
        if answer is None:
            return True
        if answer.finished is not None:
            self.finished.emit(answer.finished.label)
        if answer.ticket is None and self.offline:
            self.said.emit(
                self.tr("No number issued here is waiting: issue one with %1.").replace(
                    "%1", TAKE_KEYS
                ),
                False,
            )
        elif answer.ticket is None:
            self.said.emit(self.tr("Nobody is waiting for this counter."), False)
        self._changed()
        return True

    def act(self, action: str) -> bool:
        """Call again, skip, start or finish the walk-in ticket at the counter; False when none is
        there (the action is the ward's queue's)."""
        if self.service.current() is None:
            return False
        actions: dict[str, Callable[[], Any]] = {
            "recall": lambda: self.service.recall(self.officer),
            "skip": lambda: self.service.skip(self.officer),
            "finish": lambda: self.service.finish(self.officer),
            "start": lambda: self.service.start(self.officer),
        }
        done = self._finished if action == "finish" else None
        self._local(actions[action], done)
        self._changed()
        return True

    def rate(self, label: str, rating: str, reason: str) -> bool:
        """Store the citizen's rating of a walk-in ticket; False when it is not one."""
        if not self.service.knows(label):
            return False
        self._local(lambda: self.service.rate(label, rating, reason))
        return True

    def link_reception(self, dossier_code: str, procedure_code: str) -> str | None:
        return self.service.link_reception(dossier_code, procedure_code)

    # --- inside ----------------------------------------------------------------------

    def _finished(self, ticket: Any) -> None:
        self.finished.emit(str(ticket.label))

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _local(self, action: Callable[[], Any], done: Callable[[Any], None] | None = None) -> Any:
        """Run a walk-in action; a refusal or a store failure is said, None returned."""
        try:
            result = action()
        except DomainError as error:
            self.said.emit(self._error_text(error), True)
            return None
        except StorageError as error:  # a full disk, a lock: nothing was stored
            self.said.emit(store_error_text(error), True)
            return None
        if done is not None:
            done(result)
        return result

    def _error_text(self, error: DomainError) -> str:
        LOG.warning("a walk-in action was refused: %s", error.message)
        return error_text(error)
