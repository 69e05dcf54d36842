"""Tooltips as the officer reads them, shared by the windows' tests."""

from __future__ import annotations

from PySide6.QtGui import Qt as GuiQt  # mightBeRichText is QtGui's
from PySide6.QtGui import QTextDocument


def tip_text(tip: str) -> str:
    """A tooltip as the officer reads it (Qt reads one that starts with a tag as HTML)."""
    document = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return str(document.toPlainText())
