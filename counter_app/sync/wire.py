"""The sync protocol's wire schemas: the one definition both sides use.

The counter (``counter_app.sync``) and the ward/city server (``central``) exchange
these documents as JSON over HTTPS; docs/sync-protocol.md describes the exchanges
with real examples. Version 1 of the protocol lives under ``/v1``.

- Enrolment: a one-time code from ``counter-central enrol`` becomes a device token.
- Push: the device's events in order of its sequence (``seq``), each with the hash
  chain it was written with; the server stores them once (by event id), checks the
  chain, and answers the highest contiguous ``seq`` it holds for the device.
- Pull: changes for the device since its cursor (reference data, back-office status
  changes, payment confirmations), applied by the device in one transaction with
  the new cursor.

Field values are plain JSON; times are ISO 8601 with their offset. An event's payload
travels as the canonical JSON text it was hashed with (``storage.events.canonical``),
so the server checks the chain on exactly the bytes the device hashed.

A city upgrades its server before its counters, so the two sides are not equally
strict. What the server reads (:class:`Wire`) refuses unknown fields and codes. What it
answers (:class:`Answer`) is read by devices that may be older than it: they ignore
fields they do not know, and the codes a newer server may add to (a park reason, a
change kind, an error) are read as the enum's member when this version knows them and
as :data:`NewerCode` text when it does not.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = 1
PREFIX = "/v1"
MAX_BATCH = 1000  # events in one push; a bigger backlog is sent in several
MAX_CHANGES = 1000  # changes in one pull page
TOKEN_HEADER = "Authorization"  # "Bearer <token>"

Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, StringConstraints(max_length=500)]
AgencyId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z.]{1,35}$")]


class Wire(BaseModel):
    """A document the server reads: unknown fields are refused, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Answer(BaseModel):
    """A document the server answers: a field a newer server added is ignored by an older
    device; the fields it knows are read as strictly as in :class:`Wire`."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


# A code of a newer server that this version's enum does not have, kept as its text. An
# answer's field of an enum E is typed ``Annotated[E | NewerCode, OPEN]``: a known value is
# read as E's member (tried first), any other code as text.
NewerCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{0,39}$")]
OPEN = Field(
    union_mode="left_to_right",
    description="a code of the enum; a device keeps a newer server's other code as text",
)


# --- enrolment -------------------------------------------------------------------------


class EnrolRequest(Wire):
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    device_id: Id  # the counter's own id (settings.device_id), kept for life
    device_name: Text = ""  # e.g. the PC's name, for the operator's device list
    app_version: Annotated[str, StringConstraints(max_length=40)] = ""


class SequenceBlockWire(Answer):
    first: Annotated[int, Field(ge=1, le=9999)]
    last: Annotated[int, Field(ge=1, le=9999)]


class WardWire(Answer):
    code: AgencyId
    name: Text


class EnrolResponse(Answer):
    device_id: Id
    token: Annotated[str, StringConstraints(min_length=32, max_length=128)]
    ward: WardWire
    counter_number: Annotated[int, Field(ge=1, le=99)]
    sequence_block: SequenceBlockWire
    server_time: str


class DisplayEnrolResponse(Answer):
    """``POST /v1/displays/enrol``: a kiosk's or board's token (no counter, no numbers)."""

    device_id: Id
    token: Annotated[str, StringConstraints(min_length=32, max_length=128)]
    ward: WardWire
    server_time: str


class DeviceRole(StrEnum):
    COUNTER = "counter"  # a counter PC: pushes its own events, pulls its ward's changes
    RELAY = "relay"  # a ward server at the city: pushes its devices' events, pulls the ward's
    DISPLAY = "display"  # a kiosk or a board screen: the ward's queue only (/v1/queue)
    QUEUE = "queue"  # a ward's queue log: the queue server's own events, relayed up


class DeviceInfo(Answer):
    """``GET /v1/me``: who the token belongs to (a counter checks its enrolment with it)."""

    device_id: Id
    role: DeviceRole
    ward: WardWire
    counter_number: Annotated[int, Field(ge=1, le=99)] | None = None
    sequence_block: SequenceBlockWire | None = None
    server_time: str


class Health(Answer):
    """``GET /v1/health`` (no token): the server answers and which role it has."""

    status: Literal["ok"] = "ok"
    role: Literal["top", "ward"]  # "ward": it forwards to a city server
    protocol: int = PROTOCOL_VERSION


# --- push ------------------------------------------------------------------------------


class WireEvent(Wire):
    """One event of the device's log, exactly as it was written and hashed."""

    seq: Annotated[int, Field(ge=1)]
    id: Id
    type: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    aggregate_type: Annotated[str, StringConstraints(max_length=80)]
    aggregate_id: Annotated[str, StringConstraints(max_length=200)]
    payload: Annotated[str, StringConstraints(max_length=200_000)]  # canonical JSON text
    created_at: Annotated[str, StringConstraints(max_length=40)]
    device_id: Id
    officer: Annotated[str, StringConstraints(max_length=64)]
    prev_hash: Hash
    hash: Hash


class ParkReason(StrEnum):
    """Why the server keeps an event aside (stored, acknowledged, not applied)."""

    CODE_TAKEN = "code_taken"  # a dossier code another device of the ward already holds
    OTHER_WARD = "other_ward"  # the event names an agency that is not the device's ward
    UNREADABLE = "unreadable"  # the payload is not the JSON object its type needs
    NOT_ITS_DOSSIER = "not_its_dossier"  # a payment of a dossier the device never received
    NOT_ITS_BLOCK = "not_its_block"  # a dossier number in another counter's block that day


