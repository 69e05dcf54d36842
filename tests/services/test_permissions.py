"""Roles enforced by the services: every guarded action, for every role, on a real store."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.services.dossiers import DossierQuery
from counter_app.services.permissions import GRANTS, Permission, allowed, table_markdown
from counter_app.services.queue import DEFAULT_SCALE, scale_to_json

PASSWORD = "mat-khau-dai"
ACCOUNTS = {"cb.lan": "officer", "tp.minh": "head", "qt.hoa": "admin"}
PATERNITY = "1.001022"  # its fee is set by the unit


@pytest.fixture
def ward(services: Services) -> Services:
    """The unit's three kinds of account, and a dossier received by the administrator."""
    for username, role in ACCOUNTS.items():
        services.accounts.add_officer(username, f"Cán Bộ {username}", role, PASSWORD, "admin")
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    return services


def received(services: Services, officer: str = "admin") -> Dossier:
    return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), officer)


def _paid(services: Services) -> str:
    return services.payments.record_cash(received(services).code, "admin").reference


def _pending(services: Services) -> str:
    return services.payments.start_qr(received(services).code, "admin").reference


# One guarded action per permission: what the role tries, on the state it needs.
ACTIONS: dict[Permission, Callable[[Services, str], object]] = {
    Permission.UNIT: lambda s, who: s.accounts.set_lock_minutes(5, who),
    Permission.PRINTER: lambda s, who: s.printing.configure(None, 9600, "epson-tm-t82", who),
    Permission.SCANNER: lambda s, who: s.scanning.configure("/dev/ttyACM0", 9600, who),
    Permission.BANK_ACCOUNT: lambda s, who: s.payments.set_bank_account(
        "970436", "0011001234567", "UBND PHUONG MOI", who
    ),
    Permission.CATALOGUE: lambda s, who: s.catalogue.set_fee(PATERNITY, 15_000, who),
    Permission.CALENDAR: lambda s, who: s.reference.set_day(
        date(2026, 12, 31), False, "Nghỉ bù", who
    ),
    Permission.REFUND: lambda s, who: s.payments.refund(_paid(s), who, "Thu nhầm"),
    Permission.CONFIRM_PAYMENT: lambda s, who: s.payments.confirm(
        _pending(s), who, "Đã thấy tiền vào tài khoản"
    ),
    Permission.OTHERS_DOSSIERS: lambda s, who: s.dossiers.change_status(
        received(s).code, Status.WITHDRAWN, "Công dân rút hồ sơ", who
    ),
    Permission.OTHERS_WORK: lambda s, who: s.payments.report(s.clock.now(), who),
    Permission.ACCOUNTS: lambda s, who: s.accounts.add_officer(
        "cb.moi", "Cán Bộ Mới", "officer", PASSWORD, who
    ),
    Permission.ENROLMENT: lambda s, who: s.sync.enrol(
        "http://127.0.0.1:9", "ABCD-EFGH-JKMN", "quay", who
    ),
    Permission.QUEUE_SETTINGS: lambda s, who: s.queue.set_rating_scale(
        scale_to_json(DEFAULT_SCALE), who
    ),
}


def test_every_permission_has_a_guarded_action_tested() -> None:
    assert set(ACTIONS) == set(Permission)


def refusals(services: Services) -> list[dict[str, object]]:
    rows = services.db.execute(
        "SELECT officer, payload FROM events WHERE type = 'access.refused' ORDER BY seq"
    )
    return [{"officer": officer, **json.loads(payload)} for officer, payload in rows]


def _attempt(services: Services, permission: Permission, who: str) -> DomainError | None:
    try:
        ACTIONS[permission](services, who)
    except DomainError as error:
        return error
    except Exception:  # past the check: an action that needs a server, say
        return None
    return None


@pytest.mark.parametrize("permission", list(Permission))
def test_each_role_may_do_what_its_grants_say(ward: Services, permission: Permission) -> None:
    for username in [*ACCOUNTS, "nobody"]:
        role = ACCOUNTS.get(username)
        refused_before = len(refusals(ward))
        error = _attempt(ward, permission, username)
        if allowed(role, permission):
            assert error is None or error.code != "not_permitted", username
            assert len(refusals(ward)) == refused_before
            continue
        assert error is not None and error.code == "not_permitted", username
        assert error.params["permission"] == permission.value
        refusal = refusals(ward)[-1]
        assert refusal["officer"] == username and refusal["permission"] == permission.value
        assert refusal["role"] == role
        assert len(refusals(ward)) == refused_before + 1


