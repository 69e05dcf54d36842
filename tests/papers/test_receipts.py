"""The thermal papers rendered for real printer models and read back by the decoder.

TCVN-3 (Epson) and CP1258 (HPRT) print native text, so the decoded text must equal the
Vietnamese we meant, line for line. The 58 mm clones print Vietnamese as raster lines:
there each image must be the drawing of the line we meant, the ASCII lines stay text,
and the QR (native or an image) must scan back to the lookup payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from counter_app.app import Services
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import Dossier, lookup_payload
from counter_app.papers.receipts import (
    FeeReceiptInfo,
    PaperUnit,
    amount_in_words,
    fee_receipt,
    queue_ticket,
    receipt,
)
from counter_app.paths import resource_dir
from printers.decoder import decode
from printers.document import Columns, Document, QrCode, Text
from printers.paper import Paper, PaperCut, PrintedImage, PrintedLine, PrintedQr
from printers.profiles import load_profiles, profiles_path
from printers.raster import RasterText, qr_image
from printers.render import render
from tests.papers.conftest import receive

FONTS = resource_dir() / "fonts"
FONT = FONTS / "LiberationSans-Regular.ttf"
PROFILES = load_profiles(profiles_path(resource_dir()))
NATIVE = ["epson-tm-t82", "hprt"]
RASTER = ["xprinter-58", "pos-58"]
UNIT = PaperUnit("Bộ phận Một cửa phường Hoàn Kiếm", 2, "Hà Nội")
OFFICER = "Trần Thị Bình"
ID_NUMBER = "001090123456"  # EXAMPLE_RECEPTION's applicant
MASKED = "********3456"
ISSUED = datetime(2026, 11, 23, 9, 5, tzinfo=VIETNAM)
FEE_QR = "00020101021238570010A000000727012700069704160113VQRA0001234560208QRIBFTTA"
RULE_80, RULE_58 = "-" * 48, "-" * 32


def printed(document: Document, name: str) -> tuple[bytes, Paper]:
    profile = PROFILES[name]
    data = render(document, profile, FONTS)
    return data, decode(data, profile)


def scanned(paper: Paper, tmp_path: Path) -> list[str]:
    """What a barcode reader finds on the paper's PNG."""
    png = tmp_path / "paper.png"
    paper.render_png(png, FONT)
    with Image.open(png) as image:
        return [code.text for code in zxingcpp.read_barcodes(image)]


def receipt_80(dossier: Dossier, fee_lines: list[str] | None = None) -> str:
    """The receipt on 48 columns (TCVN-3 and CP1258 print the same text)."""
    return "\n".join(
        [
            "BỘ PHẬN MỘT CỬA PHƯỜNG HOÀN KIẾM",
            "Quầy số 2",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            RULE_80,
            f"Mã hồ sơ: {dossier.code}",
            "Người nộp: Nguyễn Văn An",
            f"Số định danh: {MASKED}",
            "Thủ tục: Chứng thực bản sao từ bản chính",
            "Giấy tờ đã nhận:",
            " 1. Bản chính giấy tờ cần chứng thực (bản chính,",
            "1)",
            " 2. Bản sao cần chứng thực (bản sao, 2)",
            "Số bộ hồ sơ:                                   1",
            "Nhận lúc:                       09:00 23/11/2026",
            "Hẹn trả: 17:00 thứ Hai 23/11/2026",
            "Nhận kết quả tại Bộ phận Một cửa",
            RULE_80,
            "Phí, lệ phí:                            10.000 đ",
            *(fee_lines or []),
            RULE_80,
            "",  # the line feed after the QR code
            f"Tra cứu hồ sơ - mã tra cứu: {dossier.lookup_secret}",
            "Cán bộ tiếp nhận: Trần Thị Bình",
            "",
            "",
        ]
    )


# --- the receipt on the native-text printers --------------------------------------------


@pytest.mark.parametrize("name", NATIVE)
def test_the_receipt_reads_back_exactly(name: str, dossier: Dossier) -> None:
    _, paper = printed(receipt(dossier, UNIT, OFFICER), name)

    assert paper.text == receipt_80(dossier)
    assert paper.qr_payloads == [lookup_payload(dossier.code, dossier.lookup_secret)]
    assert paper.images == []
    assert paper.cuts == 1


@pytest.mark.parametrize("name", NATIVE)
def test_an_unpaid_fee_adds_its_payment_qr(name: str, dossier: Dossier) -> None:
    _, paper = printed(receipt(dossier, UNIT, OFFICER, fee_qr=FEE_QR), name)

    assert paper.text == receipt_80(dossier, ["Quét mã để nộp phí (chuyển khoản)", ""])
    assert paper.qr_payloads == [FEE_QR, lookup_payload(dossier.code, dossier.lookup_secret)]


