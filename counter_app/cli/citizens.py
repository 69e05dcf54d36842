"""``counter-app citizen export ID_NUMBER [--out FILE]``: a citizen's access request.

Everything the counter holds about the person with that ID number, as UTF-8 JSON
(NFC, not ASCII-escaped), on stdout or in FILE. The number is checked before the
database is opened; the export is recorded as an event naming the dossiers only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app.cli.common import DEFAULT_OFFICER, active_officer, open_services, write_file
from counter_app.cli.parser import Parser
from counter_app.domain.text import counted


def cmd_export(args: argparse.Namespace) -> int:
    import json
    import unicodedata

    from counter_app.domain.citizens import parse_id_number

    number = parse_id_number(args.id_number).number  # a malformed one: one line, exit 2
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        document = services.citizens.export(number, officer)
    text = unicodedata.normalize("NFC", json.dumps(document, ensure_ascii=False, indent=2))
    if args.out is None:
        print(text)
    else:
        write_file(Path(args.out), (text + "\n").encode("utf-8"))
        count = len(document["dossiers"])
        print(f"{counted(count, 'dossier')} written to {args.out}", file=sys.stderr)
    if "note" in document:
        print(document["note"], file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    citizen = sub.add_parser(
        "citizen", help="a citizen's personal data (Decree 13/2023)"
    ).add_subparsers(dest="citizen_command", required=True, parser_class=Parser)
    export = citizen.add_parser(
        "export",
        help="everything this counter holds about one ID number, as JSON (an access request)",
    )
    export.add_argument("id_number", metavar="ID_NUMBER", help="the 12-digit CCCD number")
    export.add_argument("--out", metavar="FILE", help="write the JSON here (default: stdout)")
    export.add_argument("--officer", default=DEFAULT_OFFICER, help="who answers the request")
    export.set_defaults(handler=cmd_export)
