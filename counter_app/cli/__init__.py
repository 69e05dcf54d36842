"""The command line, for ward IT and scripts.

English messages; exit 0 on success, exit 2 with one line on stderr for bad
input; JSON on stdout where the command says JSON. With no command the
counter window opens.

A bare ``--version`` is answered before anything else loads; a plain ``search`` and a
plain start of the window are read without argparse (``cli/search.py``, ``cli/gui.py``);
every other command line goes to the parser (``cli/parser.py``), which loads no service,
database, PDF or Qt module (tests/test_light_start.py).
"""

from __future__ import annotations

import os
import sys

from counter_app import __version__
from counter_app.cli.example import EXAMPLE_RECEPTION

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EXAMPLE_RECEPTION", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # what ward IT runs first: nothing more to load for it
        print(f"counter-app {__version__}")  # argparse's own answer, word for word
        return 0
    return _run(arguments)


def _run(arguments: list[str]) -> int:
    # Loaded here, not above: pathlib, datetime and the rest are a third of a bare start.
    from counter_app.cli.common import UsageError
    from counter_app.cli.gui import plain_gui
    from counter_app.cli.search import plain_search
    from counter_app.domain.errors import DomainError

    try:
        _refuse_undecodable(arguments)
        args = plain_search(arguments) or plain_gui(arguments)
        if args is None:
            from counter_app.cli.parser import parse

            args = parse(arguments)
        return args.handler(args)
    except (UsageError, DomainError) as exc:
        # One line, whatever the input echoed in the message contained, and nothing of
        # it that a terminal would obey (an ESC[2J clears the screen) or hide.
        _error(" ".join(str(exc).splitlines()))
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
        _error(line)
        return 2


MOST_SHOWN = 2000  # characters of an error line: an argument echoed in it may be huge


def _error(line: str) -> None:
    """The one line on stderr, made safe to print and cut to a readable length."""
    from counter_app.domain.text import shown

    print(f"counter-app: error: {shown(line, most=MOST_SHOWN)}", file=sys.stderr)


def _refuse_undecodable(arguments: list[str]) -> None:
    """An argument that is not UTF-8 arrives with lone surrogates (Python's
    surrogateescape): no name, code or path of ours is such text, and it could be
    neither stored nor printed. It is not shown either: it may be a name or an ID number."""
    from counter_app.cli.common import UsageError

    for position, argument in enumerate(arguments, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in argument):
            raise UsageError(f"argument {position} is not valid UTF-8 text")


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
