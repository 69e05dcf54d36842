"""Form 04: why the dossier is late and the extended promised time, asked of the officer."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.clock import VIETNAM
from counter_app.ui.dialogs import ok_cancel


class ApologyDialog(QDialog):
    def __init__(self, due: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Apology and extension (form 04)"))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Why the result is late"))
        self.new_due = QDateTimeEdit()
        self.new_due.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.new_due.setCalendarPopup(True)
        proposed = due + timedelta(days=1)
        self.new_due.setDateTime(QDateTime(proposed.date(), proposed.time()))
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Extended until"), self.new_due)
        buttons = ok_cancel(self.tr("Save and print"), self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def answer(self) -> tuple[str, datetime]:
        chosen = self.new_due.dateTime().toPython()
        return self.reason.toPlainText(), chosen.replace(tzinfo=VIETNAM)


def ask_new_date(parent: QWidget, due: datetime) -> tuple[str, datetime] | None:
    dialog = ApologyDialog(due, parent)
    return dialog.answer() if dialog.exec() else None
