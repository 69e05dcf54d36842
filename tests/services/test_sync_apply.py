"""Changes from the server applied locally: every kind, what is held, one page all or nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.payments import PaidBy, PaymentState
from counter_app.domain.reception import parse_reception
from counter_app.services.accounts import UnitSetup
from counter_app.services.maintenance import check_database
from counter_app.services.sync_state import CURSOR_KEY, SUCCESS_KEY, last_success
from counter_app.storage import events, officers, outbox, reference, settings
from counter_app.storage.database import transaction
from counter_app.sync.wire import Change, ChangeKind

Kind = ChangeKind


def change(
    number: int, kind: ChangeKind | str, payload: dict[str, Any], device: str | None = None
) -> Change:
    return Change(
        id=number,
        kind=kind,
        payload=payload,
        created_at="2026-11-23T09:00:00+07:00",
        device_id=device,
    )


def apply(services: Services, *changes: Change, cursor: int | None = None) -> Any:
    last = cursor if cursor is not None else (changes[-1].id if changes else 0)
    return services.sync.applier.apply_page(list(changes), last)


def held(services: Services) -> list[tuple[str, str]]:
    return [(h.kind, h.reason) for h in outbox.held(services.db)]


def event_types(services: Services, since: int) -> list[str]:
    rows = services.db.execute("SELECT type FROM events WHERE seq > ? ORDER BY seq", [since])
    return [row[0] for row in rows]


def last_seq(services: Services) -> int:
    return outbox.last_seq(services.db)


@pytest.fixture
def dossier(services: Services) -> Dossier:
    services.payments.set_bank_account("970436", "1017595600", "UBND Phuong Thu Nghiem", "admin")
    return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")


def assert_consistent(services: Services) -> None:
    report = check_database(services.db)
    assert report.problems == []


# --- the page and its cursor ---------------------------------------------------------


def test_a_page_and_its_cursor_are_applied_together(services: Services) -> None:
    hours = change(7, Kind.OFFICE_HOURS, {"periods": "07:00-11:30,13:30-17:00"})
    result = apply(services, hours, cursor=9)
    assert (result.applied, result.held) == (1, 0)
    assert services.sync.applier.cursor() == 9
    assert services.reference.working_hours().to_text() == "07:00-11:30,13:30-17:00"
    assert apply(services, hours, cursor=9).unchanged == 1  # delivered again: nothing new


@pytest.mark.parametrize("stored", ["abc", "", "12a", "-3"])
def test_a_cursor_that_does_not_read_pulls_from_the_start(services: Services, stored: str) -> None:
    with transaction(services.db):
        outbox.put(services.db, CURSOR_KEY, stored)
    assert services.sync.applier.cursor() == 0
    assert services.sync.status()["cursor"] is None
    apply(services, cursor=7)  # the next page writes it again
    assert services.sync.applier.cursor() == 7
    assert services.sync.status()["cursor"] == 7


def test_a_last_success_that_does_not_read_is_unknown(services: Services) -> None:
    assert last_success(services.db) is None  # before the first sync
    with transaction(services.db):
        outbox.put(services.db, SUCCESS_KEY, "2026-11-23T09:00:00+07:00")
    assert last_success(services.db) == datetime(2026, 11, 23, 9, tzinfo=VIETNAM)
    with transaction(services.db):
        outbox.put(services.db, SUCCESS_KEY, "not a time")
    assert last_success(services.db) is None


def test_a_page_that_fails_midway_leaves_nothing_behind(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = last_seq(services)
    applier = services.sync.applier
    real = applier._handlers[Kind.OFFICER]

    def crash(*args: Any) -> str:
        raise RuntimeError("the counter PC lost power here")

    monkeypatch.setitem(applier._handlers, Kind.OFFICER, crash)
    page = [
        change(1, Kind.OFFICE_HOURS, {"periods": "07:00-11:30,13:30-17:00"}),
        change(2, Kind.BANK_ACCOUNT, {"bin": "970436", "account": "0011001234567", "name": "X Y"}),
        change(
            3,
            Kind.OFFICER,
            {"username": "lan", "full_name": "Lê Lan", "role": "officer", "active": True},
        ),
    ]
    with pytest.raises(RuntimeError):
        apply(services, *page)
    assert services.sync.applier.cursor() == 0
    assert settings.get(services.db, "working_hours") is None
    assert services.payments.bank_account() is None
    assert last_seq(services) == before
    monkeypatch.setitem(applier._handlers, Kind.OFFICER, real)
    assert apply(services, *page).applied == 3  # the same page again, whole
    assert services.sync.applier.cursor() == 3


def test_a_change_that_cannot_be_applied_is_held_and_the_rest_applied(
    services: Services,
) -> None:
    page = [
        change(1, Kind.OFFICE_HOURS, {"periods": "not hours"}),
        change(2, Kind.OFFICER, {"username": "lan"}),  # no name, role...
        change(3, Kind.OFFICE_HOURS, {"periods": "07:30-11:30,13:00-17:00"}),
    ]
    result = apply(services, *page)
    assert (result.applied, result.held) == (1, 2)
    kinds = held(services)
    assert [kind for kind, _ in kinds] == ["calendar.hours", "officer"]
    assert kinds[1][1] == "change_unreadable"
    assert services.reference.working_hours().to_text() == "07:30-11:30,13:00-17:00"
    assert services.sync.applier.cursor() == 3
    assert services.sync.status()["held"] == 2


def test_a_kind_of_a_newer_server_is_held_with_its_payload_and_the_rest_applied(
    services: Services,
) -> None:
    newer = {"voice": "north", "speed": 1.0}
    page = [
        change(1, "queue.voice", newer),
        change(2, Kind.OFFICE_HOURS, {"periods": "07:30-11:30,13:00-17:00"}),
    ]
    before = last_seq(services)
    result = apply(services, *page)
    assert (result.applied, result.held) == (1, 1)
    assert services.sync.applier.cursor() == 2
    [kept] = outbox.held(services.db)
    assert (kept.change_id, kept.kind, kept.reason) == (1, "queue.voice", "change_kind_unknown")
    assert kept.payload == newer and "update the counter" in kept.detail
    assert event_types(services, before) == ["calendar.hours_set"]  # nothing of the unknown


def test_changes_held_for_a_kind_then_unknown_apply_once_the_counter_knows_it(
    services: Services,
) -> None:
    """An earlier version held these as of a newer server's kind; this version knows
    ``calendar.hours`` and ``officer``, not ``queue.voice``."""
    at = "2026-11-20T08:00:00+07:00"
    earlier = [
        (4, "calendar.hours", {"periods": "06:00-10:00"}),
        (5, "queue.voice", {"voice": "north"}),
        (6, "calendar.hours", {"periods": "07:30-11:30,13:00-17:00"}),
        (8, "officer", {"username": "lan"}),  # no name, no role
    ]
    with transaction(services.db):
        for number, kind, payload in earlier:
            outbox.hold(services.db, number, kind, "change_kind_unknown", "…", payload, at)
    before = last_seq(services)
    result = services.sync.applier.retry_held()
    assert (result.applied, result.held) == (2, 1)
    # In the order they came: the later office hours stand.
    assert services.reference.working_hours().to_text() == "07:30-11:30,13:00-17:00"
    assert event_types(services, before) == ["calendar.hours_set", "calendar.hours_set"]
    # Still unknown: kept as it was; known but wrong: held again with its own reason.
    assert held(services) == [
        ("queue.voice", "change_kind_unknown"),
        ("officer", "change_unreadable"),
    ]
    assert [h.change_id for h in outbox.held(services.db)] == [5, 8]
    again = services.sync.applier.retry_held()
    assert (again.applied, again.held) == (0, 0)  # nothing applied twice
    assert event_types(services, before) == ["calendar.hours_set", "calendar.hours_set"]


def test_a_change_held_for_its_kind_is_applied_later_as_it_was_addressed(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version that did not know ``payment.confirmed`` held one addressed to this
    counter, of a reference it does not know. Once updated, it applied it as the ward's:
    taken for another counter's payment, left alone and the held change released, so
    the bank's word for this counter was lost. Applied as addressed, it is held again
    for the administrator; a ward-wide one of another counter's payment is still left
    alone."""
    applier = services.sync.applier
    monkeypatch.delitem(applier._handlers, Kind.PAYMENT_CONFIRMED)  # the earlier version
    unknown = confirmation("QMC" + "7" * 16, 10_000)
    apply(
        services,
        change(1, Kind.PAYMENT_CONFIRMED, unknown, "me"),
        change(2, Kind.PAYMENT_CONFIRMED, {**unknown, "bank_transaction": "FT2"}),
    )
    assert held(services) == [("payment.confirmed", "change_kind_unknown")] * 2
    monkeypatch.undo()  # updated: the kind is known
    result = applier.retry_held()
    assert (result.applied, result.unchanged, result.held) == (0, 1, 1)
    [kept] = outbox.held(services.db)
    assert (kept.change_id, kept.kind) == (1, "payment.confirmed")
    assert kept.reason != "change_kind_unknown"
    assert applier.retry_held().held == 0  # held for its own reason now: not retried


