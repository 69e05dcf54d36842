"""Payment rows; the service decides the transactions and writes the events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.payments import Method, PaidBy, Payment, PaymentState
from counter_app.storage.connection import Database


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def insert(db: Database, payment: Payment) -> None:
    db.execute(
        "INSERT INTO payments (id, dossier_id, reference, amount, method, state, qr_payload,"
        " created_at, expires_at, paid_at, paid_by, confirmed_by, reason, bank_transaction,"
        " officer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            payment.id,
            payment.dossier_id,
            payment.reference,
            payment.amount,
            payment.method.value,
            payment.state.value,
            payment.qr_payload,
            _iso(payment.created_at),
            _iso(payment.expires_at),
            _iso(payment.paid_at),
            payment.paid_by.value if payment.paid_by else None,
            payment.confirmed_by,
            payment.reason,
            payment.bank_transaction,
            payment.officer,
            _iso(payment.created_at),
        ],
    )


def update(db: Database, payment: Payment, at: datetime) -> None:
    """Write the payment's changing fields (state, when and by whom it was paid)."""
    db.execute(
        "UPDATE payments SET state = ?, paid_at = ?, paid_by = ?, confirmed_by = ?, reason = ?,"
        " bank_transaction = ?, updated_at = ? WHERE id = ?",
        [
            payment.state.value,
            _iso(payment.paid_at),
            payment.paid_by.value if payment.paid_by else None,
            payment.confirmed_by,
            payment.reason,
            payment.bank_transaction,
            at.isoformat(),
            payment.id,
        ],
    )


def _payment(row: dict[str, Any]) -> Payment:
    def moment(key: str) -> datetime | None:
        return datetime.fromisoformat(row[key]) if row[key] else None

    created = moment("created_at")
    assert created is not None
    return Payment(
        id=row["id"],
        dossier_id=row["dossier_id"],
        reference=row["reference"],
        amount=row["amount"],
        method=Method(row["method"]),
        state=PaymentState(row["state"]),
        qr_payload=row["qr_payload"],
        created_at=created,
        expires_at=moment("expires_at"),
        paid_at=moment("paid_at"),
        paid_by=PaidBy(row["paid_by"]) if row["paid_by"] else None,
        confirmed_by=row["confirmed_by"],
        reason=row["reason"],
        bank_transaction=row["bank_transaction"],
        officer=row["officer"],
    )


def by_reference(db: Database, reference: str) -> Payment | None:
    rows = list(db.query("SELECT * FROM payments WHERE reference = ?", [reference]))
    return _payment(rows[0]) if rows else None


def for_dossier(db: Database, dossier_id: str) -> list[Payment]:
    rows = db.query("SELECT * FROM payments WHERE dossier_id = ? ORDER BY seq", [dossier_id])
    return [_payment(row) for row in rows]


def count_for_dossier(db: Database, dossier_id: str) -> int:
    row = db.execute("SELECT count(*) FROM payments WHERE dossier_id = ?", [dossier_id]).fetchone()
    return int(row[0])


def pending_until(db: Database, now: datetime) -> list[Payment]:
    """Pending payments whose QR has run out by ``now``."""
    rows = db.query(
        "SELECT * FROM payments WHERE state = ? AND expires_at IS NOT NULL AND expires_at <= ?",
        [PaymentState.PENDING.value, now.isoformat()],
    )
    return [_payment(row) for row in rows]


def created_between(db: Database, start: datetime, end: datetime) -> list[Payment]:
    rows = db.query(
        "SELECT * FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY seq",
        [start.isoformat(), end.isoformat()],
    )
    return [_payment(row) for row in rows]


def receipt_number(db: Database, payment_id: str) -> str | None:
    row = db.execute("SELECT receipt_number FROM payments WHERE id = ?", [payment_id]).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_receipt_number(db: Database, payment_id: str, number: str) -> None:
    db.execute("UPDATE payments SET receipt_number = ? WHERE id = ?", [number, payment_id])
