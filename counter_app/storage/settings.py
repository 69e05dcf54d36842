"""Key/value settings of this installation (unit, counter, device id)."""

from __future__ import annotations

from counter_app.storage.connection import Database


def get(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def get_all(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM settings")}


def put(db: Database, key: str, value: str) -> None:
    """Set one setting; call inside the caller's transaction."""
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
