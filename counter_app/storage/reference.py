"""Reference data kept locally: procedure catalogue versions, calendar entries and
confirmed years.

Both come down from the central system later; seeds ship in ``resources/``.
Stored as the same JSON the catalogue file uses, so the domain parses one shape.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from counter_app.domain.records import record
from counter_app.storage import errors
from counter_app.storage.connection import Database


def procedure_records(db: Database) -> list[dict[str, Any]]:
    """Every stored procedure version; a row that is not a JSON object is ``row_damaged``
    (named by its code and version): fees and time limits are not guessed."""
    rows = db.execute("SELECT code, version, data FROM procedures ORDER BY code, version")
    entries = []
    for code, version, data in rows:
        try:
            entry = json.loads(data)
        except (TypeError, ValueError):
            entry = None
        if not isinstance(entry, dict):
            raise errors.row_damaged("procedures", f"{code} version {version}")
        entries.append(entry)
    return entries


def upsert_procedure(db: Database, record: dict[str, Any]) -> None:
    """Store one procedure version (the catalogue JSON of one entry)."""
    db.execute(
        "INSERT INTO procedures (code, version, effective_from, effective_to, data)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code, version) DO UPDATE SET"
        " effective_from = excluded.effective_from, effective_to = excluded.effective_to,"
        " data = excluded.data",
        [
            record["code"],
            record["version"],
            record["effective_from"],
            record.get("effective_to"),
            json.dumps(record, ensure_ascii=False, sort_keys=True),
        ],
    )


def dossiers_priced_with(db: Database, code: str, version: int) -> bool:
    """True when a dossier was received under this procedure version."""
    row = db.execute(
        "SELECT 1 FROM dossiers WHERE procedure_code = ? AND procedure_version = ? LIMIT 1",
        [code, version],
    ).fetchone()
    return row is not None


def procedure_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM procedures").fetchone()[0])


# Who decided a calendar row: this unit's administrator; rows the city sends down
# will say "city".
ADMINISTRATOR_ORIGIN = "administrator"


@record(frozen=True)
class OverrideRow:
    """One day off or make-up working day decided for this unit, with who, when and why."""

    day: date
    working: bool
    name: str
    source: str
    origin: str
    officer: str
    updated_at: str


def calendar_overrides(db: Database, day: date | None = None) -> list[OverrideRow]:
    """All entries by day, or the one of `day`."""
    where, params = ("", []) if day is None else (" WHERE day = ?", [day.isoformat()])
    rows = db.execute(
        "SELECT day, working, name, source, origin, officer, updated_at"
        f" FROM calendar_overrides{where} ORDER BY day",
        params,
    )
    return [OverrideRow(_day(r[0]), bool(r[1]), *r[2:]) for r in rows]


def _day(text: object) -> date:
    """A calendar entry's day; ``row_damaged`` when it is not one."""
    try:
        if isinstance(text, str) and len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise errors.row_damaged("calendar_overrides", str(text)[:20])


def put_calendar_override(db: Database, row: OverrideRow) -> None:
    db.execute(
        "INSERT INTO calendar_overrides"
        " (day, working, name, source, origin, officer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name,"
        " source = excluded.source, origin = excluded.origin, officer = excluded.officer,"
        " updated_at = excluded.updated_at",
        [
            row.day.isoformat(),
            int(row.working),
            row.name,
            row.source,
            row.origin,
            row.officer,
            row.updated_at,
        ],
    )


def delete_calendar_override(db: Database, day: date) -> OverrideRow | None:
    """Remove the entry of `day`; the row removed, None when there was none."""
    removed = calendar_overrides(db, day)
    db.execute("DELETE FROM calendar_overrides WHERE day = ?", [day.isoformat()])
    return removed[0] if removed else None


@record(frozen=True)
class ConfirmationRow:
    """A year's list of days vouched for (``DayFact.to_data()`` each), with who and when."""

    year: int
    days: list[dict[str, Any]]
    source: str
    origin: str
    officer: str
    confirmed_at: str


def calendar_confirmations(db: Database) -> list[ConfirmationRow]:
    rows = db.execute(
        "SELECT year, days, source, origin, officer, confirmed_at"
        " FROM calendar_confirmations ORDER BY year"
    )
    confirmations = []
    for year, days, *rest in rows:
        try:
            listed = json.loads(days)
        except (TypeError, ValueError):
            listed = None
        if not isinstance(listed, list):
            raise errors.row_damaged("calendar_confirmations", year)
        confirmations.append(ConfirmationRow(year, listed, *rest))
    return confirmations


def put_calendar_confirmation(db: Database, row: ConfirmationRow) -> None:
    db.execute(
        "INSERT INTO calendar_confirmations (year, days, source, origin, officer, confirmed_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            row.year,
            json.dumps(row.days, ensure_ascii=False, sort_keys=True),
            row.source,
            row.origin,
            row.officer,
            row.confirmed_at,
        ],
    )


def delete_calendar_confirmation(db: Database, year: int) -> ConfirmationRow | None:
    """Remove the confirmation of ``year`` (to put another in its place); the row removed."""
    removed = [row for row in calendar_confirmations(db) if row.year == year]
    db.execute("DELETE FROM calendar_confirmations WHERE year = ?", [year])
    return removed[0] if removed else None