def test_a_page_that_commits_after_a_later_one_moves_nothing_back(services: Services) -> None:
    """Two pulls of one database at once (the worker and ``sync --once``): the one that
    asked first commits last, its page older than the cursor the other one stored."""
    older = change(1, Kind.OFFICE_HOURS, {"periods": "06:00-10:00"})
    newer = change(2, Kind.OFFICE_HOURS, {"periods": "07:00-11:30,13:30-17:00"})
    assert apply(services, older, newer).applied == 2  # the second pull's pages, first
    written = last_seq(services)
    late = apply(services, older)  # the first pull's page, committed last
    assert (late.applied, late.unchanged, late.held) == (0, 1, 0)
    assert services.sync.applier.cursor() == 2
    assert settings.get(services.db, "working_hours") == "07:00-11:30,13:30-17:00"
    assert last_seq(services) == written  # nothing applied again
    overlapping = change(3, Kind.OFFICE_HOURS, {"periods": "07:30-11:30,13:00-17:00"})
    result = apply(services, newer, overlapping)
    assert (result.applied, result.unchanged) == (1, 1)
    assert services.sync.applier.cursor() == 3
    assert event_types(services, written) == ["calendar.hours_set"]


# --- reference data ------------------------------------------------------------------


def stored_procedure(services: Services, code: str, version: int = 1) -> dict[str, Any]:
    row = services.db.execute(
        "SELECT data FROM procedures WHERE code = ? AND version = ?", [code, version]
    ).fetchone()
    return dict(json.loads(row[0]))


