"""Personal data kept to the minimum on what people see (Decree 13/2023/NĐ-CP).

A printed or displayed ID number is masked except its last four digits: enough for
the citizen to see that the paper is theirs, too little to be used as their number.
The legal forms, which the law says carry the full record, do not use this.
"""

from __future__ import annotations

import re

MASK = "*"
"""The masking character: ASCII, so every printer encoding (TCVN-3, CP1258, the
raster lines, "không dấu") prints it the same; "•" is not in TCVN-3."""

SHOWN_DIGITS = 4
"""The last digits left visible."""

MIN_LENGTH_TO_SHOW = 9
"""Below this (a 9-digit CMND is the shortest real number) nothing is shown: four
digits of a short number would be most of it."""

_ASCII_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = re.compile(r"\s+")
_LONGEST = 12  # a CCCD number: odd input is never masked to a longer line than that


def mask_id_number(number: str | None) -> str:
    """``"001090123456"`` → ``"********3456"``; ``""`` for no number.

    Whitespace is dropped first (numbers are typed in groups). A number too short to
    hide eight digits is masked whole, and anything that is not ASCII digits (a
    damaged or hostile value) is masked whole too: nothing of it reaches the paper.
    """
    chars = _WHITESPACE.sub("", number or "")
    if not chars:
        return ""
    if _ASCII_DIGITS.fullmatch(chars) is None:
        return MASK * min(len(chars), _LONGEST)
    if len(chars) < MIN_LENGTH_TO_SHOW:
        return MASK * len(chars)
    return MASK * (len(chars) - SHOWN_DIGITS) + chars[-SHOWN_DIGITS:]
