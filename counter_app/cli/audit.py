"""``counter-app audit verify``: the event log's hash chain end to end, then the tables
against the log (``services/chain_audit.py``). Reads only; never opens the counter's
store for writing."""

from __future__ import annotations

import argparse
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from counter_app.cli.common import data_folder, print_json
from counter_app.cli.parser import Parser
from counter_app.domain.text import counted

if TYPE_CHECKING:
    from counter_app.domain.chain_walk import ChainBreak
    from counter_app.services.chain_audit import AuditReport

EXIT_STATUS = (
    "Exit status: 0 when the log and the tables are intact, 1 when something is broken "
    "(each break is named), 2 with one line on stderr when the database is missing or "
    "damaged, or for bad usage."
)
SHOWN = 20  # lines of each kind in the human summary; --json lists up to 1000


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from counter_app.services import chain_audit

    report = chain_audit.verify(data_folder(args))
    if args.json:
        print_json(report.to_data())
    else:
        print("\n".join(summary(report)))
    return 0 if report.ok else 1


def summary(report: AuditReport) -> list[str]:
    """The report in a few English lines: the first break foremost."""
    span = f", the last at seq {report.last_seq}" if report.events else ""
    lines = [f"event log: {counted(report.events, 'event')}{span}"]
    if report.breaks:
        (first, *rest), shown = _by_event(report.breaks[: SHOWN + 1])
        lines.append(f"FIRST BREAK at {first}")
        lines += [f"  then at {line}" for line in rest]
        lines += _more(report.breaks_total - shown, "breaks")
    else:
        lines.append("hash chain: intact")
    lines += [f"LOG SHORTENED: {line}" for line in report.shortened]
    if report.tables_total:
        lines.append(f"tables against the log: {report.tables_total} differences")
        lines += [f"  {line}" for line in report.tables[:SHOWN]]
        lines += _more(report.tables_total - len(report.tables[:SHOWN]), "differences")
    elif not any(note.startswith("the tables") for note in report.notes):
        lines.append("tables against the log: no difference")
    lines += [f"note: {note}" for note in report.notes]
    lines.append("result: intact" if report.ok else "result: BROKEN")
    return lines


def _by_event(breaks: list[ChainBreak]) -> tuple[list[str], int]:
    """One line per event ("seq N (event ID): what; what"), and how many breaks they hold."""
    lines: list[str] = []
    for _seq, group in groupby(breaks, key=attrgetter("seq", "event_id")):
        items = list(group)
        details = "; ".join(item.detail for item in items)
        lines.append(f"seq {items[0].seq} (event {items[0].event_id}): {details}")
    return lines, len(breaks)


def _more(count: int, what: str) -> list[str]:
    return [f"  and {count} more {what} (--json lists them)"] if count > 0 else []


def add_commands(sub: Any) -> None:
    audit = sub.add_parser("audit", help="check the event log end to end").add_subparsers(
        dest="audit_command", required=True, parser_class=Parser
    )
    verify = audit.add_parser(
        "verify",
        help="walk the hash chain from the first event, then compare the tables with it",
        description="Walk the event log's hash chain from the first event and name the first "
        "broken link (seq, event id, what differs), then compare the dossiers, history, "
        "payments and bank account settings with the log. Read-only. " + EXIT_STATUS,
        epilog="See docs/audit.md.",
    )
    verify.add_argument("--json", action="store_true", help="the whole report as JSON")
    verify.set_defaults(handler=cmd_audit_verify)