def test_a_new_procedure_version_arrives_and_prices_from_its_day(services: Services) -> None:
    record = stored_procedure(services, "2.000815")
    newer = {
        **record,
        "version": 2,
        "effective_from": "2027-01-01",
        "name": record["name"] + " (2027)",
    }
    assert apply(services, change(1, Kind.PROCEDURE, newer)).applied == 1
    catalogue = services.reference.catalogue()
    assert catalogue.get("2.000815", date(2027, 1, 2)).version == 2
    assert catalogue.get("2.000815", date(2026, 12, 31)).version == 1
    assert event_types(services, 0)[-1] == "catalogue.procedure_received"


def test_a_version_dossiers_were_priced_with_keeps_its_content(
    services: Services, dossier: Dossier
) -> None:
    record = stored_procedure(services, "2.000815")
    changed = {**record, "name": "Tên khác"}
    result = apply(services, change(1, Kind.PROCEDURE, changed))
    assert result.held == 1
    assert held(services) == [("catalogue.procedure", "procedure_version_in_use")]
    assert stored_procedure(services, "2.000815") == record
    ended = {**record, "effective_to": "2027-06-30"}  # only its last day may be set
    assert apply(services, change(2, Kind.PROCEDURE, ended)).applied == 1
    assert reference.dossiers_priced_with(services.db, "2.000815", 1)


