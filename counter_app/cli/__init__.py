"""The command line, for ward IT and scripts.

English messages; exit 0 on success, exit 2 with one line on stderr for bad
input; JSON on stdout where the command says JSON. With no command the
counter window opens.

Building the parser loads no service, database, PDF or Qt module: each command
imports what it needs in its handler, so ``--version``, ``--help`` and a usage
error answer at once and a command pays only for what it uses
(tests/test_light_start.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from counter_app import __version__
from counter_app.cli import catalogue, payments, printing, records, sync, unit, vietqr
from counter_app.cli.common import Parser, UsageError, data_folder
from counter_app.cli.records import EXAMPLE_RECEPTION
from counter_app.domain.errors import DomainError

__all__ = ["EXAMPLE_RECEPTION", "build_parser", "main"]


def cmd_screenshot(args: argparse.Namespace) -> int:
    from counter_app.ui.main import screenshot

    for path in screenshot(Path(args.out), args.lang):
        print(path)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from counter_app import app

    # The window opens the installation itself: it says in Vietnamese what is wrong
    # with the store, and offers to restore a lost database.
    return app.run_gui(data_folder(args))


Handler = Callable[[argparse.Namespace], int]


def build_parser(command: str | None = None) -> Parser:
    """The parser; with ``command``, only that command's parser is really built.

    argparse makes every sub-parser (and looks up its messages' translations on disk)
    when the parser is built: for the one command a run needs, the forty others would
    take longer than the command itself. ``None`` builds them all (``--help``).
    """
    parser = Parser(prog="counter-app", description="Quầy Một Cửa counter application")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--data-dir",
        help="the data folder (default: $COUNTER_APP_DATA or the platform data folder)",
    )
    parser.set_defaults(handler=cmd_gui)
    subparsers = parser.add_subparsers(dest="command", parser_class=Parser)
    sub: Any = subparsers if command is None else _OnlyOne(subparsers, command)
    records.add_commands(sub)
    catalogue.add_commands(sub)
    printing.add_commands(sub)
    payments.add_commands(sub)
    unit.add_commands(sub)
    sync.add_commands(sub)
    vietqr.add_commands(sub)
    shot = sub.add_parser("screenshot", help="write PNGs of the windows (offscreen)")
    shot.add_argument("--out", required=True, metavar="DIR")
    shot.add_argument("--lang", choices=["vi", "en"], default="vi")
    shot.set_defaults(handler=cmd_screenshot)
    sub.add_parser("gui", help="open the counter window (the default)").set_defaults(
        handler=cmd_gui
    )
    if command and command not in subparsers.choices:
        return build_parser()  # a mistyped command: argparse lists the real ones
    return parser


class _Skipped:
    """Stands for the parser of a command not asked for: every call is a no-op."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return lambda *args, **kwargs: self


class _OnlyOne:
    """The sub-parsers action, building the parser of one command name only."""

    def __init__(self, subparsers: Any, wanted: str) -> None:
        self._subparsers = subparsers
        self._wanted = wanted

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name != self._wanted:
            return _Skipped()
        return self._subparsers.add_parser(name, **kwargs)


def asked_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` ("" for none: the window), or None when the whole
    parser is needed (help asked before any command)."""
    tokens = iter(argv)
    for token in tokens:
        if token in ("-h", "--help"):
            return None
        option = token.split("=", 1)[0]
        if len(option) > 2 and "--data-dir".startswith(option):  # argparse takes prefixes
            if "=" not in token:
                next(tokens, None)  # its value
            continue
        if not token.startswith("-"):
            return token
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(asked_command(arguments)).parse_args(arguments)
        handler: Handler = args.handler
        return handler(args)
    except (UsageError, DomainError) as exc:
        # One line, whatever the input echoed in the message contained.
        print(f"counter-app: error: {' '.join(str(exc).splitlines())}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours. Point stdout
        # at /dev/null so the flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        line = _store_failure(exc)
        if line is None:
            raise  # a bug: its traceback is wanted
        print(f"counter-app: error: {line}", file=sys.stderr)
        return 2


def _store_failure(exc: Exception) -> str | None:
    """The one line for a failure of the store (damaged, locked, read-only, full disk,
    lost database), without any stored text; None for anything else."""
    if "counter_app.storage.errors" not in sys.modules:
        return None  # nothing touched the store (and nothing more is loaded to say so)
    from counter_app.storage import database, errors

    sqlite3 = sys.modules.get("sqlite3")
    typed = database.typed(exc) if sqlite3 and isinstance(exc, sqlite3.Error) else exc
    if not isinstance(typed, errors.StorageError):
        return None
    return " ".join(str(typed).splitlines())
