"""A USB QR scanner is a keyboard that types very fast: tell it from a person.

The detector watches every key press of the application. A burst that starts
like a card QR (digits, then ``|``) at scanner speed is taken out of whatever
field had the focus (its text is put back as it was before the burst) and the
whole text, up to Enter, is handed over as one scan. Anything else passes
through untouched, so manual typing keeps working everywhere.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

# Scanners send a character every few milliseconds; people rarely beat 50 ms.
MAX_GAP_S = 0.035
# The card QR starts with the 12-digit number and a separator.
CARD_START = re.compile(r"^\d{12}\|")
ENTER_KEYS = {0x01000004, 0x01000005}  # Qt.Key_Return, Qt.Key_Enter
SILENCE_MS = 300  # a scanner set up without Enter: the scan ends when the keys stop


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._last = float("-inf")
        self._burst = ""
        self._capturing = False
        self._snapshot: tuple[QObject, str, int] | None = None
        self._silence = QTimer(self, singleShot=True, interval=SILENCE_MS)
        self._silence.timeout.connect(self._finish)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt delivers a key press to the window and then to the widget: count it once.
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        now, text = self._clock(), event.text()
        fast = now - self._last <= MAX_GAP_S
        self._last = now
        if event.key() in ENTER_KEYS:
            return self._enter()
        if not text or not text.isprintable():
            return False
        if not fast and not self._capturing:
            self._burst, self._snapshot = "", self._take_snapshot(watched)
        self._burst += text
        if self._capturing:
            self._silence.start()
            return True
        if CARD_START.match(self._burst):
            self._capturing = True
            self._restore_snapshot()
            self._silence.start()
            return True
        return False

    def _enter(self) -> bool:
        if not self._capturing:
            self._burst = ""
            return False
        self._finish()
        return True

    def _finish(self) -> None:
        self._silence.stop()
        if self._capturing:
            self._capturing = False
            text, self._burst = self._burst, ""
            self.scanned.emit(text)

    def _take_snapshot(self, widget: QWidget) -> tuple[QObject, str, int] | None:
        """The text of the widget receiving the keys (the focus widget) before the burst."""
        if isinstance(widget, QLineEdit):
            return widget, widget.text(), widget.cursorPosition()
        if isinstance(widget, QPlainTextEdit):
            return widget, widget.toPlainText(), widget.textCursor().position()
        return None

    def _restore_snapshot(self) -> None:
        """Put back the text the first keys of the scan typed into a field."""
        if self._snapshot is None:
            return
        widget, text, position = self._snapshot
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            widget.setCursorPosition(position)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
