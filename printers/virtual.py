"""The virtual printer: the far end of a serial link, for tests, the demo and support.

It opens a pty pair; ``url`` is the slave's path, which ``serial.serial_for_url``
(and so ``SerialPrinter``) opens like a COM port. A thread reads what arrives, decodes
it into paper, and answers DLE EOT status requests at once in whatever state it was
put (paper out, cover open, silent...). Like a real printer out of paper it prints
nothing while it cannot print: those bytes are kept apart as ``discarded``.
POSIX only (it needs ``os.openpty``).
"""

from __future__ import annotations

import os
import select
import threading
import tty
from types import TracebackType

from printers.decoder import Decoder, decode
from printers.paper import (
    Block,
    Paper,
    PaperCut,
    PrintedImage,
    PrintedLine,
    PrintedQr,
)
from printers.profiles import PrinterProfile
from printers.transport import PrinterStatus

__all__ = [
    "Block",
    "Decoder",
    "Paper",
    "PaperCut",
    "PrintedImage",
    "PrintedLine",
    "PrintedQr",
    "VirtualPrinter",
    "decode",
]

ONLINE_BYTE = 0x12  # the fixed bits of every status byte: "all is well"
# (DLE EOT 1, 2, 4) answers per state, bits as in DOMAIN.md §8.
REPLIES: dict[PrinterStatus, tuple[int, int, int]] = {
    PrinterStatus.ONLINE: (0x12, 0x12, 0x12),
    PrinterStatus.OFFLINE: (0x1A, 0x52, 0x12),
    PrinterStatus.COVER_OPEN: (0x1A, 0x16, 0x12),
    PrinterStatus.PAPER_NEAR_END: (0x12, 0x12, 0x1E),
    PrinterStatus.PAPER_OUT: (0x1A, 0x32, 0x7E),
}


class VirtualPrinter:
    """A printer on a pty. Always ``close()`` it (or use ``with``): it owns a thread."""

    def __init__(self, profile: PrinterProfile | None = None) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.url = os.ttyname(self._slave)
        self._wake_read, self._wake_write = os.pipe()
        self._lock = threading.Lock()
        self._state = PrinterStatus.ONLINE
        self._budget: int | None = None
        self._received = bytearray()
        self._discarded = bytearray()
        self._decoder = Decoder(profile, on_status=self._answer)
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="virtual-printer", daemon=True)
        self._thread.start()

    # --- what the test or the user controls -------------------------------------------

    @property
    def state(self) -> PrinterStatus:
        with self._lock:
            return self._state

    def set_state(self, state: PrinterStatus) -> None:
        """ONLINE prints; NO_REPLY is a silent (unplugged) printer; the rest print nothing."""
        with self._lock:
            self._set_state(state)

    def run_out_after(self, byte_count: int) -> None:
        """Empty the roll after this many more bytes: a job that runs out midway."""
        with self._lock:
            self._budget = byte_count

    # --- what came out ------------------------------------------------------------------

    @property
    def paper(self) -> Paper:
        """Everything printed so far, every job on one roll."""
        with self._lock:
            return self._decoder.paper

    @property
    def jobs(self) -> list[Paper]:
        """The paper of each job (a job starts with ESC @), a partial one included."""
        with self._lock:
            return [Paper(job.dots, list(job.blocks)) for job in self._decoder.jobs]

    @property
    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    @property
    def discarded(self) -> bytes:
        """Bytes that arrived while the printer could not print."""
        with self._lock:
            return bytes(self._discarded)

    # --- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        """Stop the thread and close the pty; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        os.write(self._wake_write, b"x")
        self._thread.join(timeout=5)
        for fd in (self._master, self._slave, self._wake_read, self._wake_write):
            os.close(fd)

    def __enter__(self) -> VirtualPrinter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- the printer's side -------------------------------------------------------------

    def _set_state(self, state: PrinterStatus) -> None:
        self._state = state
        self._decoder.printing = state.printable

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._master, self._wake_read], [], [])
            if self._wake_read in ready:
                return
            try:
                data = os.read(self._master, 4096)
            except OSError:
                return
            with self._lock:
                self._consume(data)

    def _consume(self, data: bytes) -> None:
        self._received += data
        if self._budget is not None and self._budget < len(data) and self._state.printable:
            self._feed(data[: self._budget])
            data = data[self._budget :]
            self._budget = None
            self._set_state(PrinterStatus.PAPER_OUT)
        elif self._budget is not None:
            self._budget -= len(data)
        self._feed(data)

    def _feed(self, data: bytes) -> None:
        if not self._state.printable:
            self._discarded += data
        self._decoder.feed(data)

    def _answer(self, which: int) -> None:
        """A status request, answered at once (runs in the reader thread, lock held)."""
        replies = REPLIES.get(self._state)
        if replies is None:
            return  # silent
        index = {1: 0, 2: 1, 4: 2}.get(which)
        os.write(self._master, bytes([replies[index] if index is not None else ONLINE_BYTE]))
