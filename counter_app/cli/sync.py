"""Commands of the sync: enrol this counter with a server, sync once, show the state."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    UsageError,
    active_officer,
    open_services,
    print_json,
    read_ca,
)


def cmd_enrol(args: argparse.Namespace) -> int:
    import platform

    from counter_app.sync.client import SyncError, check_server_url

    check_server_url(args.server)  # a bad address is refused before the store is opened
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        name = args.name if args.name is not None else platform.node()
        try:
            done = services.sync.enrol(args.server, args.code, name, officer, read_ca(args.ca))
        except SyncError as error:
            raise UsageError(_line(error, enrolling=True)) from None
    ward, block = done["ward"], done["sequence_block"]
    numbers = f"dossier numbers {block[0]:04d}–{block[1]:04d}"
    if done["block_deferred"]:
        numbers += " (from tomorrow: with them a number given today could repeat)"
    print(
        f"enrolled with {done['server']}: ward {ward['code']} ({ward['name']}), counter "
        f"{done['counter_number']}, {numbers}; the counter window uses them from its next start"
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from counter_app.services import sync_state

    with open_services(args) as services:
        if not sync_state.enrolled(services.db):
            raise sync_state.not_enrolled()
        if args.status:  # read from the store alone: no client, no wire schemas
            print_json(sync_state.status(services.db, services.unit))
            return 0
        from counter_app.sync.client import SyncError

        try:
            report = services.sync.sync_once()
        except SyncError as error:
            raise UsageError(_line(error)) from None
    print_json(report.to_data())
    return 0


def _line(error: Any, enrolling: bool = False) -> str:
    from counter_app.sync.client import Refused, ServerUnreachable

    if isinstance(error, ServerUnreachable):
        reason = error.message.rstrip(". ")  # httpx's reasons end with a full stop
        if enrolling:
            return (
                f"server unreachable: {reason}; not enrolled: try again when the "
                "server answers (with a new code if this one is then refused)"
            )
        return f"server unreachable: {reason}; nothing is lost, the events wait"
    if isinstance(error, Refused) and error.code == "unauthenticated":
        # The server's detail says why and that the counter must enrol again: say how.
        return f"refused by the server: {error.detail} (counter-app enrol --server URL --code CODE)"
    if isinstance(error, Refused):
        return f"refused by the server ({error.code}): {error.detail}"
    return f"refused by the server: {error.message}"


def add_commands(sub: Any) -> None:
    enrol = sub.add_parser(
        "enrol", help="enrol this counter with a sync server, with a one-time code"
    )
    enrol.add_argument("--server", required=True, metavar="URL", help="e.g. https://dongbo.vn")
    enrol.add_argument("--code", required=True, help="the one-time code from the server")
    enrol.add_argument("--name", help="this device's name on the server (default: the PC's)")
    enrol.add_argument(
        "--ca",
        metavar="FILE",
        help="the ward's own certificate authority (PEM), trusted for this server",
    )
    enrol.add_argument("--officer", default=DEFAULT_OFFICER, help="the administrator who enrols it")
    enrol.set_defaults(handler=cmd_enrol)
    sync = sub.add_parser("sync", help="send waiting events and receive changes (JSON)")
    what = sync.add_mutually_exclusive_group(required=True)
    what.add_argument("--once", action="store_true", help="sync until nothing waits")
    what.add_argument("--status", action="store_true", help="events waiting, parked, last success")
    sync.set_defaults(handler=cmd_sync)
