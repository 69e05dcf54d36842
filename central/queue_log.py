"""A ward's queue log: the queue server's own chain of events, one device per ward.

The server that serves a ward's queue writes every action as an event of a device of
its own (``queue_logs``), chained like a counter's log (``event_chain``), in the same
transaction as the action. The ward role forwards that device's events to the city
like a counter's, where they are checked again and projected (``central.projections``).

Appending locks the log's device row (PostgreSQL ``FOR UPDATE``; SQLite's write lock),
so the log's ``seq`` grows without a gap whatever the number of server processes.
The log is made, with the ward's default areas and counters, on the ward's first queue
action (:func:`ward_log`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from central import database, queue_setup, schema
from central.prepared import Prepared
from counter_app.domain.clock import VIETNAM
from counter_app.domain.event_chain import GENESIS, canonical, event_hash
from counter_app.domain.ids import time_ordered_id
from counter_app.domain.records import record
from counter_app.sync.queue_wire import TICKET_AGGREGATE
from counter_app.sync.wire import DeviceRole

LOG_DEVICE_NAME = "Hàng đợi (máy chủ)"  # in the operator's device list


@record(frozen=True)
class WardLog:
    ward_id: int
    device_id: str


def ward_log(conn: Connection, ward_id: int, now: datetime) -> WardLog:
    """The ward's queue log; made with the default set-up on first use (once, whichever
    process comes first: the ward's row is locked while it is made). A log, once made,
    never changes: it is remembered per database."""
    key = (conn.engine.url.render_as_string(), ward_id)
    found = _known.get(key) or find(conn, ward_id)
    if found is not None:
        _known[key] = found
        return found
    wards = schema.wards
    conn.execute(select(wards.c.id).where(wards.c.id == ward_id).with_for_update(key_share=True))
    found = find(conn, ward_id)
    if found is not None:
        return found
    device_id = str(uuid.uuid4())
    conn.execute(
        insert(schema.devices).values(
            id=device_id,
            ward_id=ward_id,
            role=DeviceRole.QUEUE.value,
            name=LOG_DEVICE_NAME,
            created_at=now,
        )
    )
    conn.execute(
        insert(schema.queue_logs).values(ward_id=ward_id, device_id=device_id, created_at=now)
    )
    queue_setup.install_defaults(conn, ward_id)
    return WardLog(ward_id, device_id)


_known: dict[tuple[str, int], WardLog] = {}


def find(conn: Connection, ward_id: int) -> WardLog | None:
    logs = schema.queue_logs
    row = conn.execute(select(logs.c.device_id).where(logs.c.ward_id == ward_id)).first()
    return None if row is None else WardLog(ward_id, str(row.device_id))


@record
class Head:
    """Where the log's next event goes: its ``seq`` and the hash it follows. Valid for
    the transaction that read it (it holds the log's lock); :func:`append` moves it on."""

    seq: int
    prev_hash: str


def head(conn: Connection, log: WardLog) -> Head:
    """The log's next place, the log locked until the transaction ends: its actions then
    come one at a time, in the order of their ``seq``.

    PostgreSQL's ``FOR NO KEY UPDATE`` (here and on the ward's row while the log is
    made): it excludes another lock of the row, but not the key-share lock a foreign key
    takes when a row referring to it is inserted. Every action locks the log first,
    before any ticket row (``central.queue``), so two actions never wait for each other
    in a circle, and a call takes the first waiting ticket as the log stands at its
    place."""
    if database.is_postgres(conn):  # SQLite: the write transaction holds the whole database
        _LOCK.execute(conn, {"device": log.device_id})
    last = _HEAD.execute(conn, {"device": log.device_id}).first()
    return Head(1, GENESIS) if last is None else Head(int(last.seq) + 1, str(last.hash))


# Built once: the queue's actions run them on every call.
_LOCK = Prepared(
    select(schema.devices.c.id)
    .where(schema.devices.c.id == bindparam("device"))
    .with_for_update(key_share=True)
)
_COLUMNS = (
    *("event_id", "seq", "type", "aggregate_type", "aggregate_id", "payload", "created_at"),
    *("officer", "prev_hash", "hash", "parked_reason", "parked_detail"),
    *("ward_id", "device_id", "received_at"),
)
_INSERT = Prepared(insert(schema.events), keys=_COLUMNS)
_HEAD = Prepared(
    select(schema.events.c.seq, schema.events.c.hash)
    .where(schema.events.c.device_id == bindparam("device"))
    .order_by(schema.events.c.seq.desc())
    .limit(1)
)


def append(
    conn: Connection,
    log: WardLog,
    place: Head,
    kind: str,
    ticket_id: str,
    payload: dict[str, Any],
    officer: str,
    now: datetime,
) -> None:
    """Write one event of the log at ``place`` (from :func:`head`, in this transaction),
    and move ``place`` on past it."""
    event = {
        "id": time_ordered_id(),  # as a counter's: the events' index grows at its end
        "type": kind,
        "aggregate_type": TICKET_AGGREGATE,
        "aggregate_id": ticket_id,
        "payload": canonical(payload),
        "created_at": now.astimezone(VIETNAM).isoformat(timespec="microseconds"),
        "device_id": log.device_id,
        "officer": (officer or "system")[:64],
    }
    row = {
        "event_id": event["id"],
        "seq": place.seq,
        "type": kind,
        "aggregate_type": TICKET_AGGREGATE,
        "aggregate_id": ticket_id,
        "payload": event["payload"],
        "created_at": event["created_at"],
        "officer": event["officer"],
        "prev_hash": place.prev_hash,
        "hash": event_hash(place.prev_hash, event),
        "parked_reason": None,
        "parked_detail": None,
    }
    row.update(ward_id=log.ward_id, device_id=log.device_id, received_at=now)
    _INSERT.execute(conn, row)
    place.seq, place.prev_hash = place.seq + 1, str(row["hash"])


def version(conn: Connection, ward_id: int) -> int:
    """The log's head: grows with every action of the ward's queue (0 before the first)."""
    logs, events = schema.queue_logs, schema.events
    found = conn.execute(
        select(events.c.seq)
        .join(logs, logs.c.device_id == events.c.device_id)
        .where(logs.c.ward_id == ward_id)
        .order_by(events.c.seq.desc())
        .limit(1)
    ).first()
    return 0 if found is None else int(found.seq)
