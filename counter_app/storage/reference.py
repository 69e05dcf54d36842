"""Reference data kept locally: procedure catalogue versions, calendar overrides.

Both come down from the central system later; seeds ship in ``resources/``.
Stored as the same JSON the catalogue file uses, so the domain parses one shape.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database


def procedure_records(db: Database) -> list[dict[str, Any]]:
    rows = db.execute("SELECT data FROM procedures ORDER BY code, version").fetchall()
    return [json.loads(row[0]) for row in rows]


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


def procedure_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM procedures").fetchone()[0])


def calendar_overrides(db: Database) -> list[tuple[date, bool, str]]:
    rows = db.execute("SELECT day, working, name FROM calendar_overrides ORDER BY day")
    return [(date.fromisoformat(r[0]), bool(r[1]), r[2]) for r in rows]


def put_calendar_override(
    db: Database, day: date, working: bool, name: str, officer: str, at: str
) -> None:
    db.execute(
        "INSERT INTO calendar_overrides (day, working, name, updated_at, officer)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET working = excluded.working,"
        " name = excluded.name, updated_at = excluded.updated_at, officer = excluded.officer",
        [day.isoformat(), int(working), name, at, officer],
    )
