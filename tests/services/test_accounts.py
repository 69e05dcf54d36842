"""First-run setup and logging in: Argon2 hashes, generic refusals, lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from counter_app import app
from counter_app.domain.clock import FakeClock
from counter_app.domain.errors import DomainError
from counter_app.services.accounts import AccountService, UnitSetup

# Cheap Argon2 parameters: the hashing is real, only lighter, so tests stay fast.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

SETUP = UnitSetup(
    agency_id="000.00.01.h26",
    unit_name="UBND Phường Thử Nghiệm",
    place="Hà Nội",
    counter_number=3,
    admin_username="quantri",
    admin_full_name="Trần Thị Quản Trị",
    admin_password="mat-khau-1",
)


@pytest.fixture
def accounts(services: app.Services, clock: FakeClock) -> AccountService:
    return AccountService(services.db, clock, services.unit.device_id, FAST)


def test_setup_then_login(accounts: AccountService, services: app.Services) -> None:
    assert accounts.needs_setup()
    admin = accounts.complete_setup(SETUP)
    assert admin.username == "quantri" and admin.role == "admin"
    assert admin.password_hash and admin.password_hash.startswith("$argon2id$")
    assert "mat-khau-1" not in admin.password_hash
    assert not accounts.needs_setup()
    assert accounts.login("quantri", "mat-khau-1").full_name == "Trần Thị Quản Trị"
    rebuilt = app.build(services.path.parent, FakeClock(services.clock.now()))
    try:  # the unit now numbers dossiers in counter 3's block, with the new agency id
        assert rebuilt.unit.agency_id == "000.00.01.H26"
        assert rebuilt.unit.block.first == 3000
    finally:
        rebuilt.close()


def test_setup_happens_once(accounts: AccountService) -> None:
    accounts.complete_setup(SETUP)
    with pytest.raises(DomainError) as error:
        accounts.complete_setup(SETUP)
    assert error.value.code == "setup_already_done"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"agency_id": "H26"}, "agency_id_invalid"),
        ({"unit_name": " "}, "unit_name_invalid"),
        ({"counter_number": 0}, "counter_number_invalid"),
        ({"admin_username": "Quản trị"}, "username_invalid"),
        ({"admin_password": "short"}, "password_weak"),
        ({"admin_full_name": ""}, "full_name_invalid"),
    ],
)
def test_bad_setup_is_refused_and_changes_nothing(
    accounts: AccountService, change: dict[str, object], code: str
) -> None:
    from dataclasses import replace

    with pytest.raises(DomainError) as error:
        accounts.complete_setup(replace(SETUP, **change))  # type: ignore[arg-type]
    assert error.value.code == code
    assert accounts.needs_setup()


def test_the_default_admin_cannot_log_in_before_setup(accounts: AccountService) -> None:
    with pytest.raises(DomainError) as error:
        accounts.login("admin", "")
    assert error.value.code == "login_failed"


def test_wrong_password_and_unknown_user_read_the_same(accounts: AccountService) -> None:
    accounts.complete_setup(SETUP)
    messages = set()
    for username, password in (("quantri", "sai-mat-khau"), ("nobody", "mat-khau-1")):
        with pytest.raises(DomainError) as error:
            accounts.login(username, password)
        messages.add((error.value.code, error.value.message))
    assert len(messages) == 1


def test_lockout_after_five_failures(accounts: AccountService, clock: FakeClock) -> None:
    accounts.complete_setup(SETUP)
    for _ in range(5):
        with pytest.raises(DomainError):
            accounts.login("quantri", "sai-mat-khau")
    with pytest.raises(DomainError) as error:
        accounts.login("quantri", "mat-khau-1")  # even the right password waits
    assert error.value.code == "login_locked"
    clock.advance(timedelta(minutes=16))
    assert accounts.login("quantri", "mat-khau-1").failed_logins == 0


def test_officers_are_added_by_someone(accounts: AccountService, services: app.Services) -> None:
    accounts.complete_setup(SETUP)
    added = accounts.add_officer("nguyenvana", "Nguyễn Văn A", "officer", "mat-khau-2", "quantri")
    assert accounts.login("nguyenvana", "mat-khau-2").id == added.id
    with pytest.raises(DomainError) as error:
        accounts.add_officer("nguyenvana", "Nguyễn Văn B", "officer", "mat-khau-3", "quantri")
    assert error.value.code == "username_taken"
    row = services.db.execute("SELECT officer FROM events WHERE type = 'officer.added'").fetchone()
    assert row[0] == "quantri"
