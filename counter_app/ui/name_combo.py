"""A drop-down of long names (a procedure and its fee) that never cuts one silently.

A plain QComboBox clipped the chosen name at its edge ("… — Lệ phí đăng ký nhậ") and
opened a list no wider than itself. This one asks for the width its longest name needs,
up to ``widest`` and the screen; a name longer than the room it gets is cut in its middle
with "…" (the code it starts with and the fee it ends with stay) and is whole, as
written, in its tooltip; the open list is as wide as the longest name, within the screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from counter_app.ui.screen_fit import FRAME, available
from counter_app.ui.tooltips import as_written

# The popup's own frame, its scroll bar and the items' margins, beyond the text.
POPUP_MARGIN = 40
ELIDE = Qt.TextElideMode.ElideMiddle


class NameComboBox(QComboBox):
    """A combo box whose names are read whole: see the module's docstring."""

    def __init__(self, widest: int = 760, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widest = widest
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._show_tip)

    def add_name(self, text: str, data: Any = None) -> None:
        """An item whose tooltip is its whole text (the open list may elide it too)."""
        self.addItem(text, data)
        self.setItemData(self.count() - 1, as_written(text), Qt.ItemDataRole.ToolTipRole)
        self._show_tip()

    def _show_tip(self) -> None:
        self.setToolTip(as_written(self.currentText()))

    # --- sizes ----------------------------------------------------------------------------

    def _room(self) -> int:
        """The widest the box may be: ``widest``, and never past the screen."""
        return min(self._widest, available(self).width() - FRAME.width())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self._room()), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 200), hint.height())

    def showPopup(self) -> None:
        names = (self.itemText(row) for row in range(self.count()))
        longest = max((self.view().fontMetrics().horizontalAdvance(n) for n in names), default=0)
        screen = available(self).width() - POPUP_MARGIN
        self.view().setMinimumWidth(min(longest + POPUP_MARGIN, screen))
        self.view().setTextElideMode(ELIDE)
        super().showPopup()

    # --- painting -------------------------------------------------------------------------

    def displayed_text(self) -> str:
        """The chosen name as the closed box shows it: whole, or cut in the middle."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._elided(option)

    def _elided(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(option.currentText, ELIDE, field.width())

    def paintEvent(self, event: QPaintEvent) -> None:
        """QComboBox's own painting, with the text elided instead of clipped."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._elided(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
