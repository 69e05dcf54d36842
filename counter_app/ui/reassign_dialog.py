"""Handing a dossier to another officer: whom, and why (event ``dossier.reassigned``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.dossier_status import MAX_REASON
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.name_combo import NameComboBox

# The widest the officers' list may be: a full name of 100 characters and a user name
# of 32 made the dialog wider than a 1024-wide screen. A longer one is cut in its
# middle (the name's start and the user name stay), whole in its tooltip and list.
OFFICER_WIDTH = 520


class ReassignDialog(QDialog):
    reassigned = Signal(object)  # the Dossier as it now stands

    def __init__(
        self, services: Services, officer: str, dossier: Dossier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self._code = dossier.code
        self.setWindowTitle(
            self.tr("Hand dossier %1 to another officer").replace("%1", dossier.code)
        )
        self.to = NameComboBox(OFFICER_WIDTH)
        for account in services.accounts.officers():
            if account.username != dossier.officer:
                self.to.add_name(f"{account.full_name} ({account.username})", account.username)
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("e.g. the officer is on leave"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("To"), self.to)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self.tr("Hand over"), self.submit, self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        if self.to.count() == 0:  # say so now, not after the officer has typed a reason
            self.error.setText(self.tr("There is no other active officer: add an account first."))
            self.error.show()
            self.to.setEnabled(False)
            self.reason.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def submit(self) -> None:
        self.error.hide()
        to = self.to.currentData()
        try:
            if to is None:
                raise DomainError("officer_unknown", "No other active officer.")
            updated = self._services.dossiers.reassign(
                self._code, str(to), self.reason.text(), self._officer
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.reassigned.emit(updated)
        self.accept()
