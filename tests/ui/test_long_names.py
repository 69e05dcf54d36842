"""Long names outside the reception form: a catalogue's procedure of some 200 characters,
an officer's full name of up to 100, a device's own description. Each dialog or list
stays within a 1024×600 screen and still lets the officer read the whole name (in its
tooltip or its open list), as written ("<b>" stays text)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossiers import Status
from counter_app.domain.reception import parse_reception
from counter_app.domain.records import replace
from counter_app.services.scanning import ScannerSettings, SerialPort
from counter_app.storage import officers
from counter_app.ui.access import AccountsDialog, LockDialog
from counter_app.ui.dossier_detail import DossierDetail
from counter_app.ui.dossier_list import DossierList
from counter_app.ui.fee_dialog import MissingFeesBanner, SetFeeDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.models import DossierTableModel, ProcedureTableModel
from counter_app.ui.printer_panel import PrinterSettingsDialog
from counter_app.ui.queue_panel import TransferDialog
from counter_app.ui.queue_stats import QueueStatsDialog
from counter_app.ui.reassign_dialog import ReassignDialog
from counter_app.ui.reconciliation import ReconciliationDialog
from counter_app.ui.scanner_dialog import ScannerSettingsDialog
from counter_app.ui.serial_scanner import SerialScannerLink
from tests.ui.tooltips import tip_text

pytestmark = pytest.mark.usefixtures("vietnamese")

SMALL_SCREEN_WIDTH = 1024
# An officer's full name at its longest (100 characters), with markup in it.
LONG_OFFICER = (
    "Nguyễn Thị Phương Thảo Hoàng Lê Tôn Nữ Công Huyền Tôn Nữ Minh Khai "
    "<b>Trưởng bộ phận</b> & Đỗ Anh"
)

# A procedure's name as the catalogue writes them, at some 200 characters.
LONG_PROCEDURE = (
    "Thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới "
    "6 tuổi theo cơ chế liên thông điện tử giữa các cơ quan nhà nước có thẩm quyền "
    "<b>cấp xã</b> & cấp tỉnh"
)
WARD = "Ủy ban nhân dân phường Nguyễn Trung Trực, thành phố Rạch Giá"


def add_officer(services: Services, username: str, full_name: str) -> None:
    services.accounts.add_officer(username, full_name, "officer", "mat-khau-dai-12", "admin")


def test_a_long_officer_name_keeps_the_dossier_list_narrow(qtbot: Any, services: Services) -> None:
    """The head's filter by officer was as wide as the longest name: a 100-character
    one held the counter window at 1,536 px. It is cut with "…", whole in its tooltip
    and in the open list."""
    add_officer(services, "longname", LONG_OFFICER)
    listing = DossierList(services, "admin")
    qtbot.addWidget(listing)
    listing.show()
    assert listing.minimumSizeHint().width() <= SMALL_SCREEN_WIDTH
    combo = listing.officer
    combo.setCurrentIndex(combo.findData("longname"))
    assert combo.currentText() == LONG_OFFICER
    assert tip_text(combo.toolTip()) == LONG_OFFICER
    assert tip_text(combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)) == (
        LONG_OFFICER
    )
    assert combo.displayed_text().endswith("…")


def test_an_officer_without_the_heads_view_is_told_why_in_the_tooltip(
    qtbot: Any, services: Services
) -> None:
    add_officer(services, "thao", "Nguyễn Thị Phương Thảo Hoàng Lê")
    listing = DossierList(services, "thao")
    qtbot.addWidget(listing)
    name, why = tip_text(listing.officer.toolTip()).split("\n")
    assert name == "Nguyễn Thị Phương Thảo Hoàng Lê" and why.startswith("Tìm kiếm")


def test_the_lock_shows_the_officers_name_as_written(qtbot: Any, services: Services) -> None:
    """The lock's heading is markup: a name with "<b>" lost its tags and turned bold."""
    add_officer(services, "longname", LONG_OFFICER)
    officer = officers.by_username(services.db, "longname")
    assert officer is not None
    dialog = LockDialog(services, officer)
    qtbot.addWidget(dialog)
    assert tip_text(dialog.heading.text()).endswith("\n" + LONG_OFFICER)


