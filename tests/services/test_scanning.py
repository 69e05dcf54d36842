"""The serial scanner's reader against the virtual scanner: real bytes on a real pty,
read by pyserial on the reader's own thread; and the scanner's settings."""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.domain.scans import Scan
from counter_app.services.scanning import (
    ScannerReader,
    ScannerService,
    ScannerSettings,
    ScannerState,
)
from counter_app.storage import settings
from counter_app.storage.database import transaction
from printers.virtual_scanner import VirtualScanner

# Every Vietnamese letter, small in the address and capital in the name.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
SMALL = [unicodedata.normalize("NFC", "".join(v + t for t in TONES)) for v in VOWELS] + ["đ"]
ALL_LETTERS_NAME = " ".join(word.upper() for word in SMALL)
ALL_LETTERS_ADDRESS = " ".join(SMALL) + ", Hà Nội"
ALL_LETTERS = (
    f"001090123456|012345678|{ALL_LETTERS_NAME}|01011990|Nam|{ALL_LETTERS_ADDRESS}|15042021"
)
CARD = "079301004321||Trần Thị Bích Ngọc|23072001|Nữ|Ấp 3, Xã Tân Nhựt, TP Hồ Chí Minh|02112022"


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class Reading:
    """A reader on ``path`` and what it handed over (its callbacks run on its thread)."""

    def __init__(self, path: Path) -> None:
        self.scans: list[Scan] = []
        self.states: list[ScannerState] = []
        self.reader = ScannerReader(
            ScannerSettings(str(path), 9600), self.scans.append, self.states.append, retry=0.05
        )

    def texts(self) -> list[str]:
        return [scan.text for scan in self.scans]


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[VirtualScanner]:
    with VirtualScanner(tmp_path / "ttyScanner") as virtual:
        yield virtual


@pytest.fixture
def reading(scanner: VirtualScanner) -> Iterator[Reading]:
    one = Reading(scanner.path)
    one.reader.start()
    wait_for(lambda: one.reader.state is ScannerState.CONNECTED)
    yield one
    one.reader.stop()
    assert not one.reader.is_alive()


def test_the_alphabet_card_has_every_letter() -> None:
    letters = {c for c in unicodedata.normalize("NFC", ALL_LETTERS) if c.isalpha()}
    # 12 vowels in 6 tones, less the 6 plain ASCII ones, and đ; small and capital
    assert len({c for c in letters if not c.isascii()}) == 2 * (12 * 6 - 6 + 1)


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_scans_arrive_whole_with_each_line_ending(
    scanner: VirtualScanner, reading: Reading, ending: bytes
) -> None:
    scanner.scan(ALL_LETTERS, ending)
    scanner.scan(CARD, ending)
    wait_for(lambda: len(reading.scans) == 2)
    assert reading.texts() == [ALL_LETTERS, CARD]
    assert not any(scan.damaged for scan in reading.scans)


def test_a_scan_split_across_reads_and_inside_letters(
    scanner: VirtualScanner, reading: Reading
) -> None:
    data = ALL_LETTERS.encode() + b"\r\n"
    cut = data.index("Ầ".encode()) + 1  # inside the bytes of one letter
    for chunk in (data[:cut], data[cut : cut + 7], data[cut + 7 : -1], data[-1:]):
        scanner.send(chunk)
        time.sleep(0.06)  # more than one read timeout: each chunk is a read of its own
    wait_for(lambda: len(reading.scans) == 1)
    assert reading.texts() == [ALL_LETTERS]


def test_a_scanner_without_suffix_ends_its_scan_with_a_pause(
    scanner: VirtualScanner, reading: Reading
) -> None:
    scanner.scan(CARD, b"")
    wait_for(lambda: len(reading.scans) == 1)
    assert reading.texts() == [CARD]