def test_a_fee_version_made_on_this_counter_is_not_replaced(services: Services) -> None:
    made = services.catalogue.set_fee("1.001022", 5_000, "admin")
    record = stored_procedure(services, "1.001022", made.version)
    other = {**record, "name": "Bản của thành phố"}
    assert apply(services, change(1, Kind.PROCEDURE, other)).held == 1
    assert held(services) == [("catalogue.procedure", "procedure_version_local")]


def test_a_procedure_that_would_break_the_catalogue_is_held(services: Services) -> None:
    record = stored_procedure(services, "2.000815")
    overlapping = {**record, "version": 2, "effective_from": record["effective_from"]}
    assert apply(services, change(1, Kind.PROCEDURE, overlapping)).held == 1
    assert services.reference.catalogue().get("2.000815", date(2026, 11, 23)).version == 1


def test_calendar_days_from_the_city_and_the_administrators_own(services: Services) -> None:
    day = {"day": "2026-12-24", "working": False, "name": "Nghỉ bù", "source": "QĐ 1/2026"}
    assert apply(services, change(1, Kind.CALENDAR_DAY, day)).applied == 1
    [row] = reference.calendar_overrides(services.db, date(2026, 12, 24))
    assert (row.origin, row.officer, row.working) == ("city", "central", False)
    assert not services.reference.calendar().is_working_day(date(2026, 12, 24))
    cleared = change(2, Kind.CALENDAR_DAY_CLEARED, {"day": "2026-12-24"})
    assert apply(services, cleared).applied == 1
    assert reference.calendar_overrides(services.db, date(2026, 12, 24)) == []
    # The administrator's own entry is local work: kept, the city's contrary one held.
    services.reference.set_day(date(2026, 12, 28), True, "Làm bù", "admin")
    contrary = {"day": "2026-12-28", "working": False, "name": "Nghỉ", "source": ""}
    assert apply(services, change(3, Kind.CALENDAR_DAY, contrary)).held == 1
    clear = change(4, Kind.CALENDAR_DAY_CLEARED, {"day": "2026-12-28"})
    assert apply(services, clear).unchanged == 1
    [kept] = reference.calendar_overrides(services.db, date(2026, 12, 28))
    assert (kept.origin, kept.working) == ("administrator", True)


def test_a_calendar_day_out_of_the_counters_range_is_held(services: Services) -> None:
    """The administrator cannot set 9999-12-31 (1900-2100 only); the city's was stored."""
    for number, text in enumerate(("9999-12-31", "0001-01-01"), start=1):
        day = {"day": text, "working": False, "name": "Nghỉ", "source": ""}
        assert apply(services, change(number, Kind.CALENDAR_DAY, day)).held == 1
        assert reference.calendar_overrides(services.db, date.fromisoformat(text)) == []
    assert held(services) == [("calendar.day", "date_out_of_range")] * 2
    assert_consistent(services)


def test_a_confirmed_year_from_the_city(services: Services) -> None:
    days = [{"day": "2027-01-01", "working": False, "name": "Tết Dương lịch", "source": ""}]
    year = {"year": 2027, "source": "Thông báo 1/TB-BNV", "days": days}
    assert apply(services, change(1, Kind.CALENDAR_YEAR, year)).applied == 1
    [row] = [r for r in reference.calendar_confirmations(services.db) if r.year == 2027]
    assert (row.origin, row.source, len(row.days)) == ("city", "Thông báo 1/TB-BNV", 1)
    assert apply(services, change(2, Kind.CALENDAR_YEAR, year)).unchanged == 1
    more = {**year, "days": [*days, {**days[0], "day": "2027-01-02", "name": "Nghỉ bù"}]}
    assert (
        apply(services, change(3, Kind.CALENDAR_YEAR, more)).applied == 1
    )  # the city's own: replaced


