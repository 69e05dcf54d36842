"""Drop-downs of long names (a procedure, its fee, an exemption) that never cut one silently.

A plain QComboBox clipped the chosen name at its edge ("… — Lệ phí đăng ký nhậ") and
opened a list no wider than itself. Worse, it measured its names once, when first shown:
filled before that (a draft restored as the window opened) it took the width of its
longest name and pushed the reception form out of its pane; filled after, it stayed
narrow. Both boxes here cut a name longer than the room they get with "…" and show it
whole, as written, in their tooltip, and open a list as wide as the longest name,
within the screen. ``ElidingComboBox`` asks for a set number of characters whatever its
names, for a form's grid; ``NameComboBox`` asks for what its longest name needs, up to
``widest`` and the screen, for a dialog of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
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
# The widest a list of serial ports may be (the printer's, the scanner's): a port under
# /dev/serial/by-id with the name its device gives took the scanner's dialog to 1,386 px;
# a longer one is cut in its middle (its start and its end stay).
PORT_WIDTH = 480


class ElidingComboBox(QComboBox):
    """A drop-down as wide as ``length`` characters, whatever names it holds and whenever
    they were added; a longer name is cut with ``elide``: see the module's docstring."""

    def __init__(
        self,
        length: int,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._elide = elide
        self._note = ""
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(length)
        self.currentIndexChanged.connect(self._show_tip)

    def add_name(self, text: str, data: Any = None) -> None:
        """An item whose tooltip is its whole text (the open list may elide it too)."""
        self.addItem(text, data)
        self.setItemData(self.count() - 1, as_written(text), Qt.ItemDataRole.ToolTipRole)
        self._show_tip()

    def set_note(self, note: str) -> None:
        """A line under the chosen name in the tooltip (why the box cannot be changed)."""
        self._note = note
        self._show_tip()

    def _show_tip(self) -> None:
        """The chosen name (and the note); none while an editable box is empty."""
        text = self.currentText()
        tip = f"{text}\n{self._note}" if self._note else text
        self.setToolTip(as_written(tip) if tip else "")

    def event(self, event: QEvent) -> bool:
        """The tooltip of the name chosen now, also when it was chosen with the box's
        signals blocked (the reception form refills its procedures that way)."""
        if event.type() == QEvent.Type.ToolTip:
            self._show_tip()
        return super().event(event)

    def showPopup(self) -> None:
        names = (self.itemText(row) for row in range(self.count()))
        longest = max((self.view().fontMetrics().horizontalAdvance(n) for n in names), default=0)
        screen = available(self).width() - POPUP_MARGIN
        self.view().setMinimumWidth(min(longest + POPUP_MARGIN, screen))
        self.view().setTextElideMode(self._elide)
        super().showPopup()

    # --- painting -------------------------------------------------------------------------

    def displayed_text(self) -> str:
        """The chosen name as the closed box shows it: whole, or cut with "…"."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._elided(option)

    def _elided(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(option.currentText, self._elide, field.width())

    def paintEvent(self, event: QPaintEvent) -> None:
        """QComboBox's own painting, with the text elided instead of clipped."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._elided(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class NameComboBox(ElidingComboBox):
    """A drop-down as wide as its longest name, up to ``widest`` and the screen; a longer
    name is cut in its middle, so that the code it starts with and the fee it ends with
    stay."""

    def __init__(self, widest: int = 760, parent: QWidget | None = None) -> None:
        super().__init__(0, Qt.TextElideMode.ElideMiddle, parent)
        self._widest = widest
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def _room(self) -> int:
        """The widest the box may be: ``widest``, and never past the screen."""
        return min(self._widest, available(self).width() - FRAME.width())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self._room()), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 200), hint.height())
