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


def clean(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Fold for search: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return clean(stripped).casefold()
