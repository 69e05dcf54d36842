"""Health of the local store: ``counter-app db check`` and the frozen build's self-check."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from counter_app.domain.dossiers import dossier_code, parse_dossier_code
from counter_app.domain.errors import DomainError
from counter_app.domain.records import field, record
from counter_app.services import consistency
from counter_app.services.reference import (
    HOURS_KEY,
    stored_calendar,
    stored_catalogue,
    stored_hours,
)
from counter_app.services.unit import unit_from_settings
from counter_app.storage import audit, dossiers, events, migrations, settings
from counter_app.storage.connection import Database
from counter_app.storage.errors import DECODE_FAILURE, StorageError, undecodable


@record
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


MAX_PROBLEMS = 1000  # a store broken everywhere still gives a readable report


def check_database(db: Database) -> CheckReport:
    """Integrity, migrations, the event log's chain, and the tables against the log.

    Everything is read in one snapshot, so a counter saving meanwhile is not
    reported as a difference.
    """
    report = CheckReport()
    with audit.read_snapshot(db), audit.text_marked(db):
        report.problems += _store_problems(db)
        report.facts["migrations"] = [m.name for m in migrations.MIGRATIONS.applied(db)]
        report.problems += _log_problems(db)
        present = set(db.table_names())
        for table in ("dossiers", "dossier_history", "payments", "events"):
            if table in present:
                report.facts[table] = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    hidden = len(report.problems) - MAX_PROBLEMS
    if hidden > 0:
        report.problems[MAX_PROBLEMS:] = [f"and {hidden} more problems not listed"]
    return report


def _store_problems(db: Database) -> list[str]:
    problems: list[str] = []
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        problems += [f"integrity: {line}" for line in integrity]
    foreign = db.execute("PRAGMA foreign_key_check").fetchall()
    problems += [f"foreign key: {row[0]} row {row[1]} -> {row[2]}" for row in foreign]
    pending = [m.name for m in migrations.MIGRATIONS.pending(db)]
    if pending:  # the rows have an older version's shapes: not read back
        return [*problems, f"migrations not applied: {', '.join(pending)}"]
    problems += [p for p in (_settings_problem(db), _reference_problem(db)) if p]
    return problems + _numbering_problems(db) + _undecodable_rows(db)


# Tables whose rows the check reads elsewhere, named by code, key or day (besides SQLite's
# own and the search index's shadow tables).
READ_ELSEWHERE = frozenset(
    {
        "dossiers",
        "dossier_history",
        "payments",
        "events",
        "settings",
        "dossier_sequences",
        "procedures",
        "calendar_overrides",
        "calendar_confirmations",
    }
)


def _undecodable_rows(db: Database) -> list[str]:
    """Rows of the other tables (officers, drafts, print jobs, the queue's tickets, the
    calendar...) holding text that is not UTF-8: named by table and row id only."""
    names = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'dossier_search%' AND sql NOT LIKE '%WITHOUT ROWID%'"
        )
        if name not in READ_ELSEWHERE
    ]
    found: list[str] = []
    for name in sorted(names):
        for row in db.execute(f'SELECT rowid, * FROM "{name}"'):  # names from the schema
            if any(value is audit.UNREADABLE for value in row[1:]):
                found.append(f"{name}: row {row[0]} holds text that is not UTF-8")
    return found


def _numbering_problems(db: Database) -> list[str]:
    """A day's stored sequence below the highest code of that day (a hand edit, or a
    lost row): the codes themselves still keep reception from reusing one."""
    highest: dict[tuple[str, date], int] = {}
    for (code,) in db.execute("SELECT code FROM dossiers"):
        try:
            agency, day, number = parse_dossier_code(code)
        except (DomainError, AttributeError):
            continue  # an unreadable code is named by the comparison with the log
        key = (agency, day)
        highest[key] = max(number, highest.get(key, 0))
    try:
        stored = {(agency, day): last for agency, day, last in dossiers.all_sequences(db)}
    except StorageError as failure:
        return [f"dossier_sequences: row {failure.params.get('row', '?')} does not read"]
    return [
        f"dossier numbering of {agency} on {day}: the stored sequence "
        f"({stored.get((agency, day), 'none')}) is below the day's highest code "
        f"({dossier_code(agency, day, number)})"
        for (agency, day), number in sorted(highest.items())
        if stored.get((agency, day), 0) < number
    ]


def unreadable(db: Database) -> str | None:
    """Why the counter cannot work on this store though its file is whole: its unit
    (number, block, agency, device id) or office hours, catalogue or calendar do not
    read back; None when they do. Named by the key, code or day, never by the value.
    None for a store of an older version (migrations pending): its rows have the older
    shapes until it is opened."""
    if migrations.MIGRATIONS.pending(db):
        return None
    return _settings_problem(db) or _reference_problem(db)


def _settings_problem(db: Database) -> str | None:
    rows = db.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
    for key, value in rows:  # not UTF-8 (only inside ``audit.text_marked``)
        if key is audit.UNREADABLE or value is audit.UNREADABLE:
            where = "a key" if key is audit.UNREADABLE else key
            return f"settings: {where} does not read (its text is not UTF-8)"
    values = settings.get_all(db)
    return _problem(lambda: (unit_from_settings(values), stored_hours(values.get(HOURS_KEY))))


def _reference_problem(db: Database) -> str | None:
    return _problem(lambda: (stored_catalogue(db), stored_calendar(db)))


def _problem(read: Callable[[], object]) -> str | None:
    try:
        read()
    except StorageError as failure:  # row_damaged: its table and row
        return f"{failure.params.get('table', '?')}: {failure.params.get('row', '?')} does not read"
    return None


def checkable_as_is(failure: StorageError) -> bool:
    """Whether opening the store failed on a damaged row (its settings, numbering,
    calendar or any text that is not UTF-8): ``check_database`` can still open the
    store as it is, and report every such row."""
    return failure.code == "row_damaged"


def _log_problems(db: Database) -> list[str]:
    """The chain, then every dossier, history entry and payment against its events."""
    if migrations.MIGRATIONS.pending(db):
        return ["the tables were not compared with the event log: migrations are pending"]
    try:
        problems = events.verify_chain(db)
        problems += consistency.problems(db)
        indexed = db.execute("SELECT count(*) FROM dossier_search").fetchone()[0]
        stored = db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    except sqlite3.DatabaseError as error:  # a damaged file: say that reading stopped
        return [f"the store could not be read to the end: {_without_text(error)}"]
    if indexed != stored:
        problems.append(f"search index holds {indexed} dossiers, the store {stored}")
    return problems


def _without_text(error: sqlite3.DatabaseError) -> str:
    """SQLite's reason, never the stored text Python's decode failure quotes."""
    message = str(error)
    if message.startswith(DECODE_FAILURE):
        return undecodable(message).message
    return message
