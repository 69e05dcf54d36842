"""Vietnamese text as printer bytes: TCVN-3, CP1258 and unaccented, with their decoders.

Printers differ in which of these they can print (DOMAIN.md §8); every encoder takes
one NFC line and returns the bytes to send, code-page switches included, so that the
renderer never needs to know how a letter is written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Protocol

from printers.commands import code_page

# TCVN 5712:1993 "VN3" (the ABC fonts). Rows: the untoned letter (or "" when it is
# plain ASCII), then grave, hook above, tilde, acute, dot below. The byte values are
# the published table (the same positions as libiconv's TCVN-5712 for these letters).
_TCVN3_ROWS: tuple[tuple[str, str], ...] = (
    ("aàảãáạ", "--b5b6b7b8b9"),
    ("ăằẳẵắặ", "a8bbbcbdbec6"),
    ("âầẩẫấậ", "a9c7c8c9cacb"),
    ("eèẻẽéẹ", "--cccecfd0d1"),
    ("êềểễếệ", "aad2d3d4d5d6"),
    ("iìỉĩíị", "--d7d8dcddde"),
    ("oòỏõóọ", "--dfe1e2e3e4"),
    ("ôồổỗốộ", "abe5e6e7e8e9"),
    ("ơờởỡớợ", "aceaebecedee"),
    ("uùủũúụ", "--eff1f2f3f4"),
    ("ưừửữứự", "adf5f6f7f8f9"),
    ("yỳỷỹýỵ", "--fafbfcfdfe"),
)
# The lowercase font also holds the untoned capitals with a modifier, and đ/Đ.
_TCVN3_EXTRA = dict(zip("ĂÂÊÔƠƯĐđ", bytes.fromhex("a1a2a3a4a5a6a7ae"), strict=True))
# Those capitals keep their place in the capitals font (it only turns the lowercase
# positions into capitals), so a run of capitals need not switch back for them.
_TCVN3_BOTH_PAGES = frozenset("ĂÂÊÔƠƯĐ")


def _tcvn3_lower_table() -> dict[str, int]:
    table = dict(_TCVN3_EXTRA)
    for letters, hex_bytes in _TCVN3_ROWS:
        for index, letter in enumerate(letters):
            code = hex_bytes[index * 2 : index * 2 + 2]
            if code != "--":
                table[letter] = int(code, 16)
    return table


TCVN3_LOWER: dict[str, int] = _tcvn3_lower_table()
# The capitals font (code page "TCVN-3 capitals") puts each toned capital at the
# position of its lowercase letter: À prints from 0xB5 like à.
TCVN3_CAPITALS: dict[str, int] = {
    letter.upper(): code
    for letter, code in TCVN3_LOWER.items()
    if letter.islower() and letter.upper() not in TCVN3_LOWER
}
_TCVN3_LOWER_DECODE = {code: letter for letter, code in TCVN3_LOWER.items()}

# Tone marks CP1258 writes as separate combining bytes; vowel modifiers stay composed.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Common punctuation that legacy code pages lack.
_PUNCTUATION = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*"}


class CodePageState:
    """The printer's active code page, so a switch is sent only when it changes."""

    def __init__(self, page: int | None = None) -> None:
        self.page = page

    def select(self, page: int) -> bytes:
        if page == self.page:
            return b""
        self.page = page
        return code_page(page)


class TextEncoder(Protocol):
    def encode(self, text: str, state: CodePageState) -> bytes: ...


def unaccented(text: str) -> str:
    """Vietnamese without marks ("không dấu"), đ as d, other symbols as ASCII or '?'."""
    folded = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            continue
        char = {"đ": "d", "Đ": "D"}.get(char, _PUNCTUATION.get(char, char))
        folded.append(char if char.isascii() else "?")
    return "".join(folded)


class UnaccentedEncoder:
    """The last resort: every printer prints ASCII."""

    def encode(self, text: str, state: CodePageState) -> bytes:
        return unaccented(text).encode("ascii")


class Tcvn3Encoder:
    """TCVN-3, precomposed: lowercase and untoned capitals on one page, toned capitals
    on a companion page. Bytes below 0x80 are ASCII on both, so a run of capitals
    switches once and back only when a lowercase letter needs the other page."""

    def __init__(self, lower_page: int, capitals_page: int) -> None:
        self.lower_page = lower_page
        self.capitals_page = capitals_page

    def encode(self, text: str, state: CodePageState) -> bytes:
        out = bytearray()
        for char in unicodedata.normalize("NFC", text):
            if char.isascii():
                out += char.encode("ascii")
            elif char in _TCVN3_BOTH_PAGES and state.page == self.capitals_page:
                out += bytes([TCVN3_LOWER[char]])
            elif char in TCVN3_LOWER:
                out += state.select(self.lower_page) + bytes([TCVN3_LOWER[char]])
            elif char in TCVN3_CAPITALS:
                out += state.select(self.capitals_page) + bytes([TCVN3_CAPITALS[char]])
            else:
                out += unaccented(char).encode("ascii")
        return bytes(out)


def _cp1258_char(char: str) -> bytes:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    marks = unicodedata.normalize("NFD", char)
    tones = "".join(mark for mark in marks if mark in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in tones))
    try:
        return base.encode("cp1258") + tones.encode("cp1258")
    except UnicodeEncodeError:
        return unaccented(char).encode("ascii")


class Cp1258Encoder:
    """Windows-1258: â ê ô ă ơ ư đ composed; a tone is a precomposed letter when the
    code page has one (à, é...), otherwise the base letter and a combining tone byte."""

    def __init__(self, page: int) -> None:
        self.page = page

    def encode(self, text: str, state: CodePageState) -> bytes:
        body = b"".join(_cp1258_char(char) for char in unicodedata.normalize("NFC", text))
        if body.isascii():
            return body
        return state.select(self.page) + body


# --- decoders (the virtual printer reads bytes back through the active page) -------


def decode_tcvn3(data: bytes, capitals: bool = False) -> str:
    """TCVN-3 bytes to NFC text; ``capitals`` reads them through the capitals font."""
    return "".join(tcvn3_byte(byte, capitals) for byte in data)


def tcvn3_byte(byte: int, capitals: bool = False) -> str:
    if byte < 0x80:
        return chr(byte)
    letter = _TCVN3_LOWER_DECODE.get(byte, "\ufffd")
    return letter.upper() if capitals else letter


def decode_cp1258(data: bytes) -> str:
    """CP1258 bytes (combining tones included) to NFC text."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def decode_ascii(data: bytes) -> str:
    return data.decode("ascii", errors="replace")


ByteDecoder = Callable[[int], str]

BYTE_DECODERS: dict[str, ByteDecoder] = {
    "tcvn3": lambda byte: tcvn3_byte(byte),
    "tcvn3_capitals": lambda byte: tcvn3_byte(byte, capitals=True),
    "cp1258": lambda byte: bytes([byte]).decode("cp1258", errors="replace"),
    "cp437": lambda byte: bytes([byte]).decode("cp437"),
}
"""How one byte reads on a page holding each table; the caller composes NFC per line."""
