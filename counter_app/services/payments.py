"""Fees without cash: a dynamic VietQR per dossier, and how it becomes "Đã thanh toán".

The QR carries the exact amount and a transfer reference derived from the dossier
code; the bank's notification (relayed by the central system: ``bank_notification``
is that entry point) pays it when reference and amount match, or an officer confirms
with a reason. Cash stays possible and is recorded as cash. Every change is an event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from counter_app.domain import bank_table, payment_reference, vietqr
from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.payments import (
    Method,
    PaidBy,
    Payment,
    PaymentState,
    check_notification,
    check_payment_transition,
)
from counter_app.domain.records import record, replace
from counter_app.domain.text import clean
from counter_app.services.dossiers import DossierService
from counter_app.services.permissions import Guard, Permission
from counter_app.services.unit import Unit
from counter_app.storage import events, payments, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

QR_LIFETIME = timedelta(minutes=15)
BIN_KEY, ACCOUNT_KEY, NAME_KEY = "bank_bin", "bank_account", "bank_account_name"
RECEIPT_KEY = "fee_receipt_last"
RECEIPT_EVENT = "payment.receipt_issued"
BANK_ACCOUNT_EVENT = "bank_account.set"


@record(frozen=True)
class BankAccount:
    bin: str
    account: str
    name: str


class PaymentService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        unit: Unit,
        dossiers: DossierService,
        banks: list[bank_table.Bank],
    ) -> None:
        self._db = db
        self._clock = clock
        self._unit = unit
        self._dossiers = dossiers
        self._banks = banks
        self._guard = Guard(db, clock, unit.device_id)

    # --- the ward's account ----------------------------------------------------------

    def banks(self) -> list[bank_table.Bank]:
        return list(self._banks)

    def bank_account(self) -> BankAccount | None:
        values = settings.get_all(self._db)
        if not values.get(ACCOUNT_KEY):
            return None
        return BankAccount(values[BIN_KEY], values[ACCOUNT_KEY], values.get(NAME_KEY, ""))

    def set_bank_account(self, bin_code: str, account: str, name: str, officer: str) -> None:
        """The ward's receiving account, checked before anyone can be shown a QR for it."""
        self._guard.require(officer, Permission.BANK_ACCOUNT)
        with transaction(self._db):
            self.record_bank_account(bin_code, account, name, officer)

    def record_bank_account(self, bin_code: str, account: str, name: str, officer: str) -> None:
        """:meth:`set_bank_account` inside the caller's transaction (the sync's page)."""
        bank_table.check_bin(bin_code, self._banks)
        account = clean(account).replace(" ", "")
        if not (account.isdigit() and 6 <= len(account) <= 19):
            raise DomainError("bank_account_invalid", "An account number has 6–19 digits.")
        name = clean(name).upper()
        if not name or len(name) > 50 or not name.isascii():
            raise DomainError(
                "bank_account_name_invalid",
                "Give the account name as the bank writes it: capitals without diacritics.",
            )
        payload = {"bin": bin_code, "account": account, "name": name}
        now = self._clock.now()
        settings.put(self._db, BIN_KEY, bin_code)
        settings.put(self._db, ACCOUNT_KEY, account)
        settings.put(self._db, NAME_KEY, name)
        self._event(BANK_ACCOUNT_EVENT, ("unit", self._unit.device_id), payload, officer, now)

    # --- taking the fee --------------------------------------------------------------

    def start_qr(self, code: str, officer: str) -> Payment:
        """A fresh dynamic QR for the dossier's fee; an earlier pending one is cancelled."""
        account = self.bank_account()
        if account is None:
            raise DomainError(
                "bank_account_missing",
                "The ward's bank account is not set up (the window's bank account dialog, "
                "or counter-app unit set-bank-account).",
            )

        def pending(base: Payment) -> Payment:
            payload = vietqr.build(
                bin=account.bin,
                account=account.account,
                amount=base.amount,
                purpose=base.reference,
            )
            return replace(
                base, method=Method.QR, qr_payload=payload, expires_at=base.created_at + QR_LIFETIME
            )

        return self._new_payment(code, officer, pending, "payment.started")

    def record_cash(self, code: str, officer: str) -> Payment:
        def cash(base: Payment) -> Payment:
            return replace(
                base,
                method=Method.CASH,
                state=PaymentState.PAID,
                paid_at=base.created_at,
                paid_by=PaidBy.CASH,
                confirmed_by=officer,
            )

        return self._new_payment(code, officer, cash, "payment.paid")

    def _new_payment(
        self, code: str, officer: str, shape: Callable[[Payment], Payment], event: str
    ) -> Payment:
        """The dossier's next payment: pending ones cancelled, a fresh reference, logged."""
        dossier = self._dossiers.get(code)
        amount = self._check_payable(dossier)
        now = self._clock.now()
        with transaction(self._db):
            self._cancel_pending(dossier.id, officer, now)
            attempt = payments.count_for_dossier(self._db, dossier.id)
            base = Payment(
                id=str(uuid.uuid4()),
                dossier_id=dossier.id,
                reference=payment_reference.transfer_reference(dossier.code, attempt),
                amount=amount,
                method=Method.QR,
                state=PaymentState.PENDING,
                created_at=now,
                officer=officer,
            )
            payment = shape(base)
            payments.insert(self._db, payment)
            self._logged(payment, event, officer, now)
        return payment

    def _check_payable(self, dossier: Dossier) -> int:
        """The amount to collect; refuses a fee not determined, free or already paid."""
        if dossier.fee_total is None:
            raise DomainError(
                "payment_fee_not_set",
                "The fee of this dossier is not determined yet: its amount was not set "
                "when it was received; no payment can be taken for it.",
            )
        if dossier.fee_total <= 0:
            raise DomainError("payment_nothing_to_pay", "This dossier has no fee to pay.")
        if any(p.state is PaymentState.PAID for p in payments.for_dossier(self._db, dossier.id)):
            raise DomainError("payment_already_paid", "The fee of this dossier is already paid.")
        return dossier.fee_total

    def _cancel_pending(self, dossier_id: str, officer: str, now: datetime) -> None:
        for old in payments.for_dossier(self._db, dossier_id):
            if old.state is PaymentState.PENDING:
                cancelled = replace(old, state=PaymentState.CANCELLED, reason="Tạo mã QR mới")
                payments.update(self._db, cancelled, now)
                self._logged(cancelled, "payment.cancelled", officer, now)

    # --- learning it was paid --------------------------------------------------------

    def bank_notification(
        self, reference: str, amount: int, transaction_id: str, paid_at: datetime
    ) -> Payment:
        """The bank says money arrived with this reference: pay the matching payment."""
        with transaction(self._db):
            return self.record_bank_payment(reference, amount, transaction_id, paid_at)

    def record_bank_payment(
        self, reference: str, amount: int, transaction_id: str, paid_at: datetime
    ) -> Payment:
        """:meth:`bank_notification` inside the caller's transaction (a page of changes
        from the sync): the matching payment paid, with its event."""
        now = self._clock.now()
        payment = self._require(reference.strip().upper())
        check_notification(payment, amount)
        paid = replace(
            payment,
            state=PaymentState.PAID,
            paid_at=paid_at,
            paid_by=PaidBy.BANK,
            bank_transaction=transaction_id,
        )
        payments.update(self._db, paid, now)
        self._logged(paid, "payment.paid", "bank", now)
        return paid

    def confirm(self, reference: str, officer: str, reason: str) -> Payment:
        """An officer saw the money arrive (the bank's notice has not): paid, with why."""
        self._guard.require(officer, Permission.CONFIRM_PAYMENT, reference)
        return self._move(reference, PaymentState.PAID, officer, reason)

    def cancel(self, reference: str, officer: str, reason: str) -> Payment:
        return self._move(reference, PaymentState.CANCELLED, officer, reason)

    def refund(self, reference: str, officer: str, reason: str) -> Payment:
        self._guard.require(officer, Permission.REFUND, reference)
        return self._move(reference, PaymentState.REFUNDED, officer, reason)

    def _move(self, reference: str, target: PaymentState, officer: str, reason: str) -> Payment:
        now = self._clock.now()
        with transaction(self._db):
            payment = self._require(reference)
            why = check_payment_transition(payment, target, reason, by_officer=True)
            moved = replace(payment, state=target, reason=why)
            if target is PaymentState.PAID:
                moved = replace(moved, paid_at=now, paid_by=PaidBy.OFFICER, confirmed_by=officer)
            payments.update(self._db, moved, now)
            self._logged(moved, f"payment.{target.value}", officer, now)
        return moved

    def expire(self) -> list[Payment]:
        """Pending QR codes past their expiry become expired (a new QR can be made)."""
        now = self._clock.now()
        expired = []
        with transaction(self._db):
            for payment in payments.pending_until(self._db, now):
                gone = replace(payment, state=PaymentState.EXPIRED)
                payments.update(self._db, gone, now)
                self._logged(gone, "payment.expired", "system", now)
                expired.append(gone)
        return expired

    def for_dossier(self, code: str) -> list[Payment]:
        return payments.for_dossier(self._db, self._dossiers.get(code).id)

    def get(self, reference: str) -> Payment:
        return self._require(reference)

    def _require(self, reference: str) -> Payment:
        payment = payments.by_reference(self._db, reference)
        if payment is None:
            raise DomainError("payment_unknown", f"No payment has the reference {reference}.")
        return payment

    # --- the fee receipt -------------------------------------------------------------

    def receipt_number(self, reference: str, officer: str) -> str:
        """The receipt's number: given once, in order, when first issued; then kept."""
        now = self._clock.now()
        with transaction(self._db):
            payment = self._require(reference)
            if payment.state is not PaymentState.PAID:
                raise DomainError("payment_not_paid", "A fee receipt is issued once it is paid.")
            number = payments.receipt_number(self._db, payment.id)
            if number is None:
                last = int(settings.get(self._db, RECEIPT_KEY) or "0")
                number = f"{last + 1:07d}"
                settings.put(self._db, RECEIPT_KEY, str(last + 1))
                payments.set_receipt_number(self._db, payment.id, number)
                self._event(
                    RECEIPT_EVENT,
                    ("payment", payment.id),
                    {"reference": reference, "receipt_number": number},
                    officer,
                    now,
                )
        return number

    def paid_payment(self, code: str) -> Payment | None:
        paid = [p for p in self.for_dossier(code) if p.state is PaymentState.PAID]
        return paid[-1] if paid else None

    def pending_payment(self, code: str) -> Payment | None:
        pending = [p for p in self.for_dossier(code) if p.state is PaymentState.PENDING]
        return pending[-1] if pending else None

    # --- reconciliation --------------------------------------------------------------

    def report(self, day: datetime, officer: str) -> dict[str, Any]:
        """The day's payments by state, totals by method, and those paid on an officer's word:
        every officer's money, for the head of the unit."""
        self._guard.require(officer, Permission.OTHERS_WORK, f"payments {day.date()}")
        start = datetime.combine(day.date(), time(0), VIETNAM)
        found = payments.created_between(self._db, start, start + timedelta(days=1))
        by_state: dict[str, int] = {state.value: 0 for state in PaymentState}
        totals: dict[str, int] = {method.value: 0 for method in Method}
        for payment in found:
            by_state[payment.state.value] += 1
            if payment.state is PaymentState.PAID:
                totals[payment.method.value] += payment.amount
        confirmed = [
            {
                "reference": p.reference,
                "amount": p.amount,
                "officer": p.confirmed_by,
                "reason": p.reason,
                "paid_at": p.paid_at.isoformat() if p.paid_at else None,
            }
            for p in found
            if p.paid_by is PaidBy.OFFICER and p.state is PaymentState.PAID
        ]
        return {
            "date": day.date().isoformat(),
            "payments": len(found),
            "by_state": by_state,
            "paid_total_by_method": totals,
            "paid_total": sum(totals.values()),
            "confirmed_by_officer": confirmed,
        }

    def _logged(self, payment: Payment, kind: str, officer: str, now: datetime) -> None:
        """The whole payment as it now stands: ``db check`` rebuilds the row from these."""
        payload = {
            "reference": payment.reference,
            "dossier_id": payment.dossier_id,
            "amount": payment.amount,
            "method": payment.method.value,
            "state": payment.state.value,
            "reason": payment.reason,
            "paid_by": payment.paid_by.value if payment.paid_by else None,
            "qr_payload": payment.qr_payload,
            "expires_at": _iso(payment.expires_at),
            "paid_at": _iso(payment.paid_at),
            "confirmed_by": payment.confirmed_by,
            "bank_transaction": payment.bank_transaction,
        }
        self._event(kind, ("payment", payment.id), payload, officer, now)

    def _event(
        self,
        kind: str,
        aggregate: tuple[str, str],
        payload: dict[str, Any],
        officer: str,
        now: datetime,
    ) -> None:
        context = events.EventContext(self._unit.device_id, officer)
        events.append(self._db, context, kind, aggregate, payload, now)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