@pytest.mark.parametrize("name", NATIVE)
def test_a_fee_not_set_prints_not_determined_never_free(name: str, services: Services) -> None:
    dossier = receive(services, procedure="1.001022", documents=None, fee=None)
    # Even with a payment code at hand, nothing asks the citizen to pay an unknown fee.
    _, paper = printed(receipt(dossier, UNIT, OFFICER, fee_qr=FEE_QR), name)
    fee_line = [line for line in paper.text.splitlines() if line.startswith("Phí, lệ phí:")]
    assert fee_line == ["Phí, lệ phí:" + "Chưa xác định".rjust(48 - 12)]
    assert "Miễn phí" not in paper.text and "0 đ" not in paper.text
    assert paper.qr_payloads == [lookup_payload(dossier.code, dossier.lookup_secret)]


def test_the_standard_receipt_on_tcvn3_fits_in_2048_bytes(dossier: Dossier) -> None:
    data, _ = printed(receipt(dossier, UNIT, OFFICER), "epson-tm-t82")
    assert len(data) <= 2048
    assert data.startswith(b"\x1b@\x1bt\x1e")  # ESC @, then ESC t 30: the TCVN-3 table


def test_the_receipt_png_scans_to_the_lookup_payload(dossier: Dossier, tmp_path: Path) -> None:
    _, paper = printed(receipt(dossier, UNIT, OFFICER), "epson-tm-t82")
    assert scanned(paper, tmp_path) == [lookup_payload(dossier.code, dossier.lookup_secret)]


# --- the receipt on the 58 mm raster printers -------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """A line printed as an image: the drawing of ``text`` (or of a label and a value)."""

    text: str
    bold: bool = False
    right: str | None = None

    def image(self, raster: RasterText) -> Image.Image:
        if self.right is not None:
            return raster.columns_image(self.text, self.right, self.bold)
        return raster.image(self.text, self.bold)


@dataclass(frozen=True)
class QrDrawn:
    payload: str


Expected = str | Drawn | QrDrawn | PrintedQr | PaperCut


def receipt_58(dossier: Dossier, native_qr: bool) -> list[Expected]:
    """The receipt on 32 columns: Vietnamese lines are drawn, ASCII lines stay text."""
    lookup = lookup_payload(dossier.code, dossier.lookup_secret)
    qr: list[Expected] = [PrintedQr(lookup), ""] if native_qr else [QrDrawn(lookup)]
    return [
        Drawn("BỘ PHẬN MỘT CỬA PHƯỜNG HOÀN KIẾM", bold=True),
        Drawn("Quầy số 2"),
        Drawn("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ", bold=True),
        Drawn("KẾT QUẢ", bold=True),
        RULE_58,
        Drawn("Mã hồ sơ:", bold=True),
        dossier.code,
        Drawn("Người nộp: Nguyễn Văn An"),
        Drawn(f"Số định danh: {MASKED}"),
        Drawn("Thủ tục: Chứng thực bản sao từ"),
        Drawn("bản chính"),
        Drawn("Giấy tờ đã nhận:"),
        Drawn(" 1. Bản chính giấy tờ cần chứng"),
        Drawn("thực (bản chính, 1)"),
        Drawn(" 2. Bản sao cần chứng thực (bản"),
        "sao, 2)",
        Drawn("Số bộ hồ sơ:", right="1"),
        Drawn("Nhận lúc:", right="09:00 23/11/2026"),
        Drawn("Hẹn trả: 17:00 thứ Hai", bold=True),
        "23/11/2026",
        Drawn("Nhận kết quả tại Bộ phận Một cửa"),
        RULE_58,
        Drawn("Phí, lệ phí:", right="10.000 đ", bold=True),
        RULE_58,
        *qr,
        Drawn("Tra cứu hồ sơ - mã tra cứu:"),
        dossier.lookup_secret,
        Drawn("Cán bộ tiếp nhận: Trần Thị Bình"),
        *[""] * 6,  # Feed(2), then 4 lines to tear off: these models have no cutter
    ]


def same_image(left: Image.Image, right: Image.Image) -> bool:
    return left.size == right.size and left.convert("1").tobytes() == right.convert("1").tobytes()


