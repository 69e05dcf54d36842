"""``db retention`` (how long data is kept) and ``db purge`` (remove what is past it)."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    OFFICER_HELP,
    UsageError,
    active_officer,
    open_services,
    print_json,
)


def cmd_db_retention(args: argparse.Namespace) -> int:
    changes = _assignments(args.set or [])  # checked before the database is opened
    with open_services(args) as services:
        if changes:
            officer = active_officer(services, args.officer)
            services.retention.set_periods(changes, officer)
        print_json(services.retention.periods())
    return 0


def _assignments(given: list[str]) -> dict[str, int]:
    from counter_app.domain.retention import parse_assignment

    changes: dict[str, int] = {}
    for text in given:
        key, days = parse_assignment(text)
        if key in changes:
            raise UsageError(f"{key} is set twice")
        changes[key] = days
    return changes


def cmd_db_purge(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        done = services.retention.purge(officer, dry_run=args.dry_run)
    print_json({"dry_run": done.dry_run, "counts": done.counts, "days": done.days})
    return 0


def add_db_commands(db: Any) -> None:
    """``db retention`` and ``db purge`` under the ``db`` command."""
    shown = db.add_parser("retention", help="how many days drafts, papers' bytes, ... are kept")
    shown.add_argument(
        "--set",
        action="append",
        metavar="KEY=DAYS",
        help="drafts, print_bytes, walkin_tickets or daily_backups (repeatable)",
    )
    shown.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    shown.set_defaults(handler=cmd_db_retention)
    purge = db.add_parser("purge", help="remove what is past its retention period (JSON)")
    purge.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    purge.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    purge.set_defaults(handler=cmd_db_purge)
