"""``counter-central audit verify``: every device's stored chain end to end, read only.

Ingest checks each event as it arrives (``central.ingest``); this walks what is stored
now, so that a row edited, removed or inserted in the database afterwards is found. For
each device (a counter, or a ward's queue log), in ``seq`` order from 1, the same walk
as the counter's own audit (:class:`counter_app.domain.chain_walk.ChainWalk`): the hash
of each event recomputed with ``event_chain.event_hash``, each ``prev_hash`` against the
event before it, ``seq`` without a gap. Then what refers to the device's log from
outside it, which must not point past its end or at an event no longer there:

- the server keeps no head of its own: a device's head is its highest stored ``seq``.
  A ward server's ``forward_heads`` row says what the city acknowledged; a log here
  that ends below it lost its newest events;
- ``dossier_codes``: each code was claimed by a stored reception event of its device;
- ``queue_tickets``: no row was moved by an event past the log's end;
- the dossier and payment rows the projection keeps (``central.audit_projections``).

Findings name the ward, the device, the seq and event id where there is one, and what
differs; never a payload.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError

from central import audit_projections, database, devices, schema, wards
from central.database import DatabaseError
from central.devices import Device
from counter_app.domain.chain_walk import ChainWalk
from counter_app.domain.records import field, record

MAX_LISTED = 1000  # a database broken everywhere still gives a readable report
BATCH = 2000  # events read at a time


@record(frozen=True)
class Finding:
    """One thing wrong, at one device (and, for the chain, at one event)."""

    ward: str
    device_id: str
    kind: str  # a ChainBreak kind, or wrong_ward, head_beyond_log, claim_missing, projection
    detail: str
    seq: int | None = None
    event_id: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "ward": self.ward,
            "device_id": self.device_id,
            "seq": self.seq,
            "event_id": self.event_id,
            "kind": self.kind,
            "detail": self.detail,
        }


@record
class CentralAudit:
    devices: int = 0
    events: int = 0
    findings: list[Finding] = field(default_factory=list)
    total: int = 0  # findings, listed or not
    broken_devices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.total == 0

    def add(self, device: Device, found: list[Finding]) -> None:
        self.total += len(found)
        self.findings += found[: MAX_LISTED - len(self.findings)]
        if found:
            self.broken_devices.append(device.id)

    def to_data(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "devices": self.devices,
            "events": self.events,
            "broken_devices": self.broken_devices,
            "findings": [item.to_data() for item in self.findings],
            "findings_total": self.total,
        }


def verify(conn: Connection, ward_code: str | None = None) -> CentralAudit:
    """Audit every device (of one ward with ``ward_code``) in the snapshot of ``conn``."""
    ward_id = wards.ward_by_code(conn, ward_code).id if ward_code else None
    report = CentralAudit()
    for device in sorted(devices.list_devices(conn, ward_id), key=_order):
        report.devices += 1
        found, count = device_findings(conn, device)
        report.events += count
        report.add(device, found)
    return report


def _order(device: Device) -> tuple[str, bool, int, str]:
    """By ward, its counters by number, then its other devices: the same on every backend
    (NULL counter numbers sort first on SQLite, last on PostgreSQL)."""
    number = device.counter_number
    return (device.ward_code, number is None, number or 0, device.id)


def device_findings(conn: Connection, device: Device) -> tuple[list[Finding], int]:
    """What is wrong with one device's log and what refers to it; its number of events."""
    walk = ChainWalk()
    found: list[Finding] = []
    for event in _events(conn, device.id):
        found += [
            Finding(device.ward_code, device.id, b.kind.value, b.detail, b.seq, b.event_id)
            for b in walk.step(event)
        ]
        if event["ward_id"] != device.ward_id:
            found.append(
                Finding(
                    device.ward_code,
                    device.id,
                    "wrong_ward",
                    "the event is stored under another ward than its device's",
                    int(event["seq"]),
                    str(event["id"]),
                )
            )
    found += _heads(conn, device, walk.last_seq)
    found += _claims(conn, device)
    found += [
        Finding(device.ward_code, device.id, "projection", line)
        for line in audit_projections.problems(conn, device)
    ]
    return found, walk.events


