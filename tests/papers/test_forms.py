"""The legal forms read back from their PDFs: the words, the fonts, the pages."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier, Status, lookup_payload
from counter_app.papers.forms import (
    RegisterRef,
    UnitHeader,
    form_01_receipt,
    form_02_supplement,
    form_03_refusal,
    form_04_apology,
    form_05_stop,
    form_06_control,
    form_07_register,
)
from tests.papers.conftest import pdf_fonts, pdf_info, pdf_text, poppler, receive

TODAY = date(2026, 11, 23)
HEADER = [
    "UBND PHƯỜNG HOÀN KIẾM",
    "BỘ PHẬN MỘT CỬA",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Nội, ngày 23 tháng 11 năm 2026",
]


def words(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text with runs of spaces (layout columns, justification) squeezed."""
    return " ".join(pdf_text(pdf, tmp_path).split())


def assert_has(text: str, *expected: str) -> None:
    missing = [e for e in expected if e not in text]
    assert missing == [], f"missing {missing!r} in:\n{text}"


def test_receipt_on_one_a4_sheet_carries_both_copies(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = form_01_receipt(
        dossier, unit, fonts, register=RegisterRef("03", 127), time_limit_text="Trong ngày"
    )
    text = words(pdf, tmp_path)
    assert_has(
        text,
        *HEADER,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Liên 1: Lưu",
        "Liên 2: Giao người nộp",
        f"Mã hồ sơ: {dossier.code}",
        "Tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Địa chỉ: Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        "Số điện thoại: 0912345678",
        "Nội dung yêu cầu giải quyết: Chứng thực bản sao từ bản chính",
        "Bản chính giấy tờ cần chứng thực",
        "Bản sao cần chứng thực",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định: Trong ngày",
        "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23 tháng 11 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23 tháng 11 năm 2026",
        "6. Nơi nhận kết quả: Tại Bộ phận Một cửa",
        "7. Phí, lệ phí: 10.000 đồng",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 03 Số thứ tự: 127",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Tra cứu hồ sơ",
        f"Mã tra cứu: {dossier.lookup_secret}",
    )
    assert text.count("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") == 2
    assert "Quét mã QR để nộp phí" not in text  # no payment code was given
    info = pdf_info(pdf, tmp_path)
    assert re.search(r"Pages:\s+1\n", info)
    assert "595.276 x 841.89 pts (A4)" in info


def test_receipt_as_two_a5_pages(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = form_01_receipt(dossier, unit, fonts, layout="a5")
    info = pdf_info(pdf, tmp_path)
    assert re.search(r"Pages:\s+2\n", info)
    assert "419.528 x 595.276 pts" in info  # A5: 148 × 210 mm
    pages = pdf_text(pdf, tmp_path).split("\f")
    assert "Liên 1: Lưu" in pages[0] and "Liên 2: Giao người nộp" in pages[1]
    # Not registered yet: the book and number are left as dots to fill in by hand.
    assert_has(words(pdf, tmp_path), "Quyển số: ………… Số thứ tự: …………", "Nguyễn Văn An")


def test_receipt_fee_qr_only_on_the_citizens_copy(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = form_01_receipt(dossier, unit, fonts, fee_qr="00020101021238570010A0000007270127")
    pages = words(pdf, tmp_path).split("Liên 2: Giao người nộp")
    assert "Quét mã QR để nộp phí" not in pages[0]
    assert "Quét mã QR để nộp phí" in pages[1]


def test_free_procedure_says_free_and_post_collection(
    services: Services, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    free = receive(services, procedure="1.001193", documents=None, fee=None, collect_at="post")
    text = words(form_01_receipt(free, unit, fonts, fee_qr="ignored"), tmp_path)
    assert_has(
        text, "7. Phí, lệ phí: Miễn phí", "6. Nơi nhận kết quả: Qua dịch vụ bưu chính công ích"
    )
    assert "Quét mã QR" not in text


def test_receipt_embeds_liberation_serif(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    listing = pdf_fonts(form_01_receipt(dossier, unit, fonts), tmp_path)
    embedded = [line for line in listing.splitlines() if "LiberationSerif" in line]
    assert any("LiberationSerif-Bold" in line for line in embedded)
    assert embedded and all(" yes " in line for line in embedded)  # emb column
    assert "Helvetica" not in listing and "Times" not in listing


def test_same_input_same_bytes(dossier: Dossier, unit: UnitHeader, fonts: Path) -> None:
    assert form_01_receipt(dossier, unit, fonts) == form_01_receipt(dossier, unit, fonts)


def test_many_documents_still_fit_one_sheet(
    services: Services, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    documents = [
        {"name": f"Giấy tờ số {n} kèm theo hồ sơ đề nghị", "form": "copy", "count": 1}
        for n in range(1, 9)
    ]
    big = receive(services, documents=documents)
    pdf = form_01_receipt(big, unit, fonts)
    assert re.search(r"Pages:\s+1\n", pdf_info(pdf, tmp_path))
    assert "Giấy tờ số 8 kèm theo hồ sơ đề nghị" in words(pdf, tmp_path)


def test_hostile_and_nfd_text_prints_as_nfc(
    services: Services, fonts: Path, tmp_path: Path
) -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Văn An")
    header = UnitHeader("000.00.00.Z99", "UBND <b>PHƯỜNG</b> & CO", "Bộ phận Một cửa", "Hà Nội")
    dossier = receive(services)
    text = words(
        form_03_refusal(dossier, header, fonts, reason=f"Sai tên {name} <i>&", today=TODAY),
        tmp_path,
    )
    assert_has(text, "UBND <B>PHƯỜNG</B> & CO", "Sai tên Nguyễn Văn An <i>&")


def test_supplement_request(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = form_02_supplement(
        dossier,
        unit,
        fonts,
        missing=[("Giấy khai sinh", "certified_copy", 1), ("Sổ hộ khẩu", "Bản photo", 2)],
        reason="Thiếu giấy tờ chứng minh quan hệ",
        contact="bà Trần Thị Bình, số điện thoại 0243 825 1234",
        today=TODAY,
    )
    assert_has(
        words(pdf, tmp_path),
        *HEADER,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        dossier.code,
        "Hồ sơ của: Nguyễn Văn An",
        "Giấy khai sinh Bản sao có chứng thực 01",
        "Sổ hộ khẩu Bản photo 02",
        "Lý do: Thiếu giấy tờ chứng minh quan hệ",
        "liên hệ với bà Trần Thị Bình, số điện thoại 0243 825 1234 để được hướng dẫn",
        "NGƯỜI HƯỚNG DẪN",
    )


def test_refusal(dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path) -> None:
    pdf = form_03_refusal(dossier, unit, fonts, reason="Không thuộc thẩm quyền", today=TODAY)
    assert_has(
        words(pdf, tmp_path),
        *HEADER,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Không thuộc thẩm quyền",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    )


def test_apology_asks_to_extend_to_the_new_date(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    new_due = datetime(2026, 11, 26, 16, 0, tzinfo=VIETNAM)
    pdf = form_04_apology(
        dossier, unit, fonts, reason="Cần xác minh thêm", new_due=new_due, today=TODAY
    )
    text = words(pdf, tmp_path)
    assert_has(
        text,
        *HEADER,
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        "Thời hạn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23 tháng 11 năm 2026",
        "Lý do: Cần xác minh thêm",
        "xin lỗi Ông/Bà",
        "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến 16 giờ 00 phút, "
        "ngày 26 tháng 11 năm 2026",
        "ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ",
    )
    assert "HẸN LẠI NGÀY" not in text  # the 2018 title is gone


def test_notice_of_stop_says_since_when_and_why(
    services: Services, unit: UnitHeader, fonts: Path, tmp_path: Path, clock: FakeClock
) -> None:
    code = receive(services).code
    services.dossiers.change_status(code, Status.IN_PROCESSING, "", "admin")
    clock.advance(timedelta(hours=2))
    services.dossiers.change_status(code, Status.STOPPED, "Giấy tờ giả mạo", "admin")
    stopped = services.dossiers.get(code)
    assert stopped.national_status == 8  # Dừng xử lý, not 3 (không được tiếp nhận)
    pdf = form_05_stop(
        stopped, unit, fonts, reason="Giấy tờ giả mạo", contact="Quầy số 1", today=TODAY
    )
    text = words(pdf, tmp_path)
    assert_has(
        text,
        *HEADER,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        f"Mã hồ sơ: {code}",
        "Nội dung yêu cầu giải quyết: Chứng thực bản sao từ bản chính",
        "thông báo dừng giải quyết hồ sơ nêu trên kể từ 11 giờ 00 phút, ngày 23 tháng 11 năm 2026",
        "Lý do: Giấy tờ giả mạo",
        "Quầy số 1",
    )
    assert "TỪ CHỐI" not in text
    control = words(form_06_control(stopped, unit, fonts, today=TODAY), tmp_path)
    assert_has(control, "Dừng giải quyết", "Giấy tờ")


def test_control_slip_lists_each_hand_over(
    returned: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    pdf = form_06_control(
        returned, unit, fonts, today=TODAY, officer_names={"admin": "Trần Thị Bình"}
    )
    text = words(pdf, tmp_path)
    assert_has(
        text,
        *HEADER,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Kèm theo hồ sơ của: Nguyễn Văn An",
        "Tiếp nhận hồ sơ",
        "Chuyển giải quyết",
        "Trả kết quả",
        "Thời gian trả kết quả: 14 giờ 30 phút, ngày 23 tháng 11 năm 2026",
        "Kết quả giải quyết hồ sơ (Trước hạn / Đúng hạn / Quá hạn): Đúng hạn",
    )
    assert text.count("Trần Thị Bình") == 4


def test_control_slip_of_an_open_dossier_leaves_the_result_blank(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    text = words(form_06_control(dossier, unit, fonts, today=TODAY), tmp_path)
    assert_has(text, "(Trước hạn / Đúng hạn / Quá hạn): …………")


def test_register_of_sixty_dossiers_repeats_its_header(
    services: Services, returned: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    dossiers = [returned, *(receive(services) for _ in range(59))]
    pdf = form_07_register(
        dossiers, unit, fonts, start=date(2026, 11, 1), end=date(2026, 11, 30), today=TODAY
    )
    info = pdf_info(pdf, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    assert "841.89 x 595.276 pts (A4)" in info  # landscape
    texts = [" ".join(page.split()) for page in pdf_text(pdf, tmp_path).split("\f")[:pages]]
    assert_has(texts[0], "SỔ THEO DÕI HỒ SƠ", *HEADER)
    assert_has(texts[0], "Từ ngày 01 tháng 11 năm 2026 đến ngày 30 tháng 11 năm 2026")
    for page in texts:
        assert_has(page, "STT", "Mã hồ sơ", "Ký nhận", "Ghi chú", "(14)")
    everything = " ".join(texts)
    for number in (1, 30, 60):
        assert re.search(rf"\b{number}\b", everything)
    # The first row is the returned dossier: received, handed on, result back, returned.
    assert_has(texts[0], "09:00", "09:30", "11:30", "14:30", "23/11/2026")
    assert everything.count("Nguyễn Văn An") == 60


def test_empty_register_says_so(unit: UnitHeader, fonts: Path, tmp_path: Path) -> None:
    pdf = form_07_register([], unit, fonts, start=TODAY, end=TODAY, today=TODAY)
    assert "Không có hồ sơ trong kỳ." in words(pdf, tmp_path)


def test_missing_fonts_are_a_clear_error(
    dossier: Dossier, unit: UnitHeader, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError, match=r"LiberationSerif-Regular\.ttf"):
        form_01_receipt(dossier, unit, tmp_path)


def test_unknown_layout_is_refused(dossier: Dossier, unit: UnitHeader, fonts: Path) -> None:
    with pytest.raises(ValueError, match="a4_two_copies"):
        form_01_receipt(dossier, unit, fonts, layout="letter")  # type: ignore[arg-type]


def test_lookup_qr_scans_back(
    dossier: Dossier, unit: UnitHeader, fonts: Path, tmp_path: Path
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the printed QR")
    from PIL import Image

    fee = "00020101021238570010A000000727012700069704220113VQRQ0001234560208QRIBFTTA5303704"
    path = tmp_path / "receipt.pdf"
    path.write_bytes(form_01_receipt(dossier, unit, fonts, fee_qr=fee))
    poppler("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p"))
    with Image.open(next(tmp_path.glob("p*.png"))) as page:
        found = sorted(code.text for code in zxingcpp.read_barcodes(page))
    lookup = lookup_payload(dossier.code, dossier.lookup_secret)
    assert found == sorted([lookup, lookup, fee])  # both copies; the fee code on Liên 2
