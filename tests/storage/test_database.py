"""The local store: pragmas, migrations with a backup first, the event log."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from counter_app import app
from counter_app.app import Services, catalogue_file
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.reception import parse_reception
from counter_app.services import maintenance
from counter_app.storage import database, events, migrations, outbox, reference
from counter_app.storage.database import transaction

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM)


def test_pragmas(services: Services) -> None:
    db = services.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_fresh_database_has_no_backup(tmp_path: Path) -> None:
    database.open_database(tmp_path / "counter.db", NOW).close()
    assert not (tmp_path / "backups").exists()


def test_migration_takes_a_consistent_backup_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "counter.db"
    db = database.open_database(path, NOW)
    with transaction(db):
        db.execute("INSERT INTO settings VALUES ('unit_name', 'Phường Mẫu')")
    db.close()

    later = migrations.MigrationSet("counter_app")
    later(name="0001_initial")(migrations.m0001_initial)

    @later(name="0002_test_column")
    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE settings ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", later)
    database.open_database(path, NOW).close()

    backups = list((tmp_path / "backups").glob("before-0002_test_column-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        columns = [row[1] for row in copy.execute("PRAGMA table_info(settings)")]
        assert columns == ["key", "value"]  # the copy is from before the migration
        assert copy.execute("SELECT value FROM settings").fetchone() == ("Phường Mẫu",)


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "counter.db"
    database.open_database(path, NOW).close()
    broken = migrations.MigrationSet("counter_app")
    broken(name="0001_initial")(migrations.m0001_initial)

    @broken(name="0002_broken")
    def half_done(db: Database) -> None:
        db.execute("CREATE TABLE half (x)")
        db.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        database.open_database(path, NOW)
    check = sqlite3.connect(path)
    assert check.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []


def test_events_are_append_only(services: Services) -> None:
    services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    db = services.db
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), transaction(db):
        db.execute("UPDATE events SET payload = '{}'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), transaction(db):
        db.execute("DELETE FROM events")
    with transaction(db):  # marking an event sent is allowed
        db.execute("UPDATE events SET sent_at = '2026-11-23T10:00:00+07:00'")


def test_hash_chain_finds_a_changed_event(services: Services) -> None:
    services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    db = services.db
    assert events.verify_chain(db) == []
    with transaction(db):
        db.execute("DROP TRIGGER events_append_only_update")
        db.execute("UPDATE events SET officer = 'someone else' WHERE type = 'dossier.received'")
    problems = events.verify_chain(db)
    assert len(problems) == 1
    assert "changed after it was written" in problems[0]


def test_event_ids_sort_by_the_time_they_were_written(services: Services) -> None:
    """UUID version 7, so the server's unique index on event ids grows at its end."""
    context = events.EventContext("device", "admin")
    for number in range(3):
        with transaction(services.db):
            events.append(services.db, context, "x", ("x", str(number)), {}, NOW)
        time.sleep(0.002)  # the next millisecond
    ids = [row[0] for row in services.db.execute("SELECT id FROM events ORDER BY seq")]
    assert [uuid.UUID(text).version for text in ids] == [7] * len(ids)
    assert ids[-3:] == sorted(ids[-3:])


def test_events_outside_a_transaction_are_refused(services: Services) -> None:
    context = events.EventContext("device", "admin")
    with pytest.raises(AssertionError):
        events.append(services.db, context, "x", ("x", "1"), {}, NOW)


def _old_catalogue() -> list[dict[str, Any]]:
    """The shipped catalogue as databases before 0007 stored it: no cutoffs."""
    records = json.loads(catalogue_file().read_text(encoding="utf-8"))["procedures"]
    for record in records:
        if record["time_limit"].get("same_day"):
            record["time_limit"] = {"same_day": True}
    return records


