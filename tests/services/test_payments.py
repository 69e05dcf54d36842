"""Fee payments through the real service: QR, bank notice, officer confirmation, cash."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain import payment_reference, vietqr
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.payments import Method, PaidBy, PaymentState
from counter_app.domain.reception import parse_reception


@pytest.fixture
def dossier(services: Services) -> Dossier:
    services.payments.set_bank_account("970436", "1017595600", "UBND Phuong Thu Nghiem", "admin")
    return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")


def event_types(services: Services) -> list[str]:
    rows = services.db.execute("SELECT type FROM events WHERE type LIKE 'payment.%' ORDER BY seq")
    return [row[0] for row in rows]


def test_the_qr_carries_the_exact_amount_and_reference(
    services: Services, dossier: Dossier
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    assert payment.state is PaymentState.PENDING and payment.amount == 10_000
    assert payment.qr_payload is not None
    parsed = vietqr.parse(payment.qr_payload)
    assert (parsed.bin, parsed.account, parsed.amount) == ("970436", "1017595600", 10_000)
    assert parsed.purpose == payment.reference and parsed.dynamic
    assert len(payment.reference) <= 19 and payment.reference.isalnum()
    assert payment_reference.read_transfer_reference(payment.reference) == (dossier.code, 0)


def test_the_bank_notice_pays_it(services: Services, dossier: Dossier, clock: FakeClock) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    paid = services.payments.bank_notification(
        payment.reference, 10_000, "FT2632701234", clock.now()
    )
    assert paid.state is PaymentState.PAID and paid.paid_by is PaidBy.BANK
    assert services.payments.get(payment.reference).bank_transaction == "FT2632701234"
    assert event_types(services) == ["payment.started", "payment.paid"]


def test_a_wrong_amount_pays_nothing(
    services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    with pytest.raises(DomainError) as error:
        services.payments.bank_notification(payment.reference, 1_000, "FT1", clock.now())
    assert error.value.code == "payment_amount_mismatch"
    assert services.payments.get(payment.reference).state is PaymentState.PENDING


def test_officer_confirmation_needs_a_reason_and_is_reported(
    services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    with pytest.raises(DomainError) as error:
        services.payments.confirm(payment.reference, "admin", "  ")
    assert error.value.code == "payment_reason_required"
    paid = services.payments.confirm(payment.reference, "admin", "Đã thấy tiền vào tài khoản")
    assert paid.paid_by is PaidBy.OFFICER and paid.confirmed_by == "admin"
    report = services.payments.report(clock.now(), "admin")
    assert report["by_state"]["paid"] == 1
    assert report["paid_total_by_method"] == {"qr": 10_000, "cash": 0}
    assert [row["reference"] for row in report["confirmed_by_officer"]] == [payment.reference]


def test_expiry_then_a_new_qr_then_a_late_bank_notice(
    services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    first = services.payments.start_qr(dossier.code, "admin")
    clock.advance(timedelta(minutes=16))
    assert [p.reference for p in services.payments.expire()] == [first.reference]
    with pytest.raises(DomainError):
        services.payments.confirm(first.reference, "admin", "Công dân đưa ảnh chụp")
    second = services.payments.start_qr(dossier.code, "admin")
    assert second.reference != first.reference
    # Money for the expired QR still arrives: it is paid, not lost.
    late = services.payments.bank_notification(first.reference, 10_000, "FT9", clock.now())
    assert late.state is PaymentState.PAID


def test_a_new_qr_cancels_the_pending_one(services: Services, dossier: Dossier) -> None:
    first = services.payments.start_qr(dossier.code, "admin")
    services.payments.start_qr(dossier.code, "admin")
    assert services.payments.get(first.reference).state is PaymentState.CANCELLED


def test_cash_is_recorded_as_cash_and_only_once(services: Services, dossier: Dossier) -> None:
    paid = services.payments.record_cash(dossier.code, "admin")
    assert (paid.method, paid.state, paid.paid_by) == (Method.CASH, PaymentState.PAID, PaidBy.CASH)
    with pytest.raises(DomainError) as error:
        services.payments.start_qr(dossier.code, "admin")
    assert error.value.code == "payment_already_paid"


def test_a_free_dossier_has_nothing_to_pay(services: Services, dossier: Dossier) -> None:
    free = copy.deepcopy(EXAMPLE_RECEPTION)
    free.update(procedure="1.001193", documents=None, fee=None)
    code = services.reception.receive(parse_reception(free), "admin").code
    with pytest.raises(DomainError) as error:
        services.payments.start_qr(code, "admin")
    assert error.value.code == "payment_nothing_to_pay"


def test_the_ward_account_is_checked(services: Services) -> None:
    for args, code in (
        (("999999", "1017595600", "UBND"), "vietqr_bin_unknown"),
        (("970436", "12ab", "UBND"), "bank_account_invalid"),
        (("970436", "1017595600", "Phường"), "bank_account_name_invalid"),
    ):
        with pytest.raises(DomainError) as error:
            services.payments.set_bank_account(*args, "admin")
        assert error.value.code == code
    assert services.payments.bank_account() is None
    with pytest.raises(DomainError) as error:
        services.payments.start_qr("000.00.00.Z99-261123-1000", "admin")
    assert error.value.code == "bank_account_missing"


def test_receipt_numbers_follow_each_other_and_need_a_paid_fee(
    services: Services, dossier: Dossier
) -> None:
    pending = services.payments.start_qr(dossier.code, "admin")
    with pytest.raises(DomainError) as error:
        services.payments.receipt_number(pending.reference, "admin")
    assert error.value.code == "payment_not_paid"
    services.payments.confirm(pending.reference, "admin", "Đã thấy tiền vào")
    assert services.payments.receipt_number(pending.reference, "admin") == "0000001"
    assert services.payments.receipt_number(pending.reference, "admin") == "0000001"
    other = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    cash = services.payments.record_cash(other.code, "admin")
    assert services.payments.receipt_number(cash.reference, "admin") == "0000002"
