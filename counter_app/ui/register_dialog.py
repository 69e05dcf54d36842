"""Form 07, the register book (sổ theo dõi hồ sơ), for a range of days."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.dialogs import ok_cancel


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class RegisterDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register book (form 07)"))
        self.start = _date_edit(today.replace(day=1))
        self.end = _date_edit(today)
        form = QFormLayout()
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        buttons = ok_cancel(self.tr("Make the PDF"), self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answer(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()
