"""The counter window with a scanner in USB-COM mode: the virtual scanner on a pty sends
real bytes, the window's reader thread reads them, the form fills on the GUI thread."""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain import vietqr
from counter_app.domain.dossiers import Dossier, lookup_payload
from counter_app.domain.reception import parse_reception
from counter_app.services import scanning
from counter_app.storage import officers
from counter_app.ui.dossier_detail import DossierDetail
from counter_app.ui.main_window import MainWindow
from counter_app.ui.scanner_dialog import ScannerSettingsDialog
from printers.virtual_scanner import VirtualScanner
from tests.services.test_scanning import ALL_LETTERS, ALL_LETTERS_ADDRESS, ALL_LETTERS_NAME
from tests.ui.test_scanner import type_text

CARD = "001090123456|012345678|Phạm Quang Đức|01011990|Nam|Xóm 3, Xã Đông Hội, Hà Nội|15042021"


@pytest.fixture(autouse=True)
def quick_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A port that is gone is tried again every 50 ms, not every second."""
    monkeypatch.setattr(scanning, "RETRY_S", 0.05)


@pytest.fixture
def port(tmp_path: Path) -> Path:
    return tmp_path / "ttyACM-scanner"


@pytest.fixture
def scanner(port: Path) -> Iterator[VirtualScanner]:
    with VirtualScanner(port) as virtual:
        yield virtual


def open_window(qtbot: QtBot, services: Services) -> MainWindow:
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    window = MainWindow(services, admin)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, services: Services, port: Path) -> Iterator[MainWindow]:
    services.scanning.configure(str(port), 9600, "admin")
    shown = open_window(qtbot, services)
    yield shown
    shown.close()  # stops the reader before the pty goes


def status(window: MainWindow) -> str:
    return window.scanner_status.text()


def connected(qtbot: QtBot, window: MainWindow, port: Path) -> None:
    qtbot.waitUntil(lambda: status(window) == f"Scanner connected ({port})", timeout=5000)


def receive(services: Services) -> Dossier:
    return services.reception.receive(parse_reception(copy.deepcopy(EXAMPLE_RECEPTION)), "admin")


def test_a_card_with_every_letter_fills_the_form_in_nfc(
    qtbot: QtBot, scanner: VirtualScanner, window: MainWindow, port: Path
) -> None:
    connected(qtbot, window, port)
    data = unicodedata.normalize("NFD", ALL_LETTERS).encode() + b"\r\n"
    for start in range(0, len(data), 97):  # reads of any size, cut inside letters
        scanner.send(data[start : start + 97])
        qtbot.wait(5)
    applicant = window.form.applicant
    qtbot.waitUntil(lambda: applicant.full_name.text() != "", timeout=5000)
    assert applicant.full_name.text() == ALL_LETTERS_NAME
    assert applicant.address.text() == ALL_LETTERS_ADDRESS
    assert unicodedata.is_normalized("NFC", applicant.full_name.text())
    assert applicant.id_number.text() == "001090123456"
    assert window.serial_scanner.last_scan is not None


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n", b""])
def test_each_line_ending_or_a_pause_ends_the_scan(
    qtbot: QtBot, scanner: VirtualScanner, window: MainWindow, port: Path, ending: bytes
) -> None:
    connected(qtbot, window, port)
    scanner.scan(CARD, ending)
    qtbot.waitUntil(lambda: window.form.applicant.full_name.text() == "Phạm Quang Đức")
    assert window.form.applicant.address.text() == "Xóm 3, Xã Đông Hội, Hà Nội"


def test_the_status_bar_follows_the_scanner(qtbot: QtBot, services: Services, port: Path) -> None:
    keyboard = open_window(qtbot, services)
    assert status(keyboard) == "Scanner: keyboard mode"
    keyboard.close()
    services.scanning.configure(str(port), 9600, "admin")  # nothing there yet
    window = open_window(qtbot, services)
    try:
        qtbot.waitUntil(lambda: status(window) == f"Scanner not found on {port}")
        with VirtualScanner(port) as scanner:
            connected(qtbot, window, port)
            scanner.unplug()
            unplugged = f"Scanner unplugged from {port}: waiting for it"
            qtbot.waitUntil(lambda: status(window) == unplugged)
            assert "b00020" in window.scanner_status.styleSheet()
            scanner.plug()  # back, on a new pty behind the same name
            connected(qtbot, window, port)
            assert window.scanner_status.styleSheet() == ""
            scanner.scan(CARD)
            qtbot.waitUntil(lambda: window.form.applicant.full_name.text() == "Phạm Quang Đức")
    finally:
        window.close()
    assert window.serial_scanner.state is scanning.ScannerState.OFF


def test_the_lookup_qr_of_a_receipt_opens_its_dossier(
    qtbot: QtBot, services: Services, scanner: VirtualScanner, window: MainWindow, port: Path
) -> None:
    dossier = receive(services)
    connected(qtbot, window, port)
    scanner.scan(lookup_payload(dossier.code, "ZZZZZZ"))  # a secret that is not its own
    qtbot.waitUntil(lambda: "does not match" in window.statusBar().currentMessage())
    assert window.findChildren(DossierDetail) == []
    scanner.scan(lookup_payload(dossier.code, dossier.lookup_secret))
    qtbot.waitUntil(lambda: len(window.findChildren(DossierDetail)) == 1)
    detail = window.findChildren(DossierDetail)[0]
    assert dossier.code in detail.windowTitle()
    assert window.form.applicant.full_name.text() == ""  # no card was read
    detail.close()


def test_a_vietqr_is_named_and_fills_nothing(
    qtbot: QtBot, scanner: VirtualScanner, window: MainWindow, port: Path
) -> None:
    connected(qtbot, window, port)
    scanner.scan(vietqr.build("970436", "1017595600", amount=50_000, purpose="HS2001"))
    qtbot.waitUntil(lambda: "VietQR" in window.statusBar().currentMessage())
    assert window.form.applicant.full_name.text() == ""
    assert window.form.card_info.isHidden()


def test_bytes_that_are_not_utf8_are_flagged_not_filled(
    qtbot: QtBot, scanner: VirtualScanner, window: MainWindow, port: Path
) -> None:
    connected(qtbot, window, port)
    scanner.send(CARD.encode("utf-8").replace("ạ".encode(), b"\xe1") + b"\r\n")
    qtbot.waitUntil(lambda: "not UTF-8" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: window.form.card_info.isVisible() or bool(window.form.card_info.text()))
    assert window.form.card_info.text().startswith("Card not read")
    assert window.form.applicant.full_name.text() == ""


def test_a_keyboard_scan_that_lost_its_letters_fills_nothing_and_says_why(
    qtbot: QtBot, services: Services
) -> None:
    window = open_window(qtbot, services)
    assert not window.watching_input  # the scanner listens once the window is painted
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.watching_input)
    field = window.form.applicant.phone
    field.setFocus()
    typed = "".join(char for char in CARD if char.isascii())  # "Phm Quang c"
    type_text(field, typed + "\r")
    qtbot.waitUntil(lambda: window.form.card_info.text() != "")
    info = window.form.card_info.text()
    assert "dropped the Vietnamese letters" in info and "Phm" in info and "USB-COM" in info
    assert window.form.applicant.full_name.text() == ""
    assert window.form.applicant.id_number.text() == ""
    assert field.text() == ""  # the scan did not land in the field either
    window.close()


def test_the_scanner_dialog_sets_the_port_and_masks_the_last_scan(
    qtbot: QtBot, services: Services, scanner: VirtualScanner, port: Path
) -> None:
    window = open_window(qtbot, services)
    dialog = ScannerSettingsDialog(services, "admin", window.serial_scanner, window)
    qtbot.addWidget(dialog)
    assert dialog.last_scan.text() == "Nothing scanned yet"
    dialog.port.setEditText(str(port))
    dialog.baudrate.setCurrentIndex(dialog.baudrate.findData(115200))
    dialog.save()
    assert services.scanning.settings() == scanning.ScannerSettings(str(port), 115200)
    connected(qtbot, window, port)
    assert dialog.status.text() == f"Scanner connected ({port})"
    scanner.scan(CARD)
    qtbot.waitUntil(lambda: dialog.last_scan.text().startswith("********3456|*****5678|"))
    assert "001090123456" not in dialog.last_scan.text()
    window.close()  # the reader is stopped and joined
    assert window.serial_scanner.state is scanning.ScannerState.OFF
