"""``counter-app search``: the command a script runs most, with a start of its own.

``[--data-dir DIR] search TEXT`` is read here without argparse: importing argparse and
building even one command's parser (it looks up the translations of its messages on
disk, and sizes its help to the terminal) took longer than the search itself
(bench/README.md, Start). Any other shape (``--limit``, ``--help``, an option where
the text should be, a prefix of ``--data-dir``) goes to the full parser, which
gives the same answer and every usage error.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from counter_app.cli.common import UsageError, open_services, without_data_dir

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    import argparse

DEFAULT_LIMIT = 50


def cmd_search(args: argparse.Namespace | SimpleNamespace) -> int:
    if not args.text.strip():
        raise UsageError("nothing to search for: give a name, an ID number, a phone or a code")
    with open_services(args) as services:
        for d in services.dossiers.search(args.text, args.limit):
            print(
                f"{d.code}\t{d.applicant.full_name}\t{d.applicant.id_number or ''}"
                f"\t{d.procedure_code}\t{d.received_at:%Y-%m-%d %H:%M}\t{d.status.value}"
            )
    return 0


def plain_search(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain search, as the parser would give them; None for any
    other command line. A value starting with "-" is left to argparse, which decides
    whether it is an option."""
    match without_data_dir(argv):
        case (folder, ["search", text]) if not text.startswith("-"):
            return SimpleNamespace(
                data_dir=folder,
                command="search",
                text=text,
                limit=DEFAULT_LIMIT,
                handler=cmd_search,
            )
        case _:
            return None
