"""Commands on the procedure catalogue: the fees this unit has not set yet."""

from __future__ import annotations

import argparse
import re
from typing import Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    OFFICER_HELP,
    UsageError,
    active_officer,
    open_services,
    parse_day,
)
from counter_app.cli.parser import Parser

# "15000", "15.000" or "15,000": Vietnamese writes thousands with dots. ASCII digits
# only: int() would also read full-width or Arabic-Indic ones.
_AMOUNT = re.compile(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+")


MAX_AMOUNT_CHARACTERS = 20  # "1.000.000.000.000" and more: any real fee is far below


def parse_amount(text: str) -> int:
    value = text.strip()
    if len(value) > MAX_AMOUNT_CHARACTERS or not _AMOUNT.fullmatch(value):
        raise UsageError(f"'{text}' is not an amount in đồng like 15000")
    return int(value.replace(".", "").replace(",", ""))


def cmd_missing_fees(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        missing = services.catalogue.missing_fees()
    for item in missing:
        for rule in item.rules:
            print(f"{item.procedure.code}\t{item.procedure.name}\t{rule.id}\t{rule.label}")
    return 0


def cmd_set_fee(args: argparse.Namespace) -> int:
    amount = parse_amount(args.amount)
    start = parse_day(args.date_from) if args.date_from else None
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        procedure = services.catalogue.set_fee(
            args.code, amount, officer, rule_id=args.rule, effective_from=start
        )
    print(
        f"{procedure.code} version {procedure.version}: {amount} đồng from "
        f"{procedure.effective_from.isoformat()}"
    )
    return 0


def cmd_dossier_fee(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        dossier = services.reception.determine_fee(args.code, officer)
    print(f"{dossier.code}\t{dossier.fee_total}")
    return 0


def add_commands(sub: Any) -> None:
    catalogue = sub.add_parser("catalogue", help="the procedure catalogue").add_subparsers(
        dest="catalogue_command", required=True, parser_class=Parser
    )
    missing = catalogue.add_parser(
        "missing-fees", help="procedures in force whose fee this unit has not set"
    )
    missing.set_defaults(handler=cmd_missing_fees)
    fee = catalogue.add_parser("set-fee", help="set the amount of a procedure's fee (per case)")
    fee.add_argument("code", help="the procedure, e.g. 1.001022")
    fee.add_argument("amount", help="whole đồng, e.g. 15000")
    fee.add_argument("--rule", help="the fee rule's id, when the procedure has several")
    fee.add_argument("--from", dest="date_from", help="first day of the new fee (default today)")
    fee.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    fee.set_defaults(handler=cmd_set_fee)


def add_dossier_commands(dossier: Any) -> None:
    """`dossier fee CODE`: price a dossier received before its fee was set."""
    fee = dossier.add_parser(
        "fee", help="price a dossier whose fee was not set when it was received"
    )
    fee.add_argument("code")
    fee.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    fee.set_defaults(handler=cmd_dossier_fee)
