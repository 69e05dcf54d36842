"""The projected rows of one device against its stored events, for ``audit verify``.

``dossier_states`` and ``payment_states`` are written only by ``central.projections``
while a push is stored. Folding a device's applied events again, in ``seq`` order, with
the projection's own steps (so the two can never disagree on the rules) must give the
rows the device holds: a row edited in the database (a status, a fee, an amount, a
time) is named with its field and both values. The fold starts empty for each device:
a row is moved only by the device that holds it, and one that another device holds is
never compared with this device's events.

``queue_tickets`` rows are compared with the event that last moved them (its ``seq``
is the row's): the event carries the ticket as the row then stood
(``central.queue._logged``; at the city, the projection wrote the row from it).

Shown values are statuses, states, amounts, times and codes: no personal data (an
officer's name and a rating's reason are named as differing, not shown).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, select

from central import projections, queue, schema
from central.devices import Device

# The projection's own fold steps: what a row must be is what ingest makes of the events.
from central.projections import _dossier_event as fold_dossier_event
from central.projections import _payment_event as fold_payment_event

HIDDEN = frozenset({"officer", "rating_reason"})


def problems(conn: Connection, device: Device) -> Iterator[str]:
    """Every difference between the device's projected rows and its events."""
    dossiers, payments = _fold(conn, device)
    yield from _compare(conn, device, schema.dossier_states, "code", "dossier", dossiers)
    yield from _compare(conn, device, schema.payment_states, "reference", "payment", payments)
    yield from _tickets(conn, device)


def _fold(conn: Connection, device: Device) -> tuple[projections.Fold, projections.Fold]:
    e = schema.events
    wanted = projections.DOSSIER_EVENTS | projections.PAYMENT_EVENTS
    rows = conn.execute(
        select(e.c.seq, e.c.type, e.c.aggregate_id, e.c.created_at, e.c.payload, e.c.received_at)
        .where(e.c.device_id == device.id, e.c.parked_reason.is_(None), e.c.type.in_(wanted))
        .order_by(e.c.seq)
        .execution_options(yield_per=2000)
    )
    dossiers, payments = projections.Fold(), projections.Fold()
    for row in rows:
        event = dict(row._mapping)
        payload = projections._usable(event["payload"], projections._parse(event["payload"]))
        if payload is None:
            continue
        try:
            if event["type"] in projections.DOSSIER_EVENTS:
                fold_dossier_event(dossiers, device, event, payload)
            else:  # who else holds a dossier code is settled when rows are compared
                fold_payment_event(payments, device, event, payload, set(), row.received_at)
        except projections.UNREADABLE:
            continue  # the projection skipped it too
    return dossiers, payments


def _compare(
    conn: Connection, device: Device, table: Table, key: str, what: str, fold: projections.Fold
) -> Iterator[str]:
    stored = {
        row._mapping[key]: dict(row._mapping)
        for row in conn.execute(select(table).where(table.c.device_id == device.id))
    }
    expected = {name: projections._values(row) for name, row in fold.rows.items()}
    for name in sorted(stored.keys() | expected.keys()):
        have, want = stored.get(name), expected.get(name)
        if want is None:
            yield f"{what} {name}: the row has no applied events of its device"
        elif have is None:
            if not _held_elsewhere(conn, table, key, name, want):
                yield f"{what} {name}: its events make a row that is missing"
        else:
            yield from (f"{what} {name}: {line}" for line in _differences(have, want))


def _held_elsewhere(
    conn: Connection, table: Table, key: str, name: str, row: dict[str, Any]
) -> bool:
    """Whether another device holds the row (or its dossier code): then this device's
    events were never its to move."""
    if conn.execute(select(table.c[key]).where(table.c[key] == name)).first() is not None:
        return True
    code = row.get("dossier_code")
    if code is None:
        return False
    codes = schema.dossier_codes
    holder = conn.execute(select(codes.c.device_id).where(codes.c.code == code)).scalar()
    return holder is not None and holder != row["device_id"]


def _differences(have: dict[str, Any], want: dict[str, Any]) -> list[str]:
    lines = []
    for column, value in want.items():
        if not _same(have.get(column), value):
            if column in HIDDEN:
                lines.append(f"{column} differs from its events")
            else:
                lines.append(
                    f"{column} is {_shown(have.get(column))} in the table but "
                    f"{_shown(value)} by its events"
                )
    return lines


def _same(have: object, want: object) -> bool:
    if isinstance(have, datetime) and isinstance(want, datetime):
        return have.astimezone(UTC) == want.astimezone(UTC)
    return have == want


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, datetime):
        return repr(value.astimezone(UTC).isoformat())
    return repr(value) if isinstance(value, str) else str(value)


# --- queue tickets -------------------------------------------------------------------------


def _tickets(conn: Connection, device: Device) -> Iterator[str]:
    t, e = schema.queue_tickets, schema.events
    rows = conn.execute(
        select(t, e.c.aggregate_id.label("event_ticket"), e.c.payload.label("event_payload"))
        .outerjoin(e, and_(e.c.device_id == t.c.device_id, e.c.seq == t.c.seq))
        .where(t.c.device_id == device.id)
        .order_by(t.c.day, t.c.label)
    )
    for row in rows:
        name = f"queue ticket {row.label} of {row.day}"
        if row.event_ticket != row.id:
            yield f"{name}: its event {row.seq} is not an event of this ticket"
            continue
        payload = projections._parse(row.event_payload)
        logged = payload.get("ticket") if isinstance(payload, dict) else None
        if not isinstance(logged, dict):
            yield f"{name}: its event {row.seq} holds no ticket"
            continue
        try:
            stored = queue.ticket_of(row).model_dump(mode="json")
        except (ValueError, TypeError):  # a state or a source edited into no valid one
            yield f"{name}: the row cannot be read as a ticket"
            continue
        yield from (f"{name}: {line}" for line in _differences(stored, logged))
