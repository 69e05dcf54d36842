"""What goes down to the devices: one table of changes per ward, read by cursor.

A device pulls the changes of its ward with ``id > since`` in id order and sends back
the last id it applied. That is only safe if, within a ward, a change with a smaller id
is never committed after one with a larger id: a reader that already moved its cursor
past the larger one would skip the smaller one forever. With several server processes on
PostgreSQL that can happen (ids come from a sequence when the row is inserted, commits
happen in any order), so :func:`publish` first locks the ward's row
(``SELECT … FOR UPDATE``) in the caller's transaction: publishers of one ward take turns,
each holds the lock until it commits, so ids are handed out and committed in the same
order. SQLite has one writer at a time, which gives the same order. Every change of a
ward must be written through :func:`publish`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from central import schema
from central.errors import Refused
from counter_app.domain.clock import VIETNAM
from counter_app.sync.wire import MAX_CHANGES, Change, ChangeKind, ChangesResponse


def publish(
    conn: Connection,
    ward_id: int,
    kind: ChangeKind | str,
    payload: dict[str, Any],
    device_id: str | None = None,
    now: datetime | None = None,
    relayed: bool = False,
) -> int:
    """Add a change for every device of the ward (or for ``device_id`` alone); its id.

    Runs in the caller's transaction, which holds the ward's lock until it commits:
    keep that transaction short. ``relayed``: a change of the city that a ward server
    passes down; a kind of a newer city than this server is passed down as it came
    (its devices hold what they do not know), so that it holds back nothing after it.
    """
    text = str(kind) if relayed and not isinstance(kind, ChangeKind) else ChangeKind(kind).value
    json.dumps(payload)  # refuse what cannot travel, here rather than at a device
    wards = schema.wards
    locked = conn.execute(select(wards.c.id).where(wards.c.id == ward_id).with_for_update())
    if locked.first() is None:
        raise Refused(f"no ward has the id {ward_id}")
    moment = now or datetime.now(VIETNAM)
    inserted = conn.execute(
        insert(schema.changes).values(
            ward_id=ward_id,
            device_id=device_id,
            kind=text,
            payload=payload,
            created_at=moment,
        )
    ).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def since(
    conn: Connection,
    ward_id: int,
    cursor: int,
    limit: int = MAX_CHANGES,
    device_id: str | None = None,
) -> ChangesResponse:
    """The ward's changes after ``cursor``: those for every device and those for
    ``device_id``; all of them when ``device_id`` is None (a relay, for the ward's server)."""
    changes = schema.changes
    query = (
        select(changes)
        .where(changes.c.ward_id == ward_id, changes.c.id > cursor)
        .order_by(changes.c.id)
        .limit(limit + 1)
    )
    if device_id is not None:
        query = query.where(or_(changes.c.device_id.is_(None), changes.c.device_id == device_id))
    rows = conn.execute(query).all()
    page = [
        Change(
            id=row.id,
            kind=_kind(row.kind),
            payload=row.payload,
            created_at=row.created_at.astimezone(VIETNAM).isoformat(timespec="seconds"),
            device_id=row.device_id,
        )
        for row in rows[:limit]
    ]
    return ChangesResponse(
        changes=page, cursor=page[-1].id if page else cursor, more=len(rows) > limit
    )


def _kind(text: str) -> ChangeKind | str:
    """A kind this server knows, or one of a newer city that a ward server relays."""
    try:
        return ChangeKind(text)
    except ValueError:
        return text
