"""The printing commands, driven in-process through ``main(argv)``, against the virtual
printer on a real pty and poppler reading the PDFs back.

The in-process CLI runs on the system clock, so the dossier is received at an explicit
time in the past (a Monday, a same-day procedure: promised for 17:00 that day).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.paths import resource_dir
from printers.profiles import load_profiles, profiles_path
from printers.transport import PrinterStatus
from printers.virtual import VirtualPrinter
from tests.cli.conftest import Cli

PROFILES = load_profiles(profiles_path(resource_dir()))
RECEIVED_AT = "2025-11-24T09:00"  # a Monday in the past of any clock this suite runs on
CODE = "000.00.00.Z99-251124-1000"  # counter 1 owns block 1000–1999 of the day
LINES = [
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    f"Mã hồ sơ: {CODE}",
    "Người nộp: Nguyễn Văn An",
    "Thủ tục: Chứng thực bản sao từ bản chính",
    "Nhận lúc:                       09:00 24/11/2025",
    "Hẹn trả: 17:00 thứ Hai 24/11/2025",
    "Phí, lệ phí:                            10.000 đ",
]


@pytest.fixture
def code(cli: Cli, tmp_path: Path) -> str:
    """A dossier received through ``dossier receive --json``."""
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document["received_at"] = RECEIVED_AT
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = cli("dossier", "receive", "--json", str(path))
    assert result.code == 0, result
    assert result.out == f"{CODE}\n"
    return CODE


def printer_for(name: str) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(PROFILES[name]) as printer:
        yield printer


@pytest.fixture
def epson_printer() -> Iterator[VirtualPrinter]:
    yield from printer_for("epson-tm-t82")


@pytest.fixture
def hprt_printer() -> Iterator[VirtualPrinter]:
    yield from printer_for("hprt")


def lookup(cli: Cli, code: str) -> str:
    shown = cli("dossier", "show", code)
    assert shown.code == 0, shown
    return f"{code}|{json.loads(shown.out)['lookup_secret']}"


def pdfinfo(path: Path) -> dict[str, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed; cannot read the PDF back")
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


# --- profiles ----------------------------------------------------------------------------


def test_printer_profiles_lists_the_nine_models(cli: Cli) -> None:
    result = cli("printer-profiles")

    assert result.code == 0 and result.err == ""
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert [row[0] for row in rows] == [
        "bixolon-srp-350",
        "citizen",
        "epson-tm-t20",
        "epson-tm-t82",
        "hprt",
        "pos-58",
        "rongta",
        "xprinter-58",
        "xprinter-80",
    ]
    by_name = {row[0]: row[1:] for row in rows}
    assert by_name["epson-tm-t82"] == [
        "80 mm",
        "tcvn3",
        "native QR",
        "Epson TM-T82 / TM-T88 (80 mm)",
    ]
    assert by_name["pos-58"][:3] == ["58 mm", "raster", "raster QR"]


# --- receipt bytes, decoded back ---------------------------------------------------------


def test_receipt_to_a_file_decodes_back(cli: Cli, code: str, tmp_path: Path) -> None:
    out, png = tmp_path / "receipt.bin", tmp_path / "receipt.png"

    made = cli("receipt", code, "--profile", "epson-tm-t82", "--out", str(out))
    assert made.code == 0, made
    size = out.stat().st_size
    assert made.out == f"{size} bytes\n"
    assert 0 < size <= 2048

    decoded = cli("printer-decode", str(out), "--png", str(png), "--profile", "epson-tm-t82")
    assert decoded.code == 0, decoded
    lines = decoded.out.splitlines()
    for line in LINES:
        assert line in lines
    payload = lookup(cli, code)
    assert lines[-1] == f"QR: {payload}"
    assert [line for line in lines if line.startswith("QR: ")] == [f"QR: {payload}"]
    with Image.open(png) as image:
        assert image.width == 576
        assert [found.text for found in zxingcpp.read_barcodes(image)] == [payload]


def test_printer_decode_without_the_profile_reads_tcvn3_as_garbage(
    cli: Cli, code: str, tmp_path: Path
) -> None:
    """The code page table comes from the profile: without it the bytes are not Vietnamese."""
    out = tmp_path / "receipt.bin"
    assert cli("receipt", code, "--profile", "epson-tm-t82", "--out", str(out)).code == 0

    decoded = cli("printer-decode", str(out))

    assert decoded.code == 0
    assert "Người nộp: Nguyễn Văn An" not in decoded.out
    assert f"Mã hồ sơ: {code}" not in decoded.out
    assert code in decoded.out  # ASCII reads the same through any table


def test_receipt_prints_on_a_printer(cli: Cli, code: str, epson_printer: VirtualPrinter) -> None:
    result = cli("receipt", code, "--profile", "epson-tm-t82", "--printer", epson_printer.url)

    assert result.code == 0, result
    (paper,) = epson_printer.jobs
    lines = paper.text.splitlines()
    for line in LINES:
        assert line in lines
    assert paper.qr_payloads == [lookup(cli, code)]
    assert paper.cuts == 1
    # What arrived is the job and four status requests (DLE EOT 1 and 4, before and after).
    assert result.out == f"{len(epson_printer.received) - 12} bytes\n"


def test_print_test_prints_the_self_test_page(cli: Cli, hprt_printer: VirtualPrinter) -> None:
    result = cli("print-test", "--printer", hprt_printer.url, "--profile", "hprt")

    assert result.code == 0, result
    assert re.fullmatch(r"self-test page sent: \d+ bytes\n", result.out)
    (paper,) = hprt_printer.jobs
    lines = paper.text.splitlines()
    assert "PRINTER SELF-TEST" in lines
    assert "1. cp1258@52" in lines
    # The sample line through CP1258 on page 52 reads right on this model.
    assert "Tiếng Việt: Ắ Ằ Ẳ Ẵ Ặ ắ ằ ẳ ẵ ặ Đ đ Ư ư Ơ ơ" in lines
    assert "Tieng Viet: A A A A A a a a a a D d U u O o" in lines  # the unaccented one
    assert len(paper.images) == 1  # the raster candidate
    assert paper.qr_payloads == ["SELFTEST cp1258@52 raster unaccented"]


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (PrinterStatus.PAPER_OUT, "printer paper_out: not sent"),
        (PrinterStatus.COVER_OPEN, "printer cover_open: not sent"),
    ],
)
def test_a_printer_that_cannot_print_is_exit_2(
    cli: Cli, code: str, epson_printer: VirtualPrinter, state: PrinterStatus, reason: str
) -> None:
    epson_printer.set_state(state)

    result = cli("receipt", code, "--profile", "epson-tm-t82", "--printer", epson_printer.url)

    assert result.error() == f"the printer did not print: {reason}"
    assert epson_printer.paper.blocks == []


def test_print_test_on_a_port_that_is_not_there_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    gone = tmp_path / "ttyUSB9"
    message = cli("print-test", "--printer", str(gone), "--profile", "hprt").error()
    assert message.startswith(f"the printer did not print: printer no_reply: cannot open {gone}")


@pytest.mark.parametrize(
    "args",
    [
        ("receipt", "{code}", "--profile", "epson-tm-t99", "--out", "{tmp}/r.bin"),
        ("print-test", "--printer", "{tmp}/tty", "--profile", "epson-tm-t99"),
        ("printer-decode", "{tmp}/r.bin", "--profile", "epson-tm-t99"),
    ],
)
def test_an_unknown_profile_is_exit_2(
    cli: Cli, code: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "r.bin").write_bytes(b"\x1b@hello\n")
    filled = [arg.format(code=code, tmp=tmp_path) for arg in args]

    message = cli(*filled).error()

    assert message == (
        "unknown printer profile 'epson-tm-t99' (see 'counter-app printer-profiles')"
    )


# --- legal forms as PDF ------------------------------------------------------------------


def test_form_01_is_one_a4_page_or_two_a5(cli: Cli, code: str, tmp_path: Path) -> None:
    a4, a5 = tmp_path / "f01.pdf", tmp_path / "f01-a5.pdf"

    assert cli("form", "01", code, "--out", str(a4)).out == f"{a4}\n"
    assert cli("form", "01", code, "--a5", "--out", str(a5)).out == f"{a5}\n"

    info = pdfinfo(a4)
    assert info["Pages"] == "1"
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    info = pdfinfo(a5)
    assert info["Pages"] == "2"
    assert info["Page size"] == "419.528 x 595.276 pts"  # A5, 148 x 210 mm


def pdftext(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("number", "title"),
    [
        ("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        ("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        ("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        ("04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        ("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    ],
)
def test_each_dossier_form_follows_the_2025_numbers(
    cli: Cli, code: str, tmp_path: Path, number: str, title: str
) -> None:
    """Circular 03/2025/TT-VPCP, Phụ lục I: forms 01–06 of a dossier, 07 the register."""
    out = tmp_path / f"f{number}.pdf"
    options = ["--reason", "Lý do thử"] if number in ("02", "03", "04", "05") else []
    if number == "04":
        options += ["--new-due", "2025-11-28 16:00"]
    made = cli("form", number, code, *options, "--out", str(out))
    assert made.code == 0, made
    assert title in pdftext(out)
    assert pdfinfo(out)["Page size"] == "595.276 x 841.89 pts (A4)"


def test_form_07_is_the_register_book(cli: Cli, code: str, tmp_path: Path) -> None:
    register = tmp_path / "f07.pdf"
    made = cli("form", "07", "--from", "2025-11-24", "--to", "2025-11-28", "--out", str(register))
    assert made.code == 0, made
    assert "SỔ THEO DÕI HỒ SƠ" in pdftext(register)
    assert pdfinfo(register)["Page size"] == "841.89 x 595.276 pts (A4)"  # landscape
    assert "24/11/2025" in pdftext(register)  # the dossier received that day is listed


def test_form_07_needs_both_dates(cli: Cli, tmp_path: Path) -> None:
    message = cli("form", "07", "--from", "2025-11-24", "--out", str(tmp_path / "f.pdf")).error()
    assert message == "form 07 (the register book) needs --from DATE and --to DATE"
    assert not (tmp_path / "f.pdf").exists()


def test_form_05_without_a_stop_is_exit_2(cli: Cli, code: str, tmp_path: Path) -> None:
    out = tmp_path / "f05.pdf"
    message = cli("form", "05", code, "--out", str(out)).error()
    assert message == "The dossier was never moved to 'stopped': give the reason with --reason."
    assert not out.exists()


def test_a_stopped_dossier_gets_its_notice(cli: Cli, code: str, tmp_path: Path) -> None:
    cli("dossier", "status", code, "in_processing")
    refused = cli("dossier", "status", code, "refused", "--reason", "Sai thẩm quyền").error()
    assert "cannot move to 'refused'" in refused  # a refusal is at the counter only
    assert cli("dossier", "status", code, "stopped").error().endswith("needs a reason.")
    assert cli("dossier", "status", code, "stopped", "--reason", "Giấy tờ giả").code == 0
    assert cli("dossier", "show", code).json()["national_status"] == 8
    out = tmp_path / "f05.pdf"
    assert cli("form", "05", code, "--out", str(out)).code == 0
    assert "Lý do: Giấy tờ giả" in pdftext(out)


def test_form_08_does_not_exist(cli: Cli, code: str, tmp_path: Path) -> None:
    message = cli("form", "08", code, "--out", str(tmp_path / "f.pdf")).error()
    assert "invalid choice: '08'" in message


def test_form_03_without_a_refusal_is_exit_2(cli: Cli, code: str, tmp_path: Path) -> None:
    out = tmp_path / "f03.pdf"

    message = cli("form", "03", code, "--out", str(out)).error()

    assert message == "The dossier was never moved to 'refused': give the reason with --reason."
    assert not out.exists()


def test_form_03_with_a_reason_is_written(cli: Cli, code: str, tmp_path: Path) -> None:
    out = tmp_path / "f03.pdf"
    made = cli("form", "03", code, "--reason", "Không thuộc thẩm quyền", "--out", str(out))
    assert made.code == 0, made
    assert pdfinfo(out)["Pages"] == "1"
