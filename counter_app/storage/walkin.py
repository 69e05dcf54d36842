"""This counter's walk-in tickets (migration 0009): issued here while the ward server
cannot be reached, served here, reported to the ward through the event log.

A row keeps the columns the queries need and the ticket as its last action left it
(``ticket``, a JSON object of ``queue_wire.Ticket``'s fields); the service builds and
checks the tickets, this module only stores them. Functions that write run inside the
caller's transaction, with the action's event.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.storage.connection import Database

CURRENT_STATES = ("called", "serving")


def last_number(db: Database, day: str, prefix: str) -> int:
    """The last number of ``prefix`` issued on ``day`` (0 before the first)."""
    row = db.execute(
        "SELECT max(number) FROM walkin_tickets WHERE day = ? AND prefix = ?", [day, prefix]
    ).fetchone()
    return int(row[0] or 0)


def save(db: Database, ticket: dict[str, Any]) -> None:
    """Insert a new ticket, or store what an action made of it."""
    db.execute(
        "INSERT INTO walkin_tickets (id, day, prefix, number, label, state, taken_at, ticket)"
        " VALUES (:id, :day, :prefix, :number, :label, :state, :taken_at, :ticket)"
        " ON CONFLICT (id) DO UPDATE SET state = excluded.state, ticket = excluded.ticket",
        {**{key: ticket[key] for key in _KEYS}, "ticket": json.dumps(ticket, ensure_ascii=False)},
    )


_KEYS = ("id", "day", "prefix", "number", "label", "state", "taken_at")


def current(db: Database, day: str) -> dict[str, Any] | None:
    """The ticket called or being served at this counter on ``day``, if any."""
    return _one(
        "SELECT ticket FROM walkin_tickets WHERE day = ? AND state IN (?, ?)"
        " ORDER BY taken_at DESC LIMIT 1",
        [day, *CURRENT_STATES],
        db,
    )


def next_waiting(db: Database, day: str) -> dict[str, Any] | None:
    """The oldest ticket of ``day`` still waiting (yesterday's are never called)."""
    return _one(
        "SELECT ticket FROM walkin_tickets WHERE day = ? AND state = 'waiting'"
        " ORDER BY taken_at, number LIMIT 1",
        [day],
        db,
    )


def waiting(db: Database, day: str) -> int:
    row = db.execute(
        "SELECT count(*) FROM walkin_tickets WHERE day = ? AND state = 'waiting'", [day]
    ).fetchone()
    return int(row[0])


def by_label(db: Database, label: str) -> dict[str, Any] | None:
    """The latest ticket with this label (labels repeat from one day to the next)."""
    return _one(
        "SELECT ticket FROM walkin_tickets WHERE label = ? ORDER BY day DESC LIMIT 1",
        [label],
        db,
    )


def _one(sql: str, params: list[Any], db: Database) -> dict[str, Any] | None:
    row = db.execute(sql, params).fetchone()
    return None if row is None else dict(json.loads(row[0]))
