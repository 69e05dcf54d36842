"""``db check`` rebuilds dossiers, history and payments from the event log and names
every difference: a direct edit of the tables is found, a row it cannot read is
reported (never echoed), and a store written only through the services checks ok."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import timedelta

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.payments import Payment
from counter_app.domain.reception import parse_reception
from counter_app.services import maintenance
from counter_app.services.consistency import field_differences
from counter_app.services.replay import Moment, Replay, replay_dossier, replay_payment
from counter_app.storage import audit
from counter_app.storage.audit import LoggedEvent, StoredRow
from counter_app.storage.database import transaction

PATERNITY = "1.001022"  # received before its fee is set, priced later
PERSONAL = ("Nguyễn Văn An", "001090123456", "0912345678", "Hàng Bạc", "Trần Thị Bích")


@dataclass(frozen=True)
class Store:
    """A store with a past: the dossier ``main`` and its payment ``paid`` are edited."""

    main: Dossier
    paid: Payment
    stopped: Dossier


def receive(services: Services, **changes: object) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return services.reception.receive(parse_reception(document), "admin")


def move(services: Services, dossier: Dossier, *steps: tuple[Status, str]) -> None:
    for status, reason in steps:
        services.dossiers.change_status(dossier.code, status, reason, "admin")


@pytest.fixture
def store(services: Services, clock: FakeClock) -> Store:
    payments = services.payments
    payments.set_bank_account("970436", "1017595600", "UBND PHUONG MAU", "admin")
    main = receive(services)
    clock.advance(timedelta(minutes=7, seconds=13, microseconds=250))
    move(services, main, (Status.IN_PROCESSING, ""))
    services.dossiers.reschedule(
        main.code, main.due_at + timedelta(days=2), "Chờ xác minh", "admin"
    )
    first = payments.start_qr(main.code, "admin")
    clock.advance(timedelta(minutes=2))
    second = payments.start_qr(main.code, "admin")  # the first is cancelled
    assert payments.get(first.reference).state.value == "cancelled"
    paid = payments.bank_notification(second.reference, second.amount, "FT2632701234", clock.now())
    payments.receipt_number(paid.reference, "admin")
    move(services, main, (Status.RESULT_READY, ""))

    cash = receive(services, delegate={"full_name": "Trần Thị Bích", "phone": "0987654321"})
    refund = payments.record_cash(cash.code, "admin")
    payments.refund(refund.reference, "admin", "Thu nhầm")
    confirmed = receive(services)
    payments.confirm(payments.start_qr(confirmed.code, "admin").reference, "admin", "Đã thấy")
    expiring = receive(services)
    payments.start_qr(expiring.code, "admin")
    clock.advance(timedelta(minutes=20))
    assert len(payments.expire()) == 1

    stopped = receive(services)
    clock.advance(timedelta(hours=1))
    move(
        services,
        stopped,
        (Status.IN_PROCESSING, ""),
        (Status.SUPPLEMENT_REQUESTED, "Thiếu giấy tờ"),
        (Status.STOPPED, "Không bổ sung"),
    )
    move(services, receive(services), (Status.REFUSED, "Không thuộc thẩm quyền"))
    priced = receive(services, procedure=PATERNITY, documents=None, fee=None)
    services.catalogue.set_fee(PATERNITY, 15_000, "admin")
    services.reception.determine_fee(priced.code, "admin")
    return Store(services.dossiers.get(main.code), paid, stopped)


def problems(services: Services) -> list[str]:
    report = maintenance.check_database(services.db)
    assert report.ok is not bool(report.problems)
    for line in report.problems:  # one line each, and no personal data in any
        assert "\n" not in line
        assert not any(value in line for value in PERSONAL), line
    return report.problems


def edit(services: Services, sql: str, *params: object) -> None:
    with transaction(services.db):
        services.db.execute(sql, list(params))


def test_a_store_written_by_the_services_checks_ok(services: Services, store: Store) -> None:
    report = maintenance.check_database(services.db)
    assert report.ok, report.problems
    assert report.facts["payments"] == 5  # one cancelled, paid, refunded, confirmed, expired
    assert report.facts["dossier_history"] == 7 + 2 + 3 + 1  # receptions, then changes


def test_a_status_edited_in_the_table_is_named(services: Services, store: Store) -> None:
    edit(services, "UPDATE dossiers SET status = 'returned' WHERE id = ?", store.main.id)
    assert problems(services) == [
        f"dossier {store.main.code}: status is 'returned' in the table but 'result_ready'"
        " by its events"
    ]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE dossiers SET applicant_name = 'Trần Thị Bích'", ["applicant_name differs"]),
        (
            "UPDATE dossiers SET applicant = json_set(applicant, '$.full_name', 'Trần Thị Bích')",
            ["applicant full_name differs"],
        ),
        ("UPDATE dossiers SET fee_total = 0", ["fee_total is 0 in the table but 10000"]),
        (
            "UPDATE dossiers SET fee = json_set(fee, '$.lines[0].amount', 0)",
            ["fee lines differs"],
        ),
        ("UPDATE dossiers SET due_at = '2026-11-23T17:00:00+07:00'", ["due_at is '2026-11-23"]),
        ("UPDATE dossiers SET lookup_secret = 'AAAAAA'", ["lookup_secret differs"]),
        ("UPDATE dossiers SET channel = 'online'", ["channel is 'online' in the table"]),
        ("UPDATE dossiers SET sets = 3, note = 'x'", ["sets is 3 in", "note differs"]),
    ],
)
def test_an_edited_dossier_field_is_named(
    services: Services, store: Store, sql: str, expected: list[str]
) -> None:
    edit(services, f"{sql} WHERE id = ?", store.main.id)
    found = problems(services)
    assert len(found) == len(expected), found
    for line, fragment in zip(found, expected, strict=True):
        assert line.startswith(f"dossier {store.main.code}: {fragment}"), line


def test_a_search_index_entry_that_hides_the_dossier_is_named(
    services: Services, store: Store
) -> None:
    seq = services.db.execute("SELECT seq FROM dossiers WHERE id = ?", [store.main.id])
    edit(services, "UPDATE dossier_search SET text = 'x' WHERE rowid = ?", seq.fetchone()[0])
    assert problems(services) == [
        f"dossier {store.main.code}: search index entry differs from its events"
    ]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE payments SET state = 'pending'", "state is 'pending' in the table but 'paid'"),
        ("UPDATE payments SET amount = 1000", "amount is 1000 in the table but 10000"),
        ("UPDATE payments SET receipt_number = '0000099'", "receipt_number is '0000099'"),
        ("UPDATE payments SET bank_transaction = 'FT1'", "bank_transaction differs"),
        ("UPDATE payments SET qr_payload = '000201'", "qr_payload differs"),
        ("UPDATE payments SET paid_at = NULL", "paid_at is empty in the table but '2026-11-23"),
    ],
)
def test_an_edited_payment_is_named(
    services: Services, store: Store, sql: str, expected: str
) -> None:
    edit(services, f"{sql} WHERE id = ?", store.paid.id)
    found = problems(services)
    assert len(found) == 1, found
    assert found[0].startswith(f"payment {store.paid.reference}: {expected}"), found


def test_a_deleted_payment_row_is_named(services: Services, store: Store) -> None:
    edit(services, "DELETE FROM payments WHERE id = ?", store.paid.id)
    assert problems(services) == [
        f"payment {store.paid.reference}: its events say it was made but it has no row"
    ]


def history_ids(services: Services, dossier: Dossier) -> list[int]:
    rows = services.db.execute(
        "SELECT id FROM dossier_history WHERE dossier_id = ? ORDER BY id", [dossier.id]
    )
    return [row[0] for row in rows]


def test_a_deleted_history_row_is_named(services: Services, store: Store) -> None:
    last = history_ids(services, store.stopped)[-1]
    edit(services, "DELETE FROM dossier_history WHERE id = ?", last)
    (line,) = problems(services)
    assert line.startswith(f"dossier {store.stopped.code}: the history entry of event ")
    assert line.endswith(" (supplement_requested → stopped) is missing")


def test_a_history_row_added_without_event_is_named(services: Services, store: Store) -> None:
    edit(
        services,
        "INSERT INTO dossier_history (dossier_id, at, officer, from_status, to_status, reason,"
        " event_id) VALUES (?, '2026-11-23T10:00:00+07:00', 'admin', 'result_ready',"
        " 'returned', '', 'no-such-event')",
        store.main.id,
    )
    added = history_ids(services, store.main)[-1]
    assert problems(services) == [f"dossier {store.main.code}: history entry {added} has no event"]


def test_an_edited_history_row_is_named(services: Services, store: Store) -> None:
    second = history_ids(services, store.stopped)[1]
    edit(
        services, "UPDATE dossier_history SET reason = 'x', at = '2026-01-01' WHERE id = ?", second
    )
    moment = services.db.execute(
        "SELECT created_at FROM events WHERE id = (SELECT event_id FROM dossier_history"
        " WHERE id = ?)",
        [second],
    ).fetchone()[0]
    entry = f"dossier {store.stopped.code}: history entry {second}"
    assert problems(services) == [
        f"{entry}: at is '2026-01-01T00:00:00' in the table but '{moment}' by its event",
        f"{entry}: reason differs from its event",
    ]


def test_a_row_without_events_is_named(services: Services, store: Store) -> None:
    columns = [
        row[1] for row in services.db.execute("PRAGMA table_info(dossiers)") if row[1] != "seq"
    ]
    copied = ", ".join(
        {"id": "'copy-id'", "code": "code || 'X'"}.get(name, name) for name in columns
    )
    edit(
        services,
        f"INSERT INTO dossiers ({', '.join(columns)}) SELECT {copied} FROM dossiers WHERE id = ?",
        store.main.id,
    )
    assert f"dossier {store.main.code}X has no reception event" in problems(services)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("applicant", "{broken Nguyễn Văn An"),  # JSON that does not decode
        ("applicant", '{"full_name": null}'),  # a NULL where a name must be
        ("documents", '[{"name": "x"}]'),
        ("fee", "[]"),
        ("status", "lost"),
        ("received_at", "yesterday"),
        ("fee_total", "ten thousand"),
        ("fee_determined", 7),
    ],
)
def test_a_row_that_cannot_be_read_is_named_not_echoed(
    services: Services, store: Store, column: str, value: object
) -> None:
    edit(services, f"UPDATE dossiers SET {column} = ? WHERE id = ?", value, store.main.id)
    found = problems(services)
    assert found == [f"dossier {store.main.code}: the {column} column cannot be read"]
    assert not any(str(value) in line for line in found)


NOT_UTF8 = "Nguy\xe1\xbb\x85n V\xc4\x83n An 001090123456 H\xc3\xa0ng B\xe1\xba\xa1c \xff".encode(
    "latin-1"
)


@pytest.mark.parametrize(
    ("table", "column", "label"),
    [
        ("dossiers", "applicant", "dossier"),
        ("dossiers", "applicant_name", "dossier"),
        ("dossiers", "note", "dossier"),
    ],
)
def test_text_that_is_not_utf8_is_named_never_echoed(
    services: Services, store: Store, table: str, column: str, label: str
) -> None:
    """sqlite3's own decode error quotes the row's text (a citizen's name and number);
    the check names the column and goes on to the other rows."""
    edit(
        services,
        f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE id = ?",
        NOT_UTF8,
        store.main.id,
    )
    edit(services, "UPDATE dossiers SET status = 'returned' WHERE id = ?", store.stopped.id)
    found = problems(services)
    assert f"{label} {store.main.code}: the {column} column cannot be read" in found
    assert any(line.startswith(f"dossier {store.stopped.code}: status") for line in found)
    assert not any("001090123456" in line or "\ufffd" in line for line in found)


def test_a_history_reason_or_payer_that_is_not_utf8_is_named(
    services: Services, store: Store
) -> None:
    edit(
        services,
        "UPDATE dossier_history SET reason = CAST(? AS TEXT) WHERE id = "
        "(SELECT max(id) FROM dossier_history WHERE dossier_id = ?)",
        NOT_UTF8,
        store.stopped.id,
    )
    edit(
        services,
        "UPDATE payments SET paid_by = CAST(? AS TEXT) WHERE reference = ?",
        NOT_UTF8,
        store.paid.reference,
    )
    found = problems(services)
    assert any("reason column cannot be read" in line for line in found), found
    assert any(
        line.startswith(f"payment {store.paid.reference}") and "paid_by" in line for line in found
    ), found


def test_a_setting_that_is_not_utf8_is_named_by_its_key(services: Services, store: Store) -> None:
    edit(services, "UPDATE settings SET value = CAST(? AS TEXT) WHERE key = 'unit_name'", NOT_UTF8)
    assert "settings: unit_name does not read (its text is not UTF-8)" in problems(services)


def test_other_tables_text_that_is_not_utf8_is_named_by_row(
    services: Services, store: Store
) -> None:
    edit(services, "UPDATE officers SET full_name = CAST(? AS TEXT)", NOT_UTF8)
    found = problems(services)
    assert found == [
        f"officers: row {rowid} holds text that is not UTF-8"
        for (rowid,) in services.db.execute("SELECT rowid FROM officers ORDER BY rowid")
    ]


def test_a_day_written_as_a_number_is_a_damaged_numbering_row(
    services: Services, store: Store
) -> None:
    edit(services, "INSERT INTO dossier_sequences VALUES ('000.00.00.Z99', 20261123, 5)")
    rowid = services.db.execute("SELECT max(rowid) FROM dossier_sequences").fetchone()[0]
    assert problems(services) == [f"dossier_sequences: row {rowid} does not read"]


def test_a_day_s_sequence_below_its_codes_is_named(services: Services, store: Store) -> None:
    edit(services, "UPDATE dossier_sequences SET last_used = 1000")
    highest = services.db.execute("SELECT max(code) FROM dossiers").fetchone()[0]
    assert problems(services) == [
        "dossier numbering of 000.00.00.Z99 on 2026-11-23: the stored sequence (1000) is "
        f"below the day's highest code ({highest})"
    ]


def test_the_bank_account_edited_in_the_settings_is_named(services: Services, store: Store) -> None:
    edit(services, "UPDATE settings SET value = '9999999999' WHERE key = 'bank_account'")
    assert problems(services) == ["settings: bank_account differs from its last event"]


BLOCK_EDITED = "settings: the block of dossier numbers is {}, but its last event set 1000–1999"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "UPDATE settings SET value = '000.00.00.Z98' WHERE key = 'agency_id'",
            ["settings: agency_id is 000.00.00.Z98, but its last event set 000.00.00.Z99"],
        ),
        (
            "UPDATE settings SET value = '7' WHERE key = 'counter_number'",
            [  # and with it counter 7's own block, by default
                "settings: counter_number is 7, but its last event set 1",
                BLOCK_EDITED.format("7000–7999"),
            ],
        ),
        (
            "INSERT INTO settings VALUES ('sequence_first', '1'), ('sequence_last', '9999')",
            [BLOCK_EDITED.format("0001–9999")],
        ),
    ],
    ids=["agency", "counter", "block"],
)
def test_the_unit_s_numbering_edited_in_the_settings_is_named(
    services: Services, store: Store, sql: str, expected: list[str]
) -> None:
    """They decide every code the counter gives next: another unit's, or another
    counter's, with nothing in the log saying why."""
    assert problems(services) == []
    edit(services, sql)
    assert problems(services) == expected


def test_a_counter_change_recorded_with_its_event_is_no_problem(
    services: Services, store: Store
) -> None:
    from counter_app.services.demo import whole_sequence_space

    whole_sequence_space(services.db, services.unit.device_id, services.clock.now())
    assert problems(services) == []


def test_an_event_that_cannot_be_read_is_named(services: Services, store: Store) -> None:
    """Rewritten by someone who dropped the guard: the chain says so, and the replay
    names the event instead of failing."""
    event = services.db.execute(
        "SELECT seq FROM events WHERE aggregate_id = ? AND type = 'dossier.status_changed'",
        [store.stopped.id],
    ).fetchone()[0]
    with transaction(services.db):
        services.db.execute("DROP TRIGGER events_append_only_update")
        services.db.execute("UPDATE events SET payload = '{\"to\": 1' WHERE seq = ?", [event])
    assert problems(services) == [
        f"event {event} was changed after it was written",
        f"dossier {store.stopped.code}: event {event} (dossier.status_changed) cannot be read",
    ]


def test_a_long_list_of_problems_is_cut(
    services: Services, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(maintenance, "MAX_PROBLEMS", 2)
    edit(services, "UPDATE dossiers SET note = 'x'")
    found = problems(services)
    assert len(found) == 3 and found[-1] == "and 5 more problems not listed"


# --- migration 0006: the one change made without an event ------------------------------


def old_reception(services: Services, exempted: bool = False) -> tuple[Replay, StoredRow]:
    """A dossier as 0006 left it, and its reception event as the code before 0006 wrote
    it: the fee not yet set priced as a 0 đ line, no "determined", no "unset"."""
    dossier = receive(services, procedure=PATERNITY, documents=None, fee=None)
    (rows,) = [rows for rows in audit.dossier_rows(services.db) if rows.id == dossier.id]
    assert rows.row is not None
    event = rows.events[0]
    assert event.payload is not None
    fee = event.payload["fee"]
    label = fee["unset"][0]
    line = {"rule": "fee", "label": label, "quantity": 1, "unit_amount": 0, "amount": 0}
    old_fee = {"total": 0, "lines": [line], "exempted_by": "poor" if exempted else None}
    old = event._replace(payload={**event.payload, "fee": {**old_fee, "request": fee["request"]}})
    return replay_dossier([old], {(PATERNITY, dossier.procedure_version): frozenset({"fee"})}), (
        rows.row
    )


def test_a_dossier_that_0006_made_not_determined_checks_ok(services: Services) -> None:
    replay, row = old_reception(services)
    assert replay.fields["fee_determined"] is False
    assert field_differences(replay.fields, row) == []


def test_0006_never_touched_an_exempted_dossier(services: Services) -> None:
    replay, row = old_reception(services, exempted=True)
    assert replay.fields["fee_determined"] is True
    assert field_differences(replay.fields, row) == [
        "fee_determined is 0 in the table but 1 by its events",
        "fee exempted_by differs from its events",
        "fee lines differs from its events",
        "fee unset differs from its events",
    ]


# --- payment events from before their payload carried the times -------------------------


def old_payment_events(services: Services, store: Store) -> list[LoggedEvent]:
    """The events of the bank-paid payment as written before they carried the QR, the
    times and the bank transaction."""
    (rows,) = [rows for rows in audit.payment_rows(services.db) if rows.id == store.paid.id]
    later = ("qr_payload", "expires_at", "paid_at", "confirmed_by", "bank_transaction")
    return [
        event._replace(payload={k: v for k, v in (event.payload or {}).items() if k not in later})
        for event in rows.events
    ]


def test_old_payment_events_are_checked_on_what_they_hold(services: Services, store: Store) -> None:
    replay = replay_payment(old_payment_events(services, store))
    assert replay.fields["state"] == "paid" and replay.fields["receipt_number"] == "0000001"
    # The bank's time and transaction were not logged then: not checked.
    assert not {"paid_at", "bank_transaction", "expires_at", "qr_payload"} & set(replay.fields)
    (rows,) = [rows for rows in audit.payment_rows(services.db) if rows.id == store.paid.id]
    assert rows.row is not None
    assert field_differences(replay.fields, rows.row) == []


def test_old_cash_payment_events_give_the_time_and_the_officer(services: Services) -> None:
    dossier = receive(services)
    cash = services.payments.record_cash(dossier.code, "admin")
    (rows,) = [rows for rows in audit.payment_rows(services.db) if rows.id == cash.id]
    (event,) = rows.events
    assert event.payload is not None
    old = {
        k: v
        for k, v in event.payload.items()
        if k in ("reference", "dossier_id", "amount", "method", "state", "reason", "paid_by")
    }
    replay = replay_payment([event._replace(payload=old)])
    assert replay.fields["paid_at"] == Moment.parse(event.created_at)
    assert replay.fields["confirmed_by"] == "admin"
    assert rows.row is not None
    assert field_differences(replay.fields, rows.row) == []
