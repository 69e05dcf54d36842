"""The ward's receiving bank account: the bank (from the BIN table), number, name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text


class BankAccountDialog(QDialog):
    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.setWindowTitle(self.tr("Account receiving the fees"))
        current = services.payments.bank_account()
        self.bank = QComboBox()
        for bank in services.payments.banks():
            self.bank.addItem(f"{bank.short_name} — {bank.name} ({bank.bin})", bank.bin)
        if current is not None:
            self.bank.setCurrentIndex(max(self.bank.findData(current.bin), 0))
        self.account = QLineEdit(current.account if current else "")
        self.name = QLineEdit(current.name if current else "")
        self.name.setPlaceholderText("UBND PHUONG ...")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Bank"), self.bank)
        form.addRow(self.tr("Account number"), self.account)
        form.addRow(self.tr("Account name"), self.name)
        buttons = ok_cancel(self.tr("Save"), self.save, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def save(self) -> None:
        try:
            self._services.payments.set_bank_account(
                str(self.bank.currentData()), self.account.text(), self.name.text(), self._officer
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.accept()
