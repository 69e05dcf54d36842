"""The 2D scanner on a serial port: its settings, and the thread that reads it.

A scanner in keyboard mode loses the Vietnamese letters (no key types "ạ"); in
USB-COM mode (or on a real RS-232 port) it sends the code's UTF-8 bytes, which
:class:`ScannerReader` reads with pyserial in a thread of its own and hands over,
one :class:`~counter_app.domain.scans.Scan` at a time, to a callback. The thread
touches neither the database nor any widget: the window gives it callbacks that
queue the scan to the GUI thread. A port that is gone (a USB cable pulled) is
opened again every ``retry`` seconds until the scanner is back. docs/scanners.md
says how to set the scanners found in offices to that mode.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.scans import PAUSE_S, Scan, ScanLines, decode_scan
from counter_app.domain.serial_speeds import BAUD_RATES, DEFAULT_BAUDRATE, stored_baudrate
from counter_app.domain.text import one_plain_line
from counter_app.services.permissions import Guard, Permission
from counter_app.services.unit import Unit
from counter_app.storage import events, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

if TYPE_CHECKING:
    import serial

LOG = logging.getLogger(__name__)
MAX_PORT = 200
PORT_KEY, BAUD_KEY = "scanner_port", "scanner_baudrate"
READ_TIMEOUT_S = 0.05  # how soon the thread sees a pause, a stop or new settings
RETRY_S = 1.0


@record(frozen=True)
class ScannerSettings:
    port: str | None  # None: no serial scanner (a keyboard-mode one needs no setting)
    baudrate: int = DEFAULT_BAUDRATE


@record(frozen=True)
class SerialPort:
    """A port of this PC as the settings list it: ``COM4`` and what the device says it is."""

    device: str
    description: str


class ScannerService:
    """The scanner's settings: a device setting of the counter (``Permission.SCANNER``)."""

    def __init__(self, db: Database, clock: Clock, unit: Unit) -> None:
        self._db = db
        self._clock = clock
        self._unit = unit
        self._guard = Guard(db, clock, unit.device_id)

    def settings(self) -> ScannerSettings:
        values = settings.get_all(self._db)
        return ScannerSettings(
            port=values.get(PORT_KEY) or None, baudrate=stored_baudrate(values.get(BAUD_KEY))
        )

    def configure(self, port: str | None, baudrate: int, officer: str) -> ScannerSettings:
        """The port the scanner is on (None: no serial scanner) and its speed."""
        self._guard.require(officer, Permission.SCANNER)
        port = _checked_port(port)
        if baudrate not in BAUD_RATES:
            raise DomainError("scanner_baudrate_invalid", f"{baudrate} is not a serial speed.")
        context = events.EventContext(self._unit.device_id, officer)
        payload = {"port": port or "", "baudrate": baudrate}
        with transaction(self._db):
            settings.put(self._db, PORT_KEY, port or "")
            settings.put(self._db, BAUD_KEY, str(baudrate))
            events.append(
                self._db,
                context,
                "scanner.configured",
                ("scanner", self._unit.device_id),
                payload,
                self._clock.now(),
            )
        return ScannerSettings(port, baudrate)

    def ports(self) -> list[SerialPort]:
        """The serial ports of this PC, with the name the device gives (pyserial's scan)."""
        from serial.tools import list_ports  # only when the settings are opened

        found = [
            SerialPort(port.device, _description(port.device, port.description))
            for port in list_ports.comports()
        ]
        return sorted(found, key=lambda port: port.device)


def _description(device: str, description: str | None) -> str:
    return "" if not description or description in ("n/a", device) else description


def _checked_port(port: str | None) -> str | None:
    if port is None or not port.strip():
        return None
    if not one_plain_line(port) or len(port) > MAX_PORT:
        raise DomainError(
            "scanner_port_invalid",
            f"The scanner port must be a name like COM4 or /dev/ttyACM0 of at most "
            f"{MAX_PORT} visible characters.",
            limit=MAX_PORT,
        )
    return port.strip()


class ScannerState(StrEnum):
    OFF = "off"  # no port set: keyboard mode only
    CONNECTING = "connecting"  # the thread started, the port not opened yet
    CONNECTED = "connected"
    NOT_FOUND = "not_found"  # the port never opened since the start
    UNPLUGGED = "unplugged"  # it was open and went away; tried again until it is back


class ScannerReader(threading.Thread):
    """Reads scans from one port until stopped; reopens the port when it comes back.

    ``on_scan`` and ``on_state`` run on this thread: they must only queue their
    argument to where it is used (a Qt signal does). ``state`` is safe to read anywhere.
    """

    def __init__(
        self,
        config: ScannerSettings,
        on_scan: Callable[[Scan], None],
        on_state: Callable[[ScannerState], None],
        retry: float | None = None,
        pause: float = PAUSE_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name="scanner-reader", daemon=True)
        if config.port is None:
            raise ValueError("a scanner reader needs a port")
        self.port = config.port
        self._baudrate = config.baudrate
        self._on_scan = on_scan
        self._on_state = on_state
        self._retry = RETRY_S if retry is None else retry  # read late: tests shorten it
        self._lines = ScanLines(pause)
        self._monotonic = monotonic
        self._stop_event = threading.Event()
        self.state = ScannerState.CONNECTING
        self.scans = 0  # handed over since the start, for tests and logs

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=5)

    def run(self) -> None:
        connected_once = False
        while not self._stop_event.is_set():
            port = self._open()
            if port is None:
                self._set(ScannerState.UNPLUGGED if connected_once else ScannerState.NOT_FOUND)
                self._stop_event.wait(self._retry)
                continue
            connected_once = True
            self._set(ScannerState.CONNECTED)
            try:
                self._read(port)
            except (OSError, ValueError) as error:  # SerialException is an OSError
                LOG.info("scanner on %s lost: %s", self.port, error)
                self._set(ScannerState.UNPLUGGED)
            finally:
                self._lines.reset()
                _close(port)

    def _open(self) -> serial.Serial | None:
        import serial  # pyserial: once a serial scanner is set up

        try:
            return serial.serial_for_url(self.port, baudrate=self._baudrate, timeout=READ_TIMEOUT_S)
        except (OSError, ValueError) as error:
            if self.state is not ScannerState.NOT_FOUND:
                LOG.info("scanner port %s does not open: %s", self.port, error)
            return None

    def _read(self, port: serial.Serial) -> None:
        while not self._stop_event.is_set():
            data = port.read(max(port.in_waiting, 1))
            now = self._monotonic()
            for line in self._lines.feed(data, now) if data else self._lines.idle(now):
                scan = decode_scan(line)
                if scan.text:  # a byte order mark alone
                    self.scans += 1
                    self._on_scan(scan)

    def _set(self, state: ScannerState) -> None:
        if state is not self.state:
            self.state = state
            self._on_state(state)


def _close(port: serial.Serial) -> None:
    with contextlib.suppress(OSError):  # closing a port whose device is gone
        port.close()
