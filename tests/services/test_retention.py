"""Retention on a real store: the purge removes what is past its period and nothing else.

Real SQLite in tmp_path, real receptions, payments, papers through the virtual printer
and walk-in tickets; the fake clock moves the days. The ward server's acknowledgement of
a walk-in ticket's events is the sync's own ``outbox.mark_sent``.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.domain.retention import RULES
from counter_app.paths import resource_dir
from counter_app.services import maintenance, recovery
from counter_app.storage import backups, events, outbox, settings
from printers.profiles import load_profiles, profiles_path
from printers.virtual import VirtualPrinter

EPSON = load_profiles(profiles_path(resource_dir()))["epson-tm-t82"]
DRAFT = {"applicant": {"full_name": "Nguyễn Văn An", "id_number": "001090123456"}}
NOTHING = {"drafts": 0, "print_bytes": 0, "walkin_tickets": 0}
DEFAULT_DAYS = {"drafts": 7, "print_bytes": 30, "walkin_tickets": 30}


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter(EPSON) as virtual:
        yield virtual


def receive(services: Services) -> Dossier:
    return services.reception.receive(parse_reception(copy.deepcopy(EXAMPLE_RECEPTION)), "admin")


def acknowledge_all(services: Services) -> None:
    """What the sync does when the ward server has stored every event so far."""
    last = services.db.execute("SELECT max(seq) FROM events").fetchone()[0]
    outbox.mark_sent(services.db, last, services.clock.now().isoformat())


def rows(services: Services, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in services.db.execute(sql).fetchall()]


def kept_forever(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """The register, its history, the payments and the event log, row by row."""
    return {
        table: rows(services, f"SELECT * FROM {table} ORDER BY rowid")
        for table in ("dossiers", "dossier_history", "payments", "events")
    }


def everything(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("drafts", "print_jobs", "walkin_tickets", "settings", "sync_state")
    return {
        **kept_forever(services),
        **{t: rows(services, f"SELECT * FROM {t} ORDER BY rowid") for t in tables},
    }


def jobs(services: Services) -> dict[str, tuple[str, int]]:
    found = rows(services, "SELECT id, state, length(data) FROM print_jobs")
    return {job_id: (state, size) for job_id, state, size in found}


def tickets(services: Services) -> set[str]:
    return {row[0] for row in rows(services, "SELECT id FROM walkin_tickets")}


def drafted(services: Services) -> set[str]:
    return {row[0] for row in rows(services, "SELECT officer FROM drafts")}


def last_event(services: Services) -> events.Event:
    seq, aggregate = services.db.execute(
        "SELECT seq, aggregate_id FROM events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    (found,) = [e for e in events.for_aggregate(services.db, aggregate) if e.seq == seq]
    return found


def add_officers(services: Services) -> None:
    for username, role in (("cb.lan", "officer"), ("tp.minh", "head")):
        services.accounts.add_officer(username, f"Cán Bộ {username}", role, "mat-khau-dai", "admin")


def test_the_purge_removes_exactly_what_is_past_retention(
    services: Services, clock: FakeClock, printer: VirtualPrinter
) -> None:
    old_synced = services.walk_in.take("admin").ticket  # no printer yet: no paper
    acknowledge_all(services)
    old_unsent = services.walk_in.take("admin").ticket
    services.reception.save_draft("admin", DRAFT)
    services.printing.configure(printer.url, 115200, "epson-tm-t82", "admin")
    dossier = receive(services)
    services.payments.record_cash(dossier.code, "admin")
    printed = services.printing.print_receipt(dossier, "admin")
    assert services.printing.send_next() is True
    printed_late = services.printing.print_receipt(dossier, "admin")
    never_printed = services.printing.print_receipt(dossier, "admin")

    clock.advance(timedelta(days=31))
    add_officers(services)
    services.reception.save_draft("cb.lan", DRAFT)
    assert services.printing.send_next() is True  # queued a month ago, printed today
    before = jobs(services)
    assert all(size > 0 for _, size in before.values())
    forever = kept_forever(services)
    job_row = rows(
        services, f"SELECT kind, title, dossier_id FROM print_jobs WHERE id = '{printed.id}'"
    )

    done = services.retention.purge("admin")

    assert (done.counts, done.days, done.dry_run) == (
        {"drafts": 1, "print_bytes": 1, "walkin_tickets": 1},
        DEFAULT_DAYS,
        False,
    )
    assert drafted(services) == {"cb.lan"}
    assert jobs(services) == {
        printed.id: ("done", 0),
        printed_late.id: before[printed_late.id],
        never_printed.id: ("queued", before[never_printed.id][1]),
    }
    assert (
        rows(services, f"SELECT kind, title, dossier_id FROM print_jobs WHERE id = '{printed.id}'")
        == job_row
        == [("receipt", f"Giấy hẹn {dossier.code}", dossier.id)]
    )
    assert tickets(services) == {old_unsent.id}  # its events still wait for the ward server
    assert old_synced.id not in tickets(services)

    after = kept_forever(services)
    assert after["events"][:-1] == forever["events"]  # every event kept, unchanged
    assert {t: after[t] for t in ("dossiers", "dossier_history", "payments")} == {
        t: forever[t] for t in ("dossiers", "dossier_history", "payments")
    }
    purged = last_event(services)
    assert (purged.type, purged.officer) == ("data.purged", "admin")
    assert purged.payload == {
        "counts": {"drafts": 1, "print_bytes": 1, "walkin_tickets": 1},
        "days": DEFAULT_DAYS,
        "automatic": False,
    }
    assert events.verify_chain(services.db) == []
    report = maintenance.check_database(services.db)
    assert report.problems == []

    again = services.retention.purge("admin")
    assert again.counts == NOTHING


@pytest.mark.parametrize(
    ("make", "days"),
    [("draft", 7), ("printed", 30), ("ticket", 30)],
)
def test_a_thing_goes_when_its_period_has_passed_not_a_minute_before(
    services: Services, clock: FakeClock, printer: VirtualPrinter, make: str, days: int
) -> None:
    kind = {"draft": "drafts", "printed": "print_bytes", "ticket": "walkin_tickets"}[make]
    if make == "draft":
        services.reception.save_draft("admin", DRAFT)
    elif make == "printed":
        services.printing.configure(printer.url, 115200, "epson-tm-t82", "admin")
        services.printing.print_receipt(receive(services), "admin")
        assert services.printing.send_next() is True
    else:
        services.walk_in.take("admin")
        acknowledge_all(services)

    clock.advance(timedelta(days=days) - timedelta(minutes=1))
    assert services.retention.purge("admin").counts == NOTHING
    clock.advance(timedelta(minutes=1))
    assert services.retention.purge("admin").counts == {**NOTHING, kind: 1}


def test_a_dry_run_counts_and_writes_nothing(
    services: Services, clock: FakeClock, printer: VirtualPrinter
) -> None:
    services.walk_in.take("admin")
    acknowledge_all(services)
    services.reception.save_draft("admin", DRAFT)
    services.printing.configure(printer.url, 115200, "epson-tm-t82", "admin")
    services.printing.print_receipt(receive(services), "admin")
    assert services.printing.send_next() is True
    clock.advance(timedelta(days=40))
    state = everything(services)
    changes = services.db.conn.total_changes

    dry = services.retention.purge("admin", dry_run=True)

    expected = {"drafts": 1, "print_bytes": 1, "walkin_tickets": 1}
    assert (dry.counts, dry.dry_run) == (expected, True)
    assert services.db.conn.total_changes == changes
    assert everything(services) == state
    assert services.retention.purge("admin").counts == expected  # what it said is what goes


@pytest.mark.parametrize("who", ["cb.lan", "tp.minh", "nobody"])
def test_only_the_administrator_purges_or_sets_the_periods(
    services: Services, clock: FakeClock, who: str
) -> None:
    add_officers(services)
    services.reception.save_draft("admin", DRAFT)
    clock.advance(timedelta(days=40))
    state = {t: v for t, v in everything(services).items() if t != "events"}
    refused_before = rows(services, "SELECT count(*) FROM events WHERE type = 'access.refused'")

    for attempt in (
        lambda: services.retention.purge(who),
        lambda: services.retention.purge(who, dry_run=True),
        lambda: services.retention.set_periods({"drafts": 30}, who),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "not_permitted"

    assert {t: v for t, v in everything(services).items() if t != "events"} == state
    refused = rows(services, "SELECT count(*) FROM events WHERE type = 'access.refused'")
    assert refused[0][0] == refused_before[0][0] + 3
    assert rows(services, "SELECT count(*) FROM events WHERE type = 'data.purged'") == [(0,)]


def test_the_periods_are_set_with_their_event_and_within_bounds(
    services: Services, clock: FakeClock
) -> None:
    assert services.retention.periods() == {k: rule.default for k, rule in RULES.items()}
    services.reception.save_draft("admin", DRAFT)
    clock.advance(timedelta(days=10))

    changed = services.retention.set_periods({"drafts": 14, "daily_backups": 60}, "admin")

    assert changed == {"drafts": 14, "print_bytes": 30, "walkin_tickets": 30, "daily_backups": 60}
    assert settings.get(services.db, "retention_drafts_days") == "14"
    event = last_event(services)
    assert (event.type, event.payload) == (
        "unit.retention_set",
        {"days": {"drafts": 14, "daily_backups": 60}},
    )
    assert services.retention.purge("admin").counts == NOTHING  # 10 days < 14
    seq = event.seq
    for changes, code in (
        ({"drafts": 0}, "retention_out_of_range"),
        ({"drafts": 91}, "retention_out_of_range"),
        ({"daily_backups": 1}, "retention_out_of_range"),
        ({"payments": 30}, "retention_unknown"),
        ({"print_bytes": 20, "events": 30}, "retention_unknown"),  # all or nothing
    ):
        with pytest.raises(DomainError) as refused:
            services.retention.set_periods(changes, "admin")
        assert refused.value.code == code
    assert services.retention.periods() == changed
    assert services.db.execute("SELECT max(seq) FROM events").fetchone()[0] == seq + 1


def test_a_damaged_stored_period_falls_back_to_its_default(services: Services) -> None:
    for value in ("abc", "-3", "100000", "", "١٤"):
        services.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('retention_drafts_days', ?)",
            [value],
        )
        assert services.retention.periods()["drafts"] == 7, value


# --- daily backups kept for a period -------------------------------------------------------


def dailies(folder: Path) -> list[str]:
    return sorted(p.name for p in backups.listing(folder) if backups.kind(p) == "daily")


def test_daily_backups_past_their_period_go_once_a_newer_one_is_written(
    services: Services, clock: FakeClock
) -> None:
    folder = services.path.parent
    services.retention.set_periods({"daily_backups": 3}, "admin")
    manual = recovery.take_backup(services.db, folder, clock.now())
    for _ in range(6):
        assert recovery.daily_backup(folder, clock.now()) is not None
        clock.advance(timedelta(days=1))
    assert dailies(folder) == [
        "daily-20261126-090000.db",
        "daily-20261127-090000.db",
        "daily-20261128-090000.db",
    ]

    services.retention.set_periods({"daily_backups": 2}, "admin")
    assert len(dailies(folder)) == 3  # nothing goes before a newer backup is written
    clock.advance(timedelta(hours=1))
    newest = recovery.daily_backup(folder, clock.now())
    assert newest is not None
    assert dailies(folder) == ["daily-20261128-090000.db", newest.name]
    assert manual.exists()  # manual backups are counted, not aged


def test_the_daily_upkeep_backs_up_then_purges_quietly_once_a_day(
    services: Services, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    folder = services.path.parent
    services.reception.save_draft("admin", DRAFT)
    clock.advance(timedelta(days=8))
    caplog.set_level(logging.INFO, logger="counter_app.services.recovery")

    taken = recovery.daily_upkeep(folder, clock.now())

    assert taken is not None and backups.inspect(taken).dossiers == 0
    assert drafted(services) == set()
    purged = last_event(services)
    assert (purged.type, purged.officer) == ("data.purged", "system")
    assert purged.payload["counts"] == {**NOTHING, "drafts": 1}
    assert purged.payload["automatic"] is True
    assert [r.getMessage() for r in caplog.records] == [
        "daily purge: drafts 1, print_bytes 0, walkin_tickets 0"
    ]
    events_before = rows(services, "SELECT count(*) FROM events")

    assert recovery.daily_upkeep(folder, clock.now()) is None  # once a day
    clock.advance(timedelta(days=1))
    assert recovery.daily_upkeep(folder, clock.now()) is not None
    # Nothing to purge: no event (the log is not a diary).
    assert rows(services, "SELECT count(*) FROM events") == events_before
    assert (
        json.loads(
            services.db.execute(
                "SELECT payload FROM events WHERE type = 'data.purged' ORDER BY seq DESC"
            ).fetchone()[0]
        )
        == purged.payload
    )
