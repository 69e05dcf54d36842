"""The officer's own password, the administrator's accounts, and the window's lock.

The window locks after the unit's inactivity time (set by an administrator here,
1–60 minutes) and opens again with the password of the officer who was working: the
reception in progress stays as it was under the lock. The rights themselves are
checked by the services (``services/permissions.py``); these dialogs only offer what
the role may do.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.services.accounts import MAX_LOCK_MINUTES, MIN_LOCK_MINUTES, ROLES, Officer
from counter_app.ui.dialogs import ok_cancel
from counter_app.ui.labels import role_label
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.screen_fit import narrow_to_a_name, resize_to_fit

# What counts as the officer being at the counter (a scanner's keys count too).
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def _password_field() -> QLineEdit:
    field = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
    field.setMaxLength(200)
    return field


class WindowLock(QObject):
    """The window's lock: after ``minutes`` without input (an event filter on the
    application), or when asked (Ctrl+L). ``before``: what to keep first (the draft)."""

    def __init__(
        self, window: QWidget, services: Services, officer: Officer, before: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._officer = officer
        self._before = before
        self.locked = False
        self.dialog: LockDialog | None = None
        minutes = services.accounts.lock_minutes()
        self.timer = QTimer(self, singleShot=True, interval=minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(minutes * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def lock(self) -> None:
        """Cover the window until the officer's password is given again; the form and
        the dossier being handled stay as they are."""
        if self.locked or not self._window.isVisible():
            return
        self.locked = True
        self._before()
        self.timer.stop()
        self.dialog = LockDialog(self._services, self._officer, self._window)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.open()

    def stop(self) -> None:
        self.timer.stop()

    def _unlocked(self) -> None:
        self.locked = False
        self.timer.start()


class LockDialog(QDialog):
    """The locked window: only the working officer's password opens it again."""

    def __init__(self, services: Services, officer: Officer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self.setWindowTitle(self.tr("Locked — Quầy Một Cửa"))
        # The name escaped: it is shown as written ("<b>", "&"), not read as markup.
        self.heading = QLabel(
            self.tr("The counter was locked after a time without use.")
            + "<br><b>"
            + escape(officer.full_name)
            + "</b>"
        )
        # A full name of up to 100 characters, in bold, goes on two lines rather than
        # past the dialog's edge (cut at "<b>Trưởng bộ phận</b:" on a 1024×600 screen).
        self.heading.setWordWrap(True)
        self.password = _password_field()
        self.error = error_label()
        unlock = QPushButton(self.tr("Unlock"))
        unlock.setDefault(True)
        unlock.clicked.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(unlock)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        self.error.hide()
        try:
            self._services.accounts.unlock(self._officer.username, self.password.text())
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:
        """Esc and the close button leave it locked (Enter presses Unlock, the default)."""


class ChangePasswordDialog(QDialog):
    def __init__(self, services: Services, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._username = username
        self.setWindowTitle(self.tr("Change my password"))
        self.current = _password_field()
        self.new = _password_field()
        self.again = _password_field()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self.tr("Change"), self.submit, self.reject))

    def submit(self) -> None:
        self.error.hide()
        if self.new.text() != self.again.text():
            self._show(self.tr("The two new passwords differ."))
            return
        try:
            self._services.accounts.change_password(
                self._username, self.current.text(), self.new.text()
            )
        except DomainError as error:
            self._show(error_text(error))
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class AccountsDialog(QDialog):
    """The unit's accounts for an administrator: add, change, reset a password, and the
    inactivity time."""

    lock_changed = Signal(int)

    def __init__(self, services: Services, admin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._admin = admin
        self.setWindowTitle(self.tr("Accounts"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("Active")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.active = QCheckBox(self.tr("May log in"))
        self.active.setChecked(True)
        self.password = _password_field()
        self.password.setPlaceholderText(self.tr("for a new account, or to reset it"))
        self.lock = QSpinBox(minimum=MIN_LOCK_MINUTES, maximum=MAX_LOCK_MINUTES)
        self.lock.setValue(services.accounts.lock_minutes())
        self.lock.setSuffix(self.tr(" min"))
        self.error = error_label()
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow("", self.active)
        form.addRow(self.tr("Password"), self.password)
        new = QPushButton(self.tr("New account"))
        new.clicked.connect(self.clear)
        save = QPushButton(self.tr("Save the account"))
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(save)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(self.tr("Lock the window after")))
        lock_row.addWidget(self.lock)
        set_lock = QPushButton(self.tr("Set"))
        set_lock.clicked.connect(self.save_lock)
        lock_row.addWidget(set_lock)
        lock_row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(lock_row)
        layout.addWidget(self.error)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        resize_to_fit(self, 640, 560)

    def refresh(self) -> None:
        accounts = self._services.accounts.all_officers()
        self.table.setRowCount(len(accounts))
        for row, officer in enumerate(accounts):
            values = [
                officer.username,
                officer.full_name,
                role_label(officer.role),
                self.tr("yes") if officer.active else self.tr("no"),
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        # A full name of up to 100 characters wraps rather than pushing the role and
        # whether the account is active out of sight.
        narrow_to_a_name(self.table, 1)
        self.table.resizeRowsToContents()

    def clear(self) -> None:
        self.table.clearSelection()
        for field in (self.username, self.full_name, self.password):
            field.clear()
        self.username.setReadOnly(False)
        self.role.setCurrentIndex(0)
        self.active.setChecked(True)
        self.username.setFocus()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        username = self.table.item(rows[0].row(), 0).text()
        officer = next(o for o in self._services.accounts.all_officers() if o.username == username)
        self.username.setText(officer.username)
        self.username.setReadOnly(True)
        self.full_name.setText(officer.full_name)
        self.role.setCurrentIndex(max(0, self.role.findData(officer.role)))
        self.active.setChecked(officer.active)
        self.password.clear()

    def save(self) -> None:
        self.error.hide()
        accounts = self._services.accounts
        username, password = self.username.text().strip(), self.password.text()
        role = str(self.role.currentData())
        try:
            if not self.username.isReadOnly():
                accounts.add_officer(username, self.full_name.text(), role, password, self._admin)
            else:
                accounts.update_officer(
                    username, self.full_name.text(), role, self.active.isChecked(), self._admin
                )
                if password:
                    accounts.reset_password(username, password, self._admin)
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.refresh()
        self.clear()

    def save_lock(self) -> None:
        self.error.hide()
        try:
            self._services.accounts.set_lock_minutes(self.lock.value(), self._admin)
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.lock_changed.emit(self.lock.value())