def test_nfd_bytes_come_out_nfc_and_bad_bytes_are_flagged(
    scanner: VirtualScanner, reading: Reading
) -> None:
    scanner.scan(unicodedata.normalize("NFD", CARD))
    scanner.send(b"001090123456|Nguy\xe1n\r\n")  # a Windows-1258 byte: no UTF-8
    wait_for(lambda: len(reading.scans) == 2)
    assert reading.scans[0] == Scan(CARD, damaged=False)
    assert reading.scans[1].damaged and "\ufffd" in reading.scans[1].text


def test_unplugged_and_plugged_back(scanner: VirtualScanner, reading: Reading) -> None:
    scanner.send("001090123456|Nguyễn".encode())  # half a scan, then the cable is pulled
    time.sleep(0.1)
    scanner.unplug()
    wait_for(lambda: reading.reader.state is ScannerState.UNPLUGGED)
    time.sleep(0.2)  # tried again, and again: still unplugged, not "not found"
    assert reading.reader.state is ScannerState.UNPLUGGED
    scanner.plug()  # a new pty behind the same path
    wait_for(lambda: reading.reader.state is ScannerState.CONNECTED)
    scanner.scan(CARD)
    wait_for(lambda: len(reading.scans) == 1)
    assert reading.texts() == [CARD]  # the half scan from before was dropped
    assert reading.states == [
        ScannerState.CONNECTED,
        ScannerState.UNPLUGGED,
        ScannerState.CONNECTED,
    ]


def test_a_port_not_there_at_the_start_is_not_found_until_it_comes(tmp_path: Path) -> None:
    path = tmp_path / "ttyLater"
    one = Reading(path)
    one.reader.start()
    try:
        wait_for(lambda: one.reader.state is ScannerState.NOT_FOUND)
        with VirtualScanner(path) as scanner:
            wait_for(lambda: one.reader.state is ScannerState.CONNECTED)
            scanner.scan(CARD)
            wait_for(lambda: len(one.scans) == 1)
            one.reader.stop()  # before the scanner goes: it would be unplugged
    finally:
        one.reader.stop()
    assert one.states == [ScannerState.NOT_FOUND, ScannerState.CONNECTED]


def test_settings_are_stored_with_their_event(services: Services) -> None:
    scanning = services.scanning
    assert scanning.settings() == ScannerSettings(None, 9600)
    assert scanning.configure(" /dev/ttyACM0 ", 115200, "admin") == ScannerSettings(
        "/dev/ttyACM0", 115200
    )
    assert ScannerService(services.db, services.clock, services.unit).settings() == (
        ScannerSettings("/dev/ttyACM0", 115200)
    )
    row = services.db.execute(
        "SELECT payload FROM events WHERE type = 'scanner.configured'"
    ).fetchone()
    assert json.loads(row[0]) == {"port": "/dev/ttyACM0", "baudrate": 115200}
    scanning.configure("", 9600, "admin")  # back to keyboard mode
    assert scanning.settings().port is None


@pytest.mark.parametrize(
    ("port", "baudrate", "code"),
    [
        ("COM4\x1b[2J", 9600, "scanner_port_invalid"),
        ("COM" + "4" * 300, 9600, "scanner_port_invalid"),
        ("COM4", 1234, "scanner_baudrate_invalid"),
    ],
)
def test_bad_settings_are_refused(services: Services, port: str, baudrate: int, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        services.scanning.configure(port, baudrate, "admin")
    assert caught.value.code == code
    assert services.scanning.settings() == ScannerSettings(None, 9600)


def test_a_reader_needs_a_port() -> None:
    with pytest.raises(ValueError, match="port"):
        ScannerReader(ScannerSettings(None), print, print)


def test_a_scanner_speed_edited_by_hand_is_the_default_one(services: Services) -> None:
    """ "²" passes str.isdigit and then fails int(): read as no speed, never a crash.
    (Every shape of a bad value: tests/domain/test_hostile_parsers.py.)"""
    with transaction(services.db):
        settings.put(services.db, "scanner_baudrate", "\u00b2")
    assert services.scanning.settings().baudrate == 9600
    with transaction(services.db):
        settings.put(services.db, "scanner_baudrate", "19200")
    assert services.scanning.settings().baudrate == 19200
