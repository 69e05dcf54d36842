"""Text normalisation: NFC on the way in, folding for search.

Vietnamese arrives from scanners and keyboards in NFC, NFD or a mix; we store
NFC. Search compares *folded* text: no diacritics, lower case, ``đ`` as ``d``
(``đ`` is a letter of its own in Unicode, not ``d`` plus a mark, so stripping
combining marks alone does not fold it).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Terminal escape sequences (CSI "ESC [ ... final", OSC "ESC ] ... BEL/ST", and a lone
# ESC with its next character): pasted from a terminal, or hostile, never part of a name.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]"
)
# What no text of ours keeps: control characters other than whitespace (Cc), invisible
# format characters (Cf: zero-width spaces and joiners, BOM, bidi overrides, soft
# hyphen...; the table of Unicode 14, Python 3.11) and lone surrogates (from JSON's
# "\ud800" or a command line that is not UTF-8). tests/domain/test_text.py checks the
# table against unicodedata.
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)


def visible(text: str) -> str:
    """``text`` without escape sequences, control, invisible format characters and lone
    surrogates: what a name made only of them really is (empty)."""
    return _HIDDEN.sub("", _ESCAPES.sub("", text))


def one_plain_line(text: str) -> bool:
    """Visible characters and plain spaces only: no tab, line break or other control that
    ``visible`` keeps as whitespace (a port's name, a path)."""
    return visible(text) == text and not any(ch.isspace() and ch != " " for ch in text)


UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})  # Unicode categories


def shown(text: str, keep_lines: bool = True, most: int | None = None) -> str:
    """``text`` safe to print: control and invisible characters and lone surrogates
    written as escapes (``\\x1b``), so that an input echoed back cannot clear the
    terminal, hide itself or break the output's encoding. Tabs and line breaks stay,
    unless ``keep_lines`` is false (a table's cell, where one would forge a row). Cut
    after ``most`` characters (an error line that echoes a 100 KB argument)."""
    if most is not None and len(text) > most:
        text = f"{text[:most]}… ({len(text) - most} more characters)"
    kept = "\t\n" if keep_lines else ""
    return "".join(
        ch if ch in kept or unicodedata.category(ch) not in UNSHOWN else ascii(ch)[1:-1]
        for ch in text
    )


def tidy(text: str) -> str:
    """NFC-normalise and collapse whitespace, keeping hidden characters: for text where
    one is a reason to refuse the whole (a card scan is then garbled), not to drop it."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def clean(text: str) -> str:
    """NFC-normalise, drop what cannot be seen (:func:`visible`) and collapse runs of
    whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", visible(text))).strip()


def clean_within(text: str, most: int) -> str:
    """:func:`clean`, then at most ``most`` characters: NFC writes some characters as
    two (U+0958 is U+0915 U+093C), so a text within its limit as sent may not be once
    cleaned, and a database column of that width refuses it."""
    return clean(text)[:most].rstrip()


def fold(text: str) -> str:
    """Fold for search: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return clean(stripped).casefold()


def counted(count: int, noun: str) -> str:
    """``count`` and an English ``noun``, plural but for one: "1 dossier", "3 dossiers"
    (the command line's English; Vietnamese nouns do not change)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def whole_number(text: str) -> int | None:
    """The number that ASCII digits write (at most 18 of them), else None: a stored
    value edited by hand reads as no number. ``int`` would also take signs, spaces,
    ``_`` and other scripts' digits (``"²"`` even passes ``isdigit`` and then fails)."""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
