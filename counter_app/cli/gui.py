"""``counter-app`` with no command: the counter window, with a start of its own.

``[--data-dir DIR]`` alone is read here without argparse, as a plain search is
(``cli/search.py``): building the parser, even with no command's sub-parser, and
importing the command modules took 10–25 ms of the time before the login shows
(bench/README.md, Start). Any other shape goes to the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from counter_app.cli.common import data_folder, without_data_dir

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse


def cmd_gui(args: argparse.Namespace | SimpleNamespace) -> int:
    from counter_app import app

    # The window opens the installation itself: it says in Vietnamese what is wrong
    # with the store, and offers to restore a lost database.
    return app.run_gui(data_folder(args))


def plain_gui(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain start of the window, as the parser would give them;
    None for any other command line."""
    match without_data_dir(argv):
        case (folder, []):
            return SimpleNamespace(data_dir=folder, handler=cmd_gui, command=None)
        case _:
            return None
