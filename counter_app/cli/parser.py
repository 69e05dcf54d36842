"""The command line's parser: argparse, built for the one command a run asks for.

Building it loads no service, database, PDF or Qt module: each command imports what
it needs in its handler, so ``--version``, ``--help`` and a usage error answer at
once and a command pays only for what it uses (tests/test_light_start.py). The
command modules are imported when the parser is built: ``counter_app.cli`` itself
does not need them for a plain search (``cli/search.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from counter_app import __version__
from counter_app.cli.common import UsageError, data_folder
from counter_app.cli.gui import cmd_gui

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any, NoReturn

Handler = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def cmd_screenshot(args: argparse.Namespace) -> int:
    from counter_app.ui.main import screenshot

    for path in screenshot(Path(args.out), args.lang):
        print(path)
    return 0


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` read by the parser of the command it names (exit 2 through UsageError).
    An empty ``--data-dir`` is refused even by a command that opens no installation."""
    args = build_parser(asked_command(argv)).parse_args(argv)
    if args.data_dir is not None:
        data_folder(args)
    return args


def build_parser(command: str | None = None) -> Parser:
    """The parser; with ``command``, only that command's parser is really built.

    argparse makes every sub-parser (and looks up its messages' translations on disk)
    when the parser is built: for the one command a run needs, the forty others would
    take longer than the command itself. ``None`` builds them all (``--help``).
    """
    from counter_app.cli import (
        accounts,
        audit,
        backup,
        catalogue,
        citizens,
        display,
        payments,
        printing,
        queue,
        records,
        scanner,
        sync,
        unit,
        vietqr,
    )

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
    scanner.add_commands(sub)
    payments.add_commands(sub)
    unit.add_commands(sub)
    accounts.add_commands(sub)
    sync.add_commands(sub)
    queue.add_commands(sub)
    display.add_commands(sub)
    vietqr.add_commands(sub)
    audit.add_commands(sub)
    citizens.add_commands(sub)
    backup.add_commands(sub)
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
