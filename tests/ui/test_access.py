"""What the window offers each role, its lock after inactivity, and the password dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from counter_app.app import Services
from counter_app.services.accounts import Officer
from counter_app.ui.access import AccountsDialog, ChangePasswordDialog
from counter_app.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("vietnamese")
PASSWORD = "mat-khau-dai"
GUARDED = (
    "Máy in…",
    "Tài khoản nhận phí…",
    "Phí, lệ phí trong ngày…",
    "Số liệu hàng đợi…",
    "Tài khoản…",
)


def account(services: Services, username: str, role: str) -> Officer:
    services.accounts.add_officer(username, f"Cán Bộ {username}", role, PASSWORD, "admin")
    return services.accounts.login(username, PASSWORD)


def opened(qtbot: Any, services: Services, officer: Officer) -> MainWindow:
    window = MainWindow(services, officer)
    qtbot.addWidget(window)
    window.show()
    return window


def menu_actions(window: MainWindow) -> dict[str, QAction]:
    [counter] = [a.menu() for a in window.menuBar().actions() if a.menu()][:1]
    return {a.text(): a for a in counter.actions()}


@pytest.fixture
def officer_window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    window = opened(qtbot, services, account(services, "cb.lan", "officer"))
    yield window
    window.close()


def test_an_officer_is_offered_only_what_the_role_may_do(
    qtbot: Any, services: Services, officer_window: MainWindow
) -> None:
    actions = menu_actions(officer_window)
    for text in GUARDED:
        assert not actions[text].isEnabled(), text
        assert "trưởng bộ phận" in actions[text].toolTip()
    assert actions["Đổi mật khẩu…"].isEnabled()
    assert not officer_window.dossiers.officer.isEnabled()
    head = opened(qtbot, services, account(services, "tp.minh", "head"))
    head_actions = menu_actions(head)
    assert head_actions["Phí, lệ phí trong ngày…"].isEnabled()
    assert not head_actions["Tài khoản…"].isEnabled()
    assert head.dossiers.officer.isEnabled()
    head.close()


def test_the_window_locks_after_inactivity_and_opens_with_the_password(
    qtbot: Any, services: Services, officer_window: MainWindow
) -> None:
    officer_window.form.applicant.full_name.setText("Lê Văn Chờ")
    officer_window.locking.timer.setInterval(200)
    officer_window.locking.timer.start()
    qtbot.waitUntil(lambda: officer_window.locking.locked, timeout=5000)
    lock = officer_window.locking.dialog
    assert lock is not None
    assert lock.isVisible()
    qtbot.keyClick(lock, Qt.Key.Key_Escape)
    assert lock.isVisible()  # Esc leaves it locked
    lock.password.setText("sai-mat-khau")
    lock.submit()
    assert lock.isVisible() and "Sai" in lock.error.text()
    lock.password.setText(PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.isVisible(), timeout=3000)
    assert not officer_window.locking.locked and officer_window.locking.timer.isActive()
    assert officer_window.form.applicant.full_name.text() == "Lê Văn Chờ"


def test_activity_keeps_the_window_open(qtbot: Any, officer_window: MainWindow) -> None:
    timer = officer_window.locking.timer
    timer.setInterval(600)
    timer.start()
    for _ in range(6):
        qtbot.wait(150)
        qtbot.keyClick(officer_window.form.applicant.full_name, Qt.Key.Key_A)
    assert not officer_window.locking.locked and timer.remainingTime() > 300


def test_an_officer_changes_the_password_in_the_dialog(qtbot: Any, services: Services) -> None:
    account(services, "cb.lan", "officer")
    dialog = ChangePasswordDialog(services, "cb.lan")
    qtbot.addWidget(dialog)
    dialog.current.setText(PASSWORD)
    dialog.new.setText("mat-khau-moi-1")
    dialog.again.setText("mat-khau-moi-2")
    dialog.submit()
    assert not dialog.error.isHidden() and "khác nhau" in dialog.error.text()
    dialog.again.setText("mat-khau-moi-1")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.accounts.login("cb.lan", "mat-khau-moi-1").username == "cb.lan"


def test_the_administrator_adds_and_resets_accounts(qtbot: Any, services: Services) -> None:
    dialog = AccountsDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.username.setText("cb.moi")
    dialog.full_name.setText("Đỗ Thị Mới")
    dialog.role.setCurrentIndex(dialog.role.findData("head"))
    dialog.password.setText("mat-khau-dau")
    dialog.save()
    assert not dialog.error.isVisible()
    assert services.accounts.login("cb.moi", "mat-khau-dau").role == "head"
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "cb.moi"
    )
    dialog.table.selectRow(row)
    assert dialog.username.isReadOnly() and dialog.full_name.text() == "Đỗ Thị Mới"
    dialog.password.setText("mat-khau-dat-lai")
    dialog.active.setChecked(True)
    dialog.save()
    assert services.accounts.login("cb.moi", "mat-khau-dat-lai").username == "cb.moi"
    dialog.lock.setValue(3)
    dialog.save_lock()
    assert services.accounts.lock_minutes() == 3


def test_an_officer_cannot_use_the_accounts_dialog(qtbot: Any, services: Services) -> None:
    account(services, "cb.lan", "officer")
    dialog = AccountsDialog(services, "cb.lan")
    qtbot.addWidget(dialog)
    dialog.username.setText("cb.lau")
    dialog.full_name.setText("Kẻ Lạ")
    dialog.password.setText("mat-khau-lau")
    dialog.save()
    assert "không được quản lý tài khoản" in dialog.error.text()
    assert "cb.lau" not in [o.username for o in services.accounts.all_officers()]
