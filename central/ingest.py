"""Push: a device's events, each stored once, in the order of its hash chain.

Rules (docs/sync-protocol.md, "Push"), against the device's head, the highest ``seq``
stored for it (its events are always stored 1…head without a gap):

- ``seq <= head``: already stored. The same id and hash is a repeat, skipped; anything
  else is another history of the device: 409 ``chain_broken``, nothing of the batch kept.
- ``seq == head + 1``: must follow the head (``prev_hash``) and carry the hash of its own
  content (``event_chain.event_hash``), else 409 ``chain_broken``; then it is the head.
- ``seq > head + 1``: a gap; the batch stops there and the answer says where.

The answer's ``acked_through`` is the head after the batch. An event that cannot be
applied (its dossier code is another device's, names another ward, or its payload is
unreadable; a payment of a dossier the device does not hold; a number in another
counter's block, ``central.blocks``) is still stored and acknowledged, with its reason
(``parked_reason``).

A ward server's relay sends, with a device's events, which of them the ward server
parked and why (``PushRequest.parked``): they are parked here too, whatever the rules
below would say, so that the city never applies what the ward kept aside (it does not
know the ward's blocks, and receives the ward's devices in another order).

Speed: the batch is validated in one go, the hashes and payloads are examined before the
transaction (pure CPU), and the transaction runs a handful of statements whatever the
batch's size (one multi-row insert per table). Exactly once across processes: the
device's row is locked first (PostgreSQL ``FOR UPDATE``, SQLite's write lock), and
``UNIQUE (device_id, seq)``, ``UNIQUE (event_id)`` and ``dossier_codes``' key refuse
whatever a race would still let through; the batch is then checked again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from itertools import pairwise
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from central import blocks, database, devices, projections, schema
from central.devices import Device
from central.errors import chain_broken, forbidden, invalid
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import parse_dossier_code
from counter_app.domain.errors import DomainError
from counter_app.domain.event_chain import GENESIS, HASHED_FIELDS, event_hash
from counter_app.domain.payment_reference import read_transfer_reference
from counter_app.sync.wire import (
    DeviceRole,
    ParkedEvent,
    ParkReason,
    PushRequest,
    PushResponse,
    WireEvent,
)

RECEIVED = "dossier.received"  # the counter's reception event (services.reception)
PAYMENT_EVENTS = projections.PAYMENT_EVENTS  # each carries the payment's reference
ATTEMPTS = 5  # a batch that lost a race is checked again this many times
NUL_ESCAPE = b"\\u0000"  # how JSON writes a NUL character (a raw one is not JSON)


class Examined(NamedTuple):
    """What can be known of an event before the transaction (a tuple: a thousand of
    them are made per batch, at a quarter of a frozen record's cost)."""

    hash_ok: bool
    payload: object = None  # parsed, for the projections
    dossier_code: str | None = None
    agency: str | None = None
    unreadable: str | None = None  # why the payload cannot be applied
    payment_of: str | None = None  # a payment event's dossier code, from its reference
    number: tuple[date, int] | None = None  # a reception's code: its day and sequence
    dossier: projections.DossierChange | str | None = None  # for the projection


def parse(body: bytes) -> PushRequest:
    """The request, validated in one go; 422 with the first problems otherwise."""
    try:
        request = PushRequest.model_validate_json(body)
    except ValidationError as exc:
        raise invalid(summary(exc)) from None
    refuse_nul(body, request)
    seqs = [event.seq for event in request.events]
    if any(later <= earlier for earlier, later in pairwise(seqs)):
        raise invalid("the events must be in increasing seq order")
    if len({event.id for event in request.events}) != len(request.events):
        raise invalid("an event id appears twice in the batch")
    batch = {(event.seq, event.id) for event in request.events}
    if any((said.seq, said.id) not in batch for said in request.parked):
        raise invalid("parked: each entry must name an event of the batch (its seq and id)")
    return request


def summary(exc: ValidationError, most: int = 3) -> str:
    """Where and what, never the values (a payload may hold personal data)."""
    problems = [
        f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
        for error in exc.errors(include_url=False, include_input=False)[:most]
    ]
    more = exc.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def refuse_nul(body: bytes, document: BaseModel) -> None:
    """422 for a text of the document that holds a NUL character: PostgreSQL cannot
    store one (SQLite could, but both refuse the same documents) and no counter writes
    one. The walk runs only when the body has the escape, so a usual push pays nothing."""
    if NUL_ESCAPE not in body:
        return
    where = _nul_at(document)
    if where is not None:
        raise invalid(f"{where or 'body'}: a NUL character (\\u0000) is not allowed in text")


def _nul_at(value: object, path: str = "") -> str | None:
    """Where the first text holding a NUL is (``events.3.officer``), else None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, BaseModel):
        items: Any = iter(value)  # (field name, value) pairs
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _nul_at(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


# ``event_chain.canonical`` of the hashed fields, every one a string (the wire says so):
# json.dumps of a dict with sorted keys is these keys, each followed by its escaped value.
_KEYS = sorted(HASHED_FIELDS)
_FORMAT = "{" + ",".join(f"{encode_basestring(key)}:%s" for key in _KEYS) + "}"
_VALUES = itemgetter(*_KEYS)


def _hash_matches(event: WireEvent) -> bool:
    """``event_hash(prev_hash, event) == event.hash``, twice as fast. A mismatch is
    checked again with ``event_hash`` itself, so this can never refuse a good event;
    nor accept a bad one, short of a SHA-256 preimage."""
    fields = vars(event)
    text = _FORMAT % tuple(map(encode_basestring, _VALUES(fields)))
    digest = hashlib.sha256((event.prev_hash + text).encode("utf-8")).hexdigest()
    return digest == event.hash or event_hash(event.prev_hash, fields) == event.hash


def check_owner(device: Device, request: PushRequest) -> None:
    """403 unless the token may push these events: a counter its own, a relay any
    device's (its ward is checked in the transaction)."""
    if device.role is DeviceRole.DISPLAY:
        raise forbidden("a kiosk or board screen has no events to push")
    if device.role is DeviceRole.COUNTER and request.device_id != device.id:
        raise forbidden(f"this token is device {device.id}'s, not {request.device_id}'s")
    if request.parked and device.role is not DeviceRole.RELAY:
        raise forbidden("only a ward server's relay says which events its ward parked")
    for event in request.events:
        if event.device_id != request.device_id:
            raise forbidden(f"event {event.seq} belongs to device {event.device_id}")


def examine(events: Sequence[WireEvent]) -> list[Examined]:
    return [_examine(event) for event in events]


def _examine(event: WireEvent) -> Examined:
    hash_ok = _hash_matches(event)
    try:
        payload = from_json(event.payload)  # pydantic's parser: three times json's speed
    except ValueError:
        return Examined(hash_ok, unreadable="the payload is not JSON")
    if not isinstance(payload, dict):
        return Examined(hash_ok, unreadable="the payload is not a JSON object")
    if event.type != RECEIVED:
        if event.type in PAYMENT_EVENTS:
            return Examined(hash_ok, payload, payment_of=_paid_dossier(payload))
        return Examined(
            hash_ok, payload, dossier=projections.read_dossier_change(event.type, payload)
        )
    code = payload.get("code")
    try:
        agency, day, sequence = parse_dossier_code(code if isinstance(code, str) else "")
    except DomainError:
        return Examined(hash_ok, unreadable="the dossier code is missing or malformed")
    # The code as the counter writes it, whatever its case or spaces: one key per dossier.
    code = f"{agency}-{day:%y%m%d}-{sequence:04d}"
    change = projections.read_dossier_change(event.type, payload)
    return Examined(
        hash_ok, payload, dossier_code=code, agency=agency, number=(day, sequence), dossier=change
    )


def _paid_dossier(payload: dict[str, Any]) -> str | None:
    """The dossier code a payment's reference was made from; None if it has none."""
    reference = payload.get("reference")
    if not isinstance(reference, str):
        return None
    try:
        return read_transfer_reference(reference)[0]
    except DomainError:
        return None  # the projection skips a payment it cannot read, as before


def store(
    engine: Engine, token: str, request: PushRequest, examined: list[Examined], now: datetime
) -> PushResponse:
    """Store the batch in one transaction and answer; checked again after a lost race."""
    for _attempt in range(ATTEMPTS):
        rows = [_row(event) for event in request.events]  # afresh: parking marks them
        try:
            with database.write(engine) as conn:
                return _store(conn, token, request, examined, rows, now)
        except IntegrityError as exc:
            if not database.is_unique_violation(exc):
                raise
            _refuse_foreign_ids(engine, request)
    raise RuntimeError(f"a push of device {request.device_id} kept losing races")


def _store(
    conn: Connection,
    token: str,
    request: PushRequest,
    examined: list[Examined],
    every_row: list[dict[str, Any]],
    now: datetime,
) -> PushResponse:
    """In the transaction; the events' rows (``every_row``) and facts (``examined``) were
    made before it, so that the write lock is held for the database's work only."""
    device = devices.authenticate(conn, token)  # again: a revoke is seen at once
    check_owner(device, request)
    target = _locked_target(conn, device, request, now)
    head_seq, head_hash = _head(conn, target.id)
    stored = _stored(conn, target.id, request.events, head_seq)
    new, parked = _walk(request.events, examined, head_seq, head_hash, stored)
    rows = [every_row[i] for i in new]
    relayed = {said.seq: said for said in request.parked}  # what its ward server parked
    for row in rows:
        if (said := relayed.get(row["seq"])) is not None:
            _set_parked(row, said.reason, said.detail)
    codes = _park(conn, target, [(request.events[i], examined[i]) for i in new], rows)
    same = {"ward_id": target.ward_id, "device_id": target.id, "received_at": now}
    database.insert_rows(conn, schema.events, rows, same)
    database.insert_rows(conn, schema.dossier_codes, codes)
    payloads = [examined[i].payload for i in new]
    changes = [examined[i].dossier for i in new]
    projections.record(conn, target, rows, now, payloads, changes)  # for the bank, the stats
    conn.execute(
        update(schema.devices).where(schema.devices.c.id == device.id).values(last_seen_at=now)
    )
    parked += [_parked(row) for row in rows if row["parked_reason"]]
    return PushResponse(
        acked_through=head_seq + len(rows),
        parked=sorted(parked, key=lambda p: p.seq),
        server_time=now.astimezone(VIETNAM).isoformat(timespec="seconds"),
    )


def role_of(request: PushRequest) -> DeviceRole:
    """What a relayed device is, seen from its first events: a ward's queue log writes
    queue events only (``central.queue_log``), a counter never does."""
    first = request.events[0].type if request.events else ""
    return DeviceRole.QUEUE if first.startswith("queue.") else DeviceRole.COUNTER


def _locked_target(conn: Connection, device: Device, request: PushRequest, now: datetime) -> Device:
    """The device whose events these are, its row locked for the transaction. A relay's
    unknown device is registered in the relay's ward on first sight."""
    table, target_id = schema.devices, request.device_id
    lock = select(table.c.id).where(table.c.id == target_id).with_for_update()
    if conn.execute(lock).first() is None and device.role is DeviceRole.RELAY:
        conn.execute(
            insert(table).values(
                id=target_id,
                ward_id=device.ward_id,
                role=role_of(request).value,
                via_relay=True,
                created_at=now,
            )
        )
        conn.execute(lock)
    target = devices.find(conn, target_id)
    if target is None or target.ward_id != device.ward_id:
        raise forbidden(f"device {target_id} is not a device of ward {device.ward_code}")
    if target.role not in (DeviceRole.COUNTER, DeviceRole.QUEUE):
        raise forbidden(f"{target_id} is a {target.role.value}: it has no events of its own")
    return target


def _head(conn: Connection, device_id: str) -> tuple[int, str]:
    events = schema.events
    row = conn.execute(
        select(events.c.seq, events.c.hash)
        .where(events.c.device_id == device_id)
        .order_by(events.c.seq.desc())
        .limit(1)
    ).first()
    return (0, GENESIS) if row is None else (int(row.seq), str(row.hash))


def _stored(
    conn: Connection, device_id: str, batch: Sequence[WireEvent], head_seq: int
) -> dict[int, Any]:
    """The stored events the batch repeats (a resend after a lost answer)."""
    if not batch or batch[0].seq > head_seq:
        return {}
    events = schema.events
    rows = conn.execute(
        select(
            events.c.seq,
            events.c.event_id,
            events.c.hash,
            events.c.parked_reason,
            events.c.parked_detail,
        ).where(
            events.c.device_id == device_id,
            events.c.seq >= batch[0].seq,
            events.c.seq <= min(batch[-1].seq, head_seq),
        )
    )
    return {row.seq: row for row in rows}


def _walk(
    batch: Sequence[WireEvent],
    examined: list[Examined],
    head_seq: int,
    head_hash: str,
    stored: dict[int, Any],
) -> tuple[list[int], list[ParkedEvent]]:
    """The indexes of the batch's new events, and the repeats that were parked."""
    new: list[int] = []
    repeated_parked: list[ParkedEvent] = []
    next_seq, prev_hash = head_seq + 1, head_hash
    for index, event in enumerate(batch):
        if event.seq <= head_seq:  # stored already: a repeat, if it is the same event
            kept = stored.get(event.seq)
            if kept is None or (kept.event_id, kept.hash) != (event.id, event.hash):
                raise chain_broken(
                    f"event {event.seq} differs from the device's event {event.seq} "
                    "stored here: the device's log was changed or restored"
                )
            if kept.parked_reason:
                repeated_parked.append(
                    ParkedEvent(
                        seq=event.seq,
                        id=event.id,
                        reason=ParkReason(kept.parked_reason),
                        detail=kept.parked_detail or "",
                    )
                )
            continue
        if event.seq != next_seq:
            break  # a gap: the device sends from next_seq again
        if event.prev_hash != prev_hash:
            raise chain_broken(f"event {event.seq} does not follow event {event.seq - 1}")
        if not examined[index].hash_ok:
            raise chain_broken(f"event {event.seq} does not match its hash")
        new.append(index)
        next_seq, prev_hash = next_seq + 1, event.hash
    return new, repeated_parked


def _row(event: WireEvent) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "seq": event.seq,
        "type": event.type,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "payload": event.payload,
        "created_at": event.created_at,
        "officer": event.officer,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "parked_reason": None,
        "parked_detail": None,
    }


