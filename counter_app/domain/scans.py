"""What a 2D scanner sends, whichever way it is connected, and what the scan is.

A scanner in serial mode (USB-COM, or a real RS-232 port) sends the bytes of the
code as UTF-8, then the suffix it is set to: CR, LF, CR LF, or nothing, when the
end of a scan is a pause. :class:`ScanLines` cuts the byte stream into scans
(a read may stop anywhere, even inside a letter's bytes); :func:`decode_scan`
makes NFC text of one, flagging bytes that are not UTF-8. :func:`classify` tells
a card from the other codes an officer scans at the counter: the lookup QR on our
own receipts (:func:`counter_app.domain.dossiers.lookup_payload`) and a VietQR
transfer code (:mod:`counter_app.domain.vietqr`).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from counter_app.domain.dossiers import DOSSIER_CODE, SECRET_ALPHABET, SECRET_LENGTH
from counter_app.domain.personal_data import mask_id_number
from counter_app.domain.records import record

CR, LF = 0x0D, 0x0A
PAUSE_S = 0.3
"""No byte for this long ends a scan (a scanner set up with no suffix). Within a scan
a serial scanner sends without a gap: 9600 baud is about a byte a millisecond."""

MAX_SCAN_BYTES = 8192
"""A scan is cut here whatever follows: a noisy line must not grow without end. A card
QR is a few hundred bytes; anything this long is refused as no card."""

SHOWN_CHARACTERS = 80
_LONG_NUMBER = re.compile(r"[0-9]{9,}")
_LOOKUP = re.compile(
    rf"({DOSSIER_CODE.pattern})\|([{SECRET_ALPHABET}]{{{SECRET_LENGTH}}})", re.IGNORECASE
)
_VIETQR_HEADER = "000201"  # EMVCo payload format indicator "01", the first field of any
_NAPAS = "A000000727"  # the NAPAS network's id inside tag 38


class ScanLines:
    """Bytes in, whole scans out. Keeps what a read cut off until the rest arrives.

    CR, LF and CR LF each end a scan, also when the LF comes in the next read; a
    silence of :data:`PAUSE_S` ends one too (:meth:`idle`). Empty lines are no scans.
    """

    def __init__(self, pause: float = PAUSE_S) -> None:
        self._pause = pause
        self._buffer = bytearray()
        self._after_cr = False
        self._last = 0.0

    def feed(self, data: bytes, now: float) -> list[bytes]:
        """The scans ``data`` completes, arriving at ``now`` (seconds, monotonic)."""
        scans: list[bytes] = []
        if data:
            self._last = now
        for byte in data:
            if byte == LF and self._after_cr:
                self._after_cr = False
                continue
            self._after_cr = byte == CR
            if byte in (CR, LF):
                scans += self._cut()
            else:
                self._buffer.append(byte)
                if len(self._buffer) >= MAX_SCAN_BYTES:
                    scans += self._cut()
        return scans

    def idle(self, now: float) -> list[bytes]:
        """The scan a pause ended, if nothing came for :data:`PAUSE_S` before ``now``."""
        if self._buffer and now - self._last >= self._pause:
            return self._cut()
        return []

    def reset(self) -> None:
        """Forget a half-received scan (the port was lost in the middle of it)."""
        self._buffer.clear()
        self._after_cr = False

    def _cut(self) -> list[bytes]:
        scan = bytes(self._buffer)
        self._buffer.clear()
        return [scan] if scan.strip() else []


@record(frozen=True)
class Scan:
    """One scan as text; ``damaged`` when some bytes were not UTF-8 (shown as U+FFFD)."""

    text: str
    damaged: bool = False


def decode_scan(data: bytes) -> Scan:
    """NFC text of a serial scan's bytes; a byte order mark is dropped."""
    try:
        text, damaged = data.decode("utf-8"), False
    except UnicodeDecodeError:
        text, damaged = data.decode("utf-8", errors="replace"), True
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip()
    return Scan(text, damaged)


class ScanKind(StrEnum):
    CARD = "card"  # anything not known to be another code goes to the card reader
    LOOKUP = "lookup"  # the dossier lookup QR of our receipt and form 01
    VIETQR = "vietqr"  # a bank transfer QR


@record(frozen=True)
class Lookup:
    """A receipt's lookup QR: the dossier code and its secret."""

    code: str
    secret: str


def classify(text: str) -> ScanKind:
    stripped = text.strip()
    if lookup_of(stripped) is not None:
        return ScanKind.LOOKUP
    if stripped.startswith(_VIETQR_HEADER) and _NAPAS in stripped.upper():
        return ScanKind.VIETQR
    return ScanKind.CARD


def lookup_of(text: str) -> Lookup | None:
    """The dossier code and secret of a lookup QR, or None for any other text."""
    match = _LOOKUP.fullmatch(text.strip())
    if match is None:
        return None
    code, secret = match.group(1), match.groups()[-1]
    return Lookup(code.upper(), secret.upper())


def shown_scan(text: str) -> str:
    """A scan as it may be shown on screen: every long number masked like an ID number
    (``personal_data``), control characters as "·", cut to :data:`SHOWN_CHARACTERS`."""
    masked = _LONG_NUMBER.sub(lambda number: mask_id_number(number.group()), text)
    visible = "".join("·" if unicodedata.category(c) == "Cc" else c for c in masked)
    if len(visible) > SHOWN_CHARACTERS:
        return visible[: SHOWN_CHARACTERS - 1] + "…"
    return visible
