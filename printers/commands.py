"""ESC/POS commands as bytes (Epson's command reference; clones follow it loosely).

Every function returns the exact bytes of one command, so that ``render`` can stay
a plain concatenation and golden tests can pin the stream byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is loaded by whoever draws the image, not by the commands
    from PIL import Image

ESC, GS, DLE, FS = b"\x1b", b"\x1d", b"\x10", b"\x1c"
LF = b"\n"

# GS ( k, cn = 49 (QR code): function numbers are "fn" here, 165 = 49 + 65 ...
_QR_MODEL, _QR_SIZE, _QR_LEVEL, _QR_STORE, _QR_PRINT = 65, 67, 69, 80, 81
QR_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}
ALIGNMENTS = {"left": 0, "center": 1, "right": 2}

# DLE EOT n: which status byte to ask for.
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER = 1, 2, 4


def _byte(value: int, name: str, low: int = 0, high: int = 255) -> bytes:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")
    return bytes([value])


def initialize() -> bytes:
    """ESC @: clears modes and the buffer; every job starts with it."""
    return ESC + b"@"


def leave_chinese() -> bytes:
    """FS .: clones with a Chinese font read two bytes per character until told not to."""
    return FS + b"."


def code_page(page: int) -> bytes:
    """ESC t n: the table used for bytes 0x80-0xFF (0x00-0x7F always stays ASCII)."""
    return ESC + b"t" + _byte(page, "code page")


def align(alignment: str) -> bytes:
    """ESC a n: left, center or right; takes effect at the start of a line."""
    if alignment not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {alignment!r}")
    return ESC + b"a" + bytes([ALIGNMENTS[alignment]])


def bold(on: bool) -> bytes:
    """ESC E n: emphasized printing."""
    return ESC + b"E" + bytes([1 if on else 0])


def character_size(width: int, height: int) -> bytes:
    """GS ! n: width and height multipliers 1-8 (bits 4-6 and 0-2)."""
    _byte(width, "width", 1, 8)
    _byte(height, "height", 1, 8)
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def feed(lines: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    return ESC + b"d" + _byte(lines, "lines")


def cut(partial: bool, feed_first: bool = True) -> bytes:
    """GS V: function B (65/66 n) feeds to the cutter first; function A (0/1) cuts in place."""
    if feed_first:
        return GS + b"V" + bytes([66 if partial else 65, 0])
    return GS + b"V" + bytes([1 if partial else 0])


def _qr_function(function: int, data: bytes) -> bytes:
    size = len(data) + 2
    if size > 0xFFFF:
        raise ValueError("QR data too long")
    return GS + b"(k" + size.to_bytes(2, "little") + bytes([49, function]) + data


def qr_code(payload: bytes, module_size: int = 6, error_correction: str = "M") -> bytes:
    """GS ( k: model 2, module size, error correction, store the data, print it.

    The printer draws the symbol itself, so only the payload crosses the wire.
    """
    if error_correction not in QR_LEVELS:
        raise ValueError(f"error correction must be one of L, M, Q, H, not {error_correction!r}")
    return b"".join(
        [
            _qr_function(_QR_MODEL, bytes([50, 0])),
            _qr_function(_QR_SIZE, _byte(module_size, "QR module size", 1, 16)),
            _qr_function(_QR_LEVEL, bytes([QR_LEVELS[error_correction]])),
            _qr_function(_QR_STORE, b"0" + payload),
            _qr_function(_QR_PRINT, b"0"),
        ]
    )


def raster_image(image: Image.Image) -> bytes:
    """GS v 0: a 1-bit image, one bit per dot, rows padded to whole bytes, 1 = black."""
    mono = image.convert("1")
    width_bytes = (mono.width + 7) // 8
    # Pillow packs mode "1" with 1 = white; the printer burns the 1 bits.
    data = bytes(b ^ 0xFF for b in mono.tobytes())
    if mono.width % 8:
        mask = (0xFF << (8 - mono.width % 8)) & 0xFF
        rows = [data[i : i + width_bytes] for i in range(0, len(data), width_bytes)]
        data = b"".join(row[:-1] + bytes([row[-1] & mask]) for row in rows)
    header = width_bytes.to_bytes(2, "little") + mono.height.to_bytes(2, "little")
    return GS + b"v0\x00" + header + data


def status_request(which: int) -> bytes:
    """DLE EOT n: a real-time request answered with one byte, even when offline."""
    if which not in (STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER):
        raise ValueError(f"status request must be 1, 2 or 4, not {which}")
    return DLE + b"\x04" + bytes([which])
