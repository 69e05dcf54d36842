"""First-run setup and login dialogs, typed into like a ward IT person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.storage import settings
from counter_app.ui import background
from counter_app.ui.account_dialogs import LoginDialog, SetupDialog
from counter_app.ui.main_window import MainWindow


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
    assert dialog.agency_id.text() == ""  # the ward types its own code: nothing to accept
    assert dialog.agency_id.placeholderText() == "___.__.__.H__"
    assert dialog.unit_name.text() == ""  # nor the sample's name
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


def login_dialog(
    qtbot: Any, services: Services, prepare: Callable[[], None] | None = None
) -> LoginDialog:
    """The login dialog of a set-up counter (administrator ``quantri``, ``mat-khau-9``)."""
    setup = SetupDialog(services)
    qtbot.addWidget(setup)
    fill_setup(setup)
    setup.submit()
    login = LoginDialog(services, prepare=prepare)
    qtbot.addWidget(login)
    login.username.setText("quantri")
    return login


def wait_while_checking(qtbot: Any, login: LoginDialog) -> None:
    """Run the event loop until the password check (on another thread) has answered."""
    qtbot.waitUntil(lambda: not login.checking, timeout=10_000)


def recorded(services: Services, event_type: str) -> int:
    query = "SELECT count(*) FROM events WHERE type = ?"
    return int(services.db.execute(query, [event_type]).fetchone()[0])


def test_login_says_no_then_lets_in(qtbot: Any, services: Services) -> None:
    prepared: list[bool] = []  # the window loads while the password is checked
    login = login_dialog(qtbot, services, prepare=lambda: prepared.append(login.checking))
    login.password.setText("sai-mat-khau")
    login.submit()
    assert login.checking and not login.password.isEnabled()  # Argon2 runs on another thread
    wait_while_checking(qtbot, login)
    assert not login.error.isHidden()
    assert login.password.text() == "" and login.password.isEnabled()  # typed again, never kept
    login.password.setText("mat-khau-9")
    login.submit()
    login.submit()  # Enter pressed twice: one check, one login
    wait_while_checking(qtbot, login)
    assert login.result() == login.DialogCode.Accepted
    assert login.officer is not None and login.officer.full_name == "Đỗ Thị Quản"
    assert prepared == [True]  # once, during the first check
    assert (
        recorded(services, "officer.logged_in") == recorded(services, "officer.login_failed") == 1
    )


def test_the_window_loads_while_the_officer_types(qtbot: Any, services: Services) -> None:
    prepared: list[bool] = []
    login = login_dialog(qtbot, services, prepare=lambda: prepared.append(login.checking))
    login.show()
    qtbot.waitUntil(lambda: prepared != [], timeout=5_000)
    assert prepared == [False]  # shortly after the dialog showed, nothing submitted yet
    login.password.setText("mat-khau-9")
    login.submit()
    wait_while_checking(qtbot, login)
    assert login.result() == login.DialogCode.Accepted
    assert prepared == [False]  # not again when the password is checked


def test_a_login_cancelled_while_its_password_is_checked_lets_nobody_in(
    qtbot: Any, services: Services
) -> None:
    login = login_dialog(qtbot, services)
    login.password.setText("mat-khau-9")
    login.submit()
    login.reject()
    # Until the check has answered (its relay is gone), then the answer is ignored.
    qtbot.waitUntil(lambda: not background._running, timeout=10_000)
    qtbot.wait(50)
    assert login.officer is None and login.result() == login.DialogCode.Rejected
    assert recorded(services, "officer.logged_in") == 0


@pytest.mark.usefixtures("vietnamese")
def test_setup_says_in_vietnamese_why_a_province_code_is_no_wards(
    qtbot: Any, services: Services
) -> None:
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    assert "Quyết định 20/2020/QĐ-TTg" in dialog.agency_hint.text()
    fill_setup(dialog)
    dialog.agency_id.setText("000.00.00.H26")
    dialog.submit()
    error = dialog.errors["agency_id"]
    assert not error.isHidden()
    assert error.text() == (
        "000.00.00.H26 là mã của chính UBND tỉnh, thành phố, không phải mã của phường, xã."
    )
    assert services.accounts.needs_setup()
    dialog.agency_id.setText("000.00.00.Z99")
    dialog.submit()
    assert error.text() == "000.00.00.Z99 là mã mẫu của phần mềm, không phải mã của cơ quan nào."
    dialog.agency_id.setText("000.00.5.H26")
    dialog.submit()
    assert error.text().startswith("Mã đơn vị gồm 4 nhóm cách nhau bởi dấu chấm")


def _set_up_with_the_old_default(qtbot: Any, services: Services) -> None:
    setup = SetupDialog(services)
    qtbot.addWidget(setup)
    fill_setup(setup)
    setup.submit()
    settings.put(services.db, "agency_id", "000.00.00.H26")  # what an older version kept


@pytest.mark.usefixtures("vietnamese")
def test_the_old_default_is_asked_again_while_no_dossier_has_it(
    qtbot: Any, services: Services
) -> None:
    _set_up_with_the_old_default(qtbot, services)
    assert services.accounts.needs_setup()
    again = SetupDialog(services)
    qtbot.addWidget(again)
    assert again.agency_id.text() == ""
    assert again.unit_name.text() == "UBND Phường Thử Nghiệm"  # the rest is kept
    assert (again.username.text(), again.full_name.text()) == ("quantri", "Đỗ Thị Quản")
    assert again.intro.text().startswith(
        "Mã đơn vị đang lưu trên quầy này (000.00.00.H26) không phải mã riêng của phường, xã"
    )
    assert again.username.isReadOnly() and "repeat" not in again.errors
    again.agency_id.setText("000.00.07.H26")
    again.password.setText("mat-khau-khac")  # not the administrator's password
    again.submit()
    assert not again.errors["password"].isHidden()
    assert services.accounts.needs_setup()
    again.password.setText("mat-khau-9")
    again.submit()
    assert again.result() == again.DialogCode.Accepted
    assert not services.accounts.needs_setup()


@pytest.mark.usefixtures("vietnamese")
def test_the_main_window_warns_when_dossiers_carry_the_old_default(
    qtbot: Any, services: Services
) -> None:
    _set_up_with_the_old_default(qtbot, services)
    rebuilt = app.build(services.path.parent, FakeClock(services.clock.now()))
    try:
        rebuilt.reception.receive(parse_reception(EXAMPLE_RECEPTION), "quantri")
        officer = rebuilt.accounts.login("quantri", "mat-khau-9")
        window = MainWindow(rebuilt, officer)
        warning = window.agency_warning
        assert not warning.isHidden()
        assert warning.text().startswith(
            "000.00.00.H26 là mã của chính UBND tỉnh, thành phố, không phải mã của phường, xã. "
            "Đã có hồ sơ được cấp mã theo mã này"
        )
        window.close()  # saves the draft: while the database is open
    finally:
        rebuilt.close()


# A one-stop centre's full name, with an ampersand and angle brackets (the unit's name
# is the ward's own words, up to 150 characters).
CENTRE = (
    "Trung tâm Phục vụ hành chính công phường Đông Hưng Thuận, Thành phố Hồ Chí Minh "
    "- Bộ phận Tiếp nhận & Trả kết quả <Điểm 2>"
)


def test_the_login_shows_a_long_unit_name_whole(qtbot: Any, services: Services) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel

    setup = SetupDialog(services)
    qtbot.addWidget(setup)
    fill_setup(setup)
    setup.unit_name.setText(CENTRE)
    setup.submit()
    reopened = app.build(services.path.parent, services.clock)  # as the start does
    login = LoginDialog(reopened)
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    (heading,) = [label for label in login.findChildren(QLabel) if "<b>" in label.text()]
    shown = QTextDocument()
    shown.setHtml(heading.text())
    assert CENTRE in shown.toPlainText()
    assert heading.geometry().right() < login.width()
    assert heading.heightForWidth(heading.width()) <= heading.height()  # not cut
    login.close()
    reopened.close()
