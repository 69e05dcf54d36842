"""F1: the keyboard shortcuts, laid over the window until F1 or Esc again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class HelpOverlay(QWidget):
    """Laid over ``over`` as a child of the widget that holds it, not of ``over`` itself:
    a QSplitter makes every child widget one more of its panes, so the help became a
    third column and the window grew past the screen's edge."""

    def __init__(self, over: QWidget) -> None:
        super().__init__(over.parentWidget())
        self._over = over
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("background: rgba(20, 30, 40, 215); color: white;")
        label = QLabel(self._text())
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet("font-size: 13pt; background: transparent;")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        over.installEventFilter(self)
        self.hide()

    def _text(self) -> str:
        rows = [
            ("F2", self.tr("New reception")),
            ("Ctrl+S / Ctrl+Enter", self.tr("Receive the dossier")),
            ("Alt+1", self.tr("Procedure")),
            ("Alt+2", self.tr("Applicant")),
            ("Alt+3", self.tr("Documents and fee")),
            ("Ctrl+F", self.tr("Search dossiers")),
            ("Enter", self.tr("Open the selected dossier")),
            (self.tr("Scan the card"), self.tr("Fills the applicant, from anywhere")),
            ("F5 / F6 / F7", self.tr("Queue: call the next number / call again / skip")),
            ("F8 / Ctrl+T", self.tr("Queue: finish / transfer the ticket")),
            ("F4", self.tr("Queue without its server: a number given at this counter")),
            ("F9", self.tr("Citizen screen")),
            ("F1 / Esc", self.tr("Close this help")),
        ]
        cells = "".join(
            f"<tr><td align='right' style='padding:4px 16px'><b>{keys}</b></td>"
            f"<td style='padding:4px 16px'>{text}</td></tr>"
            for keys, text in rows
        )
        title = self.tr("Keyboard shortcuts")
        return f"<h2>{title}</h2><table align='center'>{cells}</table>"

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self._over.geometry())
        self.raise_()
        self.show()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.hide()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        moved = event.type() in (QEvent.Type.Resize, QEvent.Type.Move)
        if moved and self.isVisible():
            self.setGeometry(self._over.geometry())
        return False
