"""Fields of one person (applicant or delegate), with an error line under each."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.citizens import CardReading
from counter_app.ui.messages import error_label

FROM_CARD = "background: #e8f5e9;"
DATE_FORMAT = "dd/MM/yyyy"
NO_DATE = QDate(1900, 1, 1)


class PersonFields(QGroupBox):
    """Name, ID number, birth date, gender, address, phone, e-mail of one person."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.full_name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(12)
        self.birth_date = QDateEdit()
        self.birth_date.setDisplayFormat(DATE_FORMAT)
        self.birth_date.setMinimumDate(NO_DATE)
        self.birth_date.setSpecialValueText(" ")
        self.birth_date.setDate(NO_DATE)
        self.gender = QComboBox()
        self.gender.addItem("", None)
        self.gender.addItem(self.tr("Male"), "male")
        self.gender.addItem(self.tr("Female"), "female")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.errors: dict[str, QLabel] = {}
        self._lay_out()

    def _lay_out(self) -> None:
        """Two fields a row, so that the whole form fits a 1366×768 office screen; the
        address gets a row of its own. The tab order follows the rows: number, name,
        birth date, gender, address, phone, e-mail."""
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setVerticalSpacing(4)
        for row, cells in enumerate(self._rows()):
            for index, (key, text, widget) in enumerate(cells):
                label = QLabel(text)
                label.setBuddy(widget)
                grid.addWidget(label, row, index * 2)
                span = 3 if len(cells) == 1 else 1
                grid.addWidget(self._with_error(key, widget), row, index * 2 + 1, 1, span)
        order = [widget for cells in self._rows() for _, _, widget in cells]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _rows(self) -> list[list[tuple[str, str, QWidget]]]:
        return [
            [
                ("id_number", self.tr("ID number"), self.id_number),
                ("full_name", self.tr("Full name"), self.full_name),
            ],
            [
                ("birth_date", self.tr("Birth date"), self.birth_date),
                ("gender", self.tr("Gender"), self.gender),
            ],
            [("address", self.tr("Address"), self.address)],
            [
                ("phone", self.tr("Phone"), self.phone),
                ("email", self.tr("E-mail"), self.email),
            ],
        ]

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = error_label()
        column.addWidget(error)
        self.errors[key] = error
        return box

    def data(self) -> dict[str, Any]:
        birth = self.birth_date.date()
        return {
            "full_name": self.full_name.text(),
            "id_number": self.id_number.text() or None,
            "birth_date": None if birth == NO_DATE else birth.toString("yyyy-MM-dd"),
            "gender": self.gender.currentData(),
            "address": self.address.text() or None,
            "phone": self.phone.text() or None,
            "email": self.email.text() or None,
        }

    def set_data(self, data: dict[str, Any]) -> None:
        self.full_name.setText(data.get("full_name") or "")
        self.id_number.setText(data.get("id_number") or "")
        birth = data.get("birth_date")
        self.birth_date.setDate(QDate.fromString(birth, "yyyy-MM-dd") if birth else NO_DATE)
        self.gender.setCurrentIndex(max(self.gender.findData(data.get("gender")), 0))
        self.address.setText(data.get("address") or "")
        self.phone.setText(data.get("phone") or "")
        self.email.setText(data.get("email") or "")

    def fill_from_card(self, reading: CardReading) -> None:
        card = reading.card
        self.set_data({**self.data(), **card.to_json()})
        for widget in (self.full_name, self.id_number, self.birth_date, self.gender, self.address):
            widget.setStyleSheet(FROM_CARD)

    def clear_card_marks(self) -> None:
        for widget in (self.full_name, self.id_number, self.birth_date, self.gender, self.address):
            widget.setStyleSheet("")

    def show_error(self, key: str, text: str) -> bool:
        label = self.errors.get(key)
        if label is None:
            return False
        label.setText(text)
        label.show()
        return True

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