class ParkedEvent(Answer):
    """An event of the push that the server stored and acknowledged but set aside, and
    why (a newer server's reason is kept as its code)."""

    seq: int
    id: Id
    reason: Annotated[ParkReason | NewerCode, OPEN]
    detail: Text  # one line, no personal data


class RelayedParkedEvent(Wire):
    """``PushRequest.parked``: an event its ward server parked, with a reason of this
    version (the server refuses any other)."""

    seq: int
    id: Id
    reason: ParkReason
    detail: Text


class PushRequest(Wire):
    device_id: Id
    events: Annotated[list[WireEvent], Field(max_length=MAX_BATCH)]
    # A ward server's relay only: the events of the batch its ward server parked, and
    # why; the city parks them too. A counter sends none (the field is left out).
    parked: Annotated[list[RelayedParkedEvent], Field(max_length=MAX_BATCH)] = []


class PushResponse(Answer):
    acked_through: Annotated[int, Field(ge=0)]  # highest contiguous seq held for the device
    parked: list[ParkedEvent] = []
    server_time: str


# --- pull ------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    """What a change carries down the tree (payload shapes in docs/sync-protocol.md)."""

    PROCEDURE = "catalogue.procedure"  # one procedure version record (catalogue JSON)
    CALENDAR_DAY = "calendar.day"  # {day, working, name, source}
    CALENDAR_DAY_CLEARED = "calendar.day_cleared"  # {day}
    CALENDAR_YEAR = "calendar.year_confirmed"  # {year, source, days: [...]}
    OFFICE_HOURS = "calendar.hours"  # {periods}
    BANK_ACCOUNT = "unit.bank_account"  # {bin, account, name}
    OFFICER = "officer"  # {username, full_name, role, active}
    COUNTER = "unit.counter"  # {counter_number, sequence_block: {first, last}}
    DOSSIER_STATUS = "dossier.status"  # {code, status, reason, officer, at}
    PAYMENT_CONFIRMED = "payment.confirmed"  # {reference, amount, bank_transaction, paid_at}


class Change(Answer):
    id: Annotated[int, Field(ge=1)]  # the cursor after this change
    kind: Annotated[ChangeKind | NewerCode, OPEN]  # a newer server's kind: held by the counter
    payload: dict[str, Any]
    created_at: str
    device_id: Id | None = None  # the one device it is for; None: every device of the ward


class ChangesResponse(Answer):
    changes: list[Change]
    cursor: Annotated[int, Field(ge=0)]  # send it back as ``since`` next time
    more: bool  # another page is waiting


# --- bank notifications (docs/bank-notifications.md) ----------------------------------

SIGNATURE_HEADER = "X-QMC-Signature"  # hex HMAC-SHA256 of f"{timestamp}.{body}"
TIMESTAMP_HEADER = "X-QMC-Timestamp"  # Unix seconds; refused outside the window
REPLAY_WINDOW_S = 300


class BankNotification(Wire):
    bank_transaction_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    amount: Annotated[int, Field(ge=1, le=10_000_000_000)]  # whole đồng
    content: Annotated[str, StringConstraints(max_length=210)]  # the transfer content
    paid_at: Annotated[str, StringConstraints(max_length=40)]
    bin: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")] | None = None
    account: Annotated[str, StringConstraints(max_length=19)] | None = None


class NotificationOutcome(StrEnum):
    MATCHED = "matched"  # a pending payment of that reference and amount: paid
    DUPLICATE = "duplicate"  # this bank transaction was already received
    UNMATCHED = "unmatched"  # no payment has that reference
    AMOUNT_MISMATCH = "amount_mismatch"  # the reference matches, the amount does not


class NotificationResponse(Answer):
    outcome: NotificationOutcome
    reference: str | None = None


# --- errors ----------------------------------------------------------------------------


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "unauthenticated"  # no token, an unknown or a revoked one
    FORBIDDEN = "forbidden"  # another device's or another ward's data
    CHAIN_BROKEN = "chain_broken"  # the batch does not continue the device's chain
    CODE_INVALID = "enrolment_code_invalid"  # unknown, used or expired enrolment code
    # A valid code, but this device cannot be enrolled (HTTP 409; the code stays unused):
    # its id is enrolled in another ward, or the ward has no counter number left.
    ENROLMENT_REFUSED = "enrolment_refused"
    SIGNATURE_INVALID = "signature_invalid"  # a bank notification not signed by us
    STALE = "stale"  # a signed request outside the replay window
    # HTTP 409: a queue action that does not fit the ticket as it stands (already called
    # by another counter, no current ticket at the counter, an unknown area...).
    QUEUE_CONFLICT = "queue_conflict"
    INVALID = "invalid"  # a document that does not follow these schemas (HTTP 422, 404, 413)
    # HTTP 429 with Retry-After: too many failed attempts (enrolment codes, tokens, bank
    # signatures, dashboard logins) from one address; the same request later may succeed.
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"  # HTTP 503: the server's database is busy or down; retry


class ErrorBody(Answer):
    """Every refusal: HTTP 4xx (and 503) with this body, a 422 included."""

    error: Annotated[ErrorCode | NewerCode, OPEN]
    detail: Text
