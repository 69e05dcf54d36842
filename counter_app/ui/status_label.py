"""A line of the window's status bar that gives way when the bar is full.

The sync, the printer and the scanner each say their state at the right of the status
bar. A QLabel asks for its whole text's width, so a long state (the sync offline with
events held back and changes not applied, a scanner's port under /dev/serial/by-id)
made the labels wider than the window: the last words were cut in the middle and the
unit, counter and officer on the left went. This label may narrow: its text then ends
in "…", and its tooltip has it whole. ``text()`` stays the whole text.

The text is plain, as written: an area's name comes from the ward server, and read as
markup "<b>Hộ tịch</b>" was measured without its tags and then cut short.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel

from counter_app.ui.tooltips import as_written

NARROWEST = 120  # px: a label's first words and the "…" still read
SHORT_STATE = 260  # px: the printer's and the scanner's usual states, kept whole


class StatusLabel(QLabel):
    """``narrowest``: how far it may narrow; a text this wide or less is never cut, so
    a short state keeps its words while a long one beside it gives way."""

    def __init__(self, narrowest: int = NARROWEST) -> None:
        super().__init__()
        self._narrowest = narrowest
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(as_written(text))

    def minimumSizeHint(self) -> QSize:
        whole = super().minimumSizeHint()
        return QSize(min(whole.width(), self._narrowest), whole.height())

    def shown_text(self) -> str:
        """The text as it fits the label now (the whole text, or its start and "…")."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            QPalette.ColorRole.WindowText,
        )
