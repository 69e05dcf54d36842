"""Changes for one device: a back office's dossier status, a counter's number and block.

Both go to the device concerned only (``changes.device_id``); a ward server's relay
pulls every change of its ward, the targeted ones included, and publishes them again
for that device, so they reach a counter behind a ward server the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from central import blocks, changes, devices, schema
from central.errors import Refused
from central.wards import Ward
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import (
    REASON_REQUIRED,
    SequenceBlock,
    Status,
    check_transition,
    parse_dossier_code,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.sync.wire import ChangeKind, DeviceRole

MAX_OFFICER = 64
MAX_REASON = 500


@record(frozen=True)
class Sent:
    change_id: int
    device_id: str
    detail: str


# --- a back office's status --------------------------------------------------------------


def dossier_status(
    conn: Connection,
    ward: Ward,
    code: str,
    status: str,
    reason: str,
    officer: str,
    now: datetime,
) -> Sent:
    """A status the ward's back office decided, for the counter holding the dossier.

    Checked with the status machine against the status the server knows (the last the
    counter pushed); the counter checks it again against its own, and holds the change
    if its dossier has moved on meanwhile.
    """
    code = code.strip().upper()
    try:
        agency, _day, _sequence = parse_dossier_code(code)
        target = Status(status)
    except DomainError as exc:
        raise Refused(str(exc)) from None
    except ValueError:
        raise Refused(f"a status is one of {', '.join(s.value for s in Status)}") from None
    if agency != ward.code:
        raise Refused(f"dossier {code} is of agency {agency}, not of ward {ward.code}")
    holder = _holder(conn, ward, code)
    reason, officer = clean(reason)[:MAX_REASON], clean(officer)
    if not officer or len(officer) > MAX_OFFICER:
        raise Refused(f"--officer: who decided it, 1–{MAX_OFFICER} characters")
    if target in REASON_REQUIRED and not reason:
        raise Refused(f"moving a dossier to {target.value} needs --reason")
    current = _known_status(conn, code)
    if current is not None:
        try:
            check_transition(current, target, reason)
        except DomainError as exc:
            raise Refused(f"{str(exc).rstrip('.')} (as its counter last pushed it)") from None
    payload = {
        "code": code,
        "status": target.value,
        "reason": reason,
        "officer": officer,
        "at": now.astimezone(VIETNAM).isoformat(timespec="seconds"),
    }
    change = changes.publish(conn, ward.id, ChangeKind.DOSSIER_STATUS, payload, holder, now)
    return Sent(change, holder, f"{code}: {current.value if current else '?'} → {target.value}")


def _holder(conn: Connection, ward: Ward, code: str) -> str:
    table = schema.dossier_codes
    row = conn.execute(
        select(table.c.device_id, table.c.ward_id).where(table.c.code == code)
    ).first()
    if row is None or row.ward_id != ward.id:
        raise Refused(f"no counter of ward {ward.code} has pushed dossier {code} yet")
    return str(row.device_id)


def _known_status(conn: Connection, code: str) -> Status | None:
    table = schema.dossier_states
    found = conn.execute(select(table.c.status).where(table.c.code == code)).scalar()
    return None if found is None else Status(found)


# --- a counter's number ------------------------------------------------------------------


def set_counter(
    conn: Connection, device_id: str, number: int, block: SequenceBlock | None, now: datetime
) -> Sent:
    """Give an enrolled counter another number and dossier-number block.

    The device's row changes (``/v1/me`` and a later enrolment say the same) and a
    ``unit.counter`` change goes to it; the counter takes the block from its next
    start, and waits a day if numbers above it were already given today.
    """
    device = devices.find(conn, device_id.strip())
    if device is None:
        raise Refused(f"no device has the id {device_id.strip()!r} (counter-central device list)")
    _check_settable(device)
    if not 1 <= number <= 99:
        raise Refused("a counter number is 1–99")
    try:
        block = block or SequenceBlock.for_counter(number)
    except DomainError:
        raise Refused(f"counter {number} has no default block: give --block FIRST-LAST") from None
    _check_free(conn, device, number, block)
    table = schema.devices
    conn.execute(
        update(table)
        .where(table.c.id == device.id)
        .values(counter_number=number, sequence_first=block.first, sequence_last=block.last)
    )
    blocks.record(conn, device.id, device.ward_id, block, now)
    payload: dict[str, Any] = {
        "counter_number": number,
        "sequence_block": {"first": block.first, "last": block.last},
    }
    change = changes.publish(conn, device.ward_id, ChangeKind.COUNTER, payload, device.id, now)
    detail = f"counter {number}, dossier numbers {block.first:04d}–{block.last:04d}"
    return Sent(change, device.id, detail)


def _check_settable(device: devices.Device) -> None:
    if device.role is not DeviceRole.COUNTER:
        raise Refused(f"{device.id} is a ward server's relay, not a counter")
    if device.via_relay:
        raise Refused(f"{device.id} is enrolled at its ward's server: set its counter there")
    if device.revoked_at is not None:
        raise Refused(f"device {device.id} is revoked")


def _check_free(
    conn: Connection, device: devices.Device, number: int, block: SequenceBlock
) -> None:
    wards, table = schema.wards, schema.devices
    # The ward's numbers are chosen under its lock, as enrolment chooses them.
    conn.execute(select(wards.c.id).where(wards.c.id == device.ward_id).with_for_update())
    others = conn.execute(
        select(
            table.c.id, table.c.counter_number, table.c.sequence_first, table.c.sequence_last
        ).where(table.c.ward_id == device.ward_id, table.c.id != device.id)
    ).all()
    for other in others:
        if other.counter_number == number:
            raise Refused(f"counter {number} of ward {device.ward_code} is device {other.id}'s")
        first, last = other.sequence_first, other.sequence_last
        if first is not None and last is not None and first <= block.last and block.first <= last:
            raise Refused(
                f"the block {block.first:04d}–{block.last:04d} overlaps device {other.id}'s "
                f"{first:04d}–{last:04d}"
            )
