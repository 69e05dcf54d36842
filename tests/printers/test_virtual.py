"""The virtual printer on a real pty, driven by SerialPrinter: states, faults, paper."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printers.decoder import decode
from printers.document import Document, Text
from printers.profiles import PrinterProfile
from printers.render import render
from printers.selftest import SAMPLE, selftest_document
from printers.transport import PortError, PrinterError, PrinterStatus, SerialPrinter
from printers.virtual import VirtualPrinter

from .conftest import FONT, FONTS
from .documents import LOOKUP, RECEIPT_LINES, receipt

STATES = [status for status in PrinterStatus if status is not PrinterStatus.NO_REPLY]


def printed_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("state", STATES)
def test_status_in_each_state(state: PrinterStatus, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_state(state)
    with SerialPrinter(virtual_printer.url) as printer:
        assert printer.status() is state


def test_a_job_prints_and_reads_back(
    virtual_printer: VirtualPrinter, epson: PrinterProfile
) -> None:
    data = render(receipt(), epson)
    with SerialPrinter(virtual_printer.url, baudrate=115200) as printer:
        printer.send(data)
    paper = virtual_printer.paper
    for line in RECEIPT_LINES:
        assert line.strip() in printed_lines(paper.text)
    assert paper.qr_payloads == [LOOKUP]
    assert paper.cuts == 1
    assert virtual_printer.discarded == b""
    assert data in virtual_printer.received


@pytest.mark.parametrize(
    "state", [PrinterStatus.PAPER_OUT, PrinterStatus.COVER_OPEN, PrinterStatus.OFFLINE]
)
def test_a_printer_that_cannot_print_is_not_sent_the_job(
    state: PrinterStatus, virtual_printer: VirtualPrinter, epson: PrinterProfile
) -> None:
    virtual_printer.set_state(state)
    with SerialPrinter(virtual_printer.url) as printer, pytest.raises(PrinterError) as caught:
        printer.send(render(receipt(), epson))
    assert caught.value.status is state
    assert virtual_printer.paper.blocks == []
    assert b"\x1b@" not in virtual_printer.received


def test_paper_out_mid_job_loses_nothing(
    virtual_printer: VirtualPrinter, epson: PrinterProfile
) -> None:
    data = render(receipt(), epson)
    virtual_printer.run_out_after(len(data) // 2)
    with SerialPrinter(virtual_printer.url) as printer:
        with pytest.raises(PrinterError) as caught:
            printer.send(data)
        assert caught.value.status is PrinterStatus.PAPER_OUT
        assert len(virtual_printer.discarded) >= len(data) // 2
        half = virtual_printer.jobs[-1]
        assert half.qr_payloads == [] and half.cuts == 0  # the roll ran out before them
        virtual_printer.set_state(PrinterStatus.ONLINE)  # new roll: the job is sent again
        printer.send(data)
    resent = virtual_printer.jobs[-1]
    assert printed_lines(resent.text) == printed_lines(decode(data, epson).text)
    assert resent.qr_payloads == [LOOKUP] and resent.cuts == 1


def test_a_silent_printer_is_no_reply_within_the_timeout(
    virtual_printer: VirtualPrinter,
) -> None:
    virtual_printer.set_state(PrinterStatus.NO_REPLY)
    with SerialPrinter(virtual_printer.url, reply_timeout=0.5) as printer:
        started = time.monotonic()
        assert printer.status() is PrinterStatus.NO_REPLY
        assert time.monotonic() - started < 3.0  # the 0.5 s timeout, not a hang
        with pytest.raises(PrinterError) as caught:
            printer.send(b"\x1b@hello\n")
    assert caught.value.status is PrinterStatus.NO_REPLY
    assert virtual_printer.paper.blocks == []


def test_paper_near_end_still_prints(virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_state(PrinterStatus.PAPER_NEAR_END)
    with SerialPrinter(virtual_printer.url) as printer:
        printer.send(b"\x1b@\x1bt\x1eXin ch\xb5o\n")
    assert virtual_printer.paper.text == "Xin chào"


def test_a_missing_port_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(PortError) as caught:
        SerialPrinter(str(tmp_path / "no-such-port"))
    assert caught.value.status is PrinterStatus.NO_REPLY


def test_loop_url_behaves_as_an_online_printer() -> None:
    with SerialPrinter("loop://") as printer:
        assert printer.status() is PrinterStatus.ONLINE
        printer.send(b"\x1b@hello\n")


def test_close_is_idempotent_and_stops_the_thread(epson: PrinterProfile) -> None:
    printer = VirtualPrinter(epson)
    printer.close()
    printer.close()
    assert not printer._thread.is_alive()


@pytest.mark.parametrize("name", ["epson-tm-t82", "hprt", "xprinter-58", "pos-58"])
def test_the_self_test_page_prints(
    name: str, profiles: dict[str, PrinterProfile], tmp_path: Path
) -> None:
    profile = profiles[name]
    with VirtualPrinter(profile) as virtual, SerialPrinter(virtual.url, 115200) as printer:
        printer.send(render(selftest_document(profile), profile, FONTS))
        paper = virtual.paper
    for candidate in profile.candidates:
        assert f"{candidate.name}" in paper.text
    native = [c for c in profile.candidates if c.encoding in ("tcvn3", "cp1258")]
    if profile.columns >= len(SAMPLE):
        assert paper.text.count(SAMPLE) == len(native)
    assert "Tieng Viet: A A A A A a a a a a" in paper.text
    png = tmp_path / "selftest.png"
    paper.render_png(png, FONT)
    with Image.open(png) as image:
        assert image.width == profile.dots
        found = [code.text for code in zxingcpp.read_barcodes(image)]
    assert len(found) == 1 and found[0].startswith("SELFTEST")


def test_the_png_of_vietnamese_text(epson: PrinterProfile, tmp_path: Path) -> None:
    """Looked at by eye once (diacritics in place, capitals included); a test checks the
    drawing is not blank and keeps to the paper width."""
    paper = decode(render(Document().add(Text("ĐỒNG XUÂN: Tiếng Việt có dấu")), epson), epson)
    png = tmp_path / "text.png"
    paper.render_png(png, FONT)
    with Image.open(png) as image:
        assert image.width == 576
        assert image.convert("L").getextrema() == (0, 255)


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("printer paper_out", PrinterStatus.PAPER_OUT),
        ("printer no_reply: could not open port COM3: [Errno 2]", PrinterStatus.NO_REPLY),
        ("printer on_fire", None),
        ("paper_out", None),
        ("", None),
    ],
)
def test_a_stored_refusal_gives_back_its_status(message: str, status: PrinterStatus | None) -> None:
    """A job keeps the refusal's text; the screens read the status back from it."""
    assert PrinterError.status_in(message) == status
    if status is not None:
        assert PrinterError.status_in(str(PrinterError(status, "a detail"))) == status