def test_the_wards_bank_account(services: Services) -> None:
    account = {"bin": "970436", "account": "0011 0012 34567", "name": "ubnd phuong a"}
    assert apply(services, change(1, Kind.BANK_ACCOUNT, account)).applied == 1
    stored = services.payments.bank_account()
    assert stored is not None and (stored.account, stored.name) == (
        "0011001234567",
        "UBND PHUONG A",
    )
    assert apply(services, change(2, Kind.BANK_ACCOUNT, account)).unchanged == 1
    bad = {"bin": "123456", "account": "1", "name": "X"}
    assert apply(services, change(3, Kind.BANK_ACCOUNT, bad)).held == 1
    assert_consistent(services)  # db check: the settings are what the last event says


# --- officers and the counter --------------------------------------------------------


def test_officers_are_added_without_a_password_and_updated_without_touching_it(
    services: Services,
) -> None:
    setup = UnitSetup(
        "000.00.01.H26", "UBND Phường Thử", "Hà Nội", 1, "admin", "Quản Trị", "mat-khau-1"
    )
    services.accounts.complete_setup(setup)
    lan = {"username": "lan.le", "full_name": "Lê Thị Lan", "role": "officer", "active": True}
    assert apply(services, change(1, Kind.OFFICER, lan)).applied == 1
    added = officers.by_username(services.db, "lan.le")
    assert added is not None and added.password_hash is None  # an administrator sets one
    admin = officers.by_username(services.db, "admin")
    assert admin is not None and admin.password_hash is not None
    renamed = {"username": "admin", "full_name": "Quản Trị Mới", "role": "admin", "active": True}
    assert apply(services, change(2, Kind.OFFICER, renamed)).applied == 1
    after = officers.by_username(services.db, "admin")
    assert after is not None
    assert (after.full_name, after.password_hash) == ("Quản Trị Mới", admin.password_hash)
    # The only administrator who can log in is not disabled from afar.
    disabled = {**renamed, "active": False}
    assert apply(services, change(3, Kind.OFFICER, disabled)).held == 1
    assert held(services) == [("officer", "officer_last_administrator")]


def counter(number: int, first: int, last: int) -> dict[str, Any]:
    return {"counter_number": number, "sequence_block": {"first": first, "last": last}}


def test_a_counter_change_applies_from_the_next_start(services: Services) -> None:
    assert apply(services, change(1, Kind.COUNTER, counter(3, 3000, 3999))).applied == 1
    values = settings.get_all(services.db)
    assert (values["counter_number"], values["sequence_first"]) == ("3", "3000")
    assert services.unit.counter_number == 1  # the running program keeps its unit
    status = services.sync.status()
    assert status["restart_needed"] and status["counter_number"] == 3
    assert_consistent(services)  # db check: the settings are what the event says