def test_0007_moves_the_cutoff_to_the_procedures(tmp_path: Path) -> None:
    path = tmp_path / "data" / "counter.db"
    old = database.connect(path)
    migrations.MIGRATIONS.apply(old, stop_before="0007_calendar_facts")
    records = _old_catalogue()
    certification = next(r for r in records if r["code"] == "2.000815")
    other = {**certification, "code": "9.000001"}  # same day, of no field rule
    with transaction(old):
        old.execute("INSERT INTO settings VALUES ('working_hours', '07:30-11:30,13:00-17:00')")
        old.execute("INSERT INTO settings VALUES ('same_day_cutoff', '16:00')")
        for record in [*records, other]:
            reference.upsert_procedure(old, record)
        old.execute(
            "INSERT INTO calendar_overrides VALUES ('2027-02-13', 1, 'Làm bù Tết',"
            " '2026-11-20T10:00:00+07:00', 'admin')"
        )
    old.close()

    database.open_database(path, NOW).close()

    assert list((path.parent / "backups").glob("before-0007_calendar_facts-*.db"))
    built = app.build(path.parent, FakeClock(NOW))
    try:
        db = built.db
        assert (
            db.execute("SELECT value FROM settings WHERE key = 'same_day_cutoff'").fetchall() == []
        )
        stored = {r["code"]: r["time_limit"] for r in reference.procedure_records(db)}
        assert stored["2.000815"] == {
            "same_day": True,
            "cutoff": "15:00",
            "cutoff_source": "Nghị định 23/2015/NĐ-CP, Điều 7",
        }
        assert stored["1.000656"]["cutoff_source"] == "Luật Hộ tịch 2014, khoản 3 Điều 5"
        assert stored["9.000001"] == {"same_day": True}
        assert stored["1.004873"] == {"days": "3"}
        # 15:00 per procedure now, not the unit's old 16:00; none for the other one.
        calendar = built.reference.calendar()
        catalogue = built.reference.catalogue()
        received = datetime(2026, 11, 26, 15, 30, tzinfo=VIETNAM)
        certified = catalogue.get("2.000815", received.date()).time_limit
        plain = catalogue.get("9.000001", received.date()).time_limit
        assert calendar.due_time(received, certified) == datetime(2026, 11, 27, 17, tzinfo=VIETNAM)
        assert calendar.due_time(received, plain) == datetime(2026, 11, 26, 17, tzinfo=VIETNAM)
        # The old entry is kept, with who and when as its source.
        entry = next(d for d in built.reference.special_days(2027) if d.day.day == 13)
        assert (entry.status, entry.source) == ("administrator", "admin 2026-11-20")
        assert built.reference.confirm_year(2027, "admin").year == 2027
        assert maintenance.check_database(db).ok
    finally:
        built.close()


def test_0010_keeps_the_changes_held_before_it_as_the_wards(tmp_path: Path) -> None:
    """A row held before the device column existed does not say whom its change named:
    it stays, read as the ward's (as it was applied before)."""
    path = tmp_path / "data" / "counter.db"
    old = database.connect(path)
    migrations.MIGRATIONS.apply(old, stop_before="0010_held_change_device")
    with transaction(old):
        old.execute(
            "INSERT INTO sync_held (change_id, kind, reason, detail, payload, held_at)"
            " VALUES (7, 'queue.voice', 'change_kind_unknown', '…', '{\"voice\": \"north\"}',"
            " '2026-11-20T08:00:00+07:00')"
        )
    old.close()

    db = database.open_database(path, NOW)
    try:
        [kept] = outbox.held(db)
        assert (kept.change_id, kept.kind, kept.payload, kept.device_id) == (
            7,
            "queue.voice",
            {"voice": "north"},
            None,
        )
        with transaction(db):
            outbox.hold(db, 8, "queue.voice", "change_kind_unknown", "…", {}, "t", "dev-1")
        assert [h.device_id for h in outbox.held(db)] == [None, "dev-1"]
    finally:
        db.close()
    assert list((path.parent / "backups").glob("before-0010_held_change_device-*.db"))
