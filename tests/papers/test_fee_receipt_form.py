"""The fee receipt (biên lai thu phí, lệ phí) read back from its PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.domain import records
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.payments import Payment
from counter_app.papers.fee_receipt_form import fee_receipt_pdf
from counter_app.papers.forms import UnitHeader
from tests.papers.conftest import pdf_fonts, pdf_info, pdf_text, receive

COLLECTOR = "Trần Thị Bình"


def words(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text with runs of spaces (layout columns, line wraps) squeezed."""
    return " ".join(pdf_text(pdf, tmp_path).split())


def assert_has(text: str, *expected: str) -> None:
    missing = [e for e in expected if e not in text]
    assert missing == [], f"missing {missing!r} in:\n{text}"


def qr_paid(services: Services, dossier: Dossier) -> Payment:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    started = services.payments.start_qr(dossier.code, "admin")
    return services.payments.confirm(started.reference, "admin", "Đã thấy tiền vào tài khoản")


def receipt(dossier: Dossier, payment: Payment, unit: UnitHeader, fonts: Path) -> bytes:
    return fee_receipt_pdf(
        dossier, payment, unit, fonts, receipt_number="0000123", collector_name=COLLECTOR
    )


def test_qr_payment_receipt_says_everything(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    payment = qr_paid(services, dossier)
    text = words(receipt(dossier, payment, unit, fonts), tmp_path)
    assert_has(
        text,
        "UBND PHƯỜNG HOÀN KIẾM",
        "BỘ PHẬN MỘT CỬA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 23 tháng 11 năm 2026",
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Mẫu số: 01BLP0-001",
        "Ký hiệu: BLTP",
        "Số: 0000123",
        "Tên đơn vị thu phí, lệ phí: UBND phường Hoàn Kiếm",
        "Họ và tên người nộp tiền: Nguyễn Văn An",
        "Địa chỉ: Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        f"Mã hồ sơ: {dossier.code}",
        "Tên loại phí, lệ phí: Chứng thực bản sao từ bản chính",
        "STT Nội dung thu Số tiền (đồng)",
        "1 Lệ phí chứng thực bản sao từ bản chính 10.000",
        "2 × 5.000 đồng",
        "Tổng cộng 10.000",
        "Số tiền bằng chữ: Mười nghìn đồng",
        f"Hình thức thanh toán: Chuyển khoản (VietQR), mã tham chiếu {payment.reference}",
        "Thời điểm nộp tiền: 09 giờ 00 phút, ngày 23 tháng 11 năm 2026",
        "NGƯỜI NỘP TIỀN",
        "NGƯỜI THU TIỀN",
        "(Ký và ghi rõ họ tên)",
        COLLECTOR,
        "(Cần kiểm tra, đối chiếu khi lập, giao, nhận biên lai)",
    )
    assert "Tiền mặt" not in text


def test_cash_receipt_with_another_payer_and_symbol(
    services: Services,
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    clock.advance(timedelta(hours=1, minutes=5))
    payment = services.payments.record_cash(dossier.code, "admin")
    pdf = fee_receipt_pdf(
        dossier,
        payment,
        unit,
        fonts,
        receipt_number="0000456",
        collector_name=COLLECTOR,
        payer_name="Lê Thị Cúc",
        payer_address="Số 5 phố Hàng Đào, Hà Nội",
        symbol="AA-26E",
        tax_code="0101234567",
        today=date(2026, 11, 24),
    )
    text = words(pdf, tmp_path)
    assert_has(
        text,
        "Hà Nội, ngày 24 tháng 11 năm 2026",
        "Ký hiệu: AA-26E",
        "Số: 0000456",
        "Mã số thuế: 0101234567",
        "Họ và tên người nộp tiền: Lê Thị Cúc",
        "Địa chỉ: Số 5 phố Hàng Đào, Hà Nội",
        "Hình thức thanh toán: Tiền mặt",
        "Thời điểm nộp tiền: 10 giờ 05 phút, ngày 23 tháng 11 năm 2026",
        "Mười nghìn đồng",
        f"Mã hồ sơ: {dossier.code}",
    )
    assert "Chuyển khoản" not in text
    assert "Nguyễn Văn An" not in text  # the applicant did not pay this one


def test_bank_paid_receipt_names_the_bank_transaction(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    started = services.payments.start_qr(dossier.code, "admin")
    paid_at = started.created_at + timedelta(minutes=3)
    payment = services.payments.bank_notification(started.reference, 10000, "FT2632712345", paid_at)
    text = words(receipt(dossier, payment, unit, fonts), tmp_path)
    assert_has(
        text,
        "Mã giao dịch ngân hàng: FT2632712345",
        "Thời điểm nộp tiền: 09 giờ 03 phút, ngày 23 tháng 11 năm 2026",
    )


def test_a5_portrait_one_page_with_liberation_serif_embedded(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = receipt(dossier, qr_paid(services, dossier), unit, fonts)
    info = pdf_info(pdf, tmp_path)
    assert "Page size:       419.528 x 595.276 pts" in info
    assert "Pages:           1" in info
    listed = pdf_fonts(pdf, tmp_path).splitlines()[2:]
    assert listed, "no fonts in the PDF"
    for row in listed:
        assert "LiberationSerif" in row
        assert " yes " in row  # embedded
    assert "Helvetica" not in "\n".join(listed)


def test_same_input_same_bytes(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path
) -> None:
    payment = qr_paid(services, dossier)
    assert receipt(dossier, payment, unit, fonts) == receipt(dossier, payment, unit, fonts)


def test_many_fee_lines_still_fit_one_page(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    payment = qr_paid(services, dossier)
    lines = [
        {
            "rule": "flat",
            "label": f"Lệ phí số {n}",
            "quantity": 1,
            "unit_amount": 500,
            "amount": 500,
        }
        for n in range(1, 21)
    ]
    many = records.replace(dossier, fee={**dossier.fee, "lines": lines})
    pdf = receipt(many, payment, unit, fonts)
    assert "Pages:           1" in pdf_info(pdf, tmp_path)
    text = words(pdf, tmp_path)
    assert_has(text, "20 Lệ phí số 20 500", "Tổng cộng 10.000", "NGƯỜI THU TIỀN")


def test_hostile_and_nfd_text_prints_as_nfc(
    services: Services, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    dossier = receive(
        services,
        applicant={"full_name": "Nguye\u0302\u0303n <b>&amp; An", "address": "A & B"},
    )
    payment = services.payments.record_cash(dossier.code, "admin")
    text = words(receipt(dossier, payment, unit, fonts), tmp_path)
    assert_has(text, "Nguyễn <b>&amp; An", "Địa chỉ: A & B")


def test_unpaid_or_foreign_or_mismatched_payments_are_refused(
    services: Services, dossier: Dossier, unit: UnitHeader, fonts: Path
) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    pending = services.payments.start_qr(dossier.code, "admin")
    with pytest.raises(ValueError, match="not been paid"):
        receipt(dossier, pending, unit, fonts)
    paid = services.payments.confirm(pending.reference, "admin", "Đã thấy tiền")
    other = receive(services)
    with pytest.raises(ValueError, match="not for dossier"):
        receipt(other, paid, unit, fonts)
    with pytest.raises(ValueError, match="do not add up"):
        receipt(dossier, records.replace(paid, amount=20000), unit, fonts)