def test_the_lock_wraps_a_long_officers_name(qtbot: Any, services: Services) -> None:
    """Qt opens a window at most two thirds of the screen wide: on a 1024×600 screen the
    bold 100-character name on one line was cut at the lock's edge."""
    add_officer(services, "longname", LONG_OFFICER)
    officer = officers.by_username(services.db, "longname")
    assert officer is not None
    dialog = LockDialog(services, officer)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().width() <= SMALL_SCREEN_WIDTH * 2 // 3


def test_a_long_scanner_port_keeps_its_dialog_within_the_screen(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port under /dev/serial/by-id, with the long name its device gives, took the
    dialog to 1,386 px. It is cut in the closed box, whole in its tooltip and list."""
    device = "/dev/serial/by-id/usb-Honeywell_Imaging___Mobility_Xenon_1900_16287B4A2B-if00"
    said = "Honeywell Imaging & Mobility Xenon 1900 <b>Máy quét mã vạch quầy một cửa</b>"
    ports = [SerialPort(device, said), SerialPort("COM4", "")]
    monkeypatch.setattr(services.scanning, "ports", lambda: ports)
    link = SerialScannerLink(ScannerSettings(None, 9600))
    dialog = ScannerSettingsDialog(services, "admin", link)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizeHint().width() <= SMALL_SCREEN_WIDTH
    combo = dialog.port
    combo.setCurrentIndex(1)
    whole = f"{device} — {said}"
    assert combo.currentText() == whole and tip_text(combo.toolTip()) == whole
    assert dialog.chosen_port() == device


def test_long_area_and_counter_names_keep_the_transfer_within_the_screen(qtbot: Any) -> None:
    """An area's name from the ward server (up to 500 characters) made the transfer as
    wide as itself; both lists are cut in their middle, whole in their tooltips."""
    from counter_app.queue.demo import demo_status

    status = demo_status()
    first = status.areas[0].model_copy(update={"name": LONG_PROCEDURE})
    counters = [c.model_copy(update={"name": f"{WARD} — quầy {c.number}"}) for c in status.counters]
    status = status.model_copy(update={"areas": [first, *status.areas[1:]], "counters": counters})
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = TransferDialog(status, status.counters[0].number, owner)
    dialog.show()
    assert dialog.sizeHint().width() <= SMALL_SCREEN_WIDTH
    area = f"{first.prefix} · {LONG_PROCEDURE}"
    assert dialog.area.currentText() == area and tip_text(dialog.area.toolTip()) == area
    assert dialog.area.displayed_text().startswith(f"{first.prefix} · Thủ tục")
    assert tip_text(dialog.counter.toolTip()) == counters[1].name


def test_a_long_procedure_leaves_the_queue_figures_in_sight(qtbot: Any) -> None:
    """Fitted to a 200-character procedure, the names' column pushed every figure past
    the table's edge on a 1024-wide screen. The name wraps, whole, in a narrower column."""
    from counter_app.domain.queue_stats import group

    nobody = group([])
    figures = {"all": nobody, "target_wait_s": 900, "by_area": {}, "by_counter": {}}
    figures |= {"by_officer": {LONG_OFFICER: nobody}, "by_procedure": {LONG_PROCEDURE: nobody}}
    dialog = QueueStatsDialog(lambda _day: figures, date(2026, 11, 23))
    qtbot.addWidget(dialog)
    dialog.resize(SMALL_SCREEN_WIDTH - 16, 520)
    dialog.show()
    table = dialog.table
    for by, name in ((3, LONG_PROCEDURE), (2, LONG_OFFICER)):
        dialog.show_figures(figures)
        dialog.group.setCurrentIndex(by)
        assert table.item(0, 0).text() == name
        figures_end = sum(table.columnWidth(column) for column in range(9))
        assert figures_end <= table.viewport().width(), by
        room = QRect(0, 0, table.columnWidth(0) - 8, 0)
        wrapped = table.fontMetrics().boundingRect(room, Qt.TextFlag.TextWordWrap, name)
        assert table.rowHeight(0) >= wrapped.height(), by


def test_the_dossier_lists_tooltips_show_the_procedure_as_written(
    qtbot: Any, services: Services
) -> None:
    """The procedure's cell is cut in its column and read whole in its tooltip, where a
    catalogue's "<b>" was read as markup (tags lost, bold) and "&amp;" as "&"."""
    received = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    dossier = replace(received, procedure_name=LONG_PROCEDURE + " &amp;")
    model = DossierTableModel(services.clock.now())
    model.set_dossiers([dossier], services.clock.now())
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip_text(str(tip)) == f"{dossier.procedure_code} · {LONG_PROCEDURE} &amp;"


def test_a_reason_in_the_history_reads_as_typed_in_its_tooltip(
    qtbot: Any, services: Services
) -> None:
    """A reason is free text: "<b>" in one was read as markup in its cell's tooltip."""
    reason = "Thiếu <b>bản chính</b> giấy khai sinh & giấy ủy quyền"
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    services.dossiers.change_status(dossier.code, Status.SUPPLEMENT_REQUESTED, reason, "admin")
    shown = DossierDetail(services, "admin", dossier)
    qtbot.addWidget(shown)
    history = shown.history
    (row,) = [r for r in range(history.rowCount()) if history.item(r, 3).text()]
    assert tip_text(history.item(row, 3).toolTip()) == reason


def test_a_long_officer_name_keeps_the_hand_over_within_the_screen(
    qtbot: Any, services: Services
) -> None:
    """A full name of 100 characters and a user name of 32 made the hand-over wider
    than a 1024-wide screen; the officer's line is cut in its middle, whole in its
    tooltip."""
    username = "nguyen.thi.phuong.thao.hoang.le"
    add_officer(services, username, LONG_OFFICER)
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    dialog = ReassignDialog(services, "admin", dossier)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizeHint().width() <= SMALL_SCREEN_WIDTH
    whole = f"{LONG_OFFICER} ({username})"
    assert dialog.to.currentText() == whole and tip_text(dialog.to.toolTip()) == whole
    assert dialog.to.displayed_text().endswith("hoang.le)")


def test_a_long_printer_port_keeps_its_dialog_within_the_screen(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printer's ports as the scanner's: a long one listed under /dev/serial/by-id
    took the dialog past a 1024-wide screen; it is cut, whole in its tooltip."""
    from counter_app.ui import printer_panel

    device = (
        "/dev/serial/by-id/usb-Prolific_Technology_Inc._USB-Serial_Controller_D_"
        "Máy_in_nhiệt_quầy_tiếp_nhận_và_trả_kết_quả_số_1_ABCDEF0123456789-if00-port0"
    )
    monkeypatch.setattr(printer_panel, "serial_ports", lambda: [device, "COM3"])
    dialog = PrinterSettingsDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizeHint().width() <= SMALL_SCREEN_WIDTH
    dialog.port.setCurrentIndex(0)
    assert tip_text(dialog.port.toolTip()) == device
    dialog.port.setEditText("")
    corner = QPoint(1, 1)
    hover = QHelpEvent(QEvent.Type.ToolTip, corner, dialog.port.mapToGlobal(corner))
    QApplication.sendEvent(dialog.port, hover)
    assert dialog.port.toolTip() == ""  # no empty tooltip over an empty port


def test_a_long_officer_name_leaves_the_accounts_columns_in_sight(
    qtbot: Any, services: Services
) -> None:
    """The accounts' table fitted the names' column to a 100-character name: the role
    and whether the account may log in went past its edge. The name wraps, whole."""
    add_officer(services, "longname", LONG_OFFICER)
    dialog = AccountsDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    assert table.horizontalHeader().length() <= table.viewport().width()
    (row,) = [r for r in range(table.rowCount()) if table.item(r, 0).text() == "longname"]
    assert table.item(row, 1).text() == LONG_OFFICER
    room = QRect(0, 0, table.columnWidth(1) - 8, 0)
    wrapped = table.fontMetrics().boundingRect(room, Qt.TextFlag.TextWordWrap, LONG_OFFICER)
    assert table.rowHeight(row) >= wrapped.height()


def test_a_long_ward_and_officer_stay_clear_of_the_status_bars_states(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar's message with the ward's and the officer's names ran under the sync's
    state on a 1024-wide window ("Cán bộ: NguyĐồng bộ"); it gives way with "…", whole
    in its tooltip, as written."""
    monkeypatch.setattr(services, "unit", replace(services.unit, name=WARD))
    add_officer(services, "longname", LONG_OFFICER)
    officer = officers.by_username(services.db, "longname")
    assert officer is not None
    window = MainWindow(services, officer)
    qtbot.addWidget(window)
    window.resize(SMALL_SCREEN_WIDTH, 600)
    window.show()
    QApplication.processEvents()
    labels = [w for w in window.statusBar().findChildren(QLabel) if w.isVisible()]
    who = min(labels, key=lambda label: label.x())
    whole = f"{WARD} · Quầy số {services.unit.counter_number} · Cán bộ: {LONG_OFFICER}"
    assert tip_text(who.toolTip()) == whole
    assert who.textFormat() == Qt.TextFormat.PlainText
    assert who.geometry().right() < window.sync_status.geometry().left()
    window.close()


def test_a_long_procedure_in_the_catalogue_is_whole_in_its_tooltip(services: Services) -> None:
    """The catalogue's tab wraps a name in its row's height: one of 200 characters ended
    in "…" after two lines, with nothing to read the rest in."""
    first, *others = services.reference.catalogue().versions()
    model = ProcedureTableModel([replace(first, name=LONG_PROCEDURE), *others])
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip_text(str(tip)) == LONG_PROCEDURE


def test_a_long_reason_for_a_confirmed_transfer_is_read_whole(
    qtbot: Any, services: Services
) -> None:
    """The day's fees list the transfers an officer confirmed, with why: a reason of a
    few sentences ended in "…" after one line, with nothing to read the rest in."""
    reason = (
        "Công dân Nguyễn Thị Phương Thảo Hoàng Lê đưa biên lai chuyển khoản của Ngân hàng "
        "Nông nghiệp và Phát triển Nông thôn Việt Nam; tiền đã vào tài khoản của Ủy ban "
        "nhân dân phường nhưng thông báo của ngân hàng chưa về sau 30 phút <b>chờ</b>."
    )
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    payment = services.payments.start_qr(dossier.code, "admin")
    services.payments.confirm(payment.reference, "admin", reason)
    dialog = ReconciliationDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.confirmed
    assert table.item(0, 3).text() == reason
    for column in (0, 1, 2):  # the reference and the rest beside the reason, not cut
        text = table.item(0, column).text()
        assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(column), text
    room = QRect(0, 0, table.columnWidth(3) - 8, 0)
    wrapped = table.fontMetrics().boundingRect(room, Qt.TextFlag.TextWordWrap, reason)
    assert wrapped.height() > table.fontMetrics().height()  # more than a line here
    assert table.rowHeight(0) >= wrapped.height()


def test_the_missing_fees_banner_shows_the_catalogues_names_as_written(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The banner names the procedures without a fee: "<b>" in a name made the whole
    line read as markup (tags lost, bold)."""
    (seed,) = services.catalogue.missing_fees()
    named = replace(seed, procedure=replace(seed.procedure, name=LONG_PROCEDURE))
    monkeypatch.setattr(services.catalogue, "missing_fees", lambda on=None: [named])
    banner = MissingFeesBanner(services, "admin")
    qtbot.addWidget(banner)
    assert banner.text.textFormat() == Qt.TextFormat.PlainText
    assert f"{seed.procedure.code} {LONG_PROCEDURE}" in banner.text.text()


def test_a_fees_note_reads_as_the_catalogue_writes_it(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note under the chosen fee is the catalogue's text: "<b>" in it was markup."""
    note = "Miễn lệ phí cho <b>trẻ em</b> dưới 6 tuổi & người cao tuổi"
    (seed,) = services.catalogue.missing_fees()
    rules = tuple(replace(rule, note=note) for rule in seed.rules)
    monkeypatch.setattr(
        services.catalogue, "missing_fees", lambda on=None: [replace(seed, rules=rules)]
    )
    dialog = SetFeeDialog(services, "admin")
    qtbot.addWidget(dialog)
    assert dialog.note.text() == note
    assert dialog.note.textFormat() == Qt.TextFormat.PlainText


def test_a_long_notice_is_whole_in_the_status_bars_tooltip(qtbot: Any, services: Services) -> None:
    """A notice naming where a PDF was saved (under the officer's own folder) was cut
    at the states on the right, with nothing to read the rest in."""
    from counter_app.ui.dossier_detail import not_opened_text

    officer = officers.by_username(services.db, "admin")
    assert officer is not None
    window = MainWindow(services, officer)
    qtbot.addWidget(window)
    folder = "C:/Users/Nguyễn Thị Phương Thảo Hoàng Lê/AppData/Local/Quầy Một Cửa/papers"
    notice = not_opened_text(Path(folder) / "so-theo-doi-2026-11-01-2026-11-20.pdf")
    bar = window.statusBar()
    bar.showMessage(notice, 8000)
    assert tip_text(bar.toolTip()) == notice
    bar.clearMessage()
    assert bar.toolTip() == ""
