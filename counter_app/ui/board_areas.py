"""The board's strip of service areas: how many wait in each, in rows as full as each other."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel

from counter_app.queue.live import QueueStatus
from counter_app.ui.board_tiles import plain_label
from counter_app.ui.screen_fit import scaled


class WaitingAreas:
    """The areas' boxes in ``grid``, each an area's name and how many wait there.

    Up to five a row, as the counters: a ward may have up to 26 areas (queue_wire).
    ``standing`` says whether the TV stands (three a row then).
    """

    def __init__(self, grid: QGridLayout, standing: Callable[[], bool]) -> None:
        self._grid = grid
        self._standing = standing
        self.boxes: list[tuple[QFrame, QLabel, QLabel]] = []
        self.scale = 1.0  # the board's

    def show(self, status: QueueStatus) -> None:
        """How many wait in each area; the boxes anew when the areas changed."""
        if [name.text() for _, name, _ in self.boxes] != [a.name for a in status.areas]:
            for box, _, _ in self.boxes:
                self._grid.removeWidget(box)
                box.deleteLater()
            self.boxes = [self._box(area.name) for area in status.areas]
            self.lay()
        for (_, _, count), area in zip(self.boxes, status.areas, strict=True):
            count.setText(str(area.waiting))

    def lay(self) -> None:
        """The areas in rows of five lying down, of three standing, each row as full as
        the others."""
        for box, _, _ in self.boxes:
            self._grid.removeWidget(box)
        per_row = 3 if self._standing() else 5
        rows = max(1, math.ceil(len(self.boxes) / per_row))
        columns = max(1, math.ceil(len(self.boxes) / rows))
        for index, (box, _, _) in enumerate(self.boxes):
            self._grid.addWidget(box, index // columns, index % columns)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def set_scale(self, scale: float) -> None:
        """The boxes' margins at the board's ``scale`` (their letters are its style's)."""
        self.scale = scale
        for box, _, _ in self.boxes:
            box.layout().setContentsMargins(*scaled(scale, 18, 8, 18, 8))

    def _box(self, name: str) -> tuple[QFrame, QLabel, QLabel]:
        box = QFrame()
        box.setObjectName("area")
        row = QHBoxLayout(box)
        row.setContentsMargins(*scaled(self.scale, 18, 8, 18, 8))
        title = plain_label("areaName", name)
        title.setWordWrap(True)  # "Lao động – Thương binh và Xã hội" on two lines
        count = plain_label("areaWaiting")
        row.addWidget(title, 1)
        row.addWidget(count)
        return box, title, count
