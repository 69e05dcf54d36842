"""The board's counters, a page at a time.

A ward may have up to 99 counters: more than four rows of five tiles (fewer if the board
is crowded, :data:`MIN_TILE_PX`) would shrink their numbers past reading across the room,
so the board then shows only the counters serving someone and pages through them
(:data:`PAGE_MS`); a new call turns to its page.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from counter_app.queue.live import QueueStatus
from counter_app.ui.board_tiles import CounterTile

# At most four rows of five tiles, none shorter than MIN_TILE_PX: a tile's number stays
# at least as big as a latest call's (56px) under a two-line name.
ROWS, COLUMNS = 4, 5
MIN_TILE_PX = 180
PAGE_MS = 8000  # long enough to find one's number on a page, short enough to wait for it


class CounterPages(QObject):
    """The counters' tiles in ``grid`` of the ``board``, a page at a time.

    ``standing`` says whether the TV stands (four tiles a row, else five). ``turned``
    tells the page shown and how many there are, each time a page is laid out.
    """

    turned = Signal(int, int)

    def __init__(self, board: QWidget, grid: QGridLayout, standing: Callable[[], bool]) -> None:
        super().__init__(board)
        self._board = board
        self._grid = grid
        self._standing = standing
        self.tiles: list[CounterTile] = []
        self.pages: list[list[CounterTile]] = [[]]
        self.page = 0
        self._rows = ROWS  # a page's, as many as the room allows (refit)
        self.scale = 1.0  # the board's
        self.pager = QTimer(self, interval=PAGE_MS)
        self.pager.timeout.connect(self.turn_page)

    def show(self, status: QueueStatus) -> None:
        """The number each counter serves, on its tile; the pages anew."""
        numbers = [(c.number, c.name) for c in status.counters]
        if numbers != [(t.number, t.name) for t in self.tiles]:
            self._make_tiles(numbers)
        for tile, counter in zip(self.tiles, status.counters, strict=True):
            tile.show_ticket(counter.current)
        self._paginate()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        for tile in self.tiles:
            tile.set_scale(scale)

    def _make_tiles(self, counters: list[tuple[int, str]]) -> None:
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = [
            CounterTile(number, name, self._board, self.scale) for number, name in counters
        ]
        self.pages = [[]]

    def repaginate(self) -> None:
        """The pages laid out anew, as if never shown (the TV turned, or rows changed)."""
        self.pages = [[]]
        self._paginate()

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
        if len(pages) > 1 and not self.pager.isActive():
            self.pager.start()
        elif len(pages) == 1:
            self.pager.stop()

    def refit(self) -> None:
        """As many rows a page as the room left by the header, the offline line and the
        areas allows, each at least :data:`MIN_TILE_PX` high."""
        layout = self._board.layout()
        layout.activate()
        height = self._grid.geometry().height()
        if height <= 0 or not self.tiles:
            return
        spacing = self._grid.verticalSpacing()
        tile = round(MIN_TILE_PX * self.scale)
        rows = max(1, min(ROWS, (height + spacing) // (tile + spacing)))
        if rows != self._rows:
            self._rows = rows
            self.repaginate()

    def _columns(self) -> int:
        """Tiles a row: four standing, as wide as five lying down, so that a counter's
        long name still goes on two lines."""
        return COLUMNS - 1 if self._standing() else COLUMNS

    def turn_page(self) -> None:
        self._show_page((self.page + 1) % len(self.pages))

    def turn_to(self, counter: int | None) -> None:
        """A new call's counter comes on the TV, for a whole page's time."""
        for index, page in enumerate(self.pages):
            if any(tile.number == counter for tile in page) and index != self.page:
                self._show_page(index)
                if self.pager.isActive():
                    self.pager.start()
                return

    def _show_page(self, index: int) -> None:
        """Lay the page's tiles out in rows of five at most, as many rows as the first
        page's: every page's tiles have one size."""
        self.page = index
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.hide()
        first = len(self.pages[0])
        rows = max(1, math.ceil(first / self._columns()))
        columns = max(1, math.ceil(first / rows))
        for place, tile in enumerate(self.pages[index]):
            self._grid.addWidget(tile, place // columns, place % columns)
            tile.show()
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 1 if row < rows else 0)
        self.turned.emit(index, len(self.pages))
        self._board.layout().activate()  # the page's tiles are drawn at once, at their size
