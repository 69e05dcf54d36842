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

from counter_app import __version__
from counter_app.cli import catalogue, payments, printing, records, unit, vietqr
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


def build_parser() -> Parser:
    parser = Parser(prog="counter-app", description="Quầy Một Cửa counter application")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--data-dir",
        help="the data folder (default: $COUNTER_APP_DATA or the platform data folder)",
    )
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    records.add_commands(sub)
    catalogue.add_commands(sub)
    printing.add_commands(sub)
    payments.add_commands(sub)
    unit.add_commands(sub)
    vietqr.add_commands(sub)
    shot = sub.add_parser("screenshot", help="write PNGs of the windows (offscreen)")
    shot.add_argument("--out", required=True, metavar="DIR")
    shot.add_argument("--lang", choices=["vi", "en"], default="vi")
    shot.set_defaults(handler=cmd_screenshot)
    sub.add_parser("gui", help="open the counter window (the default)").set_defaults(
        handler=cmd_gui
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
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