def _park(
    conn: Connection,
    target: Device,
    new: list[tuple[WireEvent, Examined]],
    rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Mark in ``rows`` the events that cannot be applied; the dossier codes to claim."""
    wanted: dict[str, int] = {}
    for index, (_event, facts) in enumerate(new):
        if rows[index]["parked_reason"]:  # parked by the ward server that relayed it
            continue
        if facts.unreadable:
            _set_parked(rows[index], ParkReason.UNREADABLE, facts.unreadable)
        elif facts.agency is not None and facts.agency != target.ward_code:
            _set_parked(
                rows[index],
                ParkReason.OTHER_WARD,
                f"dossier code {facts.dossier_code} is of agency {facts.agency}, "
                f"not of ward {target.ward_code}",
            )
        elif facts.dossier_code is not None:
            wanted.setdefault(facts.dossier_code, index)
    paid = {facts.payment_of for _event, facts in new if facts.payment_of}
    holders = _holders(conn, list(wanted.keys() | paid))
    ward_blocks = blocks.of_ward(conn, target.ward_id) if wanted.keys() - holders.keys() else []
    claimed: list[dict[str, Any]] = []
    for index, (event, facts) in enumerate(new):
        code = facts.dossier_code
        if code is None or rows[index]["parked_reason"] or wanted.get(code) is None:
            continue
        holder = holders.get(code)
        if holder is not None and holder != target.id:
            _set_parked(
                rows[index],
                ParkReason.CODE_TAKEN,
                f"dossier code {code} is held by device {holder}",
            )
        elif holder is None and (others := _block_holders(ward_blocks, facts, target)):
            _set_parked(
                rows[index],
                ParkReason.NOT_ITS_BLOCK,
                f"dossier code {code} is in the block of device {min(others)}, "
                "not of this device, on that day",
            )
        elif holder is None and wanted[code] == index:
            claimed.append(
                {
                    "code": code,
                    "ward_id": target.ward_id,
                    "device_id": target.id,
                    "event_id": event.id,
                }
            )
    if paid:
        held = {code for code, holder in holders.items() if holder == target.id}
        _park_payments(target, new, rows, held | {claim["code"] for claim in claimed}, holders)
    return claimed


def _block_holders(held: list[blocks.Held], facts: Examined, target: Device) -> set[str]:
    """The other devices whose blocks held the reception's number on its day, unless the
    pushing device held it too (then the first of them to push it claims it)."""
    if not held or facts.number is None:
        return set()
    found = blocks.holders(held, *facts.number)
    return set() if target.id in found else found


def _park_payments(
    target: Device,
    new: list[tuple[WireEvent, Examined]],
    rows: list[dict[str, Any]],
    held: set[str],
    holders: dict[str, str],
) -> None:
    """A payment goes with its dossier: one of a dossier this device does not hold (of
    another ward, another device's, or never received) is parked, so that no device
    can take a payment reference, and the bank's money, before its counter pushes it."""
    for index, (_event, facts) in enumerate(new):
        code = facts.payment_of
        if code is None or code in held or rows[index]["parked_reason"]:
            continue
        agency = code.rsplit("-", 2)[0]
        if agency != target.ward_code:
            reason, detail = (
                ParkReason.OTHER_WARD,
                f"a payment of dossier {code}, of agency {agency}",
            )
        elif code in holders:
            reason = ParkReason.CODE_TAKEN
            detail = f"a payment of dossier {code}, held by device {holders[code]}"
        else:
            reason = ParkReason.NOT_ITS_DOSSIER
            detail = f"a payment of dossier {code}, which this device has not received"
        _set_parked(rows[index], reason, detail)


def _holders(conn: Connection, codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    table = schema.dossier_codes
    rows = conn.execute(select(table.c.code, table.c.device_id).where(table.c.code.in_(codes)))
    return {row.code: row.device_id for row in rows}


def _set_parked(row: dict[str, Any], reason: ParkReason, detail: str) -> None:
    row["parked_reason"] = reason.value
    row["parked_detail"] = detail[:500]


def _parked(row: dict[str, Any]) -> ParkedEvent:
    return ParkedEvent(
        seq=row["seq"],
        id=row["event_id"],
        reason=ParkReason(row["parked_reason"]),
        detail=row["parked_detail"],
    )


def _refuse_foreign_ids(engine: Engine, request: PushRequest) -> None:
    """After a unique violation: 409 if an event id of the batch is stored as another
    device's or at another position (not a race, retrying would not help)."""
    ids = {event.id: event.seq for event in request.events}
    events = schema.events
    with database.read(engine) as conn:
        rows = conn.execute(
            select(events.c.event_id, events.c.device_id, events.c.seq).where(
                events.c.event_id.in_(list(ids))
            )
        ).all()
    for row in rows:
        if row.device_id != request.device_id or row.seq != ids[row.event_id]:
            raise chain_broken(f"event id {row.event_id} is stored already as another event")
