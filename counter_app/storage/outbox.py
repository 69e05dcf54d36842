"""The sync's local side of the store: the outbox view of the event log, its state,
events the server parked and changes this counter held back.

Waiting events are those with ``sent_at IS NULL`` (a partial index keeps them at
hand); a batch is read with one query and an acknowledged range is marked with one
UPDATE (``sent_at`` is outside the hash chain: the append-only triggers allow it).
The state (server, token, cursor, last attempt...) is a small key/value table.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.domain.event_chain import HASHED_FIELDS
from counter_app.domain.records import record
from counter_app.storage.connection import Database

EVENT_COLUMNS = ("seq", *HASHED_FIELDS, "prev_hash", "hash")
_SELECT_UNSENT = (
    f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
    " WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?"
)


# --- state -----------------------------------------------------------------------------


def state(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM sync_state")}


def get(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def put(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def remove(db: Database, key: str) -> None:
    db.execute("DELETE FROM sync_state WHERE key = ?", [key])


# --- the outbox ------------------------------------------------------------------------


def unsent(db: Database, limit: int, after: int = 0) -> list[dict[str, Any]]:
    """The oldest waiting events after seq ``after``, as stored (the payload is its
    canonical JSON text)."""
    cursor = db.execute(_SELECT_UNSENT, [after, limit])
    return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in cursor]


def waiting(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM events WHERE sent_at IS NULL").fetchone()[0])


def any_waiting(db: Database) -> bool:
    return db.execute("SELECT 1 FROM events WHERE sent_at IS NULL LIMIT 1").fetchone() is not None


def mark_sent(db: Database, through: int, at: str) -> int:
    """Every waiting event up to ``through`` is acknowledged; how many were marked."""
    cursor = db.execute(
        "UPDATE events SET sent_at = ? WHERE sent_at IS NULL AND seq <= ?", [at, through]
    )
    return cursor.rowcount


def mark_unsent_after(db: Database, seq: int) -> int:
    """The server holds less than this counter thought: send what follows ``seq`` again."""
    cursor = db.execute(
        "UPDATE events SET sent_at = NULL WHERE sent_at IS NOT NULL AND seq > ?", [seq]
    )
    return cursor.rowcount


def last_seq(db: Database) -> int:
    row = db.execute("SELECT max(seq) FROM events").fetchone()
    return int(row[0] or 0)


# --- parked events ---------------------------------------------------------------------


@record(frozen=True)
class ParkedEvent:
    event_id: str
    seq: int
    reason: str
    detail: str
    parked_at: str


def park(db: Database, parked: ParkedEvent) -> None:
    """Keep the server's word that it set an event aside (once per event)."""
    db.execute(
        "INSERT INTO sync_parked (event_id, seq, reason, detail, parked_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
        [parked.event_id, parked.seq, parked.reason, parked.detail, parked.parked_at],
    )


def parked(db: Database, limit: int = 100) -> list[ParkedEvent]:
    rows = db.execute(
        "SELECT event_id, seq, reason, detail, parked_at FROM sync_parked ORDER BY seq LIMIT ?",
        [limit],
    )
    return [ParkedEvent(str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]


def parked_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM sync_parked").fetchone()[0])


# --- changes held back -----------------------------------------------------------------


@record(frozen=True)
class HeldChange:
    id: int
    change_id: int | None
    kind: str
    reason: str
    detail: str
    payload: dict[str, Any]
    held_at: str
    device_id: str | None = None  # the device the change was addressed to; None: the ward


def hold(
    db: Database,
    change_id: int | None,
    kind: str,
    reason: str,
    detail: str,
    payload: dict[str, Any],
    at: str,
    device_id: str | None = None,
) -> None:
    """Keep a change that is not applied now, with the device it was addressed to
    (``device_id``; None: the whole ward), which its kind's rules ask again when it is
    tried later."""
    db.execute(
        "INSERT INTO sync_held (change_id, kind, reason, detail, payload, held_at, device_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [change_id, kind, reason, detail, json.dumps(payload, ensure_ascii=False), at, device_id],
    )


def held(
    db: Database, kind: str | None = None, limit: int | None = 100, reason: str | None = None
) -> list[HeldChange]:
    """Held changes in the order they came, of one kind or held for one reason; all of
    them when ``limit`` is None."""
    conditions = {"kind": kind, "reason": reason}
    wanted = {column: value for column, value in conditions.items() if value is not None}
    where = " AND ".join(f"{column} = ?" for column in wanted)
    rows = db.execute(
        "SELECT id, change_id, kind, reason, detail, payload, held_at, device_id"
        f" FROM sync_held{' WHERE ' + where if where else ''} ORDER BY id LIMIT ?",
        [*wanted.values(), -1 if limit is None else limit],
    )
    return [
        HeldChange(
            int(r[0]), r[1], str(r[2]), str(r[3]), str(r[4]), json.loads(r[5]), str(r[6]), r[7]
        )
        for r in rows
    ]


def held_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM sync_held").fetchone()[0])


def release_held(db: Database, held_id: int) -> None:
    """A held change was applied after all, or another of its kind replaced it."""
    db.execute("DELETE FROM sync_held WHERE id = ?", [held_id])
