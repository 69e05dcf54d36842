"""The counter main window over a real installation, driven with pytest-qt."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QSplitter

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.reception import parse_reception
from counter_app.storage import officers
from counter_app.storage.dossiers import DossierFilter
from counter_app.storage.officers import Officer
from counter_app.ui.i18n import install_translator
from counter_app.ui.main import screenshot
from counter_app.ui.main_window import MainWindow
from tests.ui.tooltips import tip_text

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
CODE, APPLICANT, PROCEDURE, RECEIVED, DUE, STATUS, FEE = range(7)


def receive(services: Services, **changes: Any) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return services.reception.receive(parse_reception(document), "admin")


def second_applicant(services: Services) -> Dossier:
    # 250 pages × 6 copies, each copy capped at 200,000 đ: 1,200,000 đ.
    return receive(
        services,
        applicant={
            "full_name": "Trần Thị Bình",
            "id_number": "001190123457",
            "birth_date": "1990-05-05",
            "gender": "female",
        },
        fee={"pages": 250, "copies": 6},
    )


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    shown = MainWindow(services, admin(services))
    qtbot.addWidget(shown)
    yield shown
    shown.close()  # saves the draft while the database is still open


def admin(services: Services) -> Officer:
    officer = officers.by_username(services.db, "admin")
    assert officer is not None
    return officer


def short(dossier: Dossier) -> str:
    return dossier.code.split("-", 1)[1]  # the list shows YYMMDD-XXXX


def cell(window: MainWindow, row: int, column: int, role: int = DISPLAY) -> object:
    return window.dossiers.model.data(window.dossiers.model.index(row, column), role)


def column_texts(window: MainWindow, column: int) -> list[object]:
    return [cell(window, row, column) for row in range(window.dossiers.model.rowCount())]


def test_headers_are_vietnamese_with_the_translator(
    vietnamese: None, window: MainWindow, services: Services
) -> None:
    horizontal = Qt.Orientation.Horizontal
    assert window.dossiers.model.headerData(CODE, horizontal) == "Mã hồ sơ"
    assert window.catalogue.headerData(0, horizontal) == "Mã"
    assert window.form.save_button.text() == "Tiếp nhận (Ctrl+S)"


def test_headers_are_english_without_a_translator(window: MainWindow) -> None:
    horizontal = Qt.Orientation.Horizontal
    assert window.dossiers.model.headerData(CODE, horizontal) == "Code"
    assert window.dossiers.model.headerData(FEE, horizontal) == "Fee"
    assert window.dossiers.heading.text() == "0 dossier(s)"


def test_the_english_catalogue_counts_dossiers(
    qapp: QApplication, qtbot: Any, services: Services
) -> None:
    install_translator(qapp, "en")
    receive(services)
    window = MainWindow(services, admin(services))
    qtbot.addWidget(window)
    assert window.dossiers.heading.text() == "1 dossier"
    assert window.dossiers.model.headerData(CODE, Qt.Orientation.Horizontal) == "Code"
    second_applicant(services)
    window.dossiers.refresh()
    assert window.dossiers.heading.text() == "2 dossiers"
    window.close()


def test_language_switch_keeps_the_typed_draft(qapp: QApplication, window: MainWindow) -> None:
    window.form.applicant.full_name.setText("Lê Thị Hoa")
    window.set_language("vi")
    assert window.form.save_button.text() == "Tiếp nhận (Ctrl+S)"
    assert window.form.applicant.full_name.text() == "Lê Thị Hoa"
    window.set_language("en")
    assert window.form.save_button.text() == "Receive (Ctrl+S)"
    assert window.form.applicant.full_name.text() == "Lê Thị Hoa"


def test_todays_dossiers_are_listed_newest_first(qtbot: Any, services: Services) -> None:
    first = receive(services)
    second = second_applicant(services)
    window = MainWindow(services, admin(services))
    qtbot.addWidget(window)
    window.close()
    assert column_texts(window, CODE) == [short(second), short(first)]
    assert column_texts(window, APPLICANT) == ["Trần Thị Bình", "Nguyễn Văn An"]
    # (2 × 2,000 + 1,000) × 2 copies, and the million grouped twice.
    assert column_texts(window, FEE) == ["1.200.000 đ", "10.000 đ"]
    assert cell(window, 1, RECEIVED) == "09:00 23/11"
    assert cell(window, 1, DUE) == "17:00 23/11/26"
    assert cell(window, 1, STATUS) == "Received"
    assert window.dossiers.heading.text() == "2 dossier(s)"


# The longest name a reception takes (MAX_NAME, 100 characters), as a family may write it.
LONGEST_NAME = (
    "Công Tằng Tôn Nữ Huỳnh Thị Ngọc Phương Trang Hoàng Bảo Khuê "
    "Nguyễn Phước Vĩnh Thụy Lê Thị Minh Ngọc"
)


def test_a_very_long_name_leaves_the_other_columns_in_sight(qtbot: Any, services: Services) -> None:
    applicant = copy.deepcopy(EXAMPLE_RECEPTION["applicant"])
    applicant["full_name"] = LONGEST_NAME
    receive(services)
    receive(services, applicant=applicant)
    window = MainWindow(services, admin(services))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    view = window.dossiers.view
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width()  # the fee column without scrolling
    assert header.sectionSize(APPLICANT) < view.viewport().width() // 3
    assert tip_text(str(cell(window, 0, APPLICANT, Qt.ItemDataRole.ToolTipRole))) == LONGEST_NAME
    window.close()


def test_a_dossier_of_another_day_is_listed_only_in_a_longer_period(
    qtbot: Any, services: Services, window: MainWindow
) -> None:
    receive(services, received_at="2026-11-20T09:00")  # the Friday before
    window.dossiers.refresh()
    assert window.dossiers.model.rowCount() == 0
    window.dossiers.period.setCurrentIndex(1)  # 7 days
    assert window.dossiers.model.rowCount() == 1


def test_search_without_diacritics_filters(
    qtbot: Any, services: Services, window: MainWindow
) -> None:
    receive(services)
    second_applicant(services)
    window.dossiers.refresh()
    assert window.dossiers.model.rowCount() == 2
    qtbot.keyClicks(window.dossiers.search, "nguyen van an")
    assert column_texts(window, APPLICANT) == ["Nguyễn Văn An"]
    window.dossiers.search.clear()
    assert window.dossiers.model.rowCount() == 2


def test_status_and_overdue_filters(
    services: Services, clock: FakeClock, window: MainWindow
) -> None:
    still_open = receive(services)
    returned = receive(services)
    for status in (Status.IN_PROCESSING, Status.RESULT_READY, Status.RETURNED):
        services.dossiers.change_status(returned.code, status, "", "admin")
    listing = window.dossiers
    listing.status.setCurrentIndex(listing.status.findData("returned"))
    assert column_texts(window, CODE) == [short(returned)]
    listing.status.setCurrentIndex(0)
    listing.officer.setCurrentIndex(listing.officer.findData("admin"))
    assert len(column_texts(window, CODE)) == 2
    listing.overdue.setChecked(True)
    assert column_texts(window, CODE) == []  # 09:00: nothing is late yet
    clock.set(datetime(2026, 11, 23, 17, 1, tzinfo=VIETNAM))
    listing.refresh()
    assert column_texts(window, CODE) == [short(still_open)]


def test_queue_figures_without_a_queue_answer_in_vietnamese(
    vietnamese: None, window: MainWindow
) -> None:
    """Not enrolled, the counter has no queue: the note says so, and its button is
    Vietnamese too (Qt's own "OK" is not translated, its translations are not shipped)."""
    window.menu.queue_figures()
    (box,) = window.findChildren(QMessageBox)
    assert box.text() == "Quầy này chưa đăng ký với máy chủ phường nên chưa có hàng đợi."
    assert [button.text() for button in box.buttons()] == ["Đóng"]
    box.close()


def test_f1_lays_the_shortcuts_over_the_window_without_widening_it(
    vietnamese: None, qtbot: Any, window: MainWindow
) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    splitter = window.form.parentWidget().parentWidget().parentWidget()
    assert isinstance(splitter, QSplitter)
    window.help.toggle()  # F1
    QApplication.processEvents()
    assert window.help.isVisible()
    assert window.width() == 1366
    assert splitter.count() == 2  # the form and the lists: the help is no pane of its own
    assert window.help.geometry() == splitter.geometry()  # over both
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()
    window.close()


def test_an_overlong_search_shows_the_error(services: Services, window: MainWindow) -> None:
    receive(services)
    listing = window.dossiers
    listing.search.setText("an")
    assert listing.model.rowCount() == 1
    assert listing.message.isHidden()
    listing.search.setText("an" + "a" * 199)
    assert not listing.message.isHidden()
    assert listing.message.text() == "A search is at most 200 characters."
    assert listing.model.rowCount() == 0  # no stale results under the error
    listing.search.setText("a" * 200)
    assert listing.message.isHidden()


def test_models_pass_the_model_tester(
    qtmodeltester: Any, services: Services, window: MainWindow
) -> None:
    receive(services)
    second_applicant(services)
    window.dossiers.refresh()
    qtmodeltester.check(window.dossiers.model)
    qtmodeltester.check(window.catalogue)
    assert window.catalogue.rowCount() == 14


def test_due_today_and_overdue_are_highlighted(
    services: Services, clock: FakeClock, window: MainWindow
) -> None:
    still_open = receive(services)
    returned = receive(services)
    for status in (Status.IN_PROCESSING, Status.RESULT_READY, Status.RETURNED):
        services.dossiers.change_status(returned.code, status, "", "admin")
    window.dossiers.refresh()
    assert cell(window, 1, CODE) == short(still_open)
    due_today = cell(window, 1, CODE, BACKGROUND)
    assert isinstance(due_today, QBrush) and due_today.color().name() == "#fff4c2"

    clock.set(datetime(2026, 11, 23, 17, 1, tzinfo=VIETNAM))
    window.dossiers.refresh()
    overdue = cell(window, 1, FEE, BACKGROUND)
    assert isinstance(overdue, QBrush) and overdue.color().name() == "#fde2e1"
    assert cell(window, 0, CODE) == short(returned)
    assert cell(window, 0, STATUS) == "Returned"
    assert cell(window, 0, FEE, BACKGROUND) is None


def test_invalid_index_has_no_data(window: MainWindow) -> None:
    assert window.dossiers.model.data(QModelIndex()) is None


def test_screenshot_writes_pngs(qapp: QApplication, tmp_path: Path) -> None:
    written = screenshot(tmp_path / "shots", "vi")
    names = [
        "setup",
        "login",
        "main",
        "reception-1366x768",
        "reception-1920x1080",
        "reception",
        "received",
        "citizen",
        "dossiers",
        "detail",
        "shortcuts",
        "printer",
        "queue-panel",
        "rating",
        "rating-reason",
        "kiosk-portrait",
        "kiosk-landscape",
        "kiosk-ticket",
        "kiosk-not-printed",
        "kiosk-1366x768",
        "board",
        "board-1366x768",
        "board-portrait",
    ]
    assert [path.name for path in written] == [f"{name}-vi.png" for name in names]
    for path in written:
        image = QImage(str(path))
        assert not image.isNull()
    assert (QImage(str(written[2])).width(), QImage(str(written[2])).height()) == (1366, 768)


def test_a_reception_from_the_keyboard_alone(
    qtbot: Any, services: Services, window: MainWindow
) -> None:
    with qtbot.waitActive(window):  # window shortcuts need the active window
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F2)  # new reception: the procedure search has focus
    assert window.form.procedure_search.hasFocus()
    qtbot.keyClicks(window.form.procedure_search, "chung thuc chu ky")
    qtbot.keyClick(window.form.procedure_search, Qt.Key.Key_Return)
    assert window.form.applicant.id_number.hasFocus()  # Enter goes on to the applicant
    qtbot.keyClicks(window.form.applicant.id_number, "001090123456")
    qtbot.keyClick(window.form.applicant.id_number, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Nguyen Van Binh")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = services.dossiers.find(DossierFilter(text="nguyen van binh"))
    assert [d.procedure_code for d in saved] == ["2.000884"]
    assert saved[0].code.split("-", 1)[1] in window.form.result.text()
    assert column_texts(window, APPLICANT)[0] == "Nguyen Van Binh"


def test_a_saved_reception_prints_its_receipt(qtbot: Any, services: Services) -> None:
    from counter_app import app
    from printers.virtual import VirtualPrinter

    with VirtualPrinter(services.printing.profiles()["epson-tm-t82"]) as printer:
        services.printing.configure(printer.url, 9600, "epson-tm-t82", "admin")
        worker = app.print_worker(services)
        worker.start()
        window = MainWindow(services, admin(services), worker)
        qtbot.addWidget(window)
        try:
            window.form.procedure_search.setText("2.000884")
            window.form.applicant.full_name.setText("Hoàng Thị Mai")
            dossier = window.form.submit()
            assert dossier is not None
            # Done only once the printer has answered after the last byte: the whole paper.
            qtbot.waitUntil(lambda: services.printing.waiting() == 0, timeout=10_000)
            assert dossier.code in printer.paper.text
            assert "Hoàng Thị Mai" in printer.paper.text
            window.printer_status.refresh()
            assert window.printer_status.text() == "Printer ready"
        finally:
            window.close()
            worker.stop()


def test_the_citizen_checks_their_masked_id_number_on_screen_and_paper(
    qtbot: Any, services: Services
) -> None:
    from counter_app import app
    from printers.virtual import VirtualPrinter

    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU NGHIEM", "admin")
    with VirtualPrinter(services.printing.profiles()["epson-tm-t82"]) as printer:
        services.printing.configure(printer.url, 9600, "epson-tm-t82", "admin")
        worker = app.print_worker(services)
        worker.start()
        window = MainWindow(services, admin(services), worker)
        qtbot.addWidget(window)
        try:
            window.form.procedure_search.setText("2.000884")  # 10.000 đ
            window.form.applicant.id_number.setText("001190123457")
            window.form.applicant.full_name.setText("Hoàng Thị Mai")
            dossier = window.form.submit()
            assert dossier is not None and dossier.fee_payable
            qtbot.waitUntil(lambda: services.printing.waiting() == 0, timeout=10_000)
            lines = printer.paper.text.splitlines()
            name_at = lines.index("Người nộp: Hoàng Thị Mai")
            assert lines[name_at + 1] == "Số định danh: ********3457"
            assert "001190123457" not in printer.paper.text
            screen = window.citizen
            screen._timer.stop()
            assert screen.pages.currentIndex() == 1  # the fee to pay, under whose dossier
            assert screen.applicant.text().endswith("Hoàng Thị Mai · ID number ********3457")
            assert all("00119012" not in label.text() for label in screen.findChildren(QLabel))
        finally:
            window.close()
            worker.stop()


def test_a_language_switch_leaves_one_printer_state_in_the_status_bar(
    qapp: QApplication, window: MainWindow
) -> None:
    """Each switch left the last language's printer state in the status bar beside the
    new one ("Printer not set up  …  Chưa cài đặt máy in")."""
    from PySide6.QtCore import QEvent

    from counter_app.ui.printer_panel import PrinterStatusLabel

    window.set_language("vi")
    window.set_language("en")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    (state,) = window.statusBar().findChildren(PrinterStatusLabel)
    assert state is window.printer_status and state.text() == "Printer not set up"
