"""The devices' dossiers and payments as their applied events left them.

``central.ingest`` calls :func:`record` in the push's transaction, after the batch's
events are inserted, so that a bank notification finds its payment and the statistics
count dossiers and payments with one indexed query each, never by folding the log. The
rows are derived data: nothing else writes them.

Order and concurrency: a device's events arrive in ``seq`` order under its row's lock,
and a dossier or a payment is moved by one device only, the one that received it or
started it (``device_id``), so the writes of one row come in order. A row another device
holds is left alone (a reception parked as ``code_taken`` brings that device's events of
the same code). Parked events are skipped. A payload that does not have the shape its
type needs is skipped too: the projection never refuses a push.

Payments are locked by reference first (:func:`central.bank.lock_references`), as a bank
notification does, so that a notification and the payment it names, arriving at the
same moment in two processes, are matched by whichever commits second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pydantic import ValidationError
from pydantic_core import from_json
from sqlalchemy import Connection, Table, bindparam, select, update

import counter_app.sync.queue_wire as qw
from central import bank, database, schema
from central.devices import Device
from counter_app.domain import records
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import Status
from counter_app.domain.errors import DomainError
from counter_app.domain.payment_reference import read_transfer_reference
from counter_app.domain.payments import Method, PaymentState

log = logging.getLogger("central.projections")

RECEIVED, STATUS_CHANGED, RESCHEDULED = (
    "dossier.received",
    "dossier.status_changed",
    "dossier.rescheduled",
)
DOSSIER_EVENTS = frozenset({RECEIVED, STATUS_CHANGED, RESCHEDULED})
# Every payment event but the receipt's carries the whole payment as it now stands.
PAYMENT_EVENTS = frozenset(
    {"payment.started", "payment.paid", "payment.cancelled", "payment.expired", "payment.refunded"}
)
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, DomainError)
BIGINT = 2**63  # the amount column's range is -BIGINT … BIGINT - 1 (a fee: 1 … BIGINT - 1)


@records.record
class DossierRow:
    code: str
    ward_id: int
    device_id: str
    status: str
    received_at: datetime
    due_at: datetime | None
    seq: int


@records.record
class PaymentRow:
    reference: str
    ward_id: int
    device_id: str
    payment_id: str
    dossier_code: str | None
    amount: int
    method: str
    state: str
    started_at: datetime
    paid_at: datetime | None
    paid_by: str | None
    bank_transaction: str | None
    seq: int


@records.record
class Fold:
    """The rows of one table being folded: those read, those new, those changed."""

    rows: dict[str, Any] = records.field(default_factory=dict)
    new: set[str] = records.field(default_factory=set)
    changed: set[str] = records.field(default_factory=set)


Parsed = list[tuple[dict[str, Any], dict[str, Any]]]  # (event row, its payload object)


class DossierChange(NamedTuple):
    """What a dossier event does to its row, read from the payload before the
    transaction (``central.ingest`` works it out with the event's other facts)."""

    code: str  # as the counter writes it: upper case, no spaces around
    status: str  # a reception's status, or the one a change moves to ("" when rescheduled)
    received_at: datetime | None  # a reception's
    due_at: datetime | None  # a reception's, or the new one of a rescheduling


def dossier_change(kind: str, payload: dict[str, Any]) -> DossierChange:
    """The change a dossier event of type ``kind`` makes; raises one of UNREADABLE for a
    payload that does not have its shape."""
    code = str(payload["code"]).strip().upper()
    if kind == RECEIVED:
        status = Status(payload.get("status", Status.RECEIVED.value)).value
        due = _moment(payload["due_at"]) if payload.get("due_at") else None
        return DossierChange(code, status, _moment(payload["received_at"]), due)
    if kind == STATUS_CHANGED:
        return DossierChange(code, Status(payload["to"]).value, None, None)
    return DossierChange(code, "", None, _moment(payload["to"]))


def read_dossier_change(kind: str, payload: object) -> DossierChange | str | None:
    """The change of a dossier event; the name of the error for a payload that does not
    read (the projection skips the event and logs that name); None for another event."""
    if kind not in DOSSIER_EVENTS or not isinstance(payload, dict):
        return None
    try:
        return dossier_change(kind, payload)
    except UNREADABLE as exc:
        return type(exc).__name__


def record(
    conn: Connection,
    device: Device,
    rows: list[dict[str, Any]],
    now: datetime,
    payloads: Sequence[object] | None = None,
    changes: Sequence[DossierChange | str | None] | None = None,
) -> None:
    """Fold the batch's applied dossier and payment events into their rows; then decide
    the bank notifications that were waiting for these payments. ``payloads``: the rows'
    payloads as parsed already, and ``changes`` their dossier changes
    (:func:`read_dossier_change`): ``central.ingest`` has both from before the
    transaction; else they are worked out here."""
    if payloads is None:
        payloads = [_parse(row["payload"]) for row in rows]
    if changes is None:
        changes = [
            read_dossier_change(row["type"], parsed)
            for row, parsed in zip(rows, payloads, strict=True)
        ]
    applied = [
        (row, payload, change)
        for row, parsed, change in zip(rows, payloads, changes, strict=True)
        if not row["parked_reason"] and (payload := _usable(row["payload"], parsed)) is not None
    ]
    dossier_events = [(row, change) for row, _p, change in applied if row["type"] in DOSSIER_EVENTS]
    payment_events = [(row, p) for row, p, _c in applied if row["type"] in PAYMENT_EVENTS]
    queue_events = [(row, p) for row, p, _c in applied if row["type"] in qw.QUEUE_EVENTS]
    if queue_events:
        _tickets(conn, device, queue_events)
    if dossier_events:
        _dossiers(conn, device, dossier_events)
    if payment_events:
        touched = _payments(conn, device, payment_events, now)
        if touched:
            bank.match_waiting(conn, touched, now)


# --- dossiers ----------------------------------------------------------------------------


def _dossiers(
    conn: Connection,
    device: Device,
    events: list[tuple[dict[str, Any], DossierChange | str | None]],
) -> None:
    codes = {change.code for _event, change in events if isinstance(change, DossierChange)}
    fold = Fold(rows=_read(conn, schema.dossier_states, "code", codes, DossierRow))
    for event, change in events:
        if isinstance(change, DossierChange):
            _fold_dossier(fold, device, event, change)
        else:
            _skipped(event, str(change))
    _write(conn, schema.dossier_states, "code", fold)


def _dossier_event(
    fold: Fold, device: Device, event: dict[str, Any], payload: dict[str, Any]
) -> None:
    """One dossier event folded into ``fold`` (``central.audit_projections`` folds a
    device's stored events with it); raises one of UNREADABLE."""
    _fold_dossier(fold, device, event, dossier_change(event["type"], payload))


def _fold_dossier(fold: Fold, device: Device, event: dict[str, Any], change: DossierChange) -> None:
    code = change.code
    row: DossierRow | None = fold.rows.get(code)
    if row is not None and row.device_id != device.id:
        return  # another device's dossier
    if event["type"] == RECEIVED:
        assert change.received_at is not None  # dossier_change reads it for a reception
        received = DossierRow(
            code=code,
            ward_id=device.ward_id,
            device_id=device.id,
            status=change.status,
            received_at=change.received_at,
            due_at=change.due_at,
            seq=event["seq"],
        )
        _put(fold, code, received, is_new=row is None)
        return
    if row is None:
        return  # a change of a dossier this server never saw received
    if event["type"] == STATUS_CHANGED:
        row.status = change.status
    else:
        row.due_at = change.due_at
    row.seq = event["seq"]
    _put(fold, code, row, is_new=False)


# --- payments ----------------------------------------------------------------------------


def _payments(conn: Connection, device: Device, parsed: Parsed, now: datetime) -> list[str]:
    """Fold the payment events; the references of the rows written."""
    references = {str(payload.get("reference", "")).strip().upper() for _e, payload in parsed}
    references.discard("")
    bank.lock_references(conn, references)
    fold = Fold(rows=_read(conn, schema.payment_states, "reference", references, PaymentRow))
    others = _codes_held_by_others(conn, device, references)
    for event, payload in parsed:
        try:
            _payment_event(fold, device, event, payload, others, now)
        except UNREADABLE as exc:
            _skipped(event, exc)
    _write(conn, schema.payment_states, "reference", fold)
    return sorted(fold.new | fold.changed)


def _payment_event(
    fold: Fold,
    device: Device,
    event: dict[str, Any],
    payload: dict[str, Any],
    others: set[str],
    now: datetime,
) -> None:
    reference = str(payload["reference"]).strip().upper()
    amount = payload["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int) or len(reference) != 19:
        raise ValueError("a payment has a 19-character reference and whole đồng")
    if not 0 < amount < BIGINT:
        raise ValueError("an amount that is not a fee (not above zero, or beyond 64 bits)")
    row: PaymentRow | None = fold.rows.get(reference)
    if row is not None and row.device_id != device.id:
        return  # another device's payment of the same reference
    dossier_code = _dossier_code(reference)
    if row is None and dossier_code in others:
        return  # a payment of a dossier another device holds
    paid_by = payload.get("paid_by")
    state = PaymentRow(
        reference=reference,
        ward_id=device.ward_id,
        device_id=device.id,
        payment_id=str(event["aggregate_id"])[:200],
        dossier_code=dossier_code,
        amount=amount,
        method=Method(payload.get("method", Method.QR.value)).value,
        state=PaymentState(payload["state"]).value,
        started_at=row.started_at if row else _moment_or(event["created_at"], now),
        paid_at=_moment(payload["paid_at"]) if payload.get("paid_at") else None,
        paid_by=str(paid_by)[:10] if paid_by else None,
        bank_transaction=_text(payload.get("bank_transaction"), 64),
        seq=event["seq"],
    )
    _put(fold, reference, state, is_new=row is None)


def _dossier_code(reference: str) -> str | None:
    try:
        return read_transfer_reference(reference)[0]
    except DomainError:
        return None


def _codes_held_by_others(conn: Connection, device: Device, references: set[str]) -> set[str]:
    codes = {code for ref in references if (code := _dossier_code(ref))}
    if not codes:
        return set()
    table = schema.dossier_codes
    rows = conn.execute(
        select(table.c.code).where(table.c.code.in_(codes), table.c.device_id != device.id)
    )
    return {row.code for row in rows}


# --- queue tickets (a ward server's queue log, forwarded to the city) ---------------------


@records.record
class TicketRow:
    id: str
    ward_id: int
    device_id: str
    day: str
    prefix: str
    number: int
    label: str
    area: str
    target_counter: int | None
    priority: str | None
    rank: int
    source: str
    state: str
    counter_number: int | None
    officer: str | None
    queued_at: datetime
    taken_at: datetime
    called_at: datetime | None
    last_called_at: datetime | None
    calls: int
    started_at: datetime | None
    finished_at: datetime | None
    dossier_code: str | None
    procedure_code: str | None
    rating: str | None
    rating_reason: str | None
    seq: int


def _tickets(conn: Connection, device: Device, parsed: Parsed) -> None:
    """Each event carries its ticket as the action left it: the last one counts."""
    ids = {str(event["aggregate_id"]) for event, _payload in parsed}
    fold = Fold(rows=_read(conn, schema.queue_tickets, "id", ids, TicketRow))
    for event, payload in parsed:
        try:
            ticket = qw.Ticket.model_validate(payload["ticket"], strict=False)
        except (ValidationError, *UNREADABLE) as exc:
            _skipped(event, exc)
            continue
        row: TicketRow | None = fold.rows.get(ticket.id)
        if row is not None and (row.device_id != device.id or row.seq >= event["seq"]):
            continue  # another queue's ticket of the same id, or an older state
        taken = _moment(ticket.taken_at)
        state = TicketRow(
            id=ticket.id,
            ward_id=device.ward_id,
            device_id=device.id,
            day=ticket.day,
            prefix=ticket.prefix,
            number=ticket.number,
            label=ticket.label,
            area=ticket.area,
            target_counter=ticket.target_counter,
            priority=None if ticket.priority is None else ticket.priority.value,
            rank=0 if ticket.priority is not None else 1,
            source=ticket.source.value,
            state=ticket.state.value,
            counter_number=ticket.counter,
            officer=ticket.officer,
            queued_at=row.queued_at if row else taken,
            taken_at=taken,
            called_at=_optional_moment(ticket.called_at),
            last_called_at=_optional_moment(ticket.last_called_at),
            calls=ticket.calls,
            started_at=_optional_moment(ticket.started_at),
            finished_at=_optional_moment(ticket.finished_at),
            dossier_code=ticket.dossier_code,
            procedure_code=ticket.procedure_code,
            rating=ticket.rating,
            rating_reason=ticket.rating_reason,
            seq=event["seq"],
        )
        _put(fold, ticket.id, state, is_new=row is None)
    _write(conn, schema.queue_tickets, "id", fold)


def _optional_moment(value: str | None) -> datetime | None:
    return None if value is None else _moment(value)


# --- shared ------------------------------------------------------------------------------

RowType = Callable[..., Any]


def _read(
    conn: Connection, table: Table, key: str, keys: set[str], make: RowType
) -> dict[str, Any]:
    if not keys:
        return {}
    rows = conn.execute(select(table).where(table.c[key].in_(sorted(keys))))
    return {row._mapping[key]: make(**row._asdict()) for row in rows}


def _put(fold: Fold, key: str, row: Any, is_new: bool) -> None:
    fold.rows[key] = row
    if is_new or key in fold.new:
        fold.new.add(key)
    else:
        fold.changed.add(key)


def _write(conn: Connection, table: Table, key: str, fold: Fold) -> None:
    """The new rows in one insert, the changed ones in one executemany update."""
    new = [_values(fold.rows[k]) for k in sorted(fold.new)]
    database.insert_rows(conn, table, new)
    changed = [_values(fold.rows[k]) for k in sorted(fold.changed)]
    if not changed:
        return
    columns = [name for name in changed[0] if name != key]
    statement = (
        update(table)
        .where(table.c[key] == bindparam("_key"))
        .values({name: bindparam(f"_{name}") for name in columns})
    )
    conn.execute(
        statement, [{"_key": row[key], **{f"_{n}": row[n] for n in columns}} for row in changed]
    )


def _values(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in records.fields(row)}


def _parse(text: str) -> object:
    try:
        return from_json(text)  # pydantic's parser: several times json's speed
    except ValueError:
        return None


def _usable(text: str, payload: object) -> dict[str, Any] | None:
    """The payload object; None for one that is not, or that holds a NUL character
    (PostgreSQL cannot store or even compare one: the event is not projected)."""
    if not isinstance(payload, dict):
        return None
    if "\\u0000" in text and _holds_nul(payload):
        return None
    return payload


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("a time is ISO 8601 text")
    moment = datetime.fromisoformat(value)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    try:
        moment.astimezone(UTC)  # as it is stored
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00: before year 1 in UTC
        raise ValueError("a time out of range") from None
    return moment


def _moment_or(value: object, default: datetime) -> datetime:
    try:
        return _moment(value)
    except (TypeError, ValueError):
        return default


def _text(value: object, limit: int) -> str | None:
    return None if value is None else str(value)[:limit]


def _skipped(event: dict[str, Any], exc: Exception | str) -> None:
    # The error's type and the position only: a payload may hold personal data.
    name = exc if isinstance(exc, str) else type(exc).__name__
    log.warning("event %s (seq %s) not projected: %s", event["type"], event["seq"], name)
