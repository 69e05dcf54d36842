"""Hypothesis strategies for hostile input: text no keyboard types, JSON no client sends.

``hostile_text()`` mixes any code point (lone surrogates included, which ``st.text()``
leaves out), control and escape sequences, zero-width and bidi characters, NUL,
decomposed (NFD) Vietnamese, 5,000-digit numbers and 100 KB strings.
``hostile_json()`` adds NaN and infinities, huge integers, deep nesting and the wrong
types where a document expects others.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

SPECIALS = (
    "\x00",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x07",
    "\x08",
    "\x7f",
    "\x9b",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u00ad",
    "\u00a0",
    "\ud800",
    "\udfff",
    "\r\n",
    "\t",
    "|",
    "Nguyễn",
    unicodedata.normalize("NFD", "Trần Thị Bích Ngọc"),
    "Nữ",
    "9" * 5000,
    "29022023",
    "30022024",
    "31129999",
    "01010001",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
)

# Any code point, lone surrogates too (st.text() leaves them out by default).
ANY_CHARACTER = st.characters(exclude_categories=())


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.sampled_from(SPECIALS), st.text(ANY_CHARACTER, max_size=8), st.text(max_size=8)
    )
    joined = st.lists(pieces, max_size=max_size // 4).map("".join)
    return st.one_of(
        joined,
        st.text(ANY_CHARACTER, max_size=max_size),
        st.sampled_from(["", " ", "A" * 100_000, "\u200b" * 50_000, "9" * 5000]),
    )


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from([10**40, -(10**40), 2**63, -1, 0]),
        st.floats(allow_nan=True, allow_infinity=True),
        hostile_text(30),
    )


def hostile_json(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Any JSON-ish value: what ``json.loads`` can give, NaN and infinities included."""
    return st.recursive(
        _scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(max_size=12), inner, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def deeply_nested(depth: int = 5000) -> Any:
    """A list inside a list ... ``depth`` times (a recursive walk of it overflows)."""
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def shaped_like(template: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``template`` with some of its values, at any depth, replaced by hostile ones."""

    def vary(value: Any) -> st.SearchStrategy[Any]:
        if isinstance(value, dict):
            return st.fixed_dictionaries({k: vary(v) for k, v in value.items()})
        if isinstance(value, list):
            return st.one_of(st.just(value), st.lists(st.one_of(*map(vary, value)), max_size=3))
        return st.one_of(st.just(value), _scalars(), hostile_json(4))

    return vary(template)  # type: ignore[return-value]
