"""The printer settings' recent papers in the screen's language: the list showed the
papers' Vietnamese titles ("Giấy hẹn …", "Trang in thử") and the printer's raw English
("printer paper_out") under an English and a Vietnamese screen alike. A real
installation; the printer is the virtual printer behind pyserial."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.ui.printer_panel import PrinterSettingsDialog
from printers.transport import PrinterStatus
from printers.virtual import VirtualPrinter


@pytest.fixture
def printer(services: Services) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(services.printing.profiles()["epson-tm-t82"]) as virtual:
        yield virtual


def recent_papers(qtbot: Any, services: Services, printer: VirtualPrinter) -> tuple[str, list[str]]:
    """A receipt refused for want of paper, then a walk-in ticket and the test page: the
    receipt's dossier code and the list's lines."""
    printing = services.printing
    printing.configure(printer.url, 9600, "epson-tm-t82", "admin")
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    printing.print_receipt(dossier, "admin")
    printer.set_state(PrinterStatus.PAPER_OUT)
    assert not printing.send_next()
    printing.print_queue_ticket("QA001", 1, services.clock.now(), 0, "admin")
    printing.print_self_test("admin")
    dialog = PrinterSettingsDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    lines = [dialog.jobs.item(row) for row in range(dialog.jobs.count())]
    room = dialog.jobs.viewport().width()
    assert all(dialog.jobs.visualItemRect(line).right() < room for line in lines)  # all seen
    return dossier.code, [line.text() for line in lines]


def test_recent_papers_are_said_in_english_on_an_english_screen(
    qtbot: Any, services: Services, printer: VirtualPrinter
) -> None:
    code, shown = recent_papers(qtbot, services, printer)
    assert shown == [
        "09:00  Test page: waiting",
        "09:00  Ticket QA001: waiting",
        f"09:00  Appointment slip {code}: waiting — Out of paper",
    ]


@pytest.mark.usefixtures("vietnamese")
def test_recent_papers_are_said_in_vietnamese_on_a_vietnamese_screen(
    qtbot: Any, services: Services, printer: VirtualPrinter
) -> None:
    code, shown = recent_papers(qtbot, services, printer)
    assert shown == [
        "09:00  Trang in thử: chờ in",
        "09:00  Số QA001: chờ in",
        f"09:00  Giấy hẹn {code}: chờ in — Hết giấy",
    ]
