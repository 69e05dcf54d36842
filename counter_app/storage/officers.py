"""Officers (cán bộ) who act at the counter; every event names one."""

from __future__ import annotations

from counter_app.domain.records import record
from counter_app.storage.connection import Database

COLUMNS = "id, username, full_name, role, active, password_hash, failed_logins, locked_until"


@record(frozen=True)
class Officer:
    id: str
    username: str
    full_name: str
    role: str
    active: bool
    password_hash: str | None = None
    failed_logins: int = 0
    locked_until: str | None = None


def insert(db: Database, officer: Officer, created_at: str) -> None:
    db.execute(
        "INSERT INTO officers (id, username, full_name, role, active, password_hash,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            officer.id,
            officer.username,
            officer.full_name,
            officer.role,
            int(officer.active),
            officer.password_hash,
            created_at,
        ],
    )


def _officer(row: tuple[object, ...]) -> Officer:
    return Officer(
        id=str(row[0]),
        username=str(row[1]),
        full_name=str(row[2]),
        role=str(row[3]),
        active=bool(row[4]),
        password_hash=None if row[5] is None else str(row[5]),
        failed_logins=int(row[6]),  # type: ignore[call-overload]
        locked_until=None if row[7] is None else str(row[7]),
    )


def by_username(db: Database, username: str) -> Officer | None:
    row = db.execute(f"SELECT {COLUMNS} FROM officers WHERE username = ?", [username]).fetchone()
    return None if row is None else _officer(row)


def all_officers(db: Database) -> list[Officer]:
    rows = db.execute(f"SELECT {COLUMNS} FROM officers ORDER BY username").fetchall()
    return [_officer(row) for row in rows]


def update_profile(db: Database, officer_id: str, full_name: str, password_hash: str) -> None:
    db.execute(
        "UPDATE officers SET full_name = ?, password_hash = ?, failed_logins = 0,"
        " locked_until = NULL WHERE id = ?",
        [full_name, password_hash, officer_id],
    )


def record_login(db: Database, officer_id: str, failed: int, locked_until: str | None) -> None:
    db.execute(
        "UPDATE officers SET failed_logins = ?, locked_until = ? WHERE id = ?",
        [failed, locked_until, officer_id],
    )


def set_username(db: Database, officer_id: str, username: str) -> None:
    db.execute("UPDATE officers SET username = ? WHERE id = ?", [username, officer_id])


def update_details(db: Database, officer_id: str, full_name: str, role: str, active: bool) -> None:
    """Name, role and whether the account may log in; the password is never touched."""
    db.execute(
        "UPDATE officers SET full_name = ?, role = ?, active = ? WHERE id = ?",
        [full_name, role, int(active), officer_id],
    )
