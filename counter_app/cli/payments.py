"""Commands on fee payments: the daily reconciliation report."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    active_officer,
    open_services,
    parse_day,
    print_json,
)
from counter_app.cli.parser import Parser


def cmd_payments_report(args: argparse.Namespace) -> int:
    from counter_app.domain.clock import VIETNAM  # the time zone data: not for the parser

    day = datetime.combine(parse_day(args.date), time(12), VIETNAM)
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        services.payments.expire()
        print_json(services.payments.report(day, officer))
    return 0


def add_commands(sub: Any) -> None:
    payments = sub.add_parser("payments", help="fee payments").add_subparsers(
        dest="payments_command", required=True, parser_class=Parser
    )
    report = payments.add_parser(
        "report", help="a day's payments by state, totals by method, officer confirmations (JSON)"
    )
    report.add_argument("--date", required=True, help="YYYY-MM-DD")
    report.add_argument("--officer", default=DEFAULT_OFFICER, help="a head of unit or admin")
    report.set_defaults(handler=cmd_payments_report)
