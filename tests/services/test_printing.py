"""The print queue against the virtual printer on a real pty, with the real database.

A printer fault never blocks or loses a receipt: the job waits in ``print_jobs`` with
the reason, and prints whole once the printer is back (issue 4, DOMAIN.md §8).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, lookup_payload
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.paths import resource_dir
from counter_app.services.printing import PrintService
from counter_app.storage import events, print_jobs
from counter_app.storage import settings as stored_settings
from counter_app.storage.database import transaction
from printers.profiles import load_profiles, profiles_path
from printers.transport import PrinterStatus
from printers.virtual import VirtualPrinter

EPSON = load_profiles(profiles_path(resource_dir()))["epson-tm-t82"]
SETTLE_S = 20  # an upper bound for the worker; it normally takes well under a second


def expected_receipt(dossier: Dossier) -> str:
    """The receipt of EXAMPLE_RECEPTION on 48 columns, as the citizen reads it."""
    return "\n".join(
        [
            "BỘ PHẬN MỘT CỬA (CÀI ĐẶT MẪU)",
            "Quầy số 1",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "------------------------------------------------",
            f"Mã hồ sơ: {dossier.code}",
            "Người nộp: Nguyễn Văn An",
            "Số định danh: ********3456",
            "Thủ tục: Chứng thực bản sao từ bản chính",
            "Giấy tờ đã nhận:",
            " 1. Bản chính giấy tờ cần chứng thực (bản chính,",
            "1)",
            " 2. Bản sao cần chứng thực (bản sao, 2)",
            "Số bộ hồ sơ:                                   1",
            "Nhận lúc:                       09:00 23/11/2026",
            "Hẹn trả: 17:00 thứ Hai 23/11/2026",
            "Nhận kết quả tại Bộ phận Một cửa",
            "------------------------------------------------",
            "Phí, lệ phí:                            10.000 đ",
            "------------------------------------------------",
            "",  # the line feed after the QR code
            f"Tra cứu hồ sơ - mã tra cứu: {dossier.lookup_secret}",
            "Cán bộ tiếp nhận: Quản trị viên",
            "",
            "",
        ]
    )


def receive(services: Services) -> Dossier:
    request = parse_reception(copy.deepcopy(EXAMPLE_RECEPTION))
    return services.reception.receive(request, "admin")


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter(EPSON) as virtual:
        yield virtual


@pytest.fixture
def dossier(services: Services) -> Dossier:
    return receive(services)


@pytest.fixture
def printing(services: Services, printer: VirtualPrinter) -> PrintService:
    services.printing.configure(printer.url, 115200, "epson-tm-t82", "admin")
    return services.printing


def job_state(service: PrintService, job_id: str) -> print_jobs.PrintJob:
    (job,) = [job for job in service.jobs() if job.id == job_id]
    return job


def test_a_receipt_prints_with_its_vietnamese_and_qr(
    services: Services, printing: PrintService, printer: VirtualPrinter, dossier: Dossier
) -> None:
    job = printing.print_receipt(dossier, "admin")
    assert (job.state, job.kind, job.title) == ("queued", "receipt", f"Giấy hẹn {dossier.code}")
    assert printing.waiting() == 1

    assert printing.send_next() is True

    paper = printer.jobs[-1]
    lines = paper.text.splitlines()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in lines
    assert f"Mã hồ sơ: {dossier.code}" in lines
    assert "Người nộp: Nguyễn Văn An" in lines
    assert "Hẹn trả: 17:00 thứ Hai 23/11/2026" in lines
    assert paper.text == expected_receipt(dossier)
    assert paper.qr_payloads == [lookup_payload(dossier.code, dossier.lookup_secret)]
    assert paper.cuts == 1
    assert printer.discarded == b""
    done = job_state(printing, job.id)
    assert (done.state, done.attempts, done.last_error) == ("done", 1, None)
    assert printing.waiting() == 0
    assert printing.last_status is PrinterStatus.ONLINE
    (queued,) = events.for_aggregate(services.db, job.id)
    assert queued.type == "print.queued"
    assert queued.aggregate_type == "print"
    assert queued.payload["kind"] == "receipt"
    assert queued.payload["title"] == f"Giấy hẹn {dossier.code}"
    assert 0 < queued.payload["bytes"] <= 2048


def test_paper_out_before_the_job_keeps_it_queued_until_paper_is_back(
    printing: PrintService, printer: VirtualPrinter, dossier: Dossier
) -> None:
    printer.set_state(PrinterStatus.PAPER_OUT)
    job = printing.print_receipt(dossier, "admin")

    assert printing.send_next() is False
    assert printing.last_status is PrinterStatus.PAPER_OUT
    waiting = job_state(printing, job.id)
    assert (waiting.state, waiting.attempts) == ("queued", 1)
    assert waiting.last_error == "printer paper_out: not sent"
    assert printer.paper.blocks == []
    assert b"\x1b@" not in printer.received  # the job itself was never sent

    printer.set_state(PrinterStatus.ONLINE)
    assert printing.send_next() is True
    assert printer.jobs[-1].text == expected_receipt(dossier)
    assert printer.jobs[-1].qr_payloads == [lookup_payload(dossier.code, dossier.lookup_secret)]
    printed = job_state(printing, job.id)
    assert (printed.state, printed.attempts, printed.last_error) == ("done", 2, None)


def test_paper_out_mid_job_sends_the_whole_job_again(
    printing: PrintService, printer: VirtualPrinter, dossier: Dossier
) -> None:
    job = printing.print_receipt(dossier, "admin")
    printer.run_out_after(200)

    assert printing.send_next() is False
    assert printing.last_status is PrinterStatus.PAPER_OUT
    waiting = job_state(printing, job.id)
    assert waiting.state == "queued"
    assert waiting.last_error == "printer paper_out: the job may be incomplete: send it again"
    half = printer.jobs[-1]
    assert half.text.startswith("BỘ PHẬN MỘT CỬA (CÀI ĐẶT MẪU)\nQuầy số 1\n")
    assert half.qr_payloads == [] and half.cuts == 0  # the roll ran out before them
    assert len(printer.discarded) > 500

    printer.set_state(PrinterStatus.ONLINE)  # a new roll
    assert printing.send_next() is True
    assert len(printer.jobs) == 2
    assert printer.jobs[-1].text == expected_receipt(dossier)
    assert printer.jobs[-1].qr_payloads == [lookup_payload(dossier.code, dossier.lookup_secret)]
    assert printer.jobs[-1].cuts == 1
    assert job_state(printing, job.id).state == "done"


def test_a_silent_printer_is_no_reply_quickly(
    printing: PrintService, printer: VirtualPrinter, dossier: Dossier
) -> None:
    printer.set_state(PrinterStatus.NO_REPLY)
    job = printing.print_receipt(dossier, "admin")

    started = time.monotonic()
    assert printing.send_next() is False
    assert time.monotonic() - started < 3

    assert printing.last_status is PrinterStatus.NO_REPLY
    assert job_state(printing, job.id).last_error == "printer no_reply: not sent"
    assert job_state(printing, job.id).state == "queued"
    assert printer.received == b"\x10\x04\x01"  # one status request, never the job


def test_an_unplugged_adapter_keeps_the_job(
    services: Services, tmp_path: Path, dossier: Dossier
) -> None:
    gone = tmp_path / "ttyUSB7"
    services.printing.configure(str(gone), 9600, "epson-tm-t82", "admin")
    job = services.printing.print_receipt(dossier, "admin")

    assert services.printing.send_next() is False

    assert services.printing.last_status is PrinterStatus.NO_REPLY
    waiting = job_state(services.printing, job.id)
    assert waiting.state == "queued"
    assert waiting.last_error is not None
    assert waiting.last_error.startswith(f"printer no_reply: cannot open {gone}")


def test_with_no_printer_configured_jobs_wait_quietly(services: Services, dossier: Dossier) -> None:
    job = services.printing.print_receipt(dossier, "admin")

    assert services.printing.send_next() is False

    waiting = job_state(services.printing, job.id)
    assert (waiting.state, waiting.attempts, waiting.last_error) == ("queued", 0, None)
    assert services.printing.last_status is None
    assert services.printing.waiting() == 1


def test_a_job_left_printing_by_a_crash_is_sent_again(
    services: Services,
    printing: PrintService,
    printer: VirtualPrinter,
    dossier: Dossier,
    clock: FakeClock,
) -> None:
    job = printing.print_receipt(dossier, "admin")
    with transaction(services.db):  # the state a crash in the middle of send_next leaves
        print_jobs.mark(services.db, job.id, "printing", None, clock.now().isoformat())
    assert printing.send_next() is False  # only queued jobs are sent...
    assert printing.waiting() == 1  # ...but the interrupted one still counts

    printing.recover()

    assert job_state(printing, job.id).state == "queued"
    assert printing.send_next() is True
    assert printer.jobs[-1].text == expected_receipt(dossier)
    assert job_state(printing, job.id).state == "done"


def test_the_worker_thread_prints_every_job_in_order(
    services: Services, printing: PrintService, printer: VirtualPrinter
) -> None:
    dossiers = [receive(services) for _ in range(3)]  # all at 09:00: one expected text
    for dossier in dossiers:
        printing.print_receipt(dossier, "admin")
    worker = app.print_worker(services)
    worker.start()
    try:
        worker.wake()
        deadline = time.monotonic() + SETTLE_S
        while printing.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert printing.waiting() == 0
    finally:
        worker.stop()
    assert not worker.is_alive()

    assert worker.status is PrinterStatus.ONLINE
    payloads = [lookup_payload(d.code, d.lookup_secret) for d in dossiers]
    assert [paper.qr_payloads for paper in printer.jobs] == [[payload] for payload in payloads]
    assert [paper.text for paper in printer.jobs] == [expected_receipt(d) for d in dossiers]
    assert len({d.code for d in dossiers}) == 3
    assert [job.state for job in printing.jobs()] == ["done", "done", "done"]


def test_configure_refuses_an_unknown_profile_and_a_bad_baudrate(
    services: Services, printer: VirtualPrinter
) -> None:
    with pytest.raises(DomainError) as unknown:
        services.printing.configure(printer.url, 9600, "epson-tm-t99", "admin")
    assert unknown.value.code == "printer_profile_unknown"
    with pytest.raises(DomainError) as speed:
        services.printing.configure(printer.url, 9601, "epson-tm-t82", "admin")
    assert speed.value.code == "printer_baudrate_invalid"

    settings = services.printing.settings()
    assert (settings.url, settings.baudrate, settings.profile) == (None, 9600, "epson-tm-t82")
    services.printing.configure(printer.url, 19200, "hprt", "admin")
    settings = services.printing.settings()
    assert (settings.url, settings.baudrate, settings.profile) == (printer.url, 19200, "hprt")


def test_a_printer_speed_edited_by_hand_is_the_default_one(services: Services) -> None:
    """Read as the window opens (the printer's status): never a crash; the test page tells.
    (Every shape of a bad value: tests/domain/test_hostile_parsers.py.)"""
    with transaction(services.db):
        stored_settings.put(services.db, "printer_baudrate", "9601")
    assert services.printing.settings().baudrate == 9600
    with transaction(services.db):
        stored_settings.put(services.db, "printer_baudrate", "115200")
    assert services.printing.settings().baudrate == 115200


def test_a_walk_in_ticket_carries_no_name_and_no_id_number(
    services: Services, printing: PrintService, printer: VirtualPrinter, dossier: Dossier
) -> None:
    """The counter's walk-in ticket, read back from the virtual printer, says its number
    and the wait; the last citizen's name, ID number (any 4 of its digits) and phone are
    nowhere on it, nor in its job's title."""
    printing.print_receipt(dossier, "admin")
    assert printing.send_next() is True
    issued = services.walk_in.take("admin")
    assert issued.print_job is not None
    assert printing.send_next() is True

    ticket = printer.jobs[-1]
    assert ticket.text == "\n".join(
        [
            "BỘ PHẬN MỘT CỬA (CÀI ĐẶT MẪU)",
            "Quầy số 1",
            "",
            issued.ticket.label,
            "Số người đang chờ trước bạn: 0",
            "09:00 23/11/2026",
            "Vui lòng chờ gọi số",
            "",
            "",
        ]
    )
    person = dossier.applicant
    assert person.id_number is not None and person.phone is not None
    digits = ticket.text + "".join(ticket.qr_payloads) + issued.print_job.title
    for index in range(len(person.id_number) - 3):
        assert person.id_number[index : index + 4] not in digits
    assert person.phone[-4:] not in digits
    for word in ("Nguyễn", "Văn", "An", "Hàng Bạc"):
        assert word not in ticket.text.split() and word not in issued.print_job.title
    assert ticket.qr_payloads == [] and ticket.images == []
