"""Commands on the counter's accounts: the list, and an administrator's way back in.

When the only administrator has forgotten the password, the IT person at the counter's
PC resets it here; the reset is an event like one made in the window. A password is
read from stdin (a pipe) or asked without echo, never taken as an argument, where it
would stay in the shell's history and the process list.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    UsageError,
    active_officer,
    open_services,
    print_json,
)
from counter_app.cli.parser import Parser

MAX_PASSWORD = 200


def cmd_account_list(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        accounts = services.accounts.all_officers()
    print_json(
        [
            {"username": o.username, "full_name": o.full_name, "role": o.role, "active": o.active}
            for o in accounts
        ]
    )
    return 0


def cmd_account_reset_password(args: argparse.Namespace) -> int:
    password = _new_password()
    with open_services(args) as services:
        by = active_officer(services, args.officer)
        services.accounts.reset_password(args.username, password, by)
    print(f"the password of {args.username} is reset; ask them to change it at once")
    return 0


def cmd_account_set(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        by = active_officer(services, args.officer)
        current = next(
            (o for o in services.accounts.all_officers() if o.username == args.username), None
        )
        if current is None:
            raise UsageError(f"there is no account '{args.username}'")
        active = current.active if args.active is None else args.active == "yes"
        services.accounts.update_officer(
            args.username,
            args.full_name or current.full_name,
            args.role or current.role,
            active,
            by,
        )
    print(f"{args.username} is saved")
    return 0


def _new_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != first:
            raise UsageError("the two passwords differ")
        return _typeable(first)
    line = sys.stdin.readline(MAX_PASSWORD + 2).rstrip("\r\n")
    if not line:
        raise UsageError("give the new password on stdin (one line)")
    return _typeable(line)


def _typeable(password: str) -> str:
    """A password the login form can take: a longer one was cut at the length read (the
    officer's whole password then never matched), and one with a control character or
    bytes that are not UTF-8 (lone surrogates, which could not even be hashed) is none a
    keyboard types."""
    from counter_app.domain.text import visible

    if len(password) > MAX_PASSWORD:
        raise UsageError(f"a password has at most {MAX_PASSWORD} characters")
    if visible(password) != password or any(not ch.isprintable() for ch in password):
        raise UsageError("the password holds control characters or text that is not UTF-8")
    return password


def add_commands(sub: Any) -> None:
    account = sub.add_parser("account", help="the counter's accounts").add_subparsers(
        dest="account_command", required=True, parser_class=Parser
    )
    account.add_parser("list", help="every account, with its role (JSON)").set_defaults(
        handler=cmd_account_list
    )
    reset = account.add_parser(
        "reset-password", help="a new password for an account (read from stdin, or asked)"
    )
    reset.add_argument("username")
    reset.add_argument("--officer", default=DEFAULT_OFFICER, help="an administrator's user name")
    reset.set_defaults(handler=cmd_account_reset_password)
    change = account.add_parser("set", help="an account's name, role, or whether it may log in")
    change.add_argument("username")
    change.add_argument("--full-name")
    change.add_argument("--role", choices=["officer", "head", "admin"])
    change.add_argument("--active", choices=["yes", "no"])
    change.add_argument("--officer", default=DEFAULT_OFFICER, help="an administrator's user name")
    change.set_defaults(handler=cmd_account_set)
