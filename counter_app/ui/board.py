"""The board: the TV on the wall of the waiting room (1920×1080, or a cheaper 1366×768 one
whose letters shrink to fit; DOMAIN.md §9).

Each counter with the number it serves, big; the latest calls, the newest ones blinking
for a few seconds; how many wait in each area; the ward's name, the date and a clock.
On a TV standing up (1080×1920) the latest calls go under the counters, four a row.
A ward may have up to 99 counters: more than four rows of five tiles (fewer if the
board is crowded, :data:`MIN_TILE_PX`) would shrink their numbers past reading across
the room, so the board then shows only the counters serving someone and pages through
them (:data:`PAGE_MS`); a new call turns to its page.
A new call is said aloud by the :class:`Announcer` ("Mời công dân có số A012 đến quầy
số 3"), and so is a recall; which calls are new is :class:`CallWatch`'s rule.

The queue is followed live (:class:`QueueFollower`). When the server is lost the board
keeps what it last knew under a red line saying so; when it comes back, the fresh
status redraws it, and the calls made meanwhile are shown but said only if recent.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import Clock, FakeClock, SystemClock
from counter_app.queue.live import CallWatch, ClientFactory, QueueStatus, Ticket, moment
from counter_app.ui.announcer import Announcer
from counter_app.ui.labels import weekday_name
from counter_app.ui.screen_fit import fit_scale, remeasure, scaled

LOG = logging.getLogger(__name__)
FRESH_S = 10.0  # a call this recent blinks
BLINK_MS = 500
SHOWN_CALLS = 6
# At most four rows of five tiles, none shorter than MIN_TILE_PX: a tile's number stays
# at least as big as a latest call's (56px) under a two-line name.
ROWS, COLUMNS = 4, 5
MIN_TILE_PX = 180
TITLE_PX, TITLE_MIN_PX = 36, 22  # a counter's name on its tile
PAGE_MS = 8000  # long enough to find one's number on a page, short enough to wait for it
NAVY, DEEP, GOLD, RED = "#0a1f4d", "#06142f", "#ffc107", "#c62828"

CALLS_PX = 440  # the latest calls' panel's width, at scale 1
# A tile's width at scale 1, as five tiles have beside the latest calls on a 1920×1080 TV:
# its number as big as a latest call's, a counter's long name on two lines.
TILE_WIDTH_PX = 240


def style(scale: float) -> str:
    """The board's style sheet with its sizes times ``scale``."""

    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    return f"""
BoardWindow {{ background: {DEEP}; }}
QLabel {{ color: white; background: transparent; }}
QFrame#header {{ background: {NAVY}; }}
QLabel#ward {{ font-size: {px(46)}; font-weight: bold; }}
QLabel#date {{ font-size: {px(32)}; }}
QLabel#time {{ font-size: {px(64)}; font-weight: bold; color: {GOLD}; }}
QLabel#offline {{ background: {RED}; font-size: {px(38)}; font-weight: bold; padding: {px(12)}; }}
QLabel#heading {{ font-size: {px(34)}; font-weight: bold; color: #b8c7e8; }}
QFrame#tile {{ background: {NAVY}; border: {px(3)} solid #25407f; border-radius: {px(18)}; }}
QFrame#tile[fresh="on"] {{ background: {GOLD}; border-color: {GOLD}; }}
QFrame#tile[fresh="off"] {{ background: {NAVY}; border-color: {GOLD}; }}
QFrame#tile[fresh="on"] QLabel {{ color: {DEEP}; }}
QLabel#counter {{ color: #b8c7e8; }}
QLabel#serving[idle="true"] {{ color: #5d6f99; }}
QLabel#page {{ font-size: {px(28)}; color: #b8c7e8; }}
QFrame#calls {{ background: {NAVY}; border-radius: {px(18)}; }}
QLabel#callTicket {{ font-size: {px(56)}; font-weight: bold; }}
QLabel#callCounter {{ font-size: {px(38)}; }}
QLabel[latest="true"] {{ color: {GOLD}; }}
QFrame#area {{ background: {NAVY}; border-radius: {px(14)}; }}
QLabel#areaName {{ font-size: {px(30)}; }}
QLabel#areaWaiting {{ font-size: {px(44)}; font-weight: bold; color: {GOLD}; }}
"""


