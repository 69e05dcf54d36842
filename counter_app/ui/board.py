"""The board: the TV on the wall of the waiting room (1920×1080, or a cheaper 1366×768 one
whose letters shrink to fit; DOMAIN.md §9).

Each counter with the number it serves, big; the latest calls, the newest ones blinking
for a few seconds; how many wait in each area (:class:`WaitingAreas`); the ward's name,
the date and a clock.
On a TV standing up (1080×1920) the latest calls go under the counters, four a row.
Many counters are shown a page at a time (:class:`CounterPages`).
A new call is said aloud by the :class:`Announcer` ("Mời công dân có số A012 đến quầy
số 3"), and so is a recall; which calls are new is :class:`CallWatch`'s rule.

The queue is followed live (:class:`QueueFollower`). When the server is lost the board
keeps what it last knew under a red line saying so; when it comes back, the fresh
status redraws it, and the calls made meanwhile are shown but said only if recent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import Clock, FakeClock, SystemClock
from counter_app.queue.live import CallWatch, ClientFactory, QueueStatus, Ticket, moment
from counter_app.ui.announcer import Announcer
from counter_app.ui.board_areas import WaitingAreas
from counter_app.ui.board_pages import CounterPages
from counter_app.ui.board_tiles import CounterTile, plain_label, restyle, style
from counter_app.ui.labels import weekday_name
from counter_app.ui.screen_fit import fit_scale, remeasure, scaled

LOG = logging.getLogger(__name__)
FRESH_S = 10.0  # a call this recent blinks
BLINK_MS = 500
SHOWN_CALLS = 6
CALLS_PX = 440  # the latest calls' panel's width, at scale 1


class BoardWindow(QWidget):
    """The board; ``client`` None shows what it is given (screenshots, demos).

    ``announcer`` says the new calls (None: a silent board); ``ward_name`` heads it;
    ``clock`` gives the time shown (the machine's by default). Show it full screen
    (``showFullScreen()``): it follows the queue while shown and stops when closed.
    """

    def __init__(
        self,
        client: ClientFactory | None,
        announcer: Announcer | None,
        ward_name: str,
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._announcer = announcer
        self._clock = clock or SystemClock()
        self._monotonic = monotonic
        self._watch = CallWatch()
        self._called_at: dict[str, float] = {}  # ticket → when the board saw its last call
        self._blink_on = True
        self.status: QueueStatus | None = None
        self._scale = 1.0
        self.setWindowTitle(self.tr("Queue board"))
        self.setStyleSheet(style(self._scale))
        self._build(ward_name)
        self._blink = QTimer(self, interval=BLINK_MS)
        self._blink.timeout.connect(self._blink_step)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.show_time)
        self.follower = None
        if client is not None:
            from counter_app.ui.queue_follower import QueueFollower

            self.follower = QueueFollower(client, self)
            self.follower.status.connect(self.show_status)
            self.follower.online.connect(self.set_online)
        self.resize(1920, 1080)
        self.show_time()

    @property
    def tiles(self) -> list[CounterTile]:
        return self.counter_pages.tiles

    @property
    def area_boxes(self) -> list[tuple[QFrame, QLabel, QLabel]]:
        return self.waiting.boxes

    @property
    def page(self) -> int:
        return self.counter_pages.page

    def page_count(self) -> int:
        return len(self.counter_pages.pages)

    def turn_page(self) -> None:
        self.counter_pages.turn_page()

    # --- building ------------------------------------------------------------------------

    def _build(self, ward_name: str) -> None:
        column = QVBoxLayout(self)
        # The TV's size is the board's, whatever its contents ask at one scale: _fit then
        # finds the scale at which they fit it (screen_fit.SCALES).
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._header(ward_name))
        self.offline = plain_label(
            "offline", self.tr("Lost the connection to the server — trying again…")
        )
        self.offline.hide()
        column.addWidget(self.offline)
        # Lying down the latest calls stand beside the counters; standing (1080×1920)
        # they go under them, and the counters get the TV's whole width (_orient).
        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.counters_column = counters = QVBoxLayout()
        self.counter_grid = QGridLayout()
        self.counter_pages = CounterPages(self, self.counter_grid, self._standing)
        self.counter_pages.turned.connect(self._page_shown)
        counters.addLayout(self.counter_grid, 1)
        self.page_label = plain_label(
            "page", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.page_label.hide()
        counters.addWidget(self.page_label)
        body.addLayout(counters, 3)
        body.addWidget(self._calls_panel(), 1)
        column.addLayout(body, 1)
        column.addLayout(self._waiting_strip())
        self._space(self._scale)

    def _space(self, scale: float) -> None:
        """The margins and the spacings at ``scale``: on a small TV they too shrink, and
        leave the letters that room (the kiosk's way)."""
        margins = [
            (self.header_row, (32, 14, 32, 14)),
            (self.body, (28, 24, 28, 12)),
            (self.calls_column, (24, 16, 24, 16)),
            (self.waiting_row, (28, 8, 28, 24)),
        ]
        for layout, sizes in margins:
            layout.setContentsMargins(*scaled(scale, *sizes))
        self.waiting.set_scale(scale)
        spacings = [
            (self.body, 28),
            (self.counters_column, 8),
            (self.counter_grid, 20),
            (self.waiting_row, 20),
            (self.waiting_grid, 20),
        ]
        for layout, spacing in spacings:
            layout.setSpacing(*scaled(scale, spacing))
        self.call_grid.setHorizontalSpacing(*scaled(scale, 24))
        self.clock_box.setSpacing(0 if self._standing() else round(28 * scale))

    def _header(self, ward_name: str) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        self.header_row = row = QHBoxLayout(header)
        self.ward = plain_label(
            "ward", ward_name, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        # A centre's full name ("Trung tâm Phục vụ hành chính công phường …") goes on two
        # lines rather than pushing the board past the TV's edge.
        self.ward.setWordWrap(True)
        self.date = plain_label(
            "date", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.time = plain_label(
            "time", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        row.addWidget(self.ward, 1)
        # Beside each other lying down; standing, the date over the time leaves the
        # ward's name the width for fewer lines (_orient).
        self.clock_box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.clock_box.addWidget(self.date)
        self.clock_box.addWidget(self.time)
        row.addLayout(self.clock_box)
        return header

    def _calls_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("calls")
        panel.setMinimumWidth(CALLS_PX)
        self.calls = panel
        self.calls_column = column = QVBoxLayout(panel)
        column.addWidget(plain_label("heading", self.tr("Latest calls")))
        self.call_grid = QGridLayout()
        self.call_rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(SHOWN_CALLS):
            ticket = plain_label(
                "callTicket", "", Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
            counter = plain_label(
                "callCounter", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            self.call_rows.append((ticket, counter))
        self._lay_calls()
        column.addLayout(self.call_grid)
        column.addStretch(1)
        return panel

    def _lay_calls(self) -> None:
        """One call a row lying down; standing, the calls' panel is as wide as the TV and
        they go in two columns of three, the latest top left."""
        per_column = SHOWN_CALLS // 2 if self._standing() else SHOWN_CALLS
        for index, (ticket, counter) in enumerate(self.call_rows):
            self.call_grid.removeWidget(ticket)
            self.call_grid.removeWidget(counter)
            row, pair = index % per_column, 2 * (index // per_column)
            self.call_grid.addWidget(ticket, row, pair)
            self.call_grid.addWidget(counter, row, pair + 1)

    def _waiting_strip(self) -> QBoxLayout:
        # Standing, the heading goes over the areas to leave them the whole width.
        self.waiting_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.waiting_title = plain_label("heading", self.tr("Waiting"))
        self.waiting_row.addWidget(self.waiting_title)
        self.waiting_grid = QGridLayout()
        self.waiting = WaitingAreas(self.waiting_grid, self._standing)
        self.waiting_row.addLayout(self.waiting_grid, 1)
        return self.waiting_row

    # --- what the server says --------------------------------------------------------------

    def show_status(self, status: QueueStatus) -> None:
        """Redraw from the status; say (and make blink) the calls that are news."""
        self.status = status
        news = self._watch.news(status)
        now = self._monotonic()
        for ticket in news:
            self._called_at[ticket.label] = now
        shape = self._shape()
        self.counter_pages.show(status)
        self._draw_calls(status)
        self.waiting.show(status)
        self._blink_step(keep=True)
        if self._shape() != shape:
            self._fit()
        self.counter_pages.refit()
        if news:
            self.counter_pages.turn_to(news[-1].counter)  # the newest call
        for ticket in news:
            self._announce(ticket)

    def _announce(self, ticket: Ticket) -> None:
        if self._announcer is None or ticket.counter is None:
            return
        try:
            self._announcer.announce(ticket.label, ticket.counter)
        except ValueError as error:  # a label the voice cannot say: shown, not said
            LOG.warning("cannot announce %s: %s", ticket.label, error)

    def set_online(self, online: bool) -> None:
        self.offline.setVisible(not online)
        self._fit()
        self.counter_pages.refit()

    def is_fresh(self, label: str) -> bool:
        seen = self._called_at.get(label)
        return seen is not None and self._monotonic() - seen < FRESH_S

    # --- drawing ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._orient()
        self._fit()
        self.counter_pages.refit()

    def _standing(self) -> bool:
        return self.height() > self.width()

    def _orient(self) -> None:
        """The latest calls beside the counters or under them, the areas' rows to suit."""
        direction = (
            QBoxLayout.Direction.TopToBottom
            if self._standing()
            else QBoxLayout.Direction.LeftToRight
        )
        if self.body.direction() != direction:
            for box in (self.body, self.clock_box, self.waiting_row):
                box.setDirection(direction)
            standing = self._standing()
            # Under the counters the calls take the height they need, the counters the rest.
            self.body.setStretch(1, 0 if standing else 1)
            self.clock_box.setSpacing(0 if standing else round(28 * self._scale))
            self._lay_calls()
            self.waiting.lay()
            remeasure(self)
            self.counter_pages.repaginate()

    def _shape(self) -> tuple[object, ...]:
        """What the board's size asks depends on: its counters' and its areas' names."""
        counters = tuple(tile.title.text() for tile in self.tiles)
        return counters, tuple(name.text() for _, name, _ in self.area_boxes)

    def _fit(self) -> None:
        """The biggest letters at which the whole board fits the TV (screen_fit)."""
        fit_scale(self, self._set_scale)

    def _set_scale(self, scale: float) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        self.setStyleSheet(style(scale))
        self.calls.setMinimumWidth(round(CALLS_PX * scale))
        self.counter_pages.set_scale(scale)
        self._space(scale)

    def _page_shown(self, index: int, count: int) -> None:
        self.page_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
        )
        self.page_label.setVisible(count > 1)

    def _draw_calls(self, status: QueueStatus) -> None:
        calls = [t for t in status.recent_calls if t.counter is not None][:SHOWN_CALLS]
        for index, (ticket, counter) in enumerate(self.call_rows):
            call = calls[index] if index < len(calls) else None
            ticket.setText(call.label if call else "")
            counter.setText(self.tr("Counter %1").replace("%1", str(call.counter)) if call else "")
            for label in (ticket, counter):
                restyle(label, "latest", "true" if index == 0 else "false")

    def _blink_step(self, keep: bool = False) -> None:
        """Fresh calls' tiles turn gold and back; the others stay plain."""
        if not keep:
            self._blink_on = not self._blink_on
        blinking = False
        for tile in self.tiles:
            current = self._current_label(tile.number)
            fresh = current is not None and self.is_fresh(current)
            blinking = blinking or fresh
            restyle(tile, "fresh", ("on" if self._blink_on else "off") if fresh else "")
        if blinking and not self._blink.isActive():
            self._blink.start()
        elif not blinking:
            self._blink.stop()

    def _current_label(self, number: int) -> str | None:
        if self.status is None:
            return None
        found = next((c.current for c in self.status.counters if c.number == number), None)
        return None if found is None else found.label

    def show_time(self) -> None:
        now = self._clock.now()
        day = weekday_name(now.date())
        self.date.setText(f"{day[:1].upper()}{day[1:]}, {now:%d/%m/%Y}")
        self.time.setText(f"{now:%H:%M:%S}")

    # --- showing and closing ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tick.start()
        if self.follower is not None:
            self.follower.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.follower is not None:
            self.follower.stop()
        if self._announcer is not None:
            self._announcer.stop()
        self._tick.stop()
        self._blink.stop()
        self.counter_pages.pager.stop()
        super().closeEvent(event)


def screenshot(
    path: Path,
    status: QueueStatus,
    ward_name: str,
    fresh: int = 1,
    size: tuple[int, int] = (1920, 1080),
) -> Path:
    """A PNG of the board at ``size`` (width, height) showing ``status``, its ``fresh``
    latest calls highlighted, the clock at the status's server time. A QApplication must
    exist."""
    board = BoardWindow(None, None, ward_name, FakeClock(moment(status.server_time)))
    board.resize(*size)
    board.show_status(status)
    for ticket in status.recent_calls[:fresh]:
        board._called_at[ticket.label] = board._monotonic()
    board._blink_step(keep=True)
    board._blink.stop()
    board.counter_pages.pager.stop()
    if not board.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    board.close()
    return path
