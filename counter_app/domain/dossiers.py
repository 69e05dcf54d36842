"""Dossiers (hồ sơ): parties, documents and the dossier code; the status machine is in
``dossier_status`` and re-exported here.

The dossier code follows Circular 01/2018/TT-VPCP art. 19 (no change by Circular
03/2025/TT-VPCP, which guides Decree 118/2025/NĐ-CP, could be found; docs/forms.md):
``<agency id>-YYMMDD-XXXX`` where XXXX is that agency's sequence of the day.
Counters work offline, so each counter draws XXXX from its own block of the
0001–9999 space (see docs/dossier-codes.md); two counters of one agency can
then never hand out the same code without talking to each other.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from counter_app.domain.agency import SHAPE, check_agency_id
from counter_app.domain.dossier_status import NATIONAL_STATUS as NATIONAL_STATUS
from counter_app.domain.dossier_status import REASON_REQUIRED as REASON_REQUIRED
from counter_app.domain.dossier_status import TRANSITIONS as TRANSITIONS
from counter_app.domain.dossier_status import Status as Status
from counter_app.domain.dossier_status import check_transition as check_transition
from counter_app.domain.errors import DomainError
from counter_app.domain.records import field, record

DOSSIER_CODE = re.compile(rf"({SHAPE})-([0-9]{{6}})-([0-9]{{4}})")  # fullmatch: ASCII digits
PHONE = re.compile(r"^(?:\+84|0)\d{9,10}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# No 0/O, 1/I/L: the secret is read off paper and typed by citizens.
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SECRET_LENGTH = 6
MAX_NAME = 100
MAX_TEXT = 500


class CollectAt(StrEnum):
    COUNTER = "counter"
    POST = "post"


@record(frozen=True)
class SequenceBlock:
    """The part of the daily 0001–9999 sequence space one counter owns."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= 9999:
            raise DomainError(
                "sequence_block_invalid",
                f"A sequence block must lie within 1–9999, got {self.first}–{self.last}.",
            )

    @classmethod
    def for_counter(cls, counter_number: int) -> SequenceBlock:
        """Default scheme: counter k owns k000–k999 (k001 for k = 0 is not used:
        0001–0999 belongs to the ward server and the online channel)."""
        if not 1 <= counter_number <= 9:
            raise DomainError(
                "counter_number_invalid",
                "Counter numbers 1–9 get a default sequence block; set one by hand for others.",
                counter=counter_number,
            )
        return cls(counter_number * 1000, counter_number * 1000 + 999)

    def next_after(self, last_used: int | None) -> int:
        value = self.first if last_used is None else last_used + 1
        if value > self.last:
            raise DomainError(
                "sequence_exhausted",
                f"This counter has used all its dossier numbers for today "
                f"({self.first:04d}–{self.last:04d}).",
            )
        return value


def dossier_code(agency_id: str, day: date, sequence: int) -> str:
    check_agency_id(agency_id)
    return f"{agency_id}-{day:%y%m%d}-{sequence:04d}"


def parse_dossier_code(code: str) -> tuple[str, date, int]:
    """Split a dossier code into agency id, day of receipt and sequence."""
    match = DOSSIER_CODE.fullmatch(code.strip().upper())
    if not match:
        raise DomainError(
            "dossier_code_invalid",
            # Not quoted: what was typed may be a name or an ID number (personal data).
            "The text given is not a dossier code like 000.00.01.Z99-261122-1001.",
            code=code,
        )
    agency, yymmdd, seq = match.groups()
    year, month, mday = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    try:  # years as strptime's %y reads them (00-68: 2000s), at a tenth of its cost
        day = date(year + (2000 if year < 69 else 1900), month, mday)
    except ValueError as exc:
        raise DomainError(
            "dossier_code_invalid", f"'{code}' has no valid date.", code=code
        ) from exc
    return agency, day, int(seq)


def lookup_payload(code: str, secret: str) -> str:
    """What the lookup QR on the receipt and on form 01 holds: the code and the secret.

    Plain ASCII so any scanner and any phone reads it; the province portal's lookup
    address can be put in front of it once it is configured.
    """
    return f"{code}|{secret}"


def new_lookup_secret() -> str:
    import secrets  # only a reception needs it (hashlib and hmac come with it)

    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


@record(frozen=True)
class Person:
    """The applicant (chủ hồ sơ) or the delegate (người nộp thay)."""

    full_name: str
    id_number: str | None = None
    old_id_number: str | None = None
    birth_date: date | None = None
    gender: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None

    def to_data(self) -> dict[str, str | None]:
        return {
            "full_name": self.full_name,
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "gender": self.gender,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
        }


@record(frozen=True)
class ReceivedDocument:
    name: str
    form: str
    count: int = 1

    def to_data(self) -> dict[str, str | int]:
        return {"name": self.name, "form": self.form, "count": self.count}


@record(frozen=True)
class HistoryEntry:
    at: datetime
    officer: str
    from_status: Status | None
    to_status: Status
    reason: str = ""


@record(frozen=True)
class Dossier:
    """A received dossier as stored; built by the reception service."""

    id: str
    code: str
    lookup_secret: str
    procedure_code: str
    procedure_version: int
    procedure_name: str
    applicant: Person
    delegate: Person | None
    documents: tuple[ReceivedDocument, ...]
    sets: int
    channel: str
    collect_at: CollectAt
    fee_total: int | None  # None: the fee's amount was not set when it was received
    fee: dict[str, object]
    received_at: datetime
    due_at: datetime
    status: Status
    officer: str
    note: str = ""
    history: tuple[HistoryEntry, ...] = field(default=())

    @property
    def national_status(self) -> int:
        return NATIONAL_STATUS[self.status]

    @property
    def fee_determined(self) -> bool:
        return self.fee_total is not None

    @property
    def fee_payable(self) -> bool:
        """A fee to collect: its amount is known and above 0 đ."""
        return self.fee_total is not None and self.fee_total > 0

    def to_data(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "lookup_secret": self.lookup_secret,
            "procedure": {
                "code": self.procedure_code,
                "version": self.procedure_version,
                "name": self.procedure_name,
            },
            "applicant": self.applicant.to_data(),
            "delegate": self.delegate.to_data() if self.delegate else None,
            "documents": [d.to_data() for d in self.documents],
            "sets": self.sets,
            "channel": self.channel,
            "collect_at": self.collect_at.value,
            "fee": {"total": self.fee_total, "determined": self.fee_determined, **self.fee},
            "received_at": self.received_at.isoformat(timespec="minutes"),
            "due_at": self.due_at.isoformat(timespec="minutes"),
            "status": self.status.value,
            "national_status": self.national_status,
            "officer": self.officer,
            "note": self.note,
            "history": [
                {
                    "at": h.at.isoformat(timespec="seconds"),
                    "officer": h.officer,
                    "from": h.from_status.value if h.from_status else None,
                    "to": h.to_status.value,
                    "reason": h.reason,
                }
                for h in self.history
            ],
        }