def _label(
    name: str, text: str = "", align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
) -> QLabel:
    """Plain text: the ward's, the counters' and the areas' names come from the server and
    are shown as written, never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setAlignment(align)
    return label


def _restyle(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        for child in widget.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)


class FittedLabel(QLabel):
    """Bold text as big as its space allows, whatever the font (a TV seen from afar).

    ``sample`` is the widest text it must take, so that the numbers of all tiles are of
    one size; its size policy lets the layout give it its space, not the other way round.
    """

    def __init__(self, name: str, sample: str, height_share: float = 0.8) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a ticket's label comes from the server
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._sample = sample
        self._share = height_share

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        font = QFont(self.font())
        font.setBold(True)
        size = max(int(self.height() * self._share), 8)
        font.setPixelSize(size)
        sample = max(self.text(), self._sample, key=len)
        wide = QFontMetrics(font).horizontalAdvance(sample)
        room = self.width() * 0.9
        if wide > room:
            font.setPixelSize(max(int(size * room / wide), 8))
        self.setFont(font)


class CounterTile(QFrame):
    """One counter: "Quầy 3" and the number called there."""

    def __init__(self, number: int, name: str, parent: QWidget, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.number = number
        self.name = name  # as the server gave it: "" shows "Quầy N"
        self.scale = scale  # the board's (style)
        self.setObjectName("tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.serving = False
        self.title = _label("counter", name or self.tr("Counter %1").replace("%1", str(number)))
        # A long name ("Quầy tiếp nhận hồ sơ đất đai và xây dựng") goes on two lines, in
        # smaller letters if need be: the tiles keep one width, the board stays on the TV
        # and the name never takes the ticket number's room.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.ticket = FittedLabel("serving", "A000", 0.75)
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(self.ticket, 1)
        self.set_scale(scale)

    def set_scale(self, scale: float) -> None:
        """Two lines of the name's biggest letters at ``scale``, and margins to suit."""
        self.scale = scale
        self.layout().setContentsMargins(*scaled(scale, 10, 8, 10, 8))
        self.title.setFont(self._title_font(round(TITLE_PX * scale)))
        self.title.setFixedHeight(2 * QFontMetrics(self.title.font()).lineSpacing())
        self._fit_title()

    def minimumSizeHint(self) -> QSize:
        """No narrower than :data:`TILE_WIDTH_PX` at the board's scale: on a 1024×768 TV
        the tiles took the width the latest calls left, 93 pixels, cut "Quầy" at both
        edges and drew their numbers at 20 pixels beside calls at 50."""
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), round(TILE_WIDTH_PX * self.scale)), hint.height())

    def _title_font(self, size: int) -> QFont:
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPixelSize(size)
        return font

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """The biggest letters, down to :data:`TITLE_MIN_PX`, that hold the whole name;
        on one line when that costs at most a quarter of their size: "Quầy 1" broken
        after "Quầy" read as two names on a 1366×768 TV."""
        text, width = self.title.text(), self.title.width()
        room = QRect(0, 0, width, 100_000)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
        biggest, smallest = round(TITLE_PX * self.scale), round(TITLE_MIN_PX * self.scale)
        wrapped = smallest
        for size in range(biggest, smallest - 1, -1):
            metrics = QFontMetrics(self._title_font(size))
            if metrics.boundingRect(room, flags, text).height() <= self.title.height():
                wrapped = size
                break
        size = wrapped
        for one_line in range(wrapped, max(smallest, round(wrapped * 0.75)) - 1, -1):
            if QFontMetrics(self._title_font(one_line)).horizontalAdvance(text) <= width:
                size = one_line
                break
        self.title.setFont(self._title_font(size))

    def show_ticket(self, ticket: Ticket | None) -> None:
        self.serving = ticket is not None
        self.ticket.setText(ticket.label if ticket is not None else "—")
        self.ticket.fit()
        _restyle(self.ticket, "idle", "false" if ticket is not None else "true")


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
        self.tiles: list[CounterTile] = []
        self.pages: list[list[CounterTile]] = [[]]
        self.page = 0
        self._rows = ROWS  # a page's, as many as the room allows (_refit)
        self._scale = 1.0
        self.setWindowTitle(self.tr("Queue board"))
        self.setStyleSheet(style(self._scale))
        self._build(ward_name)
        self._blink = QTimer(self, interval=BLINK_MS)
        self._blink.timeout.connect(self._blink_step)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.show_time)
        self._pager = QTimer(self, interval=PAGE_MS)
        self._pager.timeout.connect(self.turn_page)
        self.follower = None
        if client is not None:
            from counter_app.ui.queue_follower import QueueFollower

            self.follower = QueueFollower(client, self)
            self.follower.status.connect(self.show_status)
            self.follower.online.connect(self.set_online)
        self.resize(1920, 1080)
        self.show_time()

    # --- building ------------------------------------------------------------------------

    def _build(self, ward_name: str) -> None:
        column = QVBoxLayout(self)
        # The TV's size is the board's, whatever its contents ask at one scale: _fit then
        # finds the scale at which they fit it (screen_fit.SCALES).
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._header(ward_name))
        self.offline = _label(
            "offline", self.tr("Lost the connection to the server — trying again…")
        )
        self.offline.hide()
        column.addWidget(self.offline)
        # Lying down the latest calls stand beside the counters; standing (1080×1920)
        # they go under them, and the counters get the TV's whole width (_orient).
        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.counters_column = counters = QVBoxLayout()
        self.counter_grid = QGridLayout()
        counters.addLayout(self.counter_grid, 1)
        self.page_label = _label(
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
        for box, _, _ in self.area_boxes:
            box.layout().setContentsMargins(*scaled(scale, 18, 8, 18, 8))
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
        self.ward = _label(
            "ward", ward_name, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        # A centre's full name ("Trung tâm Phục vụ hành chính công phường …") goes on two
        # lines rather than pushing the board past the TV's edge.
        self.ward.setWordWrap(True)
        self.date = _label("date", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time = _label("time", "", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        column.addWidget(_label("heading", self.tr("Latest calls")))
        self.call_grid = QGridLayout()
        self.call_rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(SHOWN_CALLS):
            ticket = _label(
                "callTicket", "", Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
            counter = _label(
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
        self.waiting_title = _label("heading", self.tr("Waiting"))
        self.waiting_row.addWidget(self.waiting_title)
        # Up to five areas a row, as the counters: a ward may have up to 26 (queue_wire).
        self.waiting_grid = QGridLayout()
        self.waiting_row.addLayout(self.waiting_grid, 1)
        self.area_boxes: list[tuple[QFrame, QLabel, QLabel]] = []
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
        self._draw_counters(status)
        self._draw_calls(status)
        self._draw_waiting(status)
        self._blink_step(keep=True)
        if self._shape() != shape:
            self._fit()
        self._refit()
        if news:
            self._turn_to(news[-1].counter)  # the newest call
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
        self._refit()

    def is_fresh(self, label: str) -> bool:
        seen = self._called_at.get(label)
        return seen is not None and self._monotonic() - seen < FRESH_S

    # --- drawing ----------------------------------------------------------------------------

    def _draw_counters(self, status: QueueStatus) -> None:
        numbers = [(c.number, c.name) for c in status.counters]
        if numbers != [(t.number, t.name) for t in self.tiles]:
            self._make_tiles(numbers)
        for tile, counter in zip(self.tiles, status.counters, strict=True):
            tile.show_ticket(counter.current)
        self._paginate()

    def _make_tiles(self, counters: list[tuple[int, str]]) -> None:
        for tile in self.tiles:
            self.counter_grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = [CounterTile(number, name, self, self._scale) for number, name in counters]
        self.pages = [[]]

    def _paginate(self) -> None:
        """All the counters if they fit on one page; else only those serving, by pages."""
        size = self._rows * self._columns()
        shown = self.tiles
        if len(shown) > size:
            shown = [tile for tile in self.tiles if tile.serving]
        pages = [shown[start : start + size] for start in range(0, len(shown), size)]
        pages = pages or [[]]
        if pages != self.pages:
            self.pages = pages
            self._show_page(min(self.page, len(pages) - 1))
        if len(pages) > 1 and not self._pager.isActive():
            self._pager.start()
        elif len(pages) == 1:
            self._pager.stop()

    def _refit(self) -> None:
        """As many rows a page as the room left by the header, the offline line and the
        areas allows, each at least :data:`MIN_TILE_PX` high."""
        layout = self.layout()
        layout.activate()
        height = self.counter_grid.geometry().height()
        if height <= 0 or not self.tiles:
            return
        spacing = self.counter_grid.verticalSpacing()
        tile = round(MIN_TILE_PX * self._scale)
        rows = max(1, min(ROWS, (height + spacing) // (tile + spacing)))
        if rows != self._rows:
            self._rows = rows
            self.pages = [[]]
            self._paginate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._orient()
        self._fit()
        self._refit()

    def _standing(self) -> bool:
        return self.height() > self.width()

    def _columns(self) -> int:
        """Tiles a row: four standing, as wide as five lying down, so that a counter's
        long name still goes on two lines."""
        return COLUMNS - 1 if self._standing() else COLUMNS

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
            self._lay_areas()
            remeasure(self)
            self.pages = [[]]
            self._paginate()

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
        for tile in self.tiles:
            tile.set_scale(scale)
        self._space(scale)

    def page_count(self) -> int:
        return len(self.pages)

    def turn_page(self) -> None:
        self._show_page((self.page + 1) % len(self.pages))

    def _turn_to(self, counter: int | None) -> None:
        """A new call's counter comes on the TV, for a whole page's time."""
        for index, page in enumerate(self.pages):
            if any(tile.number == counter for tile in page) and index != self.page:
                self._show_page(index)
                if self._pager.isActive():
                    self._pager.start()
                return

    def _show_page(self, index: int) -> None:
        """Lay the page's tiles out in rows of five at most, as many rows as the first
        page's: every page's tiles have one size."""
        self.page = index
        for tile in self.tiles:
            self.counter_grid.removeWidget(tile)
            tile.hide()
        first = len(self.pages[0])
        rows = max(1, math.ceil(first / self._columns()))
        columns = max(1, math.ceil(first / rows))
        for place, tile in enumerate(self.pages[index]):
            self.counter_grid.addWidget(tile, place // columns, place % columns)
            tile.show()
        for column in range(self.counter_grid.columnCount()):
            self.counter_grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(self.counter_grid.rowCount()):
            self.counter_grid.setRowStretch(row, 1 if row < rows else 0)
        self.page_label.setText(
            self.tr("Page %1 of %2")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(self.pages)))
        )
        self.page_label.setVisible(len(self.pages) > 1)
        self.layout().activate()  # the page's tiles are drawn at once, at their size

    def _draw_calls(self, status: QueueStatus) -> None:
        calls = [t for t in status.recent_calls if t.counter is not None][:SHOWN_CALLS]
        for index, (ticket, counter) in enumerate(self.call_rows):
            call = calls[index] if index < len(calls) else None
            ticket.setText(call.label if call else "")
            counter.setText(self.tr("Counter %1").replace("%1", str(call.counter)) if call else "")
            for label in (ticket, counter):
                _restyle(label, "latest", "true" if index == 0 else "false")

    def _draw_waiting(self, status: QueueStatus) -> None:
        if [name.text() for _, name, _ in self.area_boxes] != [a.name for a in status.areas]:
            for box, _, _ in self.area_boxes:
                self.waiting_grid.removeWidget(box)
                box.deleteLater()
            self.area_boxes = [self._area_box(area.name) for area in status.areas]
            self._lay_areas()
        for (_, _, count), area in zip(self.area_boxes, status.areas, strict=True):
            count.setText(str(area.waiting))

    def _lay_areas(self) -> None:
        """The areas in rows of five lying down, of three standing, each row as full as
        the others."""
        for box, _, _ in self.area_boxes:
            self.waiting_grid.removeWidget(box)
        per_row = 3 if self._standing() else 5
        rows = max(1, math.ceil(len(self.area_boxes) / per_row))
        columns = max(1, math.ceil(len(self.area_boxes) / rows))
        for index, (box, _, _) in enumerate(self.area_boxes):
            self.waiting_grid.addWidget(box, index // columns, index % columns)
        for column in range(self.waiting_grid.columnCount()):
            self.waiting_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _area_box(self, name: str) -> tuple[QFrame, QLabel, QLabel]:
        box = QFrame()
        box.setObjectName("area")
        row = QHBoxLayout(box)
        row.setContentsMargins(*scaled(self._scale, 18, 8, 18, 8))
        title = _label("areaName", name)
        title.setWordWrap(True)  # "Lao động – Thương binh và Xã hội" on two lines
        count = _label("areaWaiting")
        row.addWidget(title, 1)
        row.addWidget(count)
        return box, title, count

    def _blink_step(self, keep: bool = False) -> None:
        """Fresh calls' tiles turn gold and back; the others stay plain."""
        if not keep:
            self._blink_on = not self._blink_on
        blinking = False
        for tile in self.tiles:
            current = self._current_label(tile.number)
            fresh = current is not None and self.is_fresh(current)
            blinking = blinking or fresh
            _restyle(tile, "fresh", ("on" if self._blink_on else "off") if fresh else "")
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
        self._pager.stop()
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
    board._pager.stop()
    if not board.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    board.close()
    return path
