"""First-run setup (the unit and its administrator) and the login dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.services.accounts import UnitSetup
from counter_app.storage.officers import Officer
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text


class SetupDialog(QDialog):
    """Asked once: who this counter is, and the administrator's password."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.admin: Officer | None = None
        self.setWindowTitle(self.tr("Set up the counter"))
        values = services.accounts.current_settings()
        self.agency_id = QLineEdit(values.get("agency_id", ""))
        self.agency_id.setPlaceholderText("000.00.01.H26")
        self.unit_name = QLineEdit(values.get("unit_name", ""))
        self.place = QLineEdit(values.get("place", ""))
        self.counter_number = QSpinBox()
        self.counter_number.setRange(1, 9)
        self.counter_number.setValue(int(values.get("counter_number", "1")))
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("agency_id", self.tr("Agency id"), self.agency_id),
            ("unit_name", self.tr("Unit name"), self.unit_name),
            ("place", self.tr("Place (on forms)"), self.place),
            ("counter_number", self.tr("Counter number"), self.counter_number),
            ("username", self.tr("Administrator user name"), self.username),
            ("full_name", self.tr("Administrator full name"), self.full_name),
            ("password", self.tr("Password"), self.password),
            ("repeat", self.tr("Password again"), self.repeat),
        ):
            form.addRow(label, widget)
            self.errors[key] = error_label()
            form.addRow("", self.errors[key])
        intro = QLabel(
            self.tr(
                "This counter is used for the first time. Enter the unit "
                "and create the administrator account."
            )
        )
        intro.setWordWrap(True)
        buttons = ok_cancel(self.tr("Save"), self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def setup(self) -> UnitSetup:
        return UnitSetup(
            agency_id=self.agency_id.text(),
            unit_name=self.unit_name.text(),
            place=self.place.text(),
            counter_number=self.counter_number.value(),
            admin_username=self.username.text().strip(),
            admin_full_name=self.full_name.text(),
            admin_password=self.password.text(),
        )

    def submit(self) -> None:
        for label in self.errors.values():
            label.hide()
        if self.password.text() != self.repeat.text():
            self._show("repeat", self.tr("The two passwords differ."))
            return
        try:
            self.admin = self._services.accounts.complete_setup(self.setup())
        except DomainError as error:
            self._show(str(error.params.get("field", "agency_id")), error_text(error))
            return
        self.accept()

    def _show(self, key: str, text: str) -> None:
        label = self.errors.get(key) or self.errors["agency_id"]
        label.setText(text)
        label.show()


class LoginDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.officer: Officer | None = None
        unit = services.unit
        self.setWindowTitle(self.tr("Log in — Quầy Một Cửa"))
        heading = QLabel(
            f"<b>{unit.name}</b><br>"
            + self.tr("Counter %1").replace("%1", str(unit.counter_number))
        )
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = ok_cancel(self.tr("Log in"), self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        self.error.hide()
        try:
            self.officer = self._services.accounts.login(self.username.text(), self.password.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
