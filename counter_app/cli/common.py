"""What every command shares: usage errors, reading arguments, opening the installation.

No argparse here: a plain search (``cli/search.py``) opens the installation without it.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:  # the commands that open the installation import it (see cli/__init__)
    import argparse
    from collections.abc import Sequence
    from decimal import Decimal
    from types import SimpleNamespace
    from typing import Any

    from counter_app import app
    from counter_app.domain.clock import Clock


# The officer a command acts as without --officer: the administrator account every
# installation starts with (services.unit.ADMIN_USERNAME, which the parser does not load).
DEFAULT_OFFICER = "admin"
OFFICER_HELP = "the user name of the officer who does it (default: admin; see account list)"


class UsageError(Exception):
    """Bad input on the command line itself (exit 2)."""


def parse_minute(text: str) -> datetime:
    from counter_app.domain.clock import VIETNAM  # the time zone data: not for the parser
    from counter_app.domain.limits import check_moment

    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a time like 2026-11-23 09:15") from exc
    return check_moment(moment)


def parse_day(text: str) -> date:
    from counter_app.domain.limits import check_day

    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a date like 2026-11-23") from exc
    return check_day(day)


def parse_days(text: str) -> Decimal:
    from decimal import Decimal, InvalidOperation  # for the commands that count days

    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise UsageError(f"'{text}' is not a number of working days") from exc


MAX_SEARCH_LIMIT = 10_000


def parse_limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise UsageError(f"--limit must be a whole number from 1 to {MAX_SEARCH_LIMIT}")
    return limit


def print_json(value: Any) -> None:
    import json  # for the commands that answer in JSON, not for the parser
    import unicodedata

    from counter_app.domain.text import UNSHOWN

    text = json.dumps(value, ensure_ascii=False, indent=2)
    # As text.shown() does for text, with JSON's own escapes: the document stays the same.
    print(
        "".join(
            json.dumps(ch)[1:-1] if ch != "\n" and unicodedata.category(ch) in UNSHOWN else ch
            for ch in text
        )
    )


def read_ca(path: str | None) -> str | None:
    """The PEM text of ``--ca FILE`` (the ward's own certificate authority); one line for a
    file that cannot be read or is no certificate."""
    from counter_app.domain.text import shown

    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--ca {shown(path)}: cannot read it ({type(error).__name__})") from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise UsageError(f"--ca {shown(path)}: not a PEM certificate (-----BEGIN CERTIFICATE-----)")
    return text


MAX_JSON_BYTES = 1_000_000
"""The largest JSON document a command reads: a reception or a rating scale is a few KB."""


def read_json(name: str) -> Any:
    """The JSON document of a file (``-``: stdin), not over :data:`MAX_JSON_BYTES`, read
    as counter-central reads its files (``json_document.parse_document``: a leading byte
    order mark skipped, no NaN, no key twice in an object)."""
    from counter_app.domain.json_document import JsonDocumentError, read_document

    try:
        return read_document(name, lambda count: _read_bytes(name, count), MAX_JSON_BYTES)
    except JsonDocumentError as exc:
        raise UsageError(str(exc)) from None


def _read_bytes(name: str, most: int) -> bytes:
    if name != "-":
        with open(name, "rb") as file:
            return file.read(most)
    stdin: Any = sys.stdin
    if hasattr(stdin, "buffer"):
        return bytes(stdin.buffer.read(most))
    return str(stdin.read(most)).encode("utf-8", "surrogateescape")  # a test's StringIO


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc


def without_data_dir(argv: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """A command line read without argparse (a plain search, a plain start of the
    window): its leading ``--data-dir DIR``, if any, and the rest. None when the value
    starts with "-": argparse decides whether that is an option."""
    match list(argv):
        case ["--data-dir", folder, *rest]:
            return None if folder.startswith("-") else (folder, rest)
        case rest:
            return None, rest


def data_folder(args: argparse.Namespace | SimpleNamespace) -> Path:
    """The installation's folder; ``--data-dir ""`` (or an empty $COUNTER_APP_DATA) is
    refused rather than taken for the default folder."""
    from counter_app import app

    try:
        return app.data_dir(args.data_dir)
    except app.DataFolderError as exc:
        raise UsageError(str(exc)) from None


class open_services:
    def __init__(
        self, args: argparse.Namespace | SimpleNamespace, clock: Clock | None = None
    ) -> None:
        self._folder = data_folder(args)
        self._clock = clock

    def __enter__(self) -> app.Services:
        from counter_app import app

        try:
            self.open_services = app.build(self._folder, self._clock)
        except OSError as exc:  # unwritable, missing parent, a file in the way...
            reason = exc.strerror or str(exc)
            if self._folder.exists() and not self._folder.is_dir():
                reason = "it is a file, not a folder"  # mkdir says "File exists"
            raise UsageError(f"cannot use the data folder {self._folder}: {reason}") from exc
        return self.open_services

    def __exit__(self, *exc: object) -> None:
        self.open_services.close()


def active_officer(services: app.Services, username: str) -> str:
    from counter_app.storage import officers

    officer = officers.by_username(services.db, username)
    if officer is None or not officer.active:
        raise UsageError(
            f"there is no active officer '{username}': give the user name of one with "
            "--officer (the officers: counter-app account list)"
        )
    return officer.username
