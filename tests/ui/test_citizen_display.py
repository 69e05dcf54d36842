"""The citizen's screen: the fee QR that scans, the countdown, and "paid" the moment it is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.reception import parse_reception
from counter_app.ui.citizen_display import CitizenDisplay


@pytest.fixture
def dossier(services: Services) -> Dossier:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")


@pytest.fixture
def display(qtbot: Any, services: Services) -> CitizenDisplay:
    shown = CitizenDisplay(services)
    qtbot.addWidget(shown)
    return shown


def test_it_welcomes_first(display: CitizenDisplay) -> None:
    assert display.pages.currentIndex() == 0


def test_the_fee_qr_scans_to_the_payment(
    display: CitizenDisplay, services: Services, dossier: Dossier, tmp_path: Path
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    display.show_payment(payment, dossier)
    assert display.pages.currentIndex() == 1
    assert display.amount.text() == "10.000 đ"
    assert payment.reference in display.content.text()
    assert "Vietcombank" in display.bank.text() and "1017595600" in display.bank.text()
    assert display.countdown.text().endswith("15:00")
    picture = tmp_path / "qr.png"
    display.qr.pixmap().save(str(picture))
    (found,) = zxingcpp.read_barcodes(Image.open(picture))
    assert found.text == payment.qr_payload
    display._timer.stop()


def test_countdown_then_paid_by_the_bank(
    display: CitizenDisplay, services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    display.show_payment(payment, dossier)
    clock.advance(timedelta(minutes=5, seconds=30))
    display.tick()
    assert display.countdown.text().endswith("09:30")
    services.payments.bank_notification(payment.reference, 10_000, "FT1", clock.now())
    display.tick()
    assert display.pages.currentIndex() == 2
    assert display.paid_amount.text() == "10.000 đ"


def test_an_expired_code_says_so(
    display: CitizenDisplay, services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    payment = services.payments.start_qr(dossier.code, "admin")
    display.show_payment(payment, dossier)
    clock.advance(timedelta(minutes=16))
    display.tick()
    assert "expired" in display.countdown.text()
    assert display.pages.currentIndex() == 1


def test_the_days_fees_view(qtbot: Any, services: Services, dossier: Dossier) -> None:
    from counter_app.ui.reconciliation import ReconciliationDialog

    payment = services.payments.start_qr(dossier.code, "admin")
    services.payments.confirm(payment.reference, "admin", "Đã thấy tiền vào")
    view = ReconciliationDialog(services)
    qtbot.addWidget(view)
    assert "10.000 đ" in view.summary.text()
    assert view.confirmed.rowCount() == 1
    assert view.confirmed.item(0, 0).text() == payment.reference
    assert view.confirmed.item(0, 3).text() == "Đã thấy tiền vào"


def test_after_paid_it_welcomes_the_next_citizen(
    qtbot: Any, display: CitizenDisplay, services: Services, dossier: Dossier, clock: FakeClock
) -> None:
    payment = services.payments.record_cash(dossier.code, "admin")
    display._back_to_welcome.setInterval(50)
    display.show_paid(payment)
    assert display.pages.currentIndex() == 2
    qtbot.waitUntil(lambda: display.pages.currentIndex() == 0, timeout=2000)
    assert display.payment is None
