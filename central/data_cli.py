"""The parser of the data commands: publishing down the tree, a back office's dossier
status, a counter's number, bank notifications, payments, statistics, the dashboard.

argparse only, like ``central.cli``: the handlers are ``central.data_commands``'s,
named ``MODULE:FUNCTION`` so that only the command run loads what it needs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

Command = Callable[[Any, str, str, str], argparse.ArgumentParser]
HANDLERS = "central.data_commands"


def add_commands(sub: Any, command: Command, parser_class: type[argparse.ArgumentParser]) -> None:
    def group(name: str, help: str) -> Any:
        return sub.add_parser(name, help=help).add_subparsers(
            dest=f"{name}_command", required=True, parser_class=parser_class
        )

    def run(where: Any, name: str, handler: str, help: str) -> argparse.ArgumentParser:
        return command(where, name, f"{HANDLERS}:{handler}", help)

    _publish(group("publish", "reference data for the wards' devices"), run)
    status = run(
        group("dossier", "dossiers"),
        "status",
        "dossier_status",
        "a back office's status of a dossier, sent to the counter that holds it",
    )
    _ward(status, required=True)
    status.add_argument("--code", required=True, help="the dossier code")
    status.add_argument("--status", required=True, help="e.g. in_processing, result_ready")
    status.add_argument("--reason", default="", help="required for supplement, refusal, stop")
    status.add_argument("--officer", required=True, help="who decided it (shown on the counter)")
    _bank(group("bank", "bank notifications"), run)
    unmatched = run(
        group("payments", "payments"),
        "unmatched",
        "payments_unmatched",
        "bank notifications that paid nothing, for the accountant (JSON)",
    )
    _ward(unmatched, required=False)
    stats = run(sub, "stats", "statistics", "each ward's figures of a day (JSON by ward code)")
    stats.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    _ward(stats, required=False)
    _dashboard(group("dashboard", "access to the read-only dashboard"), run)
    setup = run(
        group("queue", "the wards' queues"),
        "setup",
        "queue_setup",
        "a ward's service areas and counters (JSON); with --file, replace them",
    )
    _ward(setup, required=True)
    setup.add_argument("--file", help="the new set-up: JSON like the one printed")


def add_device_commands(device: Any, command: Command) -> None:
    counter = command(
        device,
        "set-counter",
        f"{HANDLERS}:device_set_counter",
        "give a counter another number and dossier-number block (sent to it)",
    )
    counter.add_argument("device_id", metavar="DEVICE_ID")
    counter.add_argument("--counter", type=int, required=True, metavar="K")
    counter.add_argument("--block", metavar="FIRST-LAST", help="default: K000–K999 for 1–9")


def _ward(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--ward", required=required, metavar="CODE", help="the ward's code")


def _wards(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--ward", metavar="CODE", help="one ward")
    target.add_argument("--all", action="store_true", help="every ward")


def _publish(publish: Any, run: Any) -> None:
    catalogue = run(publish, "catalogue", "publish_catalogue", "procedures and their fee rules")
    catalogue.add_argument("--file", required=True, help="a procedures.json (format 1)")
    _wards(catalogue)
    holidays = run(publish, "holidays", "publish_holidays", "days off and make-up days")
    holidays.add_argument(
        "--file", required=True, help='the shipped calendar table\'s format, or {"days": [...]}'
    )
    _wards(holidays)
    day = run(publish, "day", "publish_day", "one day off or make-up working day, or clear it")
    day.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    kind = day.add_mutually_exclusive_group(required=True)
    kind.add_argument("--off", dest="working", action="store_false", default=None)
    kind.add_argument("--working", dest="working", action="store_true")
    kind.add_argument("--clear", action="store_true", help="remove the city's entry of the day")
    day.add_argument("--name", help="e.g. Nghỉ Tết Nguyên đán (not with --clear)")
    day.add_argument("--source", default="", help="the document it follows")
    _wards(day)
    year = run(publish, "year-confirmed", "publish_year", "a year's complete list, confirmed")
    year.add_argument("--year", type=int, required=True)
    year.add_argument("--file", required=True, help="a calendar file holding the year's days")
    year.add_argument("--source", default="", help="the announcement (default: the file's)")
    _wards(year)
    hours = run(publish, "hours", "publish_hours", "office hours")
    hours.add_argument("--periods", required=True, help='e.g. "07:30-11:30,13:00-17:00"')
    _wards(hours)
    account = run(publish, "bank-account", "publish_bank_account", "the ward's fee account")
    _ward(account, required=True)
    account.add_argument("--bin", required=True, help="the bank's NAPAS BIN (6 digits)")
    account.add_argument("--account", required=True, help="the account number")
    account.add_argument("--name", required=True, help="the account name as the bank writes it")
    officer = run(publish, "officer", "publish_officer", "an officer of the ward's counters")
    _ward(officer, required=True)
    officer.add_argument("--username", required=True)
    officer.add_argument("--full-name", required=True)
    officer.add_argument("--role", required=True, choices=["officer", "head", "admin"])
    officer.add_argument("--inactive", action="store_true", help="may no longer log in")


def _bank(bank: Any, run: Any) -> None:
    secret = bank.add_parser("secret", help="the secret notifications are signed with")
    secrets = secret.add_subparsers(dest="secret_command", required=True, parser_class=type(secret))
    put = run(secrets, "set", "bank_secret_set", "a new current secret; the last stays valid")
    put.add_argument(
        "--stdin", action="store_true", help="read the secret from stdin (default: generate one)"
    )
    run(secrets, "retire", "bank_secret_retire", "only the current secret stays valid")


def _dashboard(dashboard: Any, run: Any) -> None:
    token = run(dashboard, "token", "dashboard_token", "a dashboard token for a person or screen")
    token.add_argument("--name", required=True, help="whose (replaces an earlier one)")
    revoke = run(dashboard, "revoke", "dashboard_revoke", "a dashboard token stops working")
    revoke.add_argument("--name", required=True)
