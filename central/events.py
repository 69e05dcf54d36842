"""Reading the stored events (for the ward role's forwarder, the operator, statistics).

Follow a device's log by ``(device_id, seq)``: it is filled 1, 2, 3… without a gap and
never changes. An event with ``parked_reason`` is kept aside and must not be applied.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from central import schema
from counter_app.domain.clock import VIETNAM
from counter_app.sync.wire import ParkReason, RelayedParkedEvent, WireEvent

WIRE_FIELDS = tuple(name for name in WireEvent.model_fields if name not in {"id", "device_id"})


def heads(conn: Connection, ward_id: int) -> dict[str, int]:
    """The highest seq stored for each device of the ward that has events."""
    e = schema.events
    rows = conn.execute(
        select(e.c.device_id, func.max(e.c.seq))
        .where(e.c.ward_id == ward_id)
        .group_by(e.c.device_id)
    )
    return {device_id: int(seq) for device_id, seq in rows}


def after(conn: Connection, device_id: str, seq: int, limit: int) -> list[WireEvent]:
    """The device's events after ``seq``, in order, as they travel."""
    e = schema.events
    rows = conn.execute(
        select(e.c.event_id, e.c.device_id, *(e.c[name] for name in WIRE_FIELDS))
        .where(e.c.device_id == device_id, e.c.seq > seq)
        .order_by(e.c.seq)
        .limit(limit)
    )
    return [
        WireEvent.model_validate(
            {
                "id": row.event_id,
                "device_id": row.device_id,
                **{n: row._mapping[n] for n in WIRE_FIELDS},
            }
        )
        for row in rows
    ]


def parked_among(
    conn: Connection, device_id: str, batch: list[WireEvent]
) -> list[RelayedParkedEvent]:
    """Which events of ``batch`` (the device's, in order) are parked here, and why: a
    ward server sends this up with them, so the city parks them too."""
    if not batch:
        return []
    e = schema.events
    rows = conn.execute(
        select(e.c.seq, e.c.event_id, e.c.parked_reason, e.c.parked_detail)
        .where(
            e.c.device_id == device_id,
            e.c.seq >= batch[0].seq,
            e.c.seq <= batch[-1].seq,
            e.c.parked_reason.is_not(None),
        )
        .order_by(e.c.seq)
    )
    return [
        RelayedParkedEvent(
            seq=row.seq,
            id=row.event_id,
            reason=ParkReason(row.parked_reason),
            detail=row.parked_detail or "",
        )
        for row in rows
    ]


def parked(conn: Connection, ward_id: int | None = None) -> list[dict[str, Any]]:
    """The events kept aside, oldest first, with their reasons (never their payload)."""
    e, w = schema.events, schema.wards
    query = (
        select(
            w.c.code.label("ward"),
            e.c.device_id,
            e.c.seq,
            e.c.event_id,
            e.c.type,
            e.c.parked_reason,
            e.c.parked_detail,
            e.c.received_at,
        )
        .join(w, w.c.id == e.c.ward_id)
        .where(e.c.parked_reason.is_not(None))
        .order_by(e.c.pos)
    )
    if ward_id is not None:
        query = query.where(e.c.ward_id == ward_id)
    return [
        {
            "ward": row.ward,
            "device_id": row.device_id,
            "seq": row.seq,
            "event_id": row.event_id,
            "type": row.type,
            "reason": row.parked_reason,
            "detail": row.parked_detail,
            "received_at": row.received_at.astimezone(VIETNAM).isoformat(timespec="seconds"),
        }
        for row in conn.execute(query)
    ]
