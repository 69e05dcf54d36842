"""First-run setup and login dialogs, typed into like a ward IT person would."""

from __future__ import annotations

from typing import Any

from counter_app.app import Services
from counter_app.ui.account_dialogs import LoginDialog, SetupDialog


def fill_setup(
    dialog: SetupDialog, password: str = "mat-khau-9", again: str = "mat-khau-9"
) -> None:
    dialog.agency_id.setText("000.00.05.h26")
    dialog.unit_name.setText("UBND Phường Thử Nghiệm")
    dialog.counter_number.setValue(4)
    dialog.username.setText("quantri")
    dialog.full_name.setText("Đỗ Thị Quản")
    dialog.password.setText(password)
    dialog.repeat.setText(again)


def test_setup_refuses_then_accepts(qtbot: Any, services: Services) -> None:
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.agency_id.text() == "000.00.00.H26"  # the embedded default, to be replaced
    fill_setup(dialog, again="khac-mat-khau")
    dialog.submit()
    assert not dialog.errors["repeat"].isHidden()
    assert services.accounts.needs_setup()
    fill_setup(dialog, password="ngan", again="ngan")
    dialog.submit()
    assert not dialog.errors["password"].isHidden()
    fill_setup(dialog)
    dialog.submit()
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert dialog.admin is not None and dialog.admin.username == "quantri"
    assert services.accounts.current_settings()["agency_id"] == "000.00.05.H26"


def test_login_says_no_then_lets_in(qtbot: Any, services: Services) -> None:
    setup = SetupDialog(services)
    qtbot.addWidget(setup)
    fill_setup(setup)
    setup.submit()
    login = LoginDialog(services)
    qtbot.addWidget(login)
    login.username.setText("quantri")
    login.password.setText("sai-mat-khau")
    login.submit()
    assert not login.error.isHidden()
    assert login.password.text() == ""  # typed again, never kept
    login.password.setText("mat-khau-9")
    login.submit()
    assert login.officer is not None and login.officer.full_name == "Đỗ Thị Quản"
