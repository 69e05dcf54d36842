"""What every command shares: usage errors, reading arguments, opening the installation.

No argparse here: a plain search (``cli/search.py``) opens the installation without it.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the commands that open the installation import it (see cli/__init__)
    import argparse
    from decimal import Decimal
    from types import SimpleNamespace

    from counter_app import app
    from counter_app.domain.clock import Clock


# The officer a command acts as without --officer: the administrator account every
# installation starts with (services.unit.ADMIN_USERNAME, which the parser does not load).
DEFAULT_OFFICER = "admin"


class UsageError(Exception):
    """Bad input on the command line itself (exit 2)."""


def parse_minute(text: str) -> datetime:
    from counter_app.domain.clock import VIETNAM  # the time zone data: not for the parser

    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a time like 2026-11-23 09:15") from exc


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a date like 2026-11-23") from exc


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

    print(json.dumps(value, ensure_ascii=False, indent=2))


def read_json(name: str) -> Any:
    import json  # for the commands that read JSON, not for the parser

    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(text)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{name} is not valid UTF-8 JSON: {exc}") from exc
    except RecursionError:
        raise UsageError(f"{name} is nested too deeply to be read") from None


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc


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
            raise UsageError(f"cannot use the data folder {self._folder}: {reason}") from exc
        return self.open_services

    def __exit__(self, *exc: object) -> None:
        self.open_services.close()


def active_officer(services: app.Services, username: str) -> str:
    from counter_app.storage import officers

    officer = officers.by_username(services.db, username)
    if officer is None or not officer.active:
        raise UsageError(f"there is no active officer '{username}'")
    return officer.username
