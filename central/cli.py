"""``counter-central``: the server and its operator's commands.

English messages; exit 0 on success, exit 2 with one line on stderr for bad input and
for a database that cannot be used. Building the parser loads no server, database or
HTTP module: each command imports what it needs (``central.commands``), so ``--help``,
``--version`` and a usage error answer at once.

Every command takes ``--db URL`` (default: ``$COUNTER_CENTRAL_DB``, else a SQLite file in
the platform data folder).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from central import __version__, data_cli

PROG = "counter-central"
DEFAULT_PORT = 8470


class UsageError(Exception):
    """Bad input on the command line itself (exit 2)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="sqlite:///FILE or postgresql+psycopg://USER@HOST/NAME "
        "(default: $COUNTER_CENTRAL_DB or central.db in the platform data folder)",
    )
    return parser


def _command(sub: Any, name: str, handler: str, help: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help)
    parser.set_defaults(handler=handler)
    return _db(parser)


def _serve(sub: Any) -> None:
    serve = _command(sub, "serve", "serve", "run the server (HTTP, sync protocol v1)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port")
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.add_argument("--upstream", metavar="URL", help="the city server: be a ward server")
    serve.add_argument(
        "--upstream-token",
        metavar="TOKEN",
        help="the ward's relay token there (default: $COUNTER_CENTRAL_UPSTREAM_TOKEN, "
        "which keeps it out of the process list)",
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument("--cert", metavar="FILE", help="serve HTTPS: the certificate (PEM)")
    serve.add_argument("--key", metavar="FILE", help="the certificate's private key (PEM)")
    serve.add_argument(
        "--trust-proxy",
        metavar="ADDRS",
        help="take the client's address from X-Forwarded-For of these proxies only "
        "(comma-separated IPs or networks, e.g. 127.0.0.1; docs/tls.md)",
    )
    serve.add_argument(
        "--rate-limit",
        metavar="RULE=N/S",
        action="append",
        default=[],
        help="at most N failed attempts per client address in S seconds; RULE is enrol, "
        "dashboard, bank or token (defaults 10/600, 10/600, 20/600, 60/600)",
    )


def _operator_commands(sub: Any) -> None:
    db = sub.add_parser("db", help="the database").add_subparsers(
        dest="db_command", required=True, parser_class=Parser
    )
    _command(db, "upgrade", "db_upgrade", "create or upgrade the schema")
    ward = sub.add_parser("ward", help="wards").add_subparsers(
        dest="ward_command", required=True, parser_class=Parser
    )
    add = _command(ward, "add", "ward_add", "add a ward")
    add.add_argument("--code", required=True, help="the ward's agency id, e.g. 001.02.03.H26")
    add.add_argument("--name", required=True, help="the ward's name")
    _command(ward, "list", "ward_list", "list the wards").add_argument(
        "--json", action="store_true"
    )
    enrol = _command(sub, "enrol", "enrol", "make a one-time enrolment code for a counter")
    enrol.add_argument("--ward", required=True, metavar="CODE")
    enrol.add_argument("--valid-hours", type=float, default=24.0, metavar="H")
    enrol.add_argument(
        "--reuse",
        action="store_true",
        help="the counter may take the number of a device revoked on an earlier day",
    )
    enrol.add_argument(
        "--display",
        action="store_true",
        help="a code for a kiosk or board screen (counter-app display enrol), not a counter",
    )
    relay = _command(sub, "relay-token", "relay_token", "make the ward server's relay token")
    relay.add_argument("--ward", required=True, metavar="CODE")
    device = sub.add_parser("device", help="devices").add_subparsers(
        dest="device_command", required=True, parser_class=Parser
    )
    listing = _command(device, "list", "device_list", "list the devices")
    listing.add_argument("--ward", metavar="CODE")
    listing.add_argument("--json", action="store_true")
    revoke = _command(device, "revoke", "device_revoke", "refuse a device's token from now on")
    revoke.add_argument("device_id", metavar="DEVICE_ID")
    data_cli.add_device_commands(device, _command)
    events = sub.add_parser("events", help="stored events").add_subparsers(
        dest="events_command", required=True, parser_class=Parser
    )
    parked = _command(events, "parked", "events_parked", "events kept aside, with reasons (JSON)")
    parked.add_argument("--ward", metavar="CODE")
    _audit(sub)


def _audit(sub: Any) -> None:
    audit = sub.add_parser("audit", help="check the stored event chains").add_subparsers(
        dest="audit_command", required=True, parser_class=Parser
    )
    verify = _command(
        audit,
        "verify",
        "central.audit:cmd_verify",
        "walk every device's stored hash chain from seq 1, then what refers to it "
        "(heads, dossier codes, projected rows); read-only. Exit status: 0 intact, "
        "1 something is broken (each finding names ward, device, seq, event id), 2 with "
        "one line for a database that is missing or unusable, or bad usage",
    )
    verify.add_argument("--ward", metavar="CODE", help="only the devices of this ward")
    verify.add_argument("--json", action="store_true", help="the whole report as JSON")


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Quầy Một Cửa ward/city server")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    _serve(sub)
    _operator_commands(sub)
    data_cli.add_commands(sub, _command, Parser)  # publish, dossier, bank, payments, stats…
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        _refuse_undecodable(arguments)
        args = build_parser().parse_args(arguments)
        _refuse_blank(args)
        from central import commands

        module, _, name = str(args.handler).rpartition(":")  # MODULE:FUNCTION, or NAME
        where = importlib.import_module(module) if module else commands
        result: int = getattr(where, name if module else f"cmd_{name}")(args)
        return result
    except UsageError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        line = _operator_error(exc)
        if line is None:
            raise  # a bug: its traceback is wanted
        return _fail(line)


# Options whose absence means every ward, today or "show, do not replace": given but
# blank, they are a script's forgotten variable (--ward "$WARD"), not a wish for that
# default; like an empty --db, they are refused.
NOT_BLANK = ("ward", "date", "file")


def _refuse_blank(args: argparse.Namespace) -> None:
    for name in NOT_BLANK:
        value = getattr(args, name, None)
        if isinstance(value, str) and not value.strip():
            raise UsageError(f"--{name} is empty: give one, or leave --{name} out")


def _refuse_undecodable(arguments: list[str]) -> None:
    """An argument that is not UTF-8 arrives with lone surrogates (Python's
    surrogateescape): no code, name, path or URL of ours is such text, and it could be
    neither stored nor printed (the database's driver and stdout refuse to encode it).
    It is not shown either: it may be a password in a URL."""
    for position, argument in enumerate(arguments, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in argument):
            raise UsageError(f"argument {position} is not valid UTF-8 text")


def _operator_error(exc: Exception) -> str | None:
    """The line for a refusal or a database that cannot be used; None for a bug."""
    if "central.commands" not in sys.modules:
        return None
    from central.commands import operator_error

    return operator_error(exc)


MOST_SHOWN = 2000  # characters of an error line: an argument echoed in it may be huge


def _fail(message: str) -> int:
    print(f"{PROG}: error: {shown(' '.join(message.split()))}", file=sys.stderr)
    return 2


def shown(line: str) -> str:
    """``line`` safe to print and short enough to read: an argument echoed in it (a file
    name, a date, hours) may hold a terminal's escape sequence (ESC[2J clears the screen),
    invisible or bidi characters, or 100 KB; written as counter-app writes its own."""
    from counter_app.domain.text import shown as escaped

    return escaped(line, keep_lines=False, most=MOST_SHOWN)


if __name__ == "__main__":
    sys.exit(main())
