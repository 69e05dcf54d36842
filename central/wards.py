"""Wards and what their operator hands out: enrolment codes and relay tokens.

A ward is known by its agency id (the first part of its dossier codes). Each function
takes the caller's connection and runs inside the caller's transaction.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from central import schema, tokens
from central.errors import Refused
from counter_app.domain.agency import check_agency_id, check_ward_agency_id
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.sync.wire import DeviceRole

MAX_NAME = 500
DEFAULT_VALID_HOURS = 24.0
MAX_VALID_HOURS = 24.0 * 30


@record(frozen=True)
class Ward:
    id: int
    code: str
    name: str
    created_at: datetime


def normalise_code(typed: str) -> str:
    """A ward's agency id as typed: NFC, trimmed, capitals, in the four-group form."""
    code = unicodedata.normalize("NFC", typed).strip()
    code = code.upper() if code.isascii() else code
    try:
        return check_agency_id(code)
    except DomainError as exc:
        raise Refused(str(exc)) from None


def add_ward(conn: Connection, code: str, name: str, now: datetime) -> Ward:
    code = normalise_code(code)
    try:
        # As the counter's setup checks its own unit: the app's sample code, a province's
        # own code or one of another level became a ward, and every counter enrolled in
        # it numbered its dossiers under a code its own setup refuses. A made-up code
        # under Z (no agency has one) stays possible for demonstrations.
        check_ward_agency_id(code, allow_fictional=True)
    except DomainError as exc:
        raise Refused(str(exc)) from None
    # Without escape sequences and invisible characters: the name goes to the counters,
    # the dashboard and every operator's terminal (ward list).
    name = clean(name)
    if not name:
        raise Refused("a ward needs a name (--name)")
    if len(name) > MAX_NAME:
        raise Refused(f"a ward's name has at most {MAX_NAME} characters")
    if _find(conn, code) is not None:
        raise Refused(f"ward {code} exists already")
    try:
        with conn.begin_nested():
            ward_id = conn.execute(
                insert(schema.wards).values(code=code, name=name, created_at=now)
            ).inserted_primary_key
    except IntegrityError:
        raise Refused(f"ward {code} exists already") from None
    assert ward_id is not None
    return Ward(int(ward_id[0]), code, name, now)


def list_wards(conn: Connection) -> list[Ward]:
    rows = conn.execute(select(schema.wards).order_by(schema.wards.c.code)).all()
    return [Ward(row.id, row.code, row.name, row.created_at) for row in rows]


def ward_by_code(conn: Connection, code: str) -> Ward:
    """The ward of that agency id, or :class:`Refused` naming the command that lists them."""
    ward = _find(conn, normalise_code(code))
    if ward is None:
        raise Refused(f"no ward has the code {code.strip()} (counter-central ward list)")
    return ward


def _find(conn: Connection, code: str) -> Ward | None:
    row = conn.execute(select(schema.wards).where(schema.wards.c.code == code)).first()
    return None if row is None else Ward(row.id, row.code, row.name, row.created_at)


def issue_enrolment_code(
    conn: Connection,
    ward: Ward,
    now: datetime,
    valid_hours: float = DEFAULT_VALID_HOURS,
    reuse: bool = False,
    role: DeviceRole = DeviceRole.COUNTER,
) -> tuple[str, datetime]:
    """A new one-time code for one device of the ward (a counter, or a kiosk or board
    screen for ``DeviceRole.DISPLAY``), and when it expires."""
    if not 0 < valid_hours <= MAX_VALID_HOURS:
        raise Refused(f"--valid-hours must be more than 0 and at most {MAX_VALID_HOURS:g}")
    code = tokens.new_enrolment_code()
    expires_at = now + timedelta(hours=valid_hours)
    conn.execute(
        insert(schema.enrolment_codes).values(
            code_hash=tokens.code_digest(code),
            ward_id=ward.id,
            reuse=reuse,
            role=role.value,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return code, expires_at


RELAY_PREFIX = "relay:"  # no counter may enrol with an id of this form


def relay_device_id(ward: Ward) -> str:
    return f"{RELAY_PREFIX}{ward.code}"


def issue_relay_token(conn: Connection, ward: Ward, now: datetime) -> str:
    """A new token for the ward's server to relay with; any earlier relay token stops
    working at once. The ward's server is started with it (``--upstream-token``)."""
    token = tokens.new_token()
    devices = schema.devices
    values = {"token_hash": tokens.digest(token), "enrolled_at": now, "revoked_at": None}
    device_id = relay_device_id(ward)
    relay = (devices.c.id == device_id) & (devices.c.role == DeviceRole.RELAY.value)
    done = conn.execute(update(devices).where(relay).values(**values))
    if done.rowcount == 0:
        conn.execute(
            insert(devices).values(
                id=device_id,
                ward_id=ward.id,
                role=DeviceRole.RELAY.value,
                name=f"ward server of {ward.code}",
                created_at=now,
                **values,
            )
        )
    return token
