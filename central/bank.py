"""Bank notifications: a transfer the bank reports pays the payment its content names.

docs/bank-notifications.md is the bank connector's side. Here:

- Signing: HMAC-SHA256 (hex) over ``f"{timestamp}.{raw body}"`` with one of the valid
  secrets (:func:`check_signature`); a timestamp outside ``wire.REPLAY_WINDOW_S`` is stale.
  Two secrets are valid at once, the newest and the one before, so the bank can move to a
  new one without a moment where its notifications are refused (``bank secret set``, then
  ``bank secret retire`` once it signs with the new one). They are stored as given: an
  HMAC key cannot be kept as a hash, so whoever reads the database can sign.
- Matching (:func:`receive`): every notification is stored once, by its bank transaction
  id (a repeat answers ``duplicate`` and changes nothing, so a replay inside the window
  is harmless). Its content is searched for a transfer reference of this app; a pending
  (or expired) payment of that reference and exactly that amount is ``matched``: a
  ``payment.confirmed`` change goes to the device that started it. Anything else is kept
  for the accountant (``payments unmatched``) with its reason; one that names a payment
  this server has not seen yet is matched when the payment's events arrive
  (:func:`match_waiting`, from the push).
- Concurrency: a notification and the push of its payment lock the reference first (a
  PostgreSQL advisory lock for the transaction; SQLite has one writer at a time), so
  whichever comes second sees the other. One matched notification per payment is also
  a unique index.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, text, update

from central import changes, database, schema
from central.errors import ApiError, Refused
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import parse_dossier_code
from counter_app.domain.errors import DomainError
from counter_app.domain.payment_reference import REFERENCE_LENGTH, read_transfer_reference
from counter_app.domain.payments import PaymentState
from counter_app.domain.records import record
from counter_app.sync.wire import (
    REPLAY_WINDOW_S,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    BankNotification,
    ChangeKind,
    ErrorCode,
    NotificationOutcome,
    NotificationResponse,
)

MIN_SECRET = 32  # characters of a secret given by hand
SECRET_BYTES = 32  # a generated secret: 64 hex digits
PAYABLE = frozenset({PaymentState.PENDING.value, PaymentState.EXPIRED.value})
_RUNS = re.compile(r"[A-Z0-9]+")
_LOCK_SALT = b"qmc-payment-reference:"


@record(frozen=True)
class Transfer:
    """What the bank says arrived."""

    transaction_id: str
    amount: int
    paid_at: datetime


class Reason(StrEnum):
    """Why a notification is not matched (the accountant's list shows it)."""

    NO_REFERENCE = "no_reference"  # no transfer reference of this app in the content
    NO_PAYMENT = "no_payment"  # no payment has it (yet: matched when its events arrive)
    PARTIAL = "partial"  # less than the payment's amount
    OVER = "over"  # more than the payment's amount
    NOT_PAYABLE = "not_payable"  # the payment is paid, cancelled or refunded already
    ALREADY_MATCHED = "already_matched"  # another transfer paid it: a second payment


# --- signing -----------------------------------------------------------------------------


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature a notification carries: hex HMAC-SHA256 of ``timestamp.body``."""
    message = timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_signature(
    valid: list[str], timestamp: str | None, signature: str | None, body: bytes, now: float
) -> None:
    """Refuse (401) a notification not signed with a valid secret, or signed too long ago."""
    if not timestamp or not signature:
        raise _refused(
            ErrorCode.SIGNATURE_INVALID, f"send {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}"
        )
    moment = timestamp.strip()
    if not (moment.isascii() and moment.isdigit() and len(moment) <= 12):
        raise _refused(ErrorCode.SIGNATURE_INVALID, f"{TIMESTAMP_HEADER} is Unix seconds")
    if abs(now - int(moment)) > REPLAY_WINDOW_S:
        raise _refused(
            ErrorCode.STALE,
            f"{TIMESTAMP_HEADER} is more than {REPLAY_WINDOW_S} s from the server's time: "
            "sign again with the current time",
        )
    given = signature.strip().lower().encode("utf-8", "replace")
    matches = [hmac.compare_digest(sign(secret, moment, body).encode(), given) for secret in valid]
    if not any(matches):
        raise _refused(ErrorCode.SIGNATURE_INVALID, "the signature does not match")


def _refused(code: ErrorCode, detail: str) -> ApiError:
    return ApiError(401, code, detail)


# --- secrets -----------------------------------------------------------------------------


def valid_secrets(conn: Connection) -> list[str]:
    """The secrets a notification may be signed with, newest first."""
    table = schema.bank_secrets
    rows = conn.execute(
        select(table.c.secret).where(table.c.retired_at.is_(None)).order_by(table.c.id.desc())
    )
    return [row.secret for row in rows]


def new_secret() -> str:
    return secrets.token_hex(SECRET_BYTES)


def set_secret(conn: Connection, secret: str, now: datetime) -> int:
    """Make ``secret`` the current one; the current one stays valid until retired, any
    older one is retired now. How many stay valid besides the new one (0 or 1)."""
    secret = secret.strip()
    if len(secret) < MIN_SECRET or len(secret) > 200 or not secret.isprintable():
        raise Refused(f"a bank secret has {MIN_SECRET}–200 printable characters")
    table = schema.bank_secrets
    valid = conn.execute(
        select(table.c.id, table.c.secret)
        .where(table.c.retired_at.is_(None))
        .order_by(table.c.id.desc())
    ).all()
    if any(hmac.compare_digest(row.secret, secret) for row in valid):
        raise Refused("that secret is valid already")
    older = [row.id for row in valid[1:]]
    if older:
        conn.execute(update(table).where(table.c.id.in_(older)).values(retired_at=now))
    conn.execute(insert(table).values(secret=secret, created_at=now))
    return min(len(valid), 1)


def retire_previous(conn: Connection, now: datetime) -> int:
    """Only the newest secret stays valid; how many were retired."""
    table = schema.bank_secrets
    valid = conn.execute(
        select(table.c.id).where(table.c.retired_at.is_(None)).order_by(table.c.id.desc())
    ).all()
    if not valid:
        raise Refused("no bank secret is set (counter-central bank secret set)")
    older = [row.id for row in valid[1:]]
    if older:
        conn.execute(update(table).where(table.c.id.in_(older)).values(retired_at=now))
    return len(older)


# --- references --------------------------------------------------------------------------


def find_references(content: str) -> list[str]:
    """The transfer references in a transfer's content, in order of appearance.

    Banks add prefixes and suffixes, may drop the spaces around the reference (gluing it
    to the next word) and write capitals: every 19-character window of every A–Z0–9 run
    that reads back as a reference (``read_transfer_reference``) is a candidate.
    """
    folded = unicodedata.normalize("NFD", content.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()
    found: list[str] = []
    for run in _RUNS.findall(plain):
        for start in range(len(run) - REFERENCE_LENGTH + 1):
            window = run[start : start + REFERENCE_LENGTH]
            if window not in found and _readable(window):
                found.append(window)
    return found


def _readable(window: str) -> bool:
    try:
        read_transfer_reference(window)
    except DomainError:
        return False
    return True


def lock_references(conn: Connection, references: Iterable[str]) -> None:
    """Hold each reference for the transaction (PostgreSQL; in a fixed order, so two
    holders never wait for each other). SQLite's single writer holds everything."""
    if not database.is_postgres(conn):
        return
    keys = sorted({_lock_key(reference) for reference in references})
    for key in keys:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _lock_key(reference: str) -> int:
    digest = hashlib.sha256(_LOCK_SALT + reference.encode("ascii", "replace")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# --- matching ----------------------------------------------------------------------------


def receive(
    conn: Connection, notification: BankNotification, paid_at: datetime, now: datetime
) -> NotificationResponse:
    """Store the notification once and match it, in the caller's transaction."""
    table = schema.bank_notifications
    kept = conn.execute(
        select(table.c.reference).where(
            table.c.bank_transaction_id == notification.bank_transaction_id
        )
    ).first()
    if kept is not None:
        return NotificationResponse(outcome=NotificationOutcome.DUPLICATE, reference=kept.reference)
    candidates = find_references(notification.content)
    lock_references(conn, candidates)
    payments = _payments(conn, candidates)
    reference = next((c for c in candidates if c in payments), None)
    reference = reference or (candidates[0] if candidates else None)
    payment = payments.get(reference) if reference else None
    values: dict[str, Any] = {
        "bank_transaction_id": notification.bank_transaction_id,
        "amount": notification.amount,
        "content": notification.content,
        "paid_at": paid_at,
        "bin": notification.bin,
        "account": notification.account,
        "received_at": now,
        "reference": reference,
        "ward_id": _ward_of(conn, reference, payment),
    }
    if reference is None:
        values.update(outcome=NotificationOutcome.UNMATCHED.value, reason=Reason.NO_REFERENCE.value)
    else:
        transfer = Transfer(notification.bank_transaction_id, notification.amount, paid_at)
        values.update(_decide(conn, payment, transfer, now))
    conn.execute(insert(table).values(**values))
    return NotificationResponse(outcome=NotificationOutcome(values["outcome"]), reference=reference)


def match_waiting(conn: Connection, references: list[str], now: datetime) -> None:
    """Match the notifications that named these payments before their events arrived
    (called by the push, which holds the references' locks)."""
    table = schema.bank_notifications
    waiting = conn.execute(
        select(
            table.c.id,
            table.c.reference,
            table.c.bank_transaction_id,
            table.c.amount,
            table.c.paid_at,
        )
        .where(
            table.c.reference.in_(references),
            table.c.outcome == NotificationOutcome.UNMATCHED.value,
            table.c.reason == Reason.NO_PAYMENT.value,
        )
        .order_by(table.c.id)
    ).all()
    if not waiting:
        return
    payments = _payments(conn, {row.reference for row in waiting})
    for row in waiting:
        payment = payments.get(row.reference)
        transfer = Transfer(row.bank_transaction_id, row.amount, row.paid_at)
        decided = _decide(conn, payment, transfer, now)
        decided["ward_id"] = _ward_of(conn, row.reference, payment)
        conn.execute(update(table).where(table.c.id == row.id).values(**decided))


def _decide(
    conn: Connection, payment: Row[Any] | None, transfer: Transfer, now: datetime
) -> dict[str, Any]:
    """The outcome of a transfer of ``amount`` naming ``payment``; a match is published."""

    def kept(reason: Reason, **more: Any) -> dict[str, Any]:
        outcome = more.pop("outcome", NotificationOutcome.UNMATCHED)
        return {"outcome": outcome.value, "reason": reason.value, **more}

    if payment is None:
        return kept(Reason.NO_PAYMENT)
    if payment.state not in PAYABLE:
        return kept(Reason.NOT_PAYABLE, device_id=payment.device_id)
    table = schema.bank_notifications
    matched = conn.execute(
        select(table.c.id).where(
            table.c.reference == payment.reference,
            table.c.outcome == NotificationOutcome.MATCHED.value,
        )
    ).first()
    if matched is not None:
        return kept(Reason.ALREADY_MATCHED, device_id=payment.device_id)
    if transfer.amount != payment.amount:
        return kept(
            Reason.PARTIAL if transfer.amount < payment.amount else Reason.OVER,
            outcome=NotificationOutcome.AMOUNT_MISMATCH,
            expected_amount=payment.amount,
            device_id=payment.device_id,
        )
    return {
        "outcome": NotificationOutcome.MATCHED.value,
        "reason": None,
        "device_id": payment.device_id,
        "matched_at": now,
        "change_id": _confirm(conn, payment, transfer, now),
    }


def _confirm(conn: Connection, payment: Row[Any], transfer: Transfer, now: datetime) -> int:
    """The ``payment.confirmed`` change, for the device that started the payment."""
    payload = {
        "reference": payment.reference,
        "amount": transfer.amount,
        "bank_transaction": transfer.transaction_id,
        "paid_at": transfer.paid_at.astimezone(VIETNAM).isoformat(timespec="seconds"),
    }
    return changes.publish(
        conn,
        int(payment.ward_id),
        ChangeKind.PAYMENT_CONFIRMED,
        payload,
        device_id=payment.device_id,
        now=now,
    )


def _payments(conn: Connection, references: Iterable[str]) -> dict[str, Row[Any]]:
    wanted = sorted(set(references))
    if not wanted:
        return {}
    table = schema.payment_states
    rows = conn.execute(select(table).where(table.c.reference.in_(wanted)))
    return {row.reference: row for row in rows}


def _ward_of(conn: Connection, reference: str | None, payment: Row[Any] | None) -> int | None:
    """The payment's ward, else the ward whose code the reference's dossier code names."""
    if payment is not None:
        return int(payment.ward_id)
    if reference is None:
        return None
    try:
        agency = parse_dossier_code(read_transfer_reference(reference)[0])[0]
    except DomainError:
        return None
    wards = schema.wards
    found = conn.execute(select(wards.c.id).where(wards.c.code == agency)).scalar_one_or_none()
    return None if found is None else int(found)


# --- the accountant's list ---------------------------------------------------------------


def unmatched(conn: Connection, ward_id: int | None = None) -> list[dict[str, Any]]:
    """The notifications that paid nothing, oldest first."""
    n, w = schema.bank_notifications, schema.wards
    query = (
        select(n, w.c.code.label("ward"))
        .outerjoin(w, w.c.id == n.c.ward_id)
        .where(n.c.outcome != NotificationOutcome.MATCHED.value)
        .order_by(n.c.id)
    )
    if ward_id is not None:
        query = query.where(n.c.ward_id == ward_id)
    return [_listed(row) for row in conn.execute(query)]


def unmatched_count(conn: Connection) -> int:
    """How many notifications paid nothing, those of no known ward included."""
    n = schema.bank_notifications
    query = select(func.count()).where(n.c.outcome != NotificationOutcome.MATCHED.value)
    return int(conn.execute(query).scalar_one())


def _listed(row: Row[Any]) -> dict[str, Any]:
    dossier_code = None
    if row.reference:
        try:
            dossier_code = read_transfer_reference(row.reference)[0]
        except DomainError:
            dossier_code = None
    return {
        "bank_transaction_id": row.bank_transaction_id,
        "outcome": row.outcome,
        "reason": row.reason,
        "amount": row.amount,
        "expected_amount": row.expected_amount,
        "reference": row.reference,
        "dossier_code": dossier_code,
        "ward": row.ward,
        "device_id": row.device_id,
        "content": row.content,
        "paid_at": _shown(row.paid_at),
        "received_at": _shown(row.received_at),
    }


def _shown(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")
