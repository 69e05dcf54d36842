"""``counter-app audit verify``: the local event log end to end, read without writing.

The log is walked from its first event (:class:`counter_app.domain.chain_walk.ChainWalk`)
and every break is named by its ``seq`` and event id, the first one foremost: a link
broken (an event removed, inserted, reordered, or edited and given a new hash), a row
whose content no longer gives its hash (edited), a gap in the ``seq`` numbers. Then
what this counter knows from outside the log about how long it was: the unit ledger's
count of events (``storage/ledger.py``) and the events the sync server said it stored
and set aside (``sync_parked``). The sync state does not keep the server's acknowledged
head (``events.sent_at`` marks go with the rows), so a log cut after its last parked
event and after the ledger's last write is not found here (docs/audit.md).

Last, the tables against the log (:func:`counter_app.services.consistency.problems`),
so that a dossier or payment row edited in the database is named too.

The database is opened read-only (SQLite's ``mode=ro``) and read in one snapshot. No
line carries personal data: events are named by seq and id, rows as ``db check`` does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from counter_app.domain.chain_walk import ChainBreak, ChainWalk
from counter_app.domain.records import field, record
from counter_app.services import consistency
from counter_app.services.installation import DATABASE_ID, ledger_path
from counter_app.storage import audit, backups, database, errors, ledger, migrations, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import DATABASE_NAME
from counter_app.storage.errors import StorageError

MAX_LISTED = 1000  # a log broken everywhere still gives a readable report
NEEDED_TABLES = frozenset({"events", "settings", database.MIGRATIONS_TABLE})
EVENT_COLUMNS = (
    "seq, id, type, aggregate_type, aggregate_id, payload, created_at, device_id, officer,"
    " prev_hash, hash"
)


@record
class AuditReport:
    """What the audit found; ``ok`` when nothing is broken."""

    events: int = 0
    last_seq: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    breaks_total: int = 0
    shortened: list[str] = field(default_factory=list)  # signs the newest events went
    tables: list[str] = field(default_factory=list)  # rows that differ from the log
    tables_total: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be compared

    @property
    def ok(self) -> bool:
        return not (self.breaks_total or self.shortened or self.tables_total)

    def to_data(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "last_seq": self.last_seq,
            "first_break": self.breaks[0].to_data() if self.breaks else None,
            "breaks": [item.to_data() for item in self.breaks],
            "breaks_total": self.breaks_total,
            "log_shortened": self.shortened,
            "tables": self.tables,
            "tables_total": self.tables_total,
            "notes": self.notes,
        }


def verify(folder: Path) -> AuditReport:
    """Audit the database of the data folder ``folder``; StorageError (one line) when it
    is missing, is not this program's database, or cannot be read to the end."""
    path = folder / DATABASE_NAME
    db = open_read_only(path)
    try:
        with audit.read_snapshot(db):
            return _audit(db, folder)
    except sqlite3.Error as error:
        failure = database.typed(error, path)
        if isinstance(failure, StorageError):
            raise failure from None
        raise StorageError(  # not the schema this program writes: never its stored text
            "database_unreadable",
            f"{path} cannot be read to the end as this program's database "
            f"({type(error).__name__}): {errors.CHECK}",
        ) from None
    finally:
        db.close()


def open_read_only(path: Path) -> Database:
    """The database, opened so that nothing can be written through it."""
    state = database.file_state(path)
    if state == "missing":
        raise StorageError(
            "database_missing",
            f"{path} does not exist: check the data folder (--data-dir or COUNTER_APP_DATA)",
        )
    if state == "empty":
        raise errors.corrupt(path, "the file is empty")
    database.check_file(path)
    conn = backups.read_only(path)
    conn.isolation_level = None  # read_snapshot says when the snapshot begins and ends
    db = Database(conn)
    try:
        missing = NEEDED_TABLES - set(db.table_names())
    except sqlite3.Error as error:
        db.close()
        raise database.typed(error, path) from None
    if missing:
        db.close()
        raise StorageError(
            "database_foreign",
            f"{path} is not a database of this program (it has no {min(missing)} table)",
        )
    return db


def _audit(db: Database, folder: Path) -> AuditReport:
    report = AuditReport()
    walk = ChainWalk()
    for event in _events(db):
        found = walk.step(event)
        report.breaks_total += len(found)
        report.breaks += found[: MAX_LISTED - len(report.breaks)]
    report.events, report.last_seq = walk.events, walk.last_seq
    report.shortened += _ledger_says(db, folder, walk.last_seq, report.notes)
    report.shortened += _server_says(db)
    _compare_tables(db, report)
    return report


def _events(db: Database) -> Iterator[dict[str, Any]]:
    yield from db.query(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq")


def _ledger_says(db: Database, folder: Path, last_seq: int, notes: list[str]) -> list[str]:
    """The unit ledger's count of events is a lower bound of the log's last seq."""
    where = ledger_path(folder)
    try:
        known = ledger.read(where)
    except StorageError:
        notes.append("the unit ledger cannot be read: the log's length was not compared with it")
        return []
    if known is None:
        notes.append("there is no unit ledger: the log's length was not compared with it")
        return []
    if known.database_id != settings.get(db, DATABASE_ID):
        notes.append("the unit ledger names another database: the log's length was not compared")
        return []
    if known.events <= last_seq:
        return []
    return [
        f"the log ends at seq {last_seq} but the unit ledger recorded seq {known.events}: "
        "the newest events were removed"
    ]


def _server_says(db: Database) -> list[str]:
    """Events the sync server stored and set aside must still be in the log, as sent."""
    if "sync_parked" not in db.table_names():
        return []
    found: list[str] = []
    rows = db.execute(
        "SELECT p.seq, p.event_id, e.id FROM sync_parked p"
        " LEFT JOIN events e ON e.seq = p.seq ORDER BY p.seq"
    )
    for seq, parked_id, stored_id in rows:
        if stored_id is None:
            found.append(
                f"the sync server stored event {seq} ({parked_id}) but the log has no event {seq}"
            )
        elif stored_id != parked_id:
            found.append(
                f"the sync server stored event {seq} as {parked_id} but the log's event {seq} "
                f"is {stored_id}"
            )
    return found


def _compare_tables(db: Database, report: AuditReport) -> None:
    if migrations.MIGRATIONS.pending(db):
        report.notes.append(
            "the tables were not compared with the log: migrations are pending (the counter "
            "applies them when it next starts)"
        )
        return
    problems = consistency.problems(db)
    report.tables = list(islice(problems, MAX_LISTED))
    report.tables_total = len(report.tables) + sum(1 for _ in problems)
