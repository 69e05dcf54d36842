"""Tooltips that show a text as written.

Qt reads a tooltip that looks like markup as HTML: a name from the catalogue or the
ward server such as "<b>Hộ tịch</b>" lost its tags and turned bold, and "&amp;" read
"&". Escaped inside a paragraph, the text is always read as HTML and shows as typed.
"""

from __future__ import annotations

from html import escape


def as_written(text: str) -> str:
    """The tooltip for ``text``, shown exactly as it is written, line breaks kept."""
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"
