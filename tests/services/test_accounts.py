"""First-run setup and logging in: Argon2 hashes, generic refusals, lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from counter_app import app
from counter_app.domain.clock import FakeClock
from counter_app.domain.errors import DomainError
from counter_app.services.accounts import SETUP_DONE, AccountService, UnitSetup
from counter_app.storage import settings

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
        ({"agency_id": ""}, "agency_id_empty"),
        ({"agency_id": "000.00.00.Z99"}, "agency_id_sample"),
        ({"agency_id": "000.00.00.H26"}, "agency_id_province"),
        ({"agency_id": "000.00.01.G26"}, "agency_id_not_ward"),
        ({"agency_id": "000.00.01.Z99"}, "agency_id_not_ward"),
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
    from counter_app.domain.records import replace

    with pytest.raises(DomainError) as error:
        accounts.complete_setup(replace(SETUP, **change))  # type: ignore[arg-type]
    assert error.value.code == code
    assert accounts.needs_setup()


def test_a_province_code_is_refused_with_its_reason(
    accounts: AccountService, services: app.Services
) -> None:
    from counter_app.domain.records import replace

    with pytest.raises(DomainError) as error:
        accounts.complete_setup(replace(SETUP, agency_id=" 000.00.00.h26 "))
    assert error.value.code == "agency_id_province"
    assert error.value.params == {"agency_id": "000.00.00.H26", "field": "agency_id"}
    assert error.value.message == (
        "agency_id: 000.00.00.H26 is the code of the provincial People's Committee itself, "
        "not of a ward: enter the ward's own code."
    )
    assert services.accounts.current_settings()["agency_id"] == "000.00.00.Z99"  # unchanged


def test_the_sample_installation_is_nobody(services: app.Services) -> None:
    assert services.unit.agency_id == "000.00.00.Z99"
    assert services.accounts.needs_setup()
    assert services.accounts.agency_warning() is None  # not set up: setup will ask


def test_the_wards_code_numbers_its_dossiers(
    accounts: AccountService, services: app.Services
) -> None:
    from counter_app.cli import EXAMPLE_RECEPTION
    from counter_app.domain.reception import parse_reception

    accounts.complete_setup(SETUP)
    rebuilt = app.build(services.path.parent, FakeClock(services.clock.now()))
    try:
        dossier = rebuilt.reception.receive(parse_reception(EXAMPLE_RECEPTION), "quantri")
        assert dossier.code == "000.00.01.H26-261123-3000"
        assert not rebuilt.accounts.needs_setup()
        assert rebuilt.accounts.agency_warning() is None
    finally:
        rebuilt.close()


def _set_up_by_an_older_version(accounts: AccountService, services: app.Services) -> None:
    """Set up with the old embedded default kept: the Hà Nội People's Committee itself."""
    accounts.complete_setup(SETUP)
    settings.put(services.db, "agency_id", "000.00.00.H26")


def test_the_old_default_without_dossiers_is_asked_again(
    accounts: AccountService, services: app.Services
) -> None:
    from counter_app.domain.records import replace

    _set_up_by_an_older_version(accounts, services)
    assert accounts.current_settings()[SETUP_DONE] == "1"
    assert accounts.needs_setup()
    # Whoever answers the setup again cannot take the administrator account over.
    with pytest.raises(DomainError) as refused:
        accounts.complete_setup(
            replace(SETUP, agency_id="000.00.07.H26", admin_password="moi-mat-khau")
        )
    assert refused.value.code == "setup_admin_password"
    assert refused.value.params["field"] == "password"
    assert accounts.needs_setup()
    assert accounts.current_settings()["agency_id"] == "000.00.00.H26"
    accounts.complete_setup(replace(SETUP, agency_id="000.00.07.H26", admin_username="x"))
    assert not accounts.needs_setup()
    assert accounts.current_settings()["agency_id"] == "000.00.07.H26"
    assert accounts.login("quantri", "mat-khau-1").role == "admin"  # the same account
    with pytest.raises(DomainError):
        accounts.login("quantri", "moi-mat-khau")


def test_the_old_default_with_dossiers_is_kept_with_a_warning(
    accounts: AccountService, services: app.Services
) -> None:
    from counter_app.cli import EXAMPLE_RECEPTION
    from counter_app.domain.reception import parse_reception

    _set_up_by_an_older_version(accounts, services)
    rebuilt = app.build(services.path.parent, FakeClock(services.clock.now()))
    try:
        code = rebuilt.reception.receive(parse_reception(EXAMPLE_RECEPTION), "quantri").code
        assert code.startswith("000.00.00.H26-")
        assert not accounts.needs_setup()  # no silent change of a code given out
        with pytest.raises(DomainError) as error:
            accounts.complete_setup(SETUP)
        assert error.value.code == "setup_already_done"
        warning = accounts.agency_warning()
        assert warning is not None and warning.code == "agency_id_province"
    finally:
        rebuilt.close()
    assert accounts.change_agency_id(" 000.00.07.h26", "quantri") == "000.00.07.H26"
    assert accounts.agency_warning() is None
    rebuilt = app.build(services.path.parent, FakeClock(services.clock.now()))
    try:  # the dossier keeps its code; the next one gets the ward's
        assert rebuilt.dossiers.get(code).code == code
        dossier = rebuilt.reception.receive(parse_reception(EXAMPLE_RECEPTION), "quantri")
        assert dossier.code == "000.00.07.H26-261123-3000"
    finally:
        rebuilt.close()
    row = services.db.execute(
        "SELECT payload, officer FROM events WHERE type = 'unit.agency_changed'"
    ).fetchone()
    assert row == ('{"from":"000.00.00.H26","to":"000.00.07.H26"}', "quantri")


@pytest.mark.parametrize(
    ("agency_id", "by", "code"),
    [
        ("000.00.00.H26", "quantri", "agency_id_province"),
        ("000.00.01.H26", "quantri", "agency_id_unchanged"),
        ("000.00.07.H26", "nguyenvana", "not_permitted"),  # not an administrator
        ("000.00.07.H26", "nobody", "not_permitted"),
    ],
)
def test_only_an_administrator_changes_the_code_to_a_wards(
    accounts: AccountService, agency_id: str, by: str, code: str
) -> None:
    accounts.complete_setup(SETUP)
    accounts.add_officer("nguyenvana", "Nguyễn Văn A", "officer", "mat-khau-2", "quantri")
    with pytest.raises(DomainError) as error:
        accounts.change_agency_id(agency_id, by)
    assert error.value.code == code
    assert accounts.current_settings()["agency_id"] == "000.00.01.H26"


def test_the_code_is_changed_after_setup_only(accounts: AccountService) -> None:
    with pytest.raises(DomainError) as error:
        accounts.change_agency_id("000.00.07.H26", "admin")
    assert error.value.code == "setup_needed"


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
