"""Sending jobs over a serial link, and asking the printer how it is.

``serial.serial_for_url`` opens a real port ("COM3", "/dev/ttyUSB0"), ``loop://`` or
the virtual printer's pty alike. A job is sent only to a printer that says it can
print, and the printer is asked again afterwards, so a job that ran into an empty
roll is reported (and resent by the caller), never silently lost.
"""

from __future__ import annotations

from enum import StrEnum
from types import TracebackType

import serial

from printers.commands import STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER, status_request

CHUNK = 512
# Status bits (DOMAIN.md §8, Epson DLE EOT).
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT, PAPER_END_STOP_BIT, ERROR_BIT = 0x04, 0x20, 0x40  # n=2
PAPER_NEAR_END_BITS, PAPER_OUT_BITS = 0x0C, 0x60  # n=4


class PrinterStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    COVER_OPEN = "cover_open"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    NO_REPLY = "no_reply"

    @property
    def printable(self) -> bool:
        return self in (PrinterStatus.ONLINE, PrinterStatus.PAPER_NEAR_END)


class PrinterError(Exception):
    """The printer cannot take (or did not finish) a job; ``status`` says why."""

    def __init__(self, status: PrinterStatus, detail: str = "") -> None:
        super().__init__(f"printer {status.value}" + (f": {detail}" if detail else ""))
        self.status = status
        self.detail = detail

    @staticmethod
    def status_in(message: str) -> PrinterStatus | None:
        """The status named by this class's message ("printer paper_out: not sent"), as a
        job waiting for the printer keeps it; None for any other text."""
        head = message.split(":", 1)[0].split(" ")
        if len(head) != 2 or head[0] != "printer":
            return None
        try:
            return PrinterStatus(head[1])
        except ValueError:
            return None


class PortError(PrinterError):
    """The serial port itself cannot be opened or written (unplugged adapter, no such port)."""

    def __init__(self, detail: str) -> None:
        super().__init__(PrinterStatus.NO_REPLY, detail)


class SerialPrinter:
    """One ESC/POS printer behind a serial URL. Close it (or use ``with``) when done."""

    def __init__(
        self,
        url: str,
        baudrate: int = 9600,
        write_timeout: float = 5,
        reply_timeout: float = 0.5,
    ) -> None:
        self.reply_timeout = reply_timeout
        self.baudrate = baudrate
        try:
            self._port = serial.serial_for_url(
                url, baudrate=baudrate, timeout=reply_timeout, write_timeout=write_timeout
            )
        except (serial.SerialException, ValueError) as error:
            raise PortError(f"cannot open {url}: {error}") from error

    def close(self) -> None:
        self._port.close()

    def __enter__(self) -> SerialPrinter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _ask(self, which: int, wait: float | None = None) -> int | None:
        """One status byte, or None when nothing came back in time."""
        timeout = self.reply_timeout if wait is None else wait
        try:
            self._port.reset_input_buffer()
            self._port.write(status_request(which))
            if self._port.timeout != timeout:
                self._port.timeout = timeout
            reply = self._port.read(1)
        except serial.SerialTimeoutException:
            return None
        except serial.SerialException as error:
            raise PortError(str(error)) from error
        return reply[0] if reply else None

    def status(self, wait: float | None = None) -> PrinterStatus:
        """Ask DLE EOT 1, then 2 or 4 for the detail; ``wait`` allows for queued data."""
        printer = self._ask(STATUS_PRINTER, wait)
        if wait is not None:
            self._port.timeout = self.reply_timeout
        if printer is None:
            return PrinterStatus.NO_REPLY
        if not printer & OFFLINE_BIT:
            paper = self._ask(STATUS_PAPER)
            if paper is not None and paper & PAPER_NEAR_END_BITS:
                return PrinterStatus.PAPER_NEAR_END
            return PrinterStatus.ONLINE
        cause = self._ask(STATUS_OFFLINE_CAUSE)
        if cause is not None and cause & COVER_OPEN_BIT:
            return PrinterStatus.COVER_OPEN
        paper = self._ask(STATUS_PAPER)
        if (cause is not None and cause & PAPER_END_STOP_BIT) or (
            paper is not None and paper & PAPER_OUT_BITS
        ):
            return PrinterStatus.PAPER_OUT
        return PrinterStatus.OFFLINE

    def send(self, data: bytes) -> None:
        """Send a whole job, or raise PrinterError saying why it did not (all) print."""
        before = self.status()
        if not before.printable:
            raise PrinterError(before, "not sent")
        try:
            for start in range(0, len(data), CHUNK):
                self._port.write(data[start : start + CHUNK])
        except serial.SerialTimeoutException:
            raise PrinterError(self.status(), "write timed out") from None
        except serial.SerialException as error:
            raise PortError(str(error)) from error
        # The answer queues behind the job, which takes 10 bits a byte on the wire.
        after = self.status(wait=self.reply_timeout + len(data) * 10 / self.baudrate)
        if not after.printable:
            raise PrinterError(after, "the job may be incomplete: send it again")
