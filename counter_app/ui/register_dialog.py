"""Form 06, the register book (sổ theo dõi hồ sơ), for a range of days."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class RegisterDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register book (form 06)"))
        self.start = _date_edit(today.replace(day=1))
        self.end = _date_edit(today)
        form = QFormLayout()
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Make the PDF"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answer(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()
