"""The card scanner's settings from the command line, for ward IT: which serial port the
window reads scans from (a scanner in USB-COM mode), at which speed."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import DEFAULT_OFFICER, active_officer, open_services, print_json
from counter_app.cli.parser import Parser


def cmd_scanner_show(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        current = services.scanning.settings()
    print_json({"port": current.port, "baudrate": current.baudrate})
    return 0


def cmd_scanner_ports(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        ports = services.scanning.ports()
    print_json([{"device": p.device, "description": p.description} for p in ports])
    return 0


def cmd_scanner_set(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        port = None if args.keyboard else args.port
        done = services.scanning.configure(port, args.baud, officer)
    where = done.port or "none (keyboard mode)"
    print(f"scanner port {where} at {done.baudrate} baud; the window uses it from its next start")
    return 0


def add_commands(sub: Any) -> None:
    scanner = sub.add_parser("scanner", help="the card scanner's serial port").add_subparsers(
        dest="scanner_command", required=True, parser_class=Parser
    )
    scanner.add_parser("show", help="the port and speed set (JSON)").set_defaults(
        handler=cmd_scanner_show
    )
    scanner.add_parser("ports", help="this PC's serial ports and their names (JSON)").set_defaults(
        handler=cmd_scanner_ports
    )
    change = scanner.add_parser("set", help="the port a USB-COM scanner is on, and its speed")
    where = change.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", help="e.g. COM4 or /dev/ttyACM0")
    where.add_argument("--keyboard", action="store_true", help="no serial scanner")
    change.add_argument("--baud", type=int, default=9600, help="the speed (default 9600)")
    change.add_argument("--officer", default=DEFAULT_OFFICER, help="an administrator")
    change.set_defaults(handler=cmd_scanner_set)
