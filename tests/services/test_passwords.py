"""Passwords changed by their officer or reset by an administrator, accounts kept with an
administrator, the window's unlock and its inactivity time."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter_app import app
from counter_app.domain.clock import FakeClock
from counter_app.domain.errors import DomainError
from counter_app.services.accounts import DEFAULT_LOCK_MINUTES, LOCK_KEY, AccountService
from counter_app.storage import settings
from counter_app.storage.database import transaction
from tests.services.test_accounts import FAST, SETUP


@pytest.fixture
def accounts(services: app.Services, clock: FakeClock) -> AccountService:
    accounts = AccountService(services.db, clock, services.unit.device_id, FAST)
    accounts.complete_setup(SETUP)  # the administrator "quantri", password mat-khau-1
    accounts.add_officer("cb.lan", "Nguyễn Thị Lan", "officer", "mat-khau-lan", "quantri")
    return accounts


def logged(services: app.Services, kind: str) -> list[dict[str, object]]:
    rows = services.db.execute("SELECT payload FROM events WHERE type = ? ORDER BY seq", [kind])
    return [json.loads(payload) for (payload,) in rows]


def refused(accounts: AccountService, call: object, code: str) -> None:
    with pytest.raises(DomainError) as error:
        call()  # type: ignore[operator]
    assert error.value.code == code


def test_an_officer_changes_their_own_password(
    accounts: AccountService, services: app.Services
) -> None:
    refused(
        accounts,
        lambda: accounts.change_password("cb.lan", "sai", "mat-khau-moi"),
        "password_wrong",
    )
    refused(
        accounts,
        lambda: accounts.change_password("cb.lan", "mat-khau-lan", "ngan"),
        "password_weak",
    )
    refused(
        accounts,
        lambda: accounts.change_password("cb.lan", "mat-khau-lan", "mat-khau-lan"),
        "password_same",
    )
    accounts.change_password("cb.lan", "mat-khau-lan", "mat-khau-moi")
    refused(accounts, lambda: accounts.login("cb.lan", "mat-khau-lan"), "login_failed")
    assert accounts.login("cb.lan", "mat-khau-moi").username == "cb.lan"
    assert logged(services, "officer.password_changed") == [{"username": "cb.lan"}]
    stored = services.db.execute("SELECT payload FROM events").fetchall()
    assert not any("mat-khau" in payload for (payload,) in stored)


def test_wrong_current_passwords_lock_the_account_like_logins(accounts: AccountService) -> None:
    for _ in range(5):
        refused(
            accounts,
            lambda: accounts.change_password("cb.lan", "doan-mo", "mat-khau-moi"),
            "password_wrong",
        )
    refused(accounts, lambda: accounts.login("cb.lan", "mat-khau-lan"), "login_locked")


def test_an_administrator_resets_a_forgotten_password_and_lifts_the_lock(
    accounts: AccountService, services: app.Services, clock: FakeClock
) -> None:
    for _ in range(5):
        refused(accounts, lambda: accounts.login("cb.lan", "quen-roi"), "login_failed")
    refused(accounts, lambda: accounts.login("cb.lan", "mat-khau-lan"), "login_locked")
    refused(
        accounts,
        lambda: accounts.reset_password("quantri", "chiem-quyen", "cb.lan"),
        "not_permitted",
    )
    accounts.reset_password("cb.lan", "mat-khau-tam", "quantri")
    assert accounts.login("cb.lan", "mat-khau-tam").username == "cb.lan"
    assert logged(services, "officer.password_reset") == [{"username": "cb.lan"}]
    refused(
        accounts,
        lambda: accounts.reset_password("khong.co", "mat-khau-tam", "quantri"),
        "officer_unknown",
    )


def test_the_unit_keeps_one_active_administrator(accounts: AccountService) -> None:
    refused(
        accounts,
        lambda: accounts.update_officer("quantri", "Trần Thị Quản Trị", "head", True, "quantri"),
        "last_admin",
    )
    refused(
        accounts,
        lambda: accounts.update_officer("quantri", "Trần Thị Quản Trị", "admin", False, "quantri"),
        "last_admin",
    )
    accounts.update_officer("cb.lan", "Nguyễn Thị Lan", "admin", True, "quantri")
    accounts.update_officer("quantri", "Trần Thị Quản Trị", "officer", True, "cb.lan")
    assert {o.username: o.role for o in accounts.all_officers()}["quantri"] == "officer"


def test_a_disabled_account_cannot_log_in_or_unlock(accounts: AccountService) -> None:
    accounts.update_officer("cb.lan", "Nguyễn Thị Lan", "officer", False, "quantri")
    refused(accounts, lambda: accounts.login("cb.lan", "mat-khau-lan"), "login_failed")
    refused(accounts, lambda: accounts.unlock("cb.lan", "mat-khau-lan"), "login_failed")
    assert "cb.lan" not in [o.username for o in accounts.officers()]
    assert "cb.lan" in [o.username for o in accounts.all_officers()]


def test_the_window_unlocks_with_the_password_and_counts_failures(
    accounts: AccountService, services: app.Services, clock: FakeClock
) -> None:
    assert accounts.unlock("cb.lan", "mat-khau-lan").username == "cb.lan"
    assert len(logged(services, "officer.unlocked")) == 1
    for _ in range(5):
        refused(accounts, lambda: accounts.unlock("cb.lan", "khong-phai"), "login_failed")
    refused(accounts, lambda: accounts.unlock("cb.lan", "mat-khau-lan"), "login_locked")
    clock.advance(timedelta(minutes=16))
    assert accounts.unlock("cb.lan", "mat-khau-lan").username == "cb.lan"


@pytest.mark.parametrize("minutes", [0, -1, 61, 10_000])
def test_the_inactivity_time_is_one_to_sixty_minutes(
    accounts: AccountService, minutes: int
) -> None:
    assert accounts.lock_minutes() == DEFAULT_LOCK_MINUTES
    refused(accounts, lambda: accounts.set_lock_minutes(minutes, "quantri"), "lock_minutes_invalid")
    refused(accounts, lambda: accounts.set_lock_minutes(5, "cb.lan"), "not_permitted")
    accounts.set_lock_minutes(5, "quantri")
    assert accounts.lock_minutes() == 5


@pytest.mark.parametrize("stored", ["x", "", "0", "61", "9" * 30, "\u00b2", "\u0665", " 5", "+5"])
def test_an_inactivity_time_edited_by_hand_is_the_default(
    services: app.Services, accounts: AccountService, stored: str
) -> None:
    """Read by the window's lock timer: a value outside 1–60 minutes is never used."""
    with transaction(services.db):
        settings.put(services.db, LOCK_KEY, stored)
    assert accounts.lock_minutes() == DEFAULT_LOCK_MINUTES
    with transaction(services.db):
        settings.put(services.db, LOCK_KEY, "60")
    assert accounts.lock_minutes() == 60
