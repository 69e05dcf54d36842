"""Enrolment: a one-time code becomes a device token, a counter number and its block.

Counter *k* (1–9) of a ward numbers its dossiers in *k*000–*k*999
(``SequenceBlock.for_counter``; 0001–0999 is the ward server's and the online channel's),
so two counters of one ward never issue the same dossier code, even offline.

Numbers are never given twice by default: a revoked device keeps its number, because
dossiers it numbered may still be on their way. A code issued with ``--reuse`` may take
the number of a device revoked on an earlier day (Asia/Ho_Chi_Minh): a revoked device
pushes nothing more, and the new device's codes carry a later date, so they cannot meet.
Whatever happens, ``dossier_codes`` refuses a code held by another device (it is parked),
and ``device_blocks`` keeps which device held which block from which day
(``central.blocks``), so a code in another counter's block is not claimed either.

Exactly once across processes: the code is marked used by a conditional update, and the
ward's row is locked (PostgreSQL ``FOR UPDATE``; SQLite's write lock) while a number is
chosen; ``UNIQUE (ward_id, counter_number)`` backs both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from central import blocks, schema, tokens
from central.errors import ApiError, invalid, unauthenticated
from central.wards import RELAY_PREFIX, Ward
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.text import clean_within, one_plain_line
from counter_app.sync.wire import (
    DeviceRole,
    DisplayEnrolResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorCode,
    SequenceBlockWire,
    WardWire,
)

COUNTER_NUMBERS = range(1, 10)


def refused(detail: str) -> ApiError:
    return ApiError(409, ErrorCode.ENROLMENT_REFUSED, detail)


def enrol(conn: Connection, request: EnrolRequest, now: datetime) -> EnrolResponse:
    """Exchange the request's code; the caller commits (or rolls back on an error, which
    leaves the code unused)."""
    code = _usable_code(conn, request.code, now)
    _check_device_id(request)
    if request.device_id.startswith(RELAY_PREFIX):
        raise refused(f"{request.device_id!r} is a ward server's relay id, not a counter's")
    if code.role != DeviceRole.COUNTER.value:
        raise refused("this code is for a kiosk or board screen: counter-app display enrol")
    ward = _locked_ward(conn, code.ward_id)
    existing = _locked_device(conn, request.device_id)
    if existing is not None:
        _check_same_ward(conn, existing, ward, request.device_id)
    if existing is not None and existing.counter_number is not None:
        number = int(existing.counter_number)
        block = SequenceBlock(existing.sequence_first, existing.sequence_last)
    else:
        number = _free_number(conn, ward, bool(code.reuse), now)
        block = SequenceBlock.for_counter(number)
    token = tokens.new_token()
    numbering = {
        "counter_number": number,
        "sequence_first": block.first,
        "sequence_last": block.last,
    }
    _save_device(conn, request, ward, DeviceRole.COUNTER, existing, token, now, numbering)
    blocks.record(conn, request.device_id, ward.id, block, now)
    _mark_used(conn, code.code_hash, request.device_id, now)
    return EnrolResponse(
        device_id=request.device_id,
        token=token,
        ward=WardWire(code=ward.code, name=ward.name),
        counter_number=number,
        sequence_block=SequenceBlockWire(first=block.first, last=block.last),
        server_time=now.astimezone(VIETNAM).isoformat(timespec="seconds"),
    )


def enrol_display(conn: Connection, request: EnrolRequest, now: datetime) -> DisplayEnrolResponse:
    """A kiosk's or board's code for its token: a device of the ward that may use the
    ward's queue and nothing else (no counter number, no dossier numbers, no sync)."""
    code = _usable_code(conn, request.code, now)
    _check_device_id(request)
    if code.role != DeviceRole.DISPLAY.value:
        raise refused("this code is for a counter: counter-app enrol")
    if request.device_id.startswith(RELAY_PREFIX):
        raise refused(f"{request.device_id!r} is a ward server's relay id, not a screen's")
    ward = _locked_ward(conn, code.ward_id)
    existing = _locked_device(conn, request.device_id)
    if existing is not None and (
        existing.role != DeviceRole.DISPLAY.value or existing.ward_id != ward.id
    ):
        raise refused(f"device {request.device_id} is enrolled already as another device")
    token = tokens.new_token()
    _save_device(conn, request, ward, DeviceRole.DISPLAY, existing, token, now, {})
    _mark_used(conn, code.code_hash, request.device_id, now)
    return DisplayEnrolResponse(
        device_id=request.device_id,
        token=token,
        ward=WardWire(code=ward.code, name=ward.name),
        server_time=now.astimezone(VIETNAM).isoformat(timespec="seconds"),
    )


