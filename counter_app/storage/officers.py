"""Officers (cán bộ) who act at the counter; every event names one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class Officer:
    id: str
    username: str
    full_name: str
    role: str
    active: bool


def insert(db: Database, officer: Officer, created_at: str) -> None:
    db.execute(
        "INSERT INTO officers (id, username, full_name, role, active, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            officer.id,
            officer.username,
            officer.full_name,
            officer.role,
            int(officer.active),
            created_at,
        ],
    )


def by_username(db: Database, username: str) -> Officer | None:
    row = db.execute(
        "SELECT id, username, full_name, role, active FROM officers WHERE username = ?",
        [username],
    ).fetchone()
    if row is None:
        return None
    return Officer(row[0], row[1], row[2], row[3], bool(row[4]))


def all_officers(db: Database) -> list[Officer]:
    rows = db.execute(
        "SELECT id, username, full_name, role, active FROM officers ORDER BY username"
    ).fetchall()
    return [Officer(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