def test_a_block_below_todays_numbers_waits_for_another_day(
    services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    assert dossier.code.endswith("-1000")  # counter 1 numbers from 1000
    lower = change(1, Kind.COUNTER, counter(2, 100, 999))
    assert apply(services, lower).held == 1
    assert held(services) == [("unit.counter", "counter_block_below_today")]
    assert settings.get(services.db, "sequence_first") is None
    assert services.sync.applier.retry_held().applied == 0  # still today
    clock.advance(timedelta(days=1))
    assert services.sync.applier.retry_held().applied == 1
    assert settings.get(services.db, "sequence_first") == "100"
    assert held(services) == []
    assert_consistent(services)


# --- dossiers and payments -----------------------------------------------------------


def status_change(code: str, status: str, reason: str = "") -> dict[str, Any]:
    return {
        "code": code,
        "status": status,
        "reason": reason,
        "officer": "bo.phan.tu.phap",
        "at": "2026-11-23T10:00:00+07:00",
    }


def test_a_back_office_status_change(services: Services, dossier: Dossier) -> None:
    moved = change(1, Kind.DOSSIER_STATUS, status_change(dossier.code, "in_processing"), "me")
    result = apply(services, moved)
    assert (result.applied, result.dossiers_moved) == (1, 1)
    now = services.dossiers.get(dossier.code)
    assert now.status is Status.IN_PROCESSING
    assert now.history[-1].officer == "bo.phan.tu.phap"
    assert apply(services, moved).unchanged == 1
    assert_consistent(services)


def test_a_transition_the_machine_refuses_is_held_not_applied(
    services: Services, dossier: Dossier
) -> None:
    services.dossiers.change_status(dossier.code, Status.RESULT_READY, "", "admin")
    services.dossiers.change_status(dossier.code, Status.RETURNED, "", "admin")  # local work
    late = change(1, Kind.DOSSIER_STATUS, status_change(dossier.code, "in_processing"), "me")
    other = change(2, Kind.OFFICE_HOURS, {"periods": "07:00-11:00,13:00-17:00"})
    result = apply(services, late, other)
    assert (result.applied, result.held) == (1, 1)
    assert held(services) == [("dossier.status", "status_transition_invalid")]
    assert services.dossiers.get(dossier.code).status is Status.RETURNED


def test_a_ward_wide_change_of_another_counters_dossier_is_not_ours(services: Services) -> None:
    theirs = status_change("000.00.00.Z99-261123-2000", "in_processing")
    assert apply(services, change(1, Kind.DOSSIER_STATUS, theirs)).unchanged == 1
    assert apply(services, change(2, Kind.DOSSIER_STATUS, theirs, "me")).held == 1


def confirmation(
    reference_text: str, amount: int, transaction: str = "FT26327001"
) -> dict[str, Any]:
    return {
        "reference": reference_text,
        "amount": amount,
        "bank_transaction": transaction,
        "paid_at": "2026-11-23T09:05:00+07:00",
    }


def test_a_payment_confirmation_pays_it_once(services: Services, dossier: Dossier) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    paid = change(1, Kind.PAYMENT_CONFIRMED, confirmation(payment.reference, 10_000), "me")
    result = apply(services, paid)
    assert (result.applied, result.payments_paid) == (1, 1)
    now = services.payments.get(payment.reference)
    assert (now.state, now.paid_by, now.bank_transaction) == (
        PaymentState.PAID,
        PaidBy.BANK,
        "FT26327001",
    )
    before = last_seq(services)
    again = apply(
        services, change(2, Kind.PAYMENT_CONFIRMED, confirmation(payment.reference, 10_000), "me")
    )
    assert (again.unchanged, again.payments_paid, again.held) == (1, 0, 0)  # a duplicate
    assert last_seq(services) == before
    other = apply(
        services,
        change(3, Kind.PAYMENT_CONFIRMED, confirmation(payment.reference, 10_000, "FT2"), "me"),
    )
    assert other.held == 1  # paid already by another transfer: the administrator looks
    assert_consistent(services)


def test_a_confirmation_of_the_wrong_amount_is_held(services: Services, dossier: Dossier) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    wrong = change(1, Kind.PAYMENT_CONFIRMED, confirmation(payment.reference, 9_000), "me")
    assert apply(services, wrong).held == 1
    assert held(services) == [("payment.confirmed", "payment_amount_mismatch")]
    assert services.payments.get(payment.reference).state is PaymentState.PENDING


def test_applied_changes_write_events_that_are_pushed_like_any_other(services: Services) -> None:
    before = outbox.waiting(services.db)
    apply(services, change(1, Kind.OFFICE_HOURS, {"periods": "07:00-11:00,13:00-17:00"}))
    assert outbox.waiting(services.db) == before + 1
    assert events.verify_chain(services.db) == []


@pytest.mark.parametrize(
    ("first", "last", "applied"),
    [
        (2000, 2999, True),  # wholly above: starts afresh above everything given today
        (1000, 2999, True),  # holds today's numbers and the rest of the block: continues
        (1000, 1499, False),  # the running program may go on to 1999 before its restart
        (1, 999, False),  # below a number given today
    ],
)
def test_a_block_applies_today_only_when_no_number_can_repeat(
    services: Services, dossier: Dossier, first: int, last: int, applied: bool
) -> None:
    assert dossier.code.endswith("-1000")
    result = apply(services, change(1, Kind.COUNTER, counter(2, first, last)))
    assert (result.applied, result.held) == ((1, 0) if applied else (0, 1))