def _check_device_id(request: EnrolRequest) -> None:
    """A device id is printed in the operator's device list and in every refusal about
    the device: one that holds an escape sequence or another control or invisible
    character (a counter's is a UUID) would reach the terminal. Refused before anything
    is written; the code stays unused."""
    if not one_plain_line(request.device_id) or request.device_id != request.device_id.strip():
        raise invalid("device_id: visible characters only, without leading or trailing spaces")


def _save_device(
    conn: Connection,
    request: EnrolRequest,
    ward: Ward,
    role: DeviceRole,
    existing: Row[Any] | None,
    token: str,
    now: datetime,
    more: dict[str, Any],
) -> None:
    """The enrolled device's row, new or enrolled again, with its new token's hash."""
    values = {
        # Cleaned like the queue's texts: the name is printed on the operator's terminal
        # (device list) and the dashboard; an ESC or a line break there is the client's.
        "name": clean_within(request.device_name, schema.TEXT),
        "app_version": clean_within(request.app_version, schema.VERSION),
        "token_hash": tokens.digest(token),
        "enrolled_at": now,
        "revoked_at": None,
        **more,
    }
    devices = schema.devices
    if existing is None:
        conn.execute(
            insert(devices).values(
                id=request.device_id, ward_id=ward.id, role=role.value, created_at=now, **values
            )
        )
    else:
        conn.execute(update(devices).where(devices.c.id == request.device_id).values(**values))


def _usable_code(conn: Connection, typed: str, now: datetime) -> Row[Any]:
    codes = schema.enrolment_codes
    query = select(codes).where(codes.c.code_hash == tokens.code_digest(typed))
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        raise ApiError(401, ErrorCode.CODE_INVALID, "this enrolment code is unknown")
    if row.used_at is not None:
        raise ApiError(401, ErrorCode.CODE_INVALID, "this enrolment code was used already")
    if row.expires_at <= now:
        raise ApiError(
            401, ErrorCode.CODE_INVALID, "this enrolment code has expired: ask for a new one"
        )
    return row


def _locked_ward(conn: Connection, ward_id: int) -> Ward:
    wards = schema.wards
    row = conn.execute(select(wards).where(wards.c.id == ward_id).with_for_update()).one()
    return Ward(row.id, row.code, row.name, row.created_at)


def _locked_device(conn: Connection, device_id: str) -> Row[Any] | None:
    devices = schema.devices
    query = select(devices).where(devices.c.id == device_id).with_for_update()
    return conn.execute(query).first()


def _check_same_ward(conn: Connection, existing: Row[Any], ward: Ward, device_id: str) -> None:
    if existing.role != DeviceRole.COUNTER.value:
        raise refused(f"{device_id!r} is the id of a ward server's relay, not of a counter")
    if existing.ward_id != ward.id:
        wards = schema.wards
        other = conn.execute(select(wards.c.code).where(wards.c.id == existing.ward_id))
        raise refused(
            f"device {device_id} is enrolled in ward {other.scalar_one()}: a device belongs "
            f"to one ward only, not also to {ward.code}"
        )


def _free_number(conn: Connection, ward: Ward, reuse: bool, now: datetime) -> int:
    devices = schema.devices
    rows = conn.execute(
        select(devices.c.id, devices.c.counter_number, devices.c.revoked_at).where(
            devices.c.ward_id == ward.id, devices.c.counter_number.is_not(None)
        )
    ).all()
    held = {row.counter_number: row for row in rows}
    for number in COUNTER_NUMBERS:
        if number not in held:
            return number
    today = now.astimezone(VIETNAM).date()
    for number in COUNTER_NUMBERS if reuse else ():
        holder = held[number]
        if holder.revoked_at is not None and holder.revoked_at.astimezone(VIETNAM).date() < today:
            # The old device keeps its block for the record, without the number.
            conn.execute(
                update(devices).where(devices.c.id == holder.id).values(counter_number=None)
            )
            return number
    raise refused(
        f"ward {ward.code} has counters 1–9 all given: revoke a device "
        "(counter-central device revoke) and, from the next day, enrol with a code made "
        "with --reuse"
    )


def _mark_used(conn: Connection, code_hash: str, device_id: str, now: datetime) -> None:
    codes = schema.enrolment_codes
    done = conn.execute(
        update(codes)
        .where(codes.c.code_hash == code_hash, codes.c.used_at.is_(None))
        .values(used_at=now, used_by=device_id)
    )
    if done.rowcount != 1:  # another process used it first
        raise unauthenticated("this enrolment code was used already")
