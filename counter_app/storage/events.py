"""The event log: outbox, audit trail and statistics source in one table.

Every business change appends one event in the same transaction as the change.
Events are append-only (triggers refuse updates of their content and deletes)
and hash-chained, so a changed or removed row is found by :func:`verify_chain`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from counter_app.domain.event_chain import GENESIS as GENESIS
from counter_app.domain.event_chain import canonical as canonical
from counter_app.domain.event_chain import event_hash
from counter_app.domain.ids import time_ordered_id
from counter_app.domain.records import record
from counter_app.storage.connection import Database


@record(frozen=True)
class Event:
    seq: int
    id: str
    type: str
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any]
    created_at: str
    device_id: str
    officer: str
    prev_hash: str
    hash: str


def _digest(prev_hash: str, row: dict[str, Any]) -> str:
    return event_hash(prev_hash, row)


@record(frozen=True)
class EventContext:
    """Who and where a change comes from: stamped on every event."""

    device_id: str
    officer: str


def append(
    db: Database,
    context: EventContext,
    event_type: str,
    aggregate: tuple[str, str],
    payload: dict[str, Any],
    at: datetime,
) -> str:
    """Append one event; must run inside the caller's transaction. Returns its id."""
    assert db.conn.in_transaction, "events are written in the change's own transaction"
    last = db.execute("SELECT hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    prev_hash = last[0] if last else GENESIS
    row: dict[str, Any] = {
        "id": time_ordered_id(),  # sorts by time: the server's index grows at its end
        "type": event_type,
        "aggregate_type": aggregate[0],
        "aggregate_id": aggregate[1],
        "payload": canonical(payload),
        "created_at": at.isoformat(timespec="microseconds"),
        "device_id": context.device_id,
        "officer": context.officer,
    }
    row["prev_hash"] = prev_hash
    row["hash"] = _digest(prev_hash, row)
    db.execute(
        "INSERT INTO events (id, type, aggregate_type, aggregate_id, payload, created_at,"
        " device_id, officer, prev_hash, hash) VALUES (:id, :type, :aggregate_type,"
        " :aggregate_id, :payload, :created_at, :device_id, :officer, :prev_hash, :hash)",
        row,
    )
    return str(row["id"])


def for_aggregate(db: Database, aggregate_id: str) -> list[Event]:
    rows = db.execute_returning_dicts(
        "SELECT * FROM events WHERE aggregate_id = ? ORDER BY seq", [aggregate_id]
    )
    return [_event(row) for row in rows]


def _event(row: dict[str, Any]) -> Event:
    fields = {k: v for k, v in row.items() if k != "sent_at"}
    fields["payload"] = json.loads(row["payload"])
    return Event(**fields)


def verify_chain(db: Database) -> list[str]:
    """Problems found walking the chain from the first event; empty when intact."""
    problems: list[str] = []
    prev_hash = GENESIS
    for row in db.query("SELECT * FROM events ORDER BY seq"):
        if row["prev_hash"] != prev_hash:
            problems.append(f"event {row['seq']} does not follow the one before it")
        if _digest(row["prev_hash"], row) != row["hash"]:
            problems.append(f"event {row['seq']} was changed after it was written")
        prev_hash = row["hash"]
    return problems