def _events(conn: Connection, device_id: str) -> Iterator[dict[str, Any]]:
    e = schema.events
    query = (
        select(
            e.c.seq,
            e.c.event_id.label("id"),
            e.c.type,
            e.c.aggregate_type,
            e.c.aggregate_id,
            e.c.payload,
            e.c.created_at,
            e.c.device_id,
            e.c.officer,
            e.c.prev_hash,
            e.c.hash,
            e.c.ward_id,
        )
        .where(e.c.device_id == device_id)
        .order_by(e.c.seq)
        .execution_options(yield_per=BATCH)
    )
    for row in conn.execute(query):
        yield dict(row._mapping)


def _heads(conn: Connection, device: Device, last_seq: int) -> list[Finding]:
    """What the city acknowledged of this device, and the events the queue rows were last
    moved by, must be within the log stored here."""
    heads, tickets = schema.forward_heads, schema.queue_tickets
    pointers = [
        (f"{upstream} acknowledged this device's events through seq {acked}", int(acked))
        for upstream, acked in conn.execute(
            select(heads.c.upstream, heads.c.acked_through).where(heads.c.device_id == device.id)
        )
    ]
    newest = conn.execute(
        select(func.max(tickets.c.seq)).where(tickets.c.device_id == device.id)
    ).scalar()
    if newest is not None:
        pointers.append((f"a queue ticket row was moved by event {newest}", int(newest)))
    return [
        Finding(
            device.ward_code,
            device.id,
            "head_beyond_log",
            f"{what} but the log stored here ends at seq {last_seq}: its newest events "
            "were removed",
            seq=last_seq + 1,
        )
        for what, seq in pointers
        if seq > last_seq
    ]


def _claims(conn: Connection, device: Device) -> list[Finding]:
    """Each dossier code the device holds was claimed by one of its stored events."""
    codes, e = schema.dossier_codes, schema.events
    rows = conn.execute(
        select(codes.c.code, codes.c.event_id, e.c.device_id)
        .outerjoin(e, e.c.event_id == codes.c.event_id)
        .where(codes.c.device_id == device.id)
        .order_by(codes.c.code)
    )
    return [
        Finding(
            device.ward_code,
            device.id,
            "claim_missing",
            f"dossier code {code} was claimed by event {event_id}, which is not stored "
            "as this device's",
            event_id=event_id,
        )
        for code, event_id, holder in rows
        if holder != device.id
    ]


# --- the command ---------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    """``counter-central audit verify``: exit 0 intact, 1 broken, 2 unusable (one line)."""
    from central.commands import print_json  # also what turns a refusal into one line

    with snapshot(args.db) as conn:
        report = verify(conn, args.ward)
    if args.json:
        print_json(report.to_data())
    else:
        print("\n".join(summary(report)))
    return 0 if report.ok else 1


def summary(report: CentralAudit) -> list[str]:
    lines = [f"audited {report.devices} devices, {report.events} events"]
    for item in report.findings:
        where = f"ward {item.ward} device {item.device_id}"
        where += f" seq {item.seq}" if item.seq is not None else ""
        where += f" event {item.event_id}" if item.event_id else ""
        lines.append(f"BROKEN {where}: {item.detail}")
    hidden = report.total - len(report.findings)
    if hidden > 0:
        lines.append(f"and {hidden} more findings (not listed)")
    broken = len(report.broken_devices)
    lines.append("result: intact" if report.ok else f"result: BROKEN ({broken} devices)")
    return lines


@contextmanager
def snapshot(db_url: str | None) -> Iterator[Connection]:
    """One read-only snapshot of the database of ``--db``, never created nor upgraded:
    a database that is missing, unreachable or not at this program's schema is refused
    with one line (``DatabaseError``)."""
    from central.migrations import head

    url = database.chosen_url(db_url)
    parsed = database.parse_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        raise DatabaseError(f"{parsed.database} does not exist: give the server's database")
    engine = database.open_engine(url)
    try:
        database.check_reachable(engine)
        with engine.connect() as conn:
            if database.is_postgres(conn):  # one snapshot for every query, and no writes
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                revision = _revision(conn, database.shown(engine.url))
                if revision != head():
                    raise DatabaseError(
                        f"{database.shown(engine.url)} is at schema revision {revision}, not "
                        f"{head()}: run 'counter-central db upgrade' first"
                    )
                yield conn
    finally:
        engine.dispose()


def _revision(conn: Connection, shown: str) -> str | None:
    try:
        with conn.begin_nested():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        raise DatabaseError(
            f"{shown} is not a counter-central database (it has no schema revision)"
        ) from None
