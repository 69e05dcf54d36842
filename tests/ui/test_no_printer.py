"""Printing on a counter with no printer set up: the officer is told so, and where an
administrator sets one, instead of a paper queued that no printer will ever take (the
officer believed it printed). A real installation; the printer, where one is set up,
is the virtual printer behind pyserial."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.ui.dossier_detail import DossierDetail
from counter_app.ui.main_window import MainWindow
from counter_app.ui.walk_in import WalkInBar
from printers.virtual import VirtualPrinter

SHOTS = Path("/tmp/h-ui-shots")
NO_PRINTER_VI = (
    "Chưa in được: quầy này chưa cài đặt máy in. Trưởng bộ phận hoặc quản trị viên "
    "cài đặt ở menu Quầy → Máy in…"
)

pytestmark = pytest.mark.usefixtures("vietnamese")


def shot(widget: Any, name: str) -> None:
    """The screen as the officer sees it, for a look by eye (when the folder exists)."""
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def printer(services: Services) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(services.printing.profiles()["epson-tm-t82"]) as virtual:
        yield virtual


def open_detail(qtbot: Any, services: Services, **kwargs: Any) -> DossierDetail:
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(services, "admin", dossier, **kwargs)
    qtbot.addWidget(shown)
    return shown


def test_print_the_receipt_without_a_printer_says_so(qtbot: Any, services: Services) -> None:
    shown = open_detail(qtbot, services)
    printed: list[None] = []
    shown.printed.connect(lambda: printed.append(None))
    shown.show()
    shown.print_receipt()
    assert services.printing.jobs() == [] and printed == []
    assert shown.error.isVisible() and shown.error.text() == NO_PRINTER_VI
    shot(shown, "no-printer-receipt-vi.png")


def test_print_the_receipt_with_a_printer_queues_it(
    qtbot: Any, services: Services, printer: VirtualPrinter
) -> None:
    services.printing.configure(printer.url, 9600, "epson-tm-t82", "admin")
    shown = open_detail(qtbot, services)
    shown.print_receipt()
    (job,) = services.printing.jobs()
    assert job.kind == "receipt" and shown.error.isHidden()


def test_the_fee_receipt_without_a_printer_opens_the_pdf_and_says_so(
    qtbot: Any, services: Services
) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
    opened: list[Path] = []
    shown = open_detail(qtbot, services, open_file=opened.append)
    services.payments.record_cash(shown.dossier.code, "admin")
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        shown.fee_receipt()
    assert len(opened) == 1 and services.printing.jobs() == []
    assert shown.error.text() == NO_PRINTER_VI and not shown.error.isHidden()


def test_a_reception_without_a_printer_says_its_receipt_was_not_printed(
    qtbot: Any, services: Services
) -> None:
    window = MainWindow(services, services.accounts.officers()[0])
    qtbot.addWidget(window)
    window.show()
    window.form.procedure_search.setText("2.000884")
    window.form.applicant.full_name.setText("Hoàng Thị Mai")
    assert window.form.submit() is not None
    assert services.printing.jobs() == []
    assert window.form.general_error.isVisible()
    assert window.form.general_error.text() == NO_PRINTER_VI
    shot(window, "no-printer-reception-vi.png")
    window.close()


def test_a_walk_in_ticket_without_a_printer_says_so(qtbot: Any, services: Services) -> None:
    bar = WalkInBar(services.walk_in, "admin")
    qtbot.addWidget(bar)
    said: list[tuple[str, bool]] = []
    bar.said.connect(lambda text, error: said.append((text, error)))
    bar.set_offline(True)
    bar.take()
    assert said == [(f"Đã cấp số QA001: hãy báo số cho công dân. {NO_PRINTER_VI}", True)]
    assert services.printing.jobs() == []


def test_the_test_page_without_a_port_says_to_choose_one(qtbot: Any, services: Services) -> None:
    from counter_app.ui.printer_panel import PrinterSettingsDialog

    dialog = PrinterSettingsDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.port.setCurrentText("")
    dialog.test_button.click()
    assert services.printing.jobs() == []
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Chọn cổng của máy in trước: chưa in được gì."
    shot(dialog, "no-printer-test-page-vi.png")