def matches(block: object, expected: Expected, raster: RasterText) -> bool:
    if isinstance(expected, str):
        return isinstance(block, PrintedLine) and block.text == expected
    if isinstance(expected, Drawn):
        return isinstance(block, PrintedImage) and same_image(block.image, expected.image(raster))
    if isinstance(expected, QrDrawn):
        drawn = qr_image(expected.payload, 5, "M")  # padded to whole bytes on the wire
        return isinstance(block, PrintedImage) and same_image(
            block.image.crop((0, 0, *drawn.size)), drawn
        )
    if isinstance(expected, PrintedQr):
        return isinstance(block, PrintedQr) and block.payload == expected.payload
    return block == expected


def assert_paper(paper: Paper, expected: list[Expected], dots: int) -> None:
    raster = RasterText(FONTS, dots)
    assert len(paper.blocks) == len(expected), [type(block).__name__ for block in paper.blocks]
    for index, (block, wanted) in enumerate(zip(paper.blocks, expected, strict=True)):
        assert matches(block, wanted, raster), f"block {index}: {block!r} is not {wanted!r}"


@pytest.mark.parametrize("name", RASTER)
def test_the_receipt_on_58_mm_draws_the_vietnamese_lines(
    name: str, dossier: Dossier, tmp_path: Path
) -> None:
    profile = PROFILES[name]
    _, paper = printed(receipt(dossier, UNIT, OFFICER), name)

    assert_paper(paper, receipt_58(dossier, profile.native_qr), profile.dots)
    assert len(paper.images) >= 15
    assert all(image.width <= 384 for image in paper.images)
    assert paper.cuts == 0
    assert scanned(paper, tmp_path) == [lookup_payload(dossier.code, dossier.lookup_secret)]


def test_a_wrong_line_would_be_seen() -> None:
    """The image comparison tells one Vietnamese line from another one tone mark apart."""
    raster = RasterText(FONTS, 384)
    assert not same_image(
        raster.image("Người nộp: Nguyễn Văn An"), raster.image("Người nộp: Nguyễn Văn Ân")
    )


# --- the queue ticket ---------------------------------------------------------------------


def ticket() -> Document:
    return queue_ticket("A012", "Tư pháp - Hộ tịch", ISSUED, 3, UNIT)


@pytest.mark.parametrize("name", NATIVE)
def test_the_queue_ticket_reads_back(name: str) -> None:
    _, paper = printed(ticket(), name)

    assert paper.text == "\n".join(
        [
            "BỘ PHẬN MỘT CỬA PHƯỜNG HOÀN KIẾM",
            "Tư pháp - Hộ tịch",
            "",
            "A012",
            "Số người đang chờ trước bạn: 3",
            "09:05 23/11/2026",
            "Vui lòng chờ gọi số",
            "",
            "",
        ]
    )
    assert paper.cuts == 1


@pytest.mark.parametrize("name", [*NATIVE, *RASTER])
def test_the_queue_number_is_big_and_the_ticket_is_anonymous(name: str) -> None:
    document = ticket()
    _, paper = printed(document, name)

    (number,) = [line for line in paper.lines if line.text == "A012"]
    assert (number.width, number.height, number.bold) == (4, 4, True)
    assert paper.qr_payloads == []
    everything = " ".join(e.text for e in document.elements if isinstance(e, Text))
    assert "Nguyễn" not in everything and ID_NUMBER not in everything


@pytest.mark.parametrize("name", RASTER)
def test_the_queue_ticket_on_58_mm(name: str) -> None:
    _, paper = printed(ticket(), name)
    assert_paper(
        paper,
        [
            Drawn("BỘ PHẬN MỘT CỬA PHƯỜNG HOÀN KIẾM", bold=True),
            Drawn("Tư pháp - Hộ tịch"),
            "",
            "A012",
            Drawn("Số người đang chờ trước bạn: 3"),
            "09:05 23/11/2026",
            Drawn("Vui lòng chờ gọi số"),
            *[""] * 6,
        ],
        384,
    )


# --- the fee receipt -------------------------------------------------------------------


def fee_paper(dossier: Dossier) -> Document:
    info = FeeReceiptInfo("0000123", ISSUED, 10_000, "Tiền mặt", "Nguyễn Văn An")
    return fee_receipt(dossier, UNIT, info, OFFICER)


@pytest.mark.parametrize("name", NATIVE)
def test_the_fee_receipt_reads_back(name: str, dossier: Dossier) -> None:
    _, paper = printed(fee_paper(dossier), name)

    assert paper.text == "\n".join(
        [
            "BỘ PHẬN MỘT CỬA PHƯỜNG HOÀN KIẾM",
            "Quầy số 2",
            "BIÊN LAI THU PHÍ, LỆ PHÍ",
            RULE_80,
            "Số biên lai:                             0000123",
            "Người nộp: Nguyễn Văn An",
            f"Mã hồ sơ: {dossier.code}",
            "Nội dung: Chứng thực bản sao từ bản chính",
            " Lệ phí chứng thực bản sao từ bản chính 10.000 đ",
            RULE_80,
            "Tổng cộng:                              10.000 đ",
            "Bằng chữ: Mười nghìn đồng",
            "Hình thức:                              Tiền mặt",
            "Thời gian:                      09:05 23/11/2026",
            "Người thu: Trần Thị Bình",
            "",
            "",
        ]
    )
    assert paper.cuts == 1


