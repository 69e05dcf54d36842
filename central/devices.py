"""Devices of the wards: who a token belongs to, the operator's list, revocation.

Every request reads its device's row again (:func:`authenticate`): nothing is cached, so
a revoked token is refused by every server process from the next request on.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, select, update

from central import database, schema, tokens
from central.errors import BadToken, Refused
from central.prepared import Prepared
from counter_app.domain.records import record
from counter_app.sync.wire import DeviceInfo, DeviceRole, SequenceBlockWire, WardWire

# "last seen" is written at most this often per device, so that pulls stay reads.
SEEN_EVERY = timedelta(minutes=1)


@record(frozen=True)
class Device:
    id: str
    ward_id: int
    ward_code: str
    ward_name: str
    role: DeviceRole
    name: str
    counter_number: int | None
    sequence_first: int | None
    sequence_last: int | None
    via_relay: bool
    enrolled_at: datetime | None
    last_seen_at: datetime | None
    revoked_at: datetime | None

    @property
    def ward(self) -> WardWire:
        return WardWire(code=self.ward_code, name=self.ward_name)

    @property
    def sequence_block(self) -> SequenceBlockWire | None:
        if self.sequence_first is None or self.sequence_last is None:
            return None
        return SequenceBlockWire(first=self.sequence_first, last=self.sequence_last)

    def info(self, server_time: str) -> DeviceInfo:
        return DeviceInfo(
            device_id=self.id,
            role=self.role,
            ward=self.ward,
            counter_number=self.counter_number,
            sequence_block=self.sequence_block,
            server_time=server_time,
        )

    def as_json(self) -> dict[str, Any]:
        def moment(value: datetime | None) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds")

        return {
            "id": self.id,
            "ward": self.ward_code,
            "role": self.role.value,
            "counter": self.counter_number,
            "sequence_block": None
            if self.sequence_first is None
            else f"{self.sequence_first:04d}-{self.sequence_last:04d}",
            "name": self.name,
            "via_relay": self.via_relay,
            "enrolled": moment(self.enrolled_at),
            "last_seen": moment(self.last_seen_at),
            "revoked": moment(self.revoked_at),
        }


def _query() -> Any:
    d, w = schema.devices, schema.wards
    return select(
        d.c.id,
        d.c.ward_id,
        w.c.code.label("ward_code"),
        w.c.name.label("ward_name"),
        d.c.role,
        d.c.name,
        d.c.counter_number,
        d.c.sequence_first,
        d.c.sequence_last,
        d.c.via_relay,
        d.c.enrolled_at,
        d.c.last_seen_at,
        d.c.revoked_at,
    ).join(w, w.c.id == d.c.ward_id)


def _device(row: Row[Any]) -> Device:
    fields = row._asdict()
    fields["role"] = DeviceRole(fields["role"])
    fields["via_relay"] = bool(fields["via_relay"])
    return Device(**fields)


# Built once: every request of a device runs it.
_BY_TOKEN = Prepared(_query().where(schema.devices.c.token_hash == bindparam("token_hash")))


def authenticate(conn: Connection, token: str) -> Device:
    """The live device of the token; 401 for an unknown or a revoked one."""
    row = _BY_TOKEN.execute(conn, {"token_hash": tokens.digest(token)}).first()
    if row is None:
        raise BadToken("this token is unknown or was replaced: enrol the device again")
    device = _device(row)
    if device.revoked_at is not None:
        raise BadToken("this device was revoked: enrol it again with a new code")
    return device


def find(conn: Connection, device_id: str) -> Device | None:
    row = conn.execute(_query().where(schema.devices.c.id == device_id)).first()
    return None if row is None else _device(row)


def list_devices(conn: Connection, ward_id: int | None = None) -> list[Device]:
    query = _query().order_by(schema.wards.c.code, schema.devices.c.counter_number)
    if ward_id is not None:
        query = query.where(schema.devices.c.ward_id == ward_id)
    return [_device(row) for row in conn.execute(query)]


def revoke(conn: Connection, device_id: str, now: datetime) -> Device:
    """Refuse the device's token from now on. Its counter number stays its own (see
    ``central.enrolment``); enrolling it again with a new code gives it a new token."""
    device = find(conn, device_id.strip())
    if device is None:
        raise Refused(f"no device has the id {device_id.strip()!r} (counter-central device list)")
    if device.revoked_at is not None:
        raise Refused(f"device {device.id} was revoked already")
    devices = schema.devices
    conn.execute(update(devices).where(devices.c.id == device.id).values(revoked_at=now))
    return find(conn, device.id) or device


def touch(engine: Engine, device: Device, now: datetime) -> None:
    """Note that the device was seen, at most once a minute (a write per pull otherwise)."""
    if device.last_seen_at is not None and now - device.last_seen_at < SEEN_EVERY:
        return
    devices = schema.devices
    with database.write(engine) as conn:
        conn.execute(update(devices).where(devices.c.id == device.id).values(last_seen_at=now))
