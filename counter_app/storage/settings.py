"""Key/value settings of this installation (unit, counter, device id)."""

from __future__ import annotations

import sqlite3

from counter_app.storage import errors
from counter_app.storage.connection import Database


def get(db: Database, key: str) -> str | None:
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    except sqlite3.OperationalError as error:
        if not str(error).startswith(errors.DECODE_FAILURE):
            raise
        raise errors.row_damaged("settings", key) from None
    return None if row is None else str(row[0])


def get_all(db: Database) -> dict[str, str]:
    """Every setting; a value that is not UTF-8 is named by its key (``row_damaged``,
    table ``settings``), never shown."""
    try:
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM settings")}
    except sqlite3.OperationalError as error:
        if not str(error).startswith(errors.DECODE_FAILURE):
            raise
        raise _damaged_row(db) from None


def _damaged_row(db: Database) -> errors.StorageError:
    conn = db.conn
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
            if errors.not_utf8(key) or errors.not_utf8(value):
                name = key.decode("ascii", "replace") if isinstance(key, bytes) else "?"
                return errors.row_damaged("settings", name)
    finally:
        conn.text_factory = previous
    return errors.row_damaged("settings", "?")


def put(db: Database, key: str, value: str) -> None:
    """Set one setting; call inside the caller's transaction."""
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
