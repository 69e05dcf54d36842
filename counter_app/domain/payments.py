"""Fee payments: a state machine that only a bank's notice or an officer's word moves.

A QR payment is ``pending`` until the bank's notification matches its reference and
amount (``paid`` by the bank), or an officer confirms it with a reason (``paid`` by
the officer: reported apart at reconciliation). Unpaid, it ``expired`` at its expiry
or was ``cancelled``; a paid one can be ``refunded``. Cash is recorded as paid at once:
the law still allows it, the counter leads with QR.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Method(StrEnum):
    QR = "qr"
    CASH = "cash"


class PaidBy(StrEnum):
    BANK = "bank"  # the bank's notification matched reference and amount
    OFFICER = "officer"  # an officer confirmed a transfer the bank has not reported
    CASH = "cash"  # counted at the counter


TRANSITIONS: dict[PaymentState, frozenset[PaymentState]] = {
    PaymentState.PENDING: frozenset(
        {PaymentState.PAID, PaymentState.EXPIRED, PaymentState.CANCELLED}
    ),
    PaymentState.PAID: frozenset({PaymentState.REFUNDED}),
    # Money that arrives after the QR expired has still moved: the bank's notice
    # pays an expired payment too (never an officer's word).
    PaymentState.EXPIRED: frozenset({PaymentState.PAID}),
    PaymentState.CANCELLED: frozenset(),
    PaymentState.REFUNDED: frozenset(),
}
# An officer's word moves money states only with a reason on record.
REASON_REQUIRED = frozenset({PaymentState.CANCELLED, PaymentState.REFUNDED})


@record(frozen=True)
class Payment:
    id: str
    dossier_id: str
    reference: str
    amount: int
    method: Method
    state: PaymentState
    created_at: datetime
    officer: str
    qr_payload: str | None = None
    expires_at: datetime | None = None
    paid_at: datetime | None = None
    paid_by: PaidBy | None = None
    confirmed_by: str | None = None
    reason: str = ""
    bank_transaction: str | None = None


def payment_data(payment: Payment) -> dict[str, object]:
    """The payment as JSON values: what a citizen's data export and the command line
    show (the QR's text and expiry are added where the QR is the point)."""

    def moment(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat(timespec="seconds")

    return {
        "reference": payment.reference,
        "amount": payment.amount,
        "method": payment.method.value,
        "state": payment.state.value,
        "created_at": moment(payment.created_at),
        "paid_at": moment(payment.paid_at),
        "paid_by": payment.paid_by.value if payment.paid_by else None,
        "confirmed_by": payment.confirmed_by,
        "reason": payment.reason,
        "bank_transaction": payment.bank_transaction,
    }


def check_payment_transition(
    payment: Payment, target: PaymentState, reason: str, by_officer: bool
) -> str:
    """The cleaned reason, or a refusal naming what is wrong."""
    if target not in TRANSITIONS[payment.state]:
        raise DomainError(
            "payment_transition_invalid",
            f"A payment that is {payment.state} cannot become {target}.",
            current=payment.state.value,
            target=target.value,
        )
    if by_officer and payment.state is PaymentState.EXPIRED:
        raise DomainError(
            "payment_expired", "An expired QR is paid only by the bank's notice: make a new one."
        )
    reason = clean(reason)
    officer_confirms_paid = by_officer and target is PaymentState.PAID
    if (target in REASON_REQUIRED or officer_confirms_paid) and not reason:
        raise DomainError(
            "payment_reason_required", f"Marking a payment {target} by hand needs a reason."
        )
    return reason


def check_notification(payment: Payment, amount: int) -> None:
    """A bank notice pays a payment waiting for money, and only with the exact amount."""
    if payment.state not in (PaymentState.PENDING, PaymentState.EXPIRED):
        raise DomainError(
            "payment_not_pending",
            f"Payment {payment.reference} is {payment.state}, not waiting for money.",
            reference=payment.reference,
        )
    if amount != payment.amount:
        raise DomainError(
            "payment_amount_mismatch",
            f"Payment {payment.reference} is for {payment.amount} đ, the bank reports {amount} đ.",
            reference=payment.reference,
            expected=payment.amount,
            received=amount,
        )