def test_a_refused_action_writes_nothing_but_its_refusal(ward: Services) -> None:
    tables = ("settings", "officers", "payments", "dossiers", "calendar_overrides")
    counts = {
        t: ward.db.execute(f"SELECT count(*), max(rowid) FROM {t}").fetchone() for t in tables
    }
    settings = dict(ward.db.execute("SELECT key, value FROM settings").fetchall())
    for permission in (Permission.UNIT, Permission.BANK_ACCOUNT, Permission.CALENDAR):
        assert _attempt(ward, permission, "cb.lan") is not None
    assert {
        t: ward.db.execute(f"SELECT count(*), max(rowid) FROM {t}").fetchone() for t in tables
    } == counts
    assert dict(ward.db.execute("SELECT key, value FROM settings").fetchall()) == settings
    assert [r["permission"] for r in refusals(ward)] == ["unit", "bank_account", "calendar"]


def test_an_officer_closes_and_reschedules_only_their_own_dossiers(ward: Services) -> None:
    own = received(ward, "cb.lan")
    closed = ward.dossiers.change_status(own.code, Status.WITHDRAWN, "Công dân rút hồ sơ", "cb.lan")
    assert closed.status is Status.WITHDRAWN
    other = received(ward, "tp.minh")
    with pytest.raises(DomainError) as error:
        ward.dossiers.change_status(other.code, Status.STOPPED, "Thiếu giấy tờ", "cb.lan")
    assert error.value.code == "not_permitted"
    # Handing back another officer's result is every officer's work.
    ward.dossiers.change_status(other.code, Status.IN_PROCESSING, "", "cb.lan")
    assert ward.dossiers.get(other.code).status is Status.IN_PROCESSING
    ward.dossiers.change_status(other.code, Status.STOPPED, "Thiếu giấy tờ", "tp.minh")


def test_an_officer_lists_their_own_work_and_searches_everyones(ward: Services) -> None:
    own, other = received(ward, "cb.lan"), received(ward, "tp.minh")
    mine = ward.dossiers.listing(DossierQuery(officer="cb.lan"), "cb.lan")
    assert [d.code for d in mine] == [own.code]
    found = ward.dossiers.listing(DossierQuery(text=other.code), "cb.lan")
    assert [d.code for d in found] == [other.code]
    for query in (DossierQuery(), DossierQuery(officer="tp.minh")):
        with pytest.raises(DomainError) as error:
            ward.dossiers.listing(query, "cb.lan")
        assert error.value.code == "not_permitted"
    assert len(ward.dossiers.listing(DossierQuery(), "tp.minh")) == 2


def test_the_permissions_table_in_the_docs_is_the_code(tmp_path: Path) -> None:
    doc = Path(__file__).parents[2] / "docs" / "permissions.md"
    assert table_markdown() in doc.read_text(encoding="utf-8")
    assert set(GRANTS) == {"officer", "head", "admin"}


def test_dossiers_are_handed_over_by_their_officer_or_the_head(ward: Services) -> None:
    from counter_app.services import maintenance

    own, other = received(ward, "cb.lan"), received(ward, "tp.minh")
    moved = ward.dossiers.reassign(own.code, "qt.hoa", "Cán bộ nghỉ phép", "cb.lan")
    assert moved.officer == "qt.hoa"
    with pytest.raises(DomainError) as error:
        ward.dossiers.reassign(other.code, "cb.lan", "Nhận thay", "cb.lan")
    assert error.value.code == "not_permitted"
    for to, reason, code in (
        ("khong.co", "Nghỉ phép", "officer_unknown"),
        ("cb.lan", "\u200b ", "reassign_reason_required"),
        ("tp.minh", "Nghỉ phép", "reassign_same"),
    ):
        with pytest.raises(DomainError) as error:
            ward.dossiers.reassign(other.code, to, reason, "tp.minh")
        assert error.value.code == code
    ward.dossiers.reassign(other.code, "cb.lan", "Chia việc", "tp.minh")
    assert ward.dossiers.get(other.code).officer == "cb.lan"
    mine = ward.dossiers.listing(DossierQuery(officer="cb.lan"), "cb.lan")
    assert [d.code for d in mine] == [other.code]
    assert maintenance.check_database(ward.db).ok  # the replay knows the hand-over
    ward.db.execute("UPDATE dossiers SET officer = 'cb.lan' WHERE code = ?", [own.code])
    assert any(own.code in p for p in maintenance.check_database(ward.db).problems)
