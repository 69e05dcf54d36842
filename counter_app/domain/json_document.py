"""A JSON document an officer or an operator hands a command in a file, read strictly.

``counter-app`` (a reception, a rating scale) and ``counter-central`` (a queue set-up, a
catalogue, a calendar) read their ``--file`` inputs with this one reader, so that a file
one of them takes the other takes too: a leading byte order mark, which Windows Notepad
writes, is skipped; what JSON does not allow, or allows with an unclear meaning, is
refused with one line saying what. Each message says what is wrong with the document
after its name: ``f"{name} {error}"``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from counter_app.domain.text import shown

MAX_DIGITS = 30
"""The most digits of a number: far above any count or amount, and int() of thousands of
digits is slow."""


class JsonDocumentError(ValueError):
    """The document is not JSON this project reads; the message says why, on one line,
    to follow the file's name."""


def read_document(name: str, read: Callable[[int], bytes], most: int) -> Any:
    """The document of the file ``name``, whose bytes ``read(count)`` gives (at most
    ``count``): refused whole, without parsing, when longer than ``most`` bytes. Every
    failure is a :class:`JsonDocumentError` whose message names the file, on one line."""
    try:
        data = read(most + 1)
    except OSError as exc:
        raise JsonDocumentError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > most:
        raise JsonDocumentError(f"{name} is larger than {most:,} bytes")
    try:
        return parse_document(data)
    except JsonDocumentError as exc:
        raise JsonDocumentError(f"{name} {exc}") from None


def parse_document(data: bytes) -> Any:
    """The JSON document of ``data``: UTF-8 (a leading byte order mark skipped), no NaN or
    Infinity (not JSON), no number of more than :data:`MAX_DIGITS` digits, no key twice
    in an object (which of the two would count is anyone's guess)."""
    try:
        return json.loads(
            data.decode("utf-8-sig"),
            parse_constant=_not_json,
            parse_int=_whole_number,
            parse_float=_finite_number,
            object_pairs_hook=_unique_keys,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JsonDocumentError(f"is not valid UTF-8 JSON: {exc}") from None
    except RecursionError:
        raise JsonDocumentError("is nested too deeply to be read") from None


def _not_json(constant: str) -> Any:
    raise JsonDocumentError(f"has {constant}, which is not a JSON number")


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JsonDocumentError(f"has a number of more than {MAX_DIGITS} digits")
    return int(text)


def _finite_number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonDocumentError(f"has the number {text[:40]}, which is too large")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            named = shown(key, keep_lines=False, most=40)
            raise JsonDocumentError(f"gives the key '{named}' twice in one object")
        seen.add(key)
    raise AssertionError("a key was given twice")  # dict() kept fewer: never reached
