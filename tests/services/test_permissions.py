"""Roles enforced by the services: every guarded action, for every role, on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.domain.dossiers import Status
from counter_app.domain.errors import DomainError
from counter_app.services.dossiers import DossierQuery
from counter_app.services.permissions import GRANTS, Permission, allowed, table_markdown
from tests.reliability.roles import ACCOUNTS, ACTIONS, attempt, received, set_up_ward


@pytest.fixture
def ward(services: Services) -> Services:
    """The unit's three kinds of account, and the ward's bank account."""
    return set_up_ward(services)


def test_every_permission_has_a_guarded_action_tested() -> None:
    assert set(ACTIONS) == set(Permission)


def refusals(services: Services) -> list[dict[str, object]]:
    rows = services.db.execute(
        "SELECT officer, payload FROM events WHERE type = 'access.refused' ORDER BY seq"
    )
    return [{"officer": officer, **json.loads(payload)} for officer, payload in rows]


@pytest.mark.parametrize("permission", list(Permission))
def test_each_role_may_do_what_its_grants_say(ward: Services, permission: Permission) -> None:
    for username in [*ACCOUNTS, "nobody"]:
        role = ACCOUNTS.get(username)
        refused_before = len(refusals(ward))
        error = attempt(ward, permission, username)
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
        assert attempt(ward, permission, "cb.lan") is not None
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
