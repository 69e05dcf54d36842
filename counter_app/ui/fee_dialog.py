"""Fees this unit has not set yet: the administrator's banner and the dialog to set one.

A fee whose amount is not known is "not determined", never 0 đ. Until the
administrator sets it, the main window says which procedures lack a fee.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import MAX_AMOUNT
from counter_app.services.catalogue import MissingFee
from counter_app.services.permissions import Permission, allowed
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.i18n import LOCALES
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.name_combo import NameComboBox
from counter_app.ui.screen_fit import resize_to_fit


def _describe(item: MissingFee) -> str:
    return f"{item.procedure.code} {item.procedure.name}"


class MissingFeesBanner(QFrame):
    """A yellow line over the window while some procedure in force has no fee amount."""

    set_requested = Signal()

    def __init__(self, services: Services, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        # Only those who can set a fee see the banner; an officer's form says
        # "not determined" where it matters.
        self._shown = allowed(role, Permission.CATALOGUE)
        self.setObjectName("missingFees")
        self.setStyleSheet(
            "#missingFees { background: #fff3cd; border-bottom: 1px solid #e0c36a; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        # The catalogue's names as written: one with "<b>" made the line read as markup.
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self.tr("Set the fee…"))
        self.button.clicked.connect(self.set_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        missing = self._services.catalogue.missing_fees() if self._shown else []
        self.setVisible(bool(missing))
        if missing:
            names = "; ".join(_describe(item) for item in missing)
            self.text.setText(
                self.tr(
                    "The unit has not set the fee of: %1. Until it does, these fees "
                    'read "not determined" and no QR is made for them.'
                ).replace("%1", names)
            )


class SetFeeDialog(QDialog):
    """The amount of a fee not set yet, per case, from a day on (a new catalogue version)."""

    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.setWindowTitle(self.tr("Set a fee"))
        self.procedure = NameComboBox()
        for item in services.catalogue.missing_fees():
            for rule in item.rules:
                self.procedure.add_name(
                    f"{_describe(item)} — {rule.label}", (item.procedure.code, rule.id)
                )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # the catalogue's note as written
        self.procedure.currentIndexChanged.connect(self._show_note)
        self.amount = QSpinBox()
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setSingleStep(1000)
        self.amount.setGroupSeparatorShown(True)
        # đồng grouped with dots in either language, as every amount of the app is
        self.amount.setLocale(LOCALES["vi"])
        self.amount.setSuffix(" đ")
        self.start = QDateEdit(QDate(services.clock.now().date()))
        self.start.setMinimumDate(QDate(services.clock.now().date()))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd/MM/yyyy")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Procedure"), self.procedure)
        form.addRow("", self.note)
        form.addRow(self.tr("Amount per case"), self.amount)
        form.addRow(self.tr("From"), self.start)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Save"), self.save, self.reject))
        self.setMinimumWidth(560)
        self._show_note()
        # As wide as the procedure's name needs, never past the screen (1366×768 or less).
        resize_to_fit(self, self.sizeHint().width(), self.sizeHint().height())

    def _show_note(self) -> None:
        chosen = self.procedure.currentData()
        notes = [
            rule.note
            for item in self._services.catalogue.missing_fees()
            for rule in item.rules
            if chosen == (item.procedure.code, rule.id) and rule.note
        ]
        self.note.setText(notes[0] if notes else "")

    def save(self) -> None:
        chosen = self.procedure.currentData()
        if chosen is None:
            self.reject()
            return
        code, rule_id = chosen
        try:
            self._services.catalogue.set_fee(
                code,
                self.amount.value(),
                self._officer,
                rule_id=rule_id,
                effective_from=self.start.date().toPython(),
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.accept()
