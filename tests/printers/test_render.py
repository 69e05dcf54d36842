"""Rendering: golden bytes per profile, and what the decoder reads back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printers.decoder import decode
from printers.document import Align, Columns, Document, QrCode, Rule, Text
from printers.profiles import PrinterProfile
from printers.render import render

from .conftest import FONT, FONTS
from .documents import LOOKUP, RECEIPT_LINES, receipt, small

GOLDEN = Path(__file__).parent / "golden"
PROFILES = ["epson-tm-t82", "epson-tm-t20", "citizen", "bixolon-srp-350", "hprt", "rongta",
            "xprinter-80", "xprinter-58", "pos-58"]  # fmt: skip
SMALL_LINES = ["ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG XUÂN", "Quầy số 3"]


def as_hex(data: bytes) -> str:
    return "".join(data[i : i + 32].hex() + "\n" for i in range(0, len(data), 32))


@pytest.mark.parametrize("name", PROFILES)
def test_golden_bytes(name: str, profiles: dict[str, PrinterProfile]) -> None:
    """Reviewed once by decoding them (see test_the_small_document_reads_back), then pinned.
    Regenerate with UPDATE_GOLDEN=1 after a deliberate change, and review the diff."""
    data = render(small(), profiles[name], FONTS)
    path = GOLDEN / f"{name}.hex"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(as_hex(data), encoding="ascii")
    assert as_hex(data) == path.read_text(encoding="ascii")


def test_golden_epson_starts_as_expected(epson: PrinterProfile) -> None:
    data = render(small(), epson, FONTS)
    assert data.startswith(
        b"\x1b@\x1bt\x1e"  # init, TCVN-3
        b"\x1ba\x01\x1bE\x01"  # centre, bold
        b"\x1bt\x1f\xf1Y BAN NH\xa2N D\xa2N PH\xa6\xeaNG \xa7\xe5NG XU\xa2N\n"  # capitals page
        b"\x1bE\x00Qu\x1bt\x1e\xc7y s\xe8 3\n"
    )
    assert data.endswith(b"\x1dVB\x00")


@pytest.mark.parametrize("name", ["epson-tm-t82", "bixolon-srp-350", "hprt", "rongta"])
def test_the_small_document_reads_back(name: str, profiles: dict[str, PrinterProfile]) -> None:
    profile = profiles[name]
    paper = decode(render(small(), profile, FONTS), profile)
    lines = paper.lines
    assert [line.text for line in lines[:2]] == SMALL_LINES
    assert (lines[0].align, lines[0].bold, lines[1].bold) == (Align.CENTER, True, False)
    assert lines[2].text == "-" * 48
    assert lines[3].text == "Lệ phí:" + " " * 33 + "50.000 đ"
    assert [(line.text, line.width, line.height) for line in lines if line.text == "15"] == [
        ("15", 2, 2)
    ]
    assert paper.qr_payloads == ["HS-0001"]
    assert paper.cuts == 1


@pytest.mark.parametrize("name", ["xprinter-80", "xprinter-58", "pos-58"])
def test_raster_profiles_print_vietnamese_as_images(
    name: str, profiles: dict[str, PrinterProfile]
) -> None:
    profile = profiles[name]
    paper = decode(render(small(), profile, FONTS), profile)
    qr_images = 0 if profile.native_qr else 1
    assert len(paper.images) == 3 + qr_images  # two centred lines and the columns line
    assert all(image.width <= profile.dots for image in paper.images)
    assert [line.text for line in paper.lines if line.text.strip()] == ["-" * profile.columns, "15"]
    # ASCII lines (the rule, "15") stay native text even on raster profiles.


def test_raster_qr_decodes_from_the_png(
    profiles: dict[str, PrinterProfile], tmp_path: Path
) -> None:
    profile = profiles["pos-58"]
    paper = decode(render(Document().add(QrCode(LOOKUP, size=4)), profile, FONTS), profile)
    assert paper.qr_payloads == [] and len(paper.images) == 1
    png = tmp_path / "qr.png"
    paper.render_png(png, FONT)
    with Image.open(png) as image:
        found = [code.text for code in zxingcpp.read_barcodes(image)]
    assert found == [LOOKUP]


def test_native_qr_payload_round_trips(epson: PrinterProfile, tmp_path: Path) -> None:
    payload = (
        "00020101021238570010A000000727012700069704220113VQRQ0001234560208QRIBFTTA"
        "53037045405500005802VN6304ABCD"
    )
    paper = decode(render(Document().add(QrCode(payload, 6, "Q")), epson), epson)
    assert paper.qr_payloads == [payload]
    png = tmp_path / "paper.png"
    paper.render_png(png, FONT)
    with Image.open(png) as image:
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [payload]


def test_a_receipt_fits_2048_bytes_on_tcvn3(epson: PrinterProfile) -> None:
    data = render(receipt(), epson)
    assert len(data) <= 2048
    paper = decode(data, epson)
    printed = [line.text.strip() for line in paper.lines if line.text.strip()]
    for line in RECEIPT_LINES:
        assert line.strip() in printed
    assert paper.qr_payloads == [LOOKUP]


def test_modes_are_sent_only_when_they_change(epson: PrinterProfile) -> None:
    document = Document().add(*(Text(f"Dòng {n}", bold=True) for n in range(5)))
    data = render(document, epson)
    assert data.count(b"\x1bE\x01") == 1
    assert data.count(b"\x1ba") == 0  # left is the state after ESC @
    assert data.count(b"\x1bt") == 1


def test_long_text_wraps_to_the_columns(epson: PrinterProfile) -> None:
    text = "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
    paper = decode(render(Document().add(Text(text), Text(text, size=2)), epson), epson)
    normal = [line for line in paper.lines if line.width == 1]
    double = [line for line in paper.lines if line.width == 2]
    assert all(len(line.text) <= 48 for line in normal) and len(normal) == 2
    assert all(len(line.text) <= 24 for line in double) and len(double) == 4
    assert " ".join(line.text for line in normal) == text


def test_columns_too_wide_for_one_line(epson: PrinterProfile) -> None:
    left, right = "Thủ tục: " + "x" * 40, "Đăng ký khai sinh"
    paper = decode(render(Document().add(Columns(left, right)), epson), epson)
    assert [line.text for line in paper.lines] == [
        "Thủ tục:",
        "x" * 40,
        " " * 31 + "Đăng ký khai sinh",
    ]


def test_hostile_text_cannot_inject_commands(epson: PrinterProfile) -> None:
    data = render(Document().add(Text("Nguyễn\x1b@\x1dV\x00A\nB"), Rule("")), epson)
    body = data[len(b"\x1b@\x1bt\x1e") :]
    assert b"\x1b@" not in body and b"\x1dV" not in body
    assert decode(data, epson).text.splitlines()[0] == "Nguyễn @ V A B"


def test_raster_needs_the_fonts(profiles: dict[str, PrinterProfile]) -> None:
    with pytest.raises(ValueError, match="font_dir"):
        render(small(), profiles["xprinter-80"], None)
