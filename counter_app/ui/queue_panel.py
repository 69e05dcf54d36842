"""The queue at the counter: the ticket being served, who waits, and the officer's actions.

A strip above the reception form (it fits the 1366×768 window): the counter's ticket in
big letters, the waiting count of each area the counter calls (live, through
:class:`QueueFollower`), and the actions with their keys: F5 call the next, F6 call again,
F7 skip (no-show), Ctrl+T transfer, F8 finish. Every action asks the ward server off the
GUI thread (``run_in_background``), one at a time; a refusal or an unreachable server is
one short sentence under the buttons, and the counter's own work goes on meanwhile.
On a screen too narrow for its one line (1024×600) the actions go on a second line.

The strip is hidden on a counter that is not enrolled with a ward server (no queue). It
follows the queue from shortly after the window is shown, loading the HTTP client then,
off the GUI thread: the window's start stays light.

While the ward server cannot be reached, the counter issues walk-in tickets of its own
(``ui/walk_in.py``): the strip says so, and its actions serve those tickets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.services.queue import QueueDesk
from counter_app.ui.background import run_in_background
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_text
from counter_app.ui.name_combo import NameComboBox
from counter_app.ui.status_label import StatusLabel
from counter_app.ui.tooltips import as_written

if TYPE_CHECKING:
    from counter_app.queue.live import QueueStatus, Ticket
    from counter_app.services.walkin import WalkInService
    from counter_app.ui.queue_follower import QueueFollower
    from counter_app.ui.walk_in import WalkInBar

LOG = logging.getLogger(__name__)
FOLLOW_AFTER_SHOW_MS = 1500  # the window first: the queue's client loads after it shows
ERROR_STYLE = "color: #b00020; font-weight: bold;"
AREA_NAME_NARROWEST = 24  # px: the area's letter and "…"
# The widest the transfer's lists may be: an area's name from the ward server may have
# 500 characters, and one of 120 took the dialog to 987 px.
TRANSFER_WIDTH = 520
STYLE = """
QueuePanel { background: #eef2fb; border-bottom: 1px solid #b8c2d8; }
QLabel#caption { color: #3a4a6b; }
QLabel#ticket { font-size: 22pt; font-weight: bold; color: #0d2b6b; }
QLabel#count { font-size: 14pt; font-weight: bold; color: #0d2b6b; }
QLabel#areaName, QLabel#areaPriority { color: #3a4a6b; }
QPushButton#callNext { font-weight: bold; }
"""


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    return label


class QueuePanel(QFrame):
    """The queue's strip; ``desk`` None (not enrolled) keeps it hidden. With ``walk_in``,
    the counter issues its own tickets while the ward server cannot be reached."""

    serving = Signal(str)  # the label at the counter now, "" when none
    finished = Signal(str)  # a ticket finished here: the citizen may rate it
    printed = Signal()  # a walk-in ticket's paper was queued for the printer

    def __init__(
        self,
        desk: QueueDesk | None,
        parent: QWidget | None = None,
        walk_in: WalkInService | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.walk_in: WalkInBar | None = None
        self._starting = ""  # the ticket whose start was asked (once per ticket)
        if desk is not None and walk_in is not None:
            self.walk_in = self._walk_in_bar(walk_in, desk.officer)
        self.follower: QueueFollower | None = None
        self._stopped = False  # for good: the window closed, or this panel was replaced
        self.status: QueueStatus | None = None
        self.busy = False
        self._shown_label = ""
        self.setStyleSheet(STYLE)
        self._build()
        self._shortcuts()
        self._show_ticket(None)
        self.setVisible(desk is not None)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 2, 10, 2)
        column.setSpacing(2)
        # The strip's minimum is the two lines' (minimumSizeHint): the layout must not
        # hold the panel at its one line's width, or it could never go on two.
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.top = QHBoxLayout()
        self.top.setSpacing(12)
        self.line = QHBoxLayout()
        self.line.setSpacing(12)
        # One line high, so that the reception form below still fits a 1366×768 screen:
        # the ticket's number, and beside it whose counter it is and what it is doing.
        number = self.desk.counter if self.desk else 0
        self.caption = _label(self.tr("Counter %1 · serving").replace("%1", str(number)), "caption")
        self.ticket = _label("", "ticket")
        self.ticket_state = _label("", "caption")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.caption)
        words.addWidget(self.ticket_state)
        self.line.addWidget(self.ticket)
        self.line.addLayout(words)
        if self.walk_in is not None:
            self.line.addWidget(self.walk_in, 2)
        self.areas = QHBoxLayout()
        self.areas.setSpacing(8)
        self.line.addLayout(self.areas)
        self.line.addStretch(1)
        self.top.addLayout(self.line, 1)
        self.actions = self._actions()
        self.top.addWidget(self.actions)
        column.addLayout(self.top)
        self.under = QHBoxLayout()  # the actions' own line, at the right, when need be
        self.under.addStretch(1)
        column.addLayout(self.under)

    def _actions(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        buttons = QHBoxLayout()
        self.call_next_button = self._button(self.tr("Call next"), "F5", self.call_next)
        self.call_next_button.setObjectName("callNext")
        self.recall_button = self._button(self.tr("Call again"), "F6", self.recall)
        self.skip_button = self._button(self.tr("Skip (absent)"), "F7", self.skip)
        self.transfer_button = self._button(self.tr("Transfer…"), "Ctrl+T", self.transfer)
        self.finish_button = self._button(self.tr("Finish"), "F8", self.finish)
        for button in self.buttons():
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.message = _label()
        self.message.setWordWrap(True)
        self.message.hide()  # shown while it has something to say
        column.addWidget(self.message)
        return box

    # --- one line, or two on a narrow screen -----------------------------------------------

    def _side(self) -> int:
        """The margins and the frame around the strip's lines, left and right."""
        margins = self.layout().contentsMargins()
        return margins.left() + margins.right() + 2 * self.frameWidth()

    def _one_line_width(self) -> int:
        actions = self.actions.minimumSizeHint().width()
        return self._side() + self.line.minimumSize().width() + self.top.spacing() + actions

    def minimumSizeHint(self) -> QSize:
        """As narrow as the strip on two lines: the actions under the rest (1024×600)."""
        lines = max(self.line.minimumSize().width(), self.actions.minimumSizeHint().width())
        return QSize(self._side() + lines, super().minimumSizeHint().height())

    def _fit_actions(self) -> None:
        """The actions beside the rest while they fit, else on a line of their own."""
        beside = self.width() >= self._one_line_width()
        if beside == (self.top.indexOf(self.actions) >= 0):
            return
        if beside:
            self.under.removeWidget(self.actions)
            self.top.addWidget(self.actions)
        else:
            self.top.removeWidget(self.actions)
            self.under.addWidget(self.actions)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_actions()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # areas or walk-in tickets changed
            self._fit_actions()
        return handled

    def _walk_in_bar(self, service: WalkInService, officer: str) -> WalkInBar:
        from counter_app.ui.walk_in import WalkInBar

        bar = WalkInBar(service, officer, self)
        bar.changed.connect(self._walk_in_changed)
        bar.finished.connect(self.finished.emit)
        bar.said.connect(self._say)
        bar.printed.connect(self.printed.emit)
        return bar

    def _walk_in_changed(self) -> None:
        self._show_ticket(self.desk.current if self.desk else None)

    def _button(self, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        # The key under the words, not beside them: the five buttons beside the areas
        # fit a 1366-wide window in Vietnamese (its words are the longest).
        button = QPushButton(f"{text}\n{keys}")
        button.setToolTip(f"{text} ({keys})")
        button.setProperty("keys", keys)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the form keeps the keyboard
        button.clicked.connect(slot)
        return button

    def buttons(self) -> list[QPushButton]:
        return [
            self.call_next_button,
            self.recall_button,
            self.skip_button,
            self.transfer_button,
            self.finish_button,
        ]

    def _shortcuts(self) -> None:
        for button in self.buttons():
            shortcut = QShortcut(QKeySequence(str(button.property("keys"))), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(button.click)

    # --- following the queue ---------------------------------------------------------------

    def start_following(self) -> None:
        """Follow the queue live; the client's modules load off the GUI thread first."""
        if self.desk is None or self.follower is not None or self._stopped:
            return
        run_in_background(self, _load_follower, self._follow, self._follow_failed)

    def _follow(self, follower_class: type[QueueFollower]) -> None:
        # stopped while the modules loaded (or before follow_later's pause ended): a
        # follower started now would report to a window whose services are closed
        if self.desk is None or self.follower is not None or self._stopped:
            return
        self.follower = follower_class(self.desk.follow_client, self)
        self.follower.status.connect(self.show_status)
        self.follower.online.connect(self._online)
        self.follower.start()

    def _follow_failed(self, error: BaseException) -> None:
        LOG.error("the queue cannot be followed", exc_info=error)

    def stop(self) -> None:
        """Stop following for good, a start still on its way included."""
        self._stopped = True
        if self.follower is not None:
            self.follower.stop()

    def _online(self, online: bool) -> None:
        self._set_offline(not online)
        if not online:
            self._say(self._offline_text(), error=True)
        elif self.message.property("offline"):
            self._say("")

    def _set_offline(self, offline: bool) -> None:
        """Without the ward server, the walk-in bar replaces the areas' stale counts."""
        if self.walk_in is None:
            return
        self.walk_in.set_offline(offline)
        if offline:
            self._clear_areas()
            self._show_ticket(self.desk.current if self.desk else None)

    def show_status(self, status: QueueStatus) -> None:
        """The queue as it stands: this counter's ticket and the areas' waiting counts."""
        self.status = status
        current = self.desk.observe(status) if self.desk else None
        self._show_ticket(current)
        self._show_areas(status)

    def _show_areas(self, status: QueueStatus) -> None:
        mine = next(
            (c for c in status.counters if self.desk and c.number == self.desk.counter), None
        )
        areas = [a for a in status.areas if mine is None or a.prefix in mine.areas]
        self._clear_areas()
        for area in areas:
            self.areas.addWidget(
                self._area_tile(area.prefix, area.name, area.waiting, area.priority_waiting)
            )

    def _clear_areas(self) -> None:
        while self.areas.count():
            item = self.areas.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _area_tile(self, prefix: str, name: str, waiting: int, priority: int) -> QWidget:
        tile = QWidget()
        line = QHBoxLayout(tile)  # the count beside the area's name: one line high
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        count = _label(str(waiting), "count")
        # The name gives way when the counter calls many areas (a merged ward's nine):
        # it ends in "…" (whole in its tooltip) rather than pushing the actions away.
        title = StatusLabel(narrowest=AREA_NAME_NARROWEST)
        title.setObjectName("areaName")
        title.setText(f"{prefix} · {name}")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(title)
        if priority:
            waiting_first = StatusLabel(narrowest=AREA_NAME_NARROWEST)
            waiting_first.setObjectName("areaPriority")
            waiting_first.setText(self.tr("%1 priority").replace("%1", str(priority)))
            words.addWidget(waiting_first)
        line.addWidget(count)
        line.addLayout(words)
        tile.setToolTip(
            as_written(self.tr("%1 waiting for %2").replace("%1", str(waiting)).replace("%2", name))
        )
        return tile

    def _show_ticket(self, ticket: Ticket | None) -> None:
        """The ticket at the counter: a walk-in one first, else the ward queue's."""
        local = self.walk_in.current() if self.walk_in is not None else None
        ticket = local or ticket
        label = ticket.label if ticket else ""
        self.ticket.setText(label or "—")
        if ticket is None:
            self.ticket_state.setText(self.tr("No ticket called"))
        elif ticket.state == "serving":
            self.ticket_state.setText(self.tr("Being served"))
        else:
            called = (ticket.last_called_at or "")[11:16]
            self.ticket_state.setText(
                self.tr("Called at %1 (%2×)").replace("%1", called).replace("%2", str(ticket.calls))
            )
        self._enable()
        if label != self._shown_label:
            self._shown_label = label
            self.serving.emit(label)

    def serving_label(self) -> str:
        """The ticket at the counter as shown now ("" for none)."""
        return self._shown_label

    def _enable(self) -> None:
        local = self.walk_in is not None and self.walk_in.current() is not None
        has_ticket = local or (self.desk is not None and self.desk.current is not None)
        self.call_next_button.setEnabled(not self.busy)
        for button in self.buttons()[1:]:
            button.setEnabled(not self.busy and has_ticket)
        self.transfer_button.setEnabled(not self.busy and has_ticket and not local)

    # --- the actions -------------------------------------------------------------------

    def call_next(self) -> None:
        if self.busy or (self.walk_in is not None and self.walk_in.call_next()):
            return
        self._run(lambda desk: desk.call_next(), self._called)

    def recall(self) -> None:
        if not self._walk_in_act("recall"):
            self._run(lambda desk: desk.recall(), self._acted)

    def skip(self) -> None:
        if not self._walk_in_act("skip"):
            self._run(lambda desk: desk.skip(), self._acted)

    def finish(self) -> None:
        if not self._walk_in_act("finish"):
            self._run(lambda desk: desk.finish(), self._finished)

    def service_started(self) -> None:
        """The officer began working on a reception: the ticket called to this counter is
        now being served (its walk time ends here), without a button to press. Quiet: a
        failure only means the walk time of this ticket is not known."""
        if self.busy:
            return
        local = self.walk_in.current() if self.walk_in is not None else None
        if local is not None:
            if local.state == "called":
                self.walk_in.act("start")  # type: ignore[union-attr]
            return
        desk = self.desk
        if desk is None or desk.current is None or desk.current.state != "called":
            return
        if self._starting == desk.current.label:
            return  # asked already
        self._starting = desk.current.label
        run_in_background(self, lambda: desk.start(), self._acted_quietly, self._ignored)

    def _acted_quietly(self, _ticket: object) -> None:
        if not self.busy:
            self._show_ticket(self.desk.current if self.desk else None)

    def _ignored(self, _error: BaseException) -> None:
        return

    def _walk_in_act(self, action: str) -> bool:
        """Whether the walk-in ticket at the counter took the action (busy: dropped)."""
        if self.busy:
            return True
        return self.walk_in is not None and self.walk_in.act(action)

    def transfer(self) -> None:
        if self.desk is None or self.desk.current is None or self.busy:
            return
        dialog = TransferDialog(self.status, self.desk.counter, self)
        dialog.accepted.connect(lambda: self._transfer(dialog.target()))
        dialog.open()

    def _transfer(self, target: tuple[str | None, int | None]) -> None:
        area, counter = target
        self._run(lambda desk: desk.transfer(area, counter), self._acted)

    def rate(self, label: str, rating: str, reason: str) -> None:
        """Send the citizen's rating (not one of the officer's actions: never busy)."""
        desk = self.desk
        if desk is None or (self.walk_in is not None and self.walk_in.rate(label, rating, reason)):
            return
        run_in_background(
            self, lambda: desk.rate(label, rating, reason), self._rated, self._rating_failed
        )

    def link_reception(self, dossier_code: str, procedure_code: str) -> None:
        """A reception just saved: it goes with the ticket at the counter when it finishes."""
        if self.desk is None:
            return
        label = self.walk_in.link_reception(dossier_code, procedure_code) if self.walk_in else None
        label = label or self.desk.link_reception(dossier_code, procedure_code)
        if label is not None:
            self._say(
                self.tr("Dossier %1 goes with ticket %2.")
                .replace("%1", dossier_code)
                .replace("%2", label)
            )

    def _run(self, action: Callable[[QueueDesk], Any], done: Callable[[Any], None]) -> None:
        desk = self.desk
        if desk is None or self.busy:
            return
        self.busy = True
        self._enable()
        self._say(self.tr("Asking the queue server…"))
        run_in_background(self, lambda: action(desk), done, self._failed)

    def _settled(self) -> None:
        self.busy = False
        self._say("")
        self._show_ticket(self.desk.current if self.desk else None)

    def _called(self, answer: object) -> None:
        self._settled()
        finished = getattr(answer, "finished", None)
        if finished is not None and finished.state == "done":
            self.finished.emit(finished.label)
        if getattr(answer, "ticket", None) is None:
            self._say(self.tr("Nobody is waiting for this counter."))

    def _acted(self, _ticket: object) -> None:
        self._settled()

    def _finished(self, ticket: object) -> None:
        self._settled()
        self.finished.emit(str(getattr(ticket, "label", "")))

    def _rated(self, _ticket: object) -> None:
        return

    def _rating_failed(self, error: BaseException) -> None:
        LOG.warning("the rating was not stored: %s", error)
        self._say(
            self.tr("The citizen's rating was not sent: %1").replace("%1", self._error_text(error)),
            error=True,
        )

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, DomainError) and error.code == "queue_offline":
            self._set_offline(True)
        self._show_ticket(self.desk.current if self.desk else None)
        self._say(self._error_text(error), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setProperty("offline", error and text == self._offline_text())

    def _offline_text(self) -> str:
        return self.tr("Cannot reach the queue server: check the network; retrying…")

    def _error_text(self, error: BaseException) -> str:
        """One short sentence for the officer (a bug is logged with its traceback)."""
        if not isinstance(error, DomainError):
            LOG.error("a queue action failed", exc_info=error)
            return self.tr("Something went wrong; it was written to the log. Try again.")
        return error_text(error)

    # --- screenshots -----------------------------------------------------------------------

    def show_demo(self, status: QueueStatus, counter: int) -> None:
        """Show a given queue as counter ``counter`` sees it, without a server
        (screenshots, demonstrations): the actions are not for use."""
        if self.desk is None or self.desk.counter != counter:
            self.desk = QueueDesk("http://demo.invalid", "demo", counter, "", 1.0)
            self.caption.setText(self.tr("Counter %1 · serving").replace("%1", str(counter)))
        self.show_status(status)
        self.setVisible(True)

    def show_walk_in_demo(self, service: WalkInService, taken: int = 4) -> None:
        """After ``show_demo``: the ward server lost, ``taken`` walk-in tickets issued and
        the first called (screenshots, demonstrations)."""
        if self.walk_in is None:
            self.walk_in = self._walk_in_bar(service, "")
            self.line.insertWidget(1, self.walk_in, 2)
        self._online(False)
        for _ in range(taken):
            self.walk_in.take()
        self.walk_in.call_next()


def _load_follower() -> type[QueueFollower]:
    """Off the GUI thread: the follower and, through it, the HTTP client."""
    from counter_app.ui.queue_follower import QueueFollower

    return QueueFollower


class TransferDialog(QDialog):
    """Where the ticket goes: an area's line, or one counter."""

    def __init__(self, status: QueueStatus | None, counter: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer the ticket"))
        self.to_area = QRadioButton(self.tr("To a service area"))
        self.to_counter = QRadioButton(self.tr("To a counter"))
        self.to_area.setChecked(True)
        self.area = NameComboBox(TRANSFER_WIDTH)
        self.counter = NameComboBox(TRANSFER_WIDTH)
        for area in status.areas if status else []:
            self.area.add_name(f"{area.prefix} · {area.name}", area.prefix)
        for one in status.counters if status else []:
            if one.number != counter:
                self.counter.add_name(one.name or str(one.number), one.number)
        form = QFormLayout(self)
        form.addRow(self.to_area, self.area)
        form.addRow(self.to_counter, self.counter)
        form.addRow(ok_cancel(self.tr("Transfer"), self.accept, self.reject))
        self.area.activated.connect(lambda _: self.to_area.setChecked(True))
        self.counter.activated.connect(lambda _: self.to_counter.setChecked(True))

    def target(self) -> tuple[str | None, int | None]:
        if self.to_area.isChecked():
            return self.area.currentData(), None
        return None, self.counter.currentData()


def follow_later(panel: QueuePanel) -> None:
    """Start following once the window is up (its first paint is not kept waiting)."""
    if panel.desk is not None and panel.follower is None:
        QTimer.singleShot(FOLLOW_AFTER_SHOW_MS, panel, panel.start_following)


DEMO_COUNTER = 3  # calling A025 a second time in the demo queue


def show_demo(panel: QueuePanel) -> None:
    """The demo morning's queue (``counter_app.queue.demo``) on ``panel``, as counter 3."""
    from counter_app.queue.demo import demo_status

    panel.show_demo(demo_status(), DEMO_COUNTER)


def screenshot(
    path: Path, language: str = "vi", size: tuple[int, int] = (1366, 768), offline: bool = False
) -> Path:
    """A PNG of the counter window at ``size`` with the queue's strip showing the demo
    queue (``offline``: the ward server lost, walk-in tickets issued at the counter), on
    a fresh installation in a temporary folder. A QApplication must exist."""
    import tempfile

    from counter_app.app import build
    from counter_app.domain.clock import FakeClock
    from counter_app.queue.demo import DEMO_TIME
    from counter_app.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        services = build(Path(folder), FakeClock(DEMO_TIME))
        try:
            window = MainWindow(services, services.accounts.officers()[0])
            window.resize(*size)
            show_demo(window.queue_panel)
            if offline:
                from counter_app.services.walkin import WalkInService

                device = services.unit.device_id
                walk_in = WalkInService(services.db, services.clock, device, counter=DEMO_COUNTER)
                window.queue_panel.show_walk_in_demo(walk_in)
            window.show()
            QApplication.processEvents()
            if not window.grab().save(str(path)):
                raise OSError(f"cannot write {path}")
            window.close()
            window.deleteLater()
        finally:
            services.close()
    return path
