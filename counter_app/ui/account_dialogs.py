"""First-run setup (the unit and its administrator) and the login dialog."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
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
from counter_app.services.accounts import SETUP_DONE, Officer, PendingLogin, UnitSetup
from counter_app.services.unit import DEFAULT_SETTINGS
from counter_app.ui.background import run_in_background
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.messages import error_label, error_text

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

# Only the form of the code: a ward types its own, nothing is offered to accept.
AGENCY_PLACEHOLDER = "___.__.__.H__"


class SetupDialog(QDialog):
    """Asked once: who this counter is, and the administrator's password.

    Asked again if the agency id kept is no ward's own code and no dossier carries it.
    """

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.admin: Officer | None = None
        self.setWindowTitle(self.tr("Set up the counter"))
        values = services.accounts.current_settings()
        self.agency_id = QLineEdit()
        self.agency_id.setPlaceholderText(AGENCY_PLACEHOLDER)
        sample_name = values.get("unit_name") == DEFAULT_SETTINGS["unit_name"]
        self.unit_name = QLineEdit("" if sample_name else values.get("unit_name", ""))
        self.place = QLineEdit(values.get("place", ""))
        self.counter_number = QSpinBox()
        self.counter_number.setRange(1, 9)
        self.counter_number.setValue(int(values.get("counter_number", "1")))
        admin = self._earlier_admin(values)
        self.username = QLineEdit(admin.username if admin else "admin")
        self.full_name = QLineEdit(admin.full_name if admin else "")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        # Asked again: the administrator made the first time confirms with their own
        # password; the account is not set anew.
        self.again = admin is not None
        password_label = self.tr("Password")
        if self.again:
            self.username.setReadOnly(True)
            self.full_name.setReadOnly(True)
            password_label = self.tr("Administrator's current password")
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("agency_id", self.tr("Agency id"), self.agency_id),
            ("unit_name", self.tr("Unit name"), self.unit_name),
            ("place", self.tr("Place (on forms)"), self.place),
            ("counter_number", self.tr("Counter number"), self.counter_number),
            ("username", self.tr("Administrator user name"), self.username),
            ("full_name", self.tr("Administrator full name"), self.full_name),
            ("password", password_label, self.password),
            ("repeat", self.tr("Password again"), self.repeat),
        ):
            if key == "repeat" and self.again:
                continue
            form.addRow(label, widget)
            self.errors[key] = error_label()
            form.addRow("", self.errors[key])
        self.agency_hint = QLabel(
            self.tr(
                "The ward's own electronic identifier under Decision 20/2020/QĐ-TTg "
                "(amended by Decision 09/2025/QĐ-TTg); the ward's dossier codes begin with it."
            )
        )
        self.agency_hint.setWordWrap(True)
        # The field column's width at the dialog's minimum: a wrapped label otherwise gets
        # the height of a narrow guess, and its text floats in a gap.
        self.agency_hint.setMinimumWidth(380)
        form.insertRow(1, "", self.agency_hint)
        self.intro = QLabel(self._intro(values))
        self.intro.setWordWrap(True)
        buttons = ok_cancel(self.tr("Save"), self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _earlier_admin(self, values: dict[str, str]) -> Officer | None:
        """When setup is asked again, the administrator it made the first time."""
        if values.get(SETUP_DONE) != "1":
            return None
        admins = [o for o in self._services.accounts.officers() if o.role == "admin"]
        return admins[0] if admins else None

    def _intro(self, values: dict[str, str]) -> str:
        if values.get(SETUP_DONE) == "1":  # set up before, with a code that is no ward's
            return self.tr(
                "The agency id kept on this counter (%1) is not a ward's own code, and no "
                "dossier carries it yet. Enter the ward's own code; the administrator "
                "confirms with their current password."
            ).replace("%1", values.get("agency_id", ""))
        return self.tr(
            "This counter is used for the first time. Enter the unit "
            "and create the administrator account."
        )

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
        if not self.again and self.password.text() != self.repeat.text():
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


# How long after the login dialog shows the window's modules start loading: the dialog
# has painted and the officer has not typed yet (the loading holds the GUI thread for a
# tenth of a second and more; keys pressed meanwhile wait, none is lost).
PREPARE_AFTER_SHOW_MS = 150


class LoginDialog(QDialog):
    """The officer's user name and password. The password is checked off the GUI
    thread (Argon2 takes a good part of a second on a slow counter PC), so the dialog
    keeps painting and says it is checking.

    ``prepare`` (the window's own loading) is called once on the GUI thread, shortly
    after the dialog shows, so that it is done while the officer types; or when the
    password is submitted, if that comes first, while Argon2 runs.
    """

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._prepare = prepare
        self._checking = False
        self.officer: Officer | None = None
        unit = services.unit
        self.setWindowTitle(self.tr("Log in — Quầy Một Cửa"))
        heading = QLabel(
            f"<b>{escape(unit.name)}</b><br>"
            + self.tr("Counter %1").replace("%1", str(unit.counter_number))
        )
        # A centre's full name (up to 150 characters) on two lines, not cut at the edge;
        # escaped, as the ward wrote it ("&", "<").
        heading.setWordWrap(True)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.busy = QLabel(self.tr("Checking the password…"))
        self.busy.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = ok_cancel(self.tr("Log in"), self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._prepare is not None:
            QTimer.singleShot(PREPARE_AFTER_SHOW_MS, self, self._run_prepare)

    def _run_prepare(self) -> None:
        if self._prepare is not None:
            prepare, self._prepare = self._prepare, None
            prepare()

    @property
    def checking(self) -> bool:
        """A password is being checked (the form waits for the answer)."""
        return self._checking

    def submit(self) -> None:
        if self._checking:
            return  # Enter pressed again while the first check runs
        self.error.hide()
        try:
            pending = self._services.accounts.begin_login(
                self.username.text(), self.password.text()
            )
        except DomainError as error:
            self._refused(error)
            return
        self._set_checking(True)
        run_in_background(self, pending.check, lambda ok: self._checked(pending, ok), self._broke)
        if self._prepare is not None:
            QTimer.singleShot(0, self, self._run_prepare)  # after the busy state has painted

    def reject(self) -> None:
        self._set_checking(False)  # a check still running is ignored when it ends
        super().reject()

    def _checked(self, pending: PendingLogin, verified: bool) -> None:
        if not self._checking:
            return  # cancelled meanwhile: nobody logs in
        self._set_checking(False)
        try:
            self.officer = self._services.accounts.finish_login(pending, verified)
        except DomainError as error:
            self._refused(error)
            return
        self.accept()

    def _broke(self, error: BaseException) -> None:
        self._set_checking(False)
        raise error  # the application's failure handler says what happened

    def _refused(self, error: DomainError) -> None:
        self.error.setText(error_text(error))
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.busy.setVisible(checking)
        for widget in (self.username, self.password, self.buttons):
            widget.setEnabled(not checking)
