"""Commands on the unit: what it is, the administrator's change of its agency id, and
the bank account its fees are paid into."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import DEFAULT_OFFICER, active_officer, open_services, print_json
from counter_app.cli.parser import Parser


def cmd_unit_show(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        unit, accounts = services.unit, services.accounts
        warning = accounts.agency_warning()
        print_json(
            {
                "agency_id": unit.agency_id,
                "name": unit.name,
                "place": unit.place,
                "counter_number": unit.counter_number,
                "sequence_block": [unit.block.first, unit.block.last],
                "needs_setup": accounts.needs_setup(),
                "agency_warning": warning.message if warning else None,
            }
        )
    return 0


def cmd_unit_set_agency_id(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        previous = services.unit.agency_id
        agency = services.accounts.change_agency_id(args.agency_id, args.officer)
    print(f"agency id {previous} -> {agency}; dossiers received from the next start get it")
    return 0


def cmd_unit_set_bank_account(args: argparse.Namespace) -> int:
    """As the window's bank account dialog: the account VietQR codes pay into (a
    counter enrolled at a server also gets it from there)."""
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        services.payments.set_bank_account(args.bin, args.account, args.name, officer)
        account = services.payments.bank_account()
    assert account is not None  # just saved
    print_json({"bin": account.bin, "account": account.account, "name": account.name})
    return 0


def add_commands(sub: Any) -> None:
    unit = sub.add_parser("unit", help="the unit this counter belongs to").add_subparsers(
        dest="unit_command", required=True, parser_class=Parser
    )
    unit.add_parser(
        "show", help="the unit and any warning about its agency id (JSON)"
    ).set_defaults(handler=cmd_unit_show)
    change = unit.add_parser(
        "set-agency-id", help="the ward's own agency id, for dossiers received from now on"
    )
    change.add_argument("agency_id", metavar="CODE", help="e.g. the ward's code ending in H26")
    change.add_argument("--officer", default=DEFAULT_OFFICER, help="an administrator's user name")
    change.set_defaults(handler=cmd_unit_set_agency_id)
    bank = unit.add_parser(
        "set-bank-account", help="the account the ward's fees are paid into by VietQR (JSON)"
    )
    bank.add_argument("--bin", required=True, help="the bank's 6-digit BIN (vietqr banks)")
    bank.add_argument("--account", required=True, help="the account number")
    bank.add_argument("--name", required=True, help="the account's name, as the bank writes it")
    bank.add_argument("--officer", default=DEFAULT_OFFICER, help="a head of unit or admin")
    bank.set_defaults(handler=cmd_unit_set_bank_account)
