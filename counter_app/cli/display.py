"""The queue's screens: enrol a kiosk or board PC, open the kiosk, open the board."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import UsageError, data_folder, read_ca


def cmd_enrol(args: argparse.Namespace) -> int:
    import platform

    from counter_app.services import display
    from counter_app.sync.client import SyncError, check_server_url

    check_server_url(args.server)
    name = args.name if args.name is not None else platform.node()
    try:
        ca = read_ca(args.ca)
        folder = data_folder(args)
        config = display.enrol(folder, args.server, args.code, name, args.printer or "", ca)
    except SyncError as error:
        raise UsageError(f"not enrolled: {error.message}") from None
    print(
        f"enrolled with {config.server}: a screen of ward {config.ward_code} "
        f"({config.ward_name}); open it with 'counter-app kiosk' or 'counter-app board'"
    )
    return 0


def cmd_kiosk(args: argparse.Namespace) -> int:
    from counter_app.services import display
    from counter_app.ui.screens import run_kiosk

    return run_kiosk(display.load(data_folder(args)), args.lang, args.windowed)


def cmd_board(args: argparse.Namespace) -> int:
    from counter_app.services import display
    from counter_app.ui.screens import run_board

    return run_board(display.load(data_folder(args)), args.lang, args.windowed)


def add_commands(sub: Any) -> None:
    from counter_app.cli.parser import Parser

    group = sub.add_parser("display", help="a kiosk or board screen of the ward's queue")
    commands = group.add_subparsers(dest="display_command", required=True, parser_class=Parser)
    enrol = commands.add_parser(
        "enrol", help="enrol this PC as a kiosk or board (a code from 'enrol --display')"
    )
    enrol.add_argument("--server", required=True, metavar="URL", help="the ward server")
    enrol.add_argument("--code", required=True, help="the one-time code")
    enrol.add_argument("--name", help="this screen's name on the server (default: the PC's)")
    enrol.add_argument(
        "--ca", metavar="FILE", help="the ward's own certificate authority (PEM, docs/tls.md)"
    )
    enrol.add_argument("--printer", metavar="URL", help="the kiosk's serial printer")
    enrol.set_defaults(handler=cmd_enrol)
    for name, handler, help in (
        ("kiosk", cmd_kiosk, "the ticket kiosk, full screen (touch)"),
        ("board", cmd_board, "the calls board with its voice, full screen (TV)"),
    ):
        screen = sub.add_parser(name, help=help)
        screen.add_argument("--windowed", action="store_true", help="in a window, to try it")
        screen.add_argument("--lang", choices=["vi", "en"], default="vi")
        screen.set_defaults(handler=handler)