@pytest.mark.parametrize("name", RASTER)
def test_the_fee_receipt_on_58_mm_draws_the_amount_in_words(name: str, dossier: Dossier) -> None:
    _, paper = printed(fee_paper(dossier), name)

    raster = RasterText(FONTS, 384)
    wanted = [
        Drawn("Bằng chữ: Mười nghìn đồng").image(raster),
        Drawn("Tổng cộng:", right="10.000 đ", bold=True).image(raster),
        Drawn("BIÊN LAI THU PHÍ, LỆ PHÍ", bold=True).image(raster),
    ]
    for image in wanted:
        assert any(same_image(printed_image, image) for printed_image in paper.images)
    assert dossier.code in paper.text.splitlines()


# --- amounts in words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5_000, "Năm nghìn đồng"),
        (10_000, "Mười nghìn đồng"),
        (10_500, "Mười nghìn năm trăm đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (105_000, "Một trăm lẻ năm nghìn đồng"),
        (1_000_001, "Một triệu không trăm lẻ một đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


# --- personal data -----------------------------------------------------------------------


def written(document: Document) -> list[str]:
    """Every text the layout asks the printer for: lines, columns and QR payloads."""
    texts = [e.text for e in document.elements if isinstance(e, Text)]
    texts += [f"{e.left} {e.right}" for e in document.elements if isinstance(e, Columns)]
    return texts + [e.payload for e in document.elements if isinstance(e, QrCode)]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_receipt_carries_the_id_number_masked_only(name: str, dossier: Dossier) -> None:
    assert dossier.applicant.id_number == ID_NUMBER
    document = receipt(dossier, UNIT, OFFICER, fee_qr=FEE_QR)
    data, paper = printed(document, name)

    texts = written(document)
    name_at = texts.index("Người nộp: Nguyễn Văn An")
    assert texts[name_at + 1] == f"Số định danh: {MASKED}"  # next to the name
    assert all(ID_NUMBER not in text and ID_NUMBER[:8] not in text for text in texts)
    assert ID_NUMBER.encode() not in data and ID_NUMBER[:8].encode() not in data
    assert ID_NUMBER not in paper.text
    assert all(ID_NUMBER not in payload for payload in paper.qr_payloads)
    profile = PROFILES[name]
    if profile.encoding == "raster":  # the line is drawn: its image is on the paper
        raster = RasterText(FONTS, profile.dots)
        drawn = raster.image(f"Số định danh: {MASKED}")
        assert any(same_image(image, drawn) for image in paper.images)
    else:  # TCVN-3, CP1258 or unaccented: the asterisks and digits print as themselves
        assert MASKED in paper.text


TEXT_CANDIDATES = [
    (name, candidate.name)
    for name in sorted(PROFILES)
    for candidate in PROFILES[name].candidates
    if candidate.name != "raster"
]


@pytest.mark.parametrize(("name", "encoding"), TEXT_CANDIDATES)
def test_the_mask_prints_in_every_text_encoding(name: str, encoding: str, dossier: Dossier) -> None:
    profile = PROFILES[name].choose(encoding)
    paper = decode(render(receipt(dossier, UNIT, OFFICER), profile, FONTS), profile)
    lines = paper.text.splitlines()
    assert any(line.endswith(f": {MASKED}") for line in lines), lines


def test_a_receipt_without_an_id_number_has_no_id_line(services: Services) -> None:
    applicant = {"full_name": "Lê Thị Hoa", "birth_date": "1990-01-01", "gender": "female"}
    dossier = receive(services, applicant=applicant)
    assert dossier.applicant.id_number is None

    _, paper = printed(receipt(dossier, UNIT, OFFICER), "epson-tm-t82")
    assert "Người nộp: Lê Thị Hoa" in paper.text.splitlines()
    assert "Số định danh" not in paper.text


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_fee_receipt_carries_no_id_number(name: str, dossier: Dossier) -> None:
    document = fee_paper(dossier)
    data, paper = printed(document, name)
    assert all("3456" not in text for text in written(document))
    assert b"3456" not in data and ID_NUMBER not in paper.text
