"""An independent ESC/POS reader: bytes in, Paper out.

It reads the stream the way a printer does (text through the active code page, modes,
QR store and print, raster images, cuts) and is fed in chunks of any size, so the
virtual printer can use it on a live serial link and tests on a byte string.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PIL import Image

from printers.document import Align
from printers.paper import Paper, PaperCut, PrintedImage, PrintedLine, PrintedQr
from printers.profiles import PrinterProfile
from printers.vietnamese import BYTE_DECODERS

ESC, GS, DLE, FS, LF = 0x1B, 0x1D, 0x10, 0x1C, 0x0A
# Total length of the ESC and GS commands with fixed arguments (command byte included).
_ESC_LENGTHS = {
    **dict.fromkeys(b"@2<=", 2),
    **dict.fromkeys(b"taEd!-GMR3JV{eU ", 3),
    **dict.fromkeys(b"c$", 4),
    ord("p"): 5,
}
_GS_LENGTHS = {**dict.fromkeys(b"!BHfhwar", 3), **dict.fromkeys(b"LWP", 4)}
_QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
_ALIGNS = {
    0: Align.LEFT,
    1: Align.CENTER,
    2: Align.RIGHT,
    48: Align.LEFT,
    49: Align.CENTER,
    50: Align.RIGHT,
}

StatusHandler = Callable[[int], None]


class Decoder:
    """Parses ESC/POS into one Paper per job (a job starts at ESC @).

    ``printing`` False models a printer that cannot print (paper out): commands are
    still read (and status requests answered) but nothing reaches the paper.
    """

    def __init__(
        self,
        profile: PrinterProfile | None = None,
        on_status: StatusHandler | None = None,
    ) -> None:
        self.dots = profile.dots if profile else 576
        self.tables = profile.page_tables() if profile else {}
        self.on_status = on_status
        self.printing = True
        self.jobs: list[Paper] = [Paper(self.dots)]
        self.unknown: list[bytes] = []
        self._pending = bytearray()
        self._handlers = {ESC: self._esc, GS: self._gs, DLE: self._dle, FS: self._fs}
        self._reset()

    def _reset(self) -> None:
        self.page = 0
        self.align, self.bold, self.width, self.height = Align.LEFT, False, 1, 1
        self.qr_size, self.qr_level, self.qr_data = 3, "L", b""
        self._line: list[str] = []

    @property
    def paper(self) -> Paper:
        """Everything printed so far, all jobs on one roll."""
        return Paper(self.dots, [block for job in self.jobs for block in job.blocks])

    def feed(self, data: bytes) -> None:
        self._pending += data
        position = 0
        while position < len(self._pending):
            used = self._step(position)
            if used == 0:
                break  # an incomplete command: wait for more bytes
            position += used
        del self._pending[:position]

    # --- output ----------------------------------------------------------------------

    def _emit(self, block: PrintedLine | PrintedQr | PrintedImage | PaperCut) -> None:
        if self.printing:
            self.jobs[-1].blocks.append(block)

    def _flush_line(self) -> None:
        text = unicodedata.normalize("NFC", "".join(self._line))
        self._line = []
        self._emit(PrintedLine(text, self.align, self.bold, self.width, self.height))

    def _char(self, byte: int) -> None:
        table = self.tables.get(self.page, "cp437")
        self._line.append(BYTE_DECODERS[table](byte))

    # --- parsing: each returns the bytes used, or 0 when more are needed ----------------

    def _step(self, at: int) -> int:
        byte = self._pending[at]
        if byte in self._handlers:
            return self._handlers[byte](at)
        if byte == LF:
            self._flush_line()
        elif byte >= 0x20:
            self._char(byte)
        return 1

    def _arg(self, at: int, count: int) -> bytes | None:
        end = at + count
        return bytes(self._pending[at:end]) if end <= len(self._pending) else None

    def _esc(self, at: int) -> int:
        head = self._arg(at, 2)
        if head is None:
            return 0
        length = _ESC_LENGTHS.get(head[1], 2)
        command = self._arg(at, length)
        if command is None:
            return 0
        self._apply_esc(command)
        return length

    def _apply_esc(self, command: bytes) -> None:
        name, value = chr(command[1]), command[-1]
        if name == "@":
            self._line = []
            if self.jobs[-1].blocks:
                self.jobs.append(Paper(self.dots))
            self._reset()
        elif name == "t":
            self.page = value
        elif name == "a":
            self.align = _ALIGNS.get(value, Align.LEFT)
        elif name == "E":
            self.bold = bool(value & 1)
        elif name == "d":
            self._flush_line()
            for _ in range(value - 1):
                self._flush_line()
        elif name == "!":
            self.bold = bool(value & 0x08)
            self.height, self.width = 1 + bool(value & 0x10), 1 + bool(value & 0x20)
        elif command[1] not in _ESC_LENGTHS:
            self.unknown.append(command)

    def _gs(self, at: int) -> int:
        head = self._arg(at, 2)
        if head is None:
            return 0
        name = chr(head[1])
        if name == "(":
            return self._gs_function(at)
        if name == "v":
            return self._gs_raster(at)
        if name == "V":
            return self._gs_cut(at)
        length = _GS_LENGTHS.get(head[1], 2)
        command = self._arg(at, length)
        if command is None:
            return 0
        if name == "!":
            self.width, self.height = (command[2] >> 4) + 1, (command[2] & 0x07) + 1
        elif length == 2:
            self.unknown.append(command)
        return length

    def _gs_cut(self, at: int) -> int:
        head = self._arg(at, 3)
        if head is None:
            return 0
        length = 4 if head[2] in (65, 66) else 3
        if self._arg(at, length) is None:
            return 0
        self._emit(PaperCut(partial=head[2] in (1, 49, 66)))
        return length

    def _gs_function(self, at: int) -> int:
        head = self._arg(at, 5)
        if head is None:
            return 0
        size = head[3] | head[4] << 8
        command = self._arg(at, 5 + size)
        if command is None:
            return 0
        if head[2] == ord("k") and size >= 2 and command[5] == 49:
            self._qr(command[6], command[7:])
        return 5 + size

    def _qr(self, function: int, data: bytes) -> None:
        if function == 67 and data:
            self.qr_size = data[0]
        elif function == 69 and data:
            self.qr_level = _QR_LEVELS.get(data[0], "L")
        elif function == 80:
            self.qr_data = data[1:]
        elif function == 81:
            payload = self.qr_data.decode("utf-8", errors="replace")
            self._emit(PrintedQr(payload, self.qr_size, self.qr_level, self.align))

    def _gs_raster(self, at: int) -> int:
        head = self._arg(at, 8)
        if head is None:
            return 0
        width_bytes, height = head[4] | head[5] << 8, head[6] | head[7] << 8
        command = self._arg(at, 8 + width_bytes * height)
        if command is None:
            return 0
        if width_bytes and height:
            bits = bytes(byte ^ 0xFF for byte in command[8:])  # Pillow: 1 bit = white
            image = Image.frombytes("1", (width_bytes * 8, height), bits)
            self._emit(PrintedImage(image, self.align))
        return 8 + width_bytes * height

    def _dle(self, at: int) -> int:
        command = self._arg(at, 3)
        if command is None:
            return 0
        if command[1] == 0x04 and self.on_status is not None:
            self.on_status(command[2])
        return 3 if command[1] in (0x04, 0x05) else 1

    def _fs(self, at: int) -> int:
        head = self._arg(at, 2)
        if head is None:
            return 0
        return 3 if head[1] == ord("C") else 2


def decode(data: bytes, profile: PrinterProfile | None = None) -> Paper:
    """The paper a byte string prints (all its jobs on one roll)."""
    decoder = Decoder(profile)
    decoder.feed(data)
    return decoder.paper
