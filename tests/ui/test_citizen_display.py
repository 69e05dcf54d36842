"""The citizen's screen: the fee QR that scans, the countdown, and "paid" the moment it is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtWidgets import QLabel

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
    view = ReconciliationDialog(services, "admin")
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


def shown_texts(display: CitizenDisplay) -> list[str]:
    """What the citizen's screen says: every label's text."""
    return [label.text() for label in display.findChildren(QLabel)]


def test_the_citizen_sees_whose_dossier_with_the_id_number_masked(
    display: CitizenDisplay, services: Services, dossier: Dossier
) -> None:
    assert dossier.applicant.id_number == "001090123456"
    payment = services.payments.start_qr(dossier.code, "admin")
    display.show_payment(payment, dossier)
    display._timer.stop()

    assert display.applicant.isVisibleTo(display)
    assert display.applicant.text() == (
        f"Dossier {dossier.code} · Nguyễn Văn An · ID number ********3456"
    )
    assert not any("001090123456" in text or "00109012" in text for text in shown_texts(display))


def test_the_line_shows_on_reception_and_goes_with_the_next_citizen(
    display: CitizenDisplay, dossier: Dossier
) -> None:
    display.show_received(dossier)
    assert display.pages.currentIndex() == 0
    assert display.applicant.text().endswith("********3456")
    display.welcome()
    assert display.applicant.text() == "" and not display.applicant.isVisibleTo(display)
    display.show_received(dossier)
    display.ask_rating("A012")
    assert display.applicant.text() == ""


def test_an_applicant_without_an_id_number_gets_no_number(
    display: CitizenDisplay, services: Services
) -> None:
    applicant = {"full_name": "Lê Thị Hoa", "birth_date": "1990-01-01", "gender": "female"}
    received = services.reception.receive(
        parse_reception({**EXAMPLE_RECEPTION, "applicant": applicant}), "admin"
    )
    display.show_received(received)
    assert display.applicant.text() == f"Dossier {received.code} · Lê Thị Hoa"


def test_the_fee_page_fits_a_small_customer_display(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    """A 10-inch customer display is 1024×600: with a long name over it, the QR gives way
    so that the transfer content and the countdown stay on the screen, and still scans."""
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    document = {**EXAMPLE_RECEPTION, "applicant": dict(EXAMPLE_RECEPTION["applicant"])}
    document["applicant"]["full_name"] = (
        "Công Tằng Tôn Nữ Huỳnh Thị Ngọc Phương Trang Hoàng Bảo Khuê Nguyễn Phước Vĩnh Thụy"
    )
    received = services.reception.receive(parse_reception(document), "admin")
    shown = CitizenDisplay(services)
    qtbot.addWidget(shown)
    payment = services.payments.start_qr(received.code, "admin")
    shown.show_payment(payment, received)
    shown.resize(1024, 600)
    shown.show()
    qtbot.waitUntil(lambda: shown.countdown.isVisible())
    shown._timer.stop()
    assert shown.height() == 600
    bottom = shown.countdown.mapTo(shown, shown.countdown.rect().bottomLeft()).y()
    assert bottom < 600, bottom
    assert shown.qr.pixmap().width() >= 200
    picture = tmp_path / "qr.png"
    shown.qr.pixmap().save(str(picture))
    (found,) = zxingcpp.read_barcodes(Image.open(picture))
    assert found.text == payment.qr_payload


def test_the_welcome_shows_the_unit_name_as_written(
    qtbot: Any, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    """A unit name with "<b>" was read as markup (bold, the tags gone) on the citizen's
    screen, and "&" could be taken for an entity: it is text, shown as typed."""
    from PySide6.QtCore import Qt

    from counter_app import app
    from counter_app.services.accounts import UnitSetup

    name = "UBND <b>Phường</b> Hàng Bạc & Đồng Xuân"
    services.accounts.complete_setup(
        UnitSetup("000.00.01.H26", name, "Hà Nội", 2, "quantri", "Trần Thị Quản Trị", "mat-khau-1")
    )
    reopened = app.build(tmp_path / "data", clock)
    try:
        display = CitizenDisplay(reopened)
        qtbot.addWidget(display)
        display.show()
        (shown,) = [label for label in display.findChildren(QLabel) if "Hàng Bạc" in label.text()]
        assert shown.text() == name
        assert shown.textFormat() is Qt.TextFormat.PlainText
        assert all(
            label.textFormat() is Qt.TextFormat.PlainText
            for label in display.findChildren(QLabel)
            if label.text()
        )
        if Path("/tmp/h-ui-shots").is_dir():
            display.grab().save("/tmp/h-ui-shots/citizen-welcome-markup-name-en.png")
    finally:
        reopened.close()
