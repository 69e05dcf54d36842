"""What each ``counter-central`` command does (the parser is ``central.cli``)."""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from central import database, devices, events, wards
from central.database import DatabaseError
from central.errors import Refused
from central.listening import check_free, proxy_options, tls_options
from central.rate_limits import parse_limits
from central.settings import UPSTREAM_TOKEN_ENV, Settings
from counter_app.domain.clock import VIETNAM, SystemClock
from counter_app.domain.text import shown
from counter_app.sync.wire import DeviceRole

TABLE_COLUMNS = ("id", "ward", "counter", "name", "enrolled", "last seen", "revoked")


def operator_error(exc: Exception) -> str | None:
    """One line for what the operator can fix; None for a bug."""
    if isinstance(exc, Refused | DatabaseError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        return f"the database refused: {database.one_line(exc)}"
    return None


def now() -> datetime:
    return SystemClock().now()


def shown_time(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")


@contextmanager
def opened(args: argparse.Namespace, create: bool = True) -> Iterator[Engine]:
    """The migrated database of ``--db``; one line (exit 2) if it cannot be used.
    ``create``: a SQLite file that does not exist yet is made (``serve``, ``ward add``,
    ``db upgrade``); otherwise it is refused, so that a mistyped path is not answered
    from a new, empty database ("no unmatched payments")."""
    url = database.chosen_url(args.db)
    if not create:
        database.refuse_missing(url)
    elif args.db is not None:  # given: its folder must be there (the default's is made)
        database.refuse_missing_folder(url)
    engine = database.open_engine(url)
    try:
        database.check_reachable(engine)
        if not create:
            database.require_schema(engine)
        database.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def writing(args: argparse.Namespace, create: bool = False) -> Iterator[Connection]:
    with opened(args, create) as engine, database.write(engine) as conn:
        yield conn


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Connection]:
    """A read transaction on the existing database of ``--db``."""
    with opened(args, create=False) as engine, database.read(engine) as conn:
        yield conn


# --- serve -----------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _serve_settings(args)
    listening = {**tls_options(args.cert, args.key), **proxy_options(args.trust_proxy)}
    check_free(args.host, args.port)  # before the database is opened or made
    given = settings.db_url if args.db is not None else None  # None: the default's
    with opened(argparse.Namespace(db=given)) as engine:
        database.check_writable(engine)
        print(f"database {database.shown(engine.url)} ready", file=sys.stderr)
    os.environ.update(settings.environment())  # what every worker's create_app reads
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    logging = copy.deepcopy(LOGGING_CONFIG)  # uvicorn's, with our own messages too
    logging["loggers"]["central"] = {"handlers": ["default"], "level": args.log_level.upper()}
    uvicorn.run(
        "central.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        log_config=logging,
        **listening,
    )
    return 0


def _serve_settings(args: argparse.Namespace) -> Settings:
    if not 0 < args.port < 65536:
        raise Refused(f"--port must be 1 to 65535, not {args.port}")
    if not 1 <= args.workers <= 64:
        raise Refused(f"--workers must be 1 to 64, not {args.workers}")
    # The token may come from the environment: a command line is seen by every user (ps).
    upstream_token = args.upstream_token or os.environ.get(UPSTREAM_TOKEN_ENV) or None
    if bool(args.upstream) != bool(upstream_token):
        raise Refused(
            f"--upstream and --upstream-token (or ${UPSTREAM_TOKEN_ENV}) go together "
            "(a ward server)"
        )
    upstream = args.upstream.strip().rstrip("/") if args.upstream else None
    if upstream is not None and not _upstream_url(upstream):
        raise Refused("--upstream must be an http(s) URL like https://city.example:8470")
    db_url = database.chosen_url(args.db)
    database.parse_url(db_url)
    try:
        limits = parse_limits(",".join(args.rate_limit))
    except ValueError as exc:
        raise Refused(f"--rate-limit: {exc}") from None
    return Settings(
        db_url=db_url,
        upstream=upstream,
        upstream_token=upstream_token,
        rate_limits=tuple(limits.items()),
    )


def _upstream_url(url: str) -> bool:
    """An http(s) URL with a host and, if any, a port of 1 to 65535: ``urlsplit`` raises
    ValueError for a bracket left open ("http://[::1") and reads a port only when asked
    (``http://city:99999`` started a ward server that could never forward)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and port != 0


# --- the operator's commands --------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    with opened(args, create=True) as engine, database.read(engine) as conn:
        revision = database.current_revision(conn)
        print(f"database {database.shown(engine.url)} at revision {revision}")
    return 0


def cmd_ward_add(args: argparse.Namespace) -> int:
    with writing(args, create=True) as conn:  # the first command on a new server
        ward = wards.add_ward(conn, args.code, args.name, now())
    print(f"ward {ward.code} added: {ward.name}")
    return 0


def cmd_ward_list(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        found = wards.list_wards(conn)
    if args.json:
        print_json([{"code": w.code, "name": w.name} for w in found])
    for ward in found if not args.json else []:
        print(f"{ward.code}\t{ward.name}")
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        ward = wards.ward_by_code(conn, args.ward)
        role = DeviceRole.DISPLAY if args.display else DeviceRole.COUNTER
        code, expires = wards.issue_enrolment_code(
            conn, ward, now(), args.valid_hours, args.reuse, role
        )
    what = "kiosk or board screen" if args.display else "counter"
    print(f"Enrolment code for one {what} of ward {ward.code} ({ward.name}),")
    print(f"valid once, until {shown_time(expires)} (Asia/Ho_Chi_Minh):")
    print(code)
    return 0


def cmd_relay_token(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        ward = wards.ward_by_code(conn, args.ward)
        token = wards.issue_relay_token(conn, ward, now())
    print(f"Relay token of ward {ward.code} ({ward.name}) at this server; any earlier one")
    print("stops working now. The ward server runs with: --upstream URL --upstream-token TOKEN")
    print(token)
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        ward_id = wards.ward_by_code(conn, args.ward).id if args.ward else None
        found = devices.list_devices(conn, ward_id)
    if args.json:
        print_json([device.as_json() for device in found])
        return 0
    # A name or id that came over the network with an escape sequence (a ward server's
    # device, a row of an older version) is written escaped: the terminal shows it.
    rows = [
        TABLE_COLUMNS,
        *(tuple(shown(cell, keep_lines=False) for cell in _table_row(d)) for d in found),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _table_row(device: devices.Device) -> tuple[str, ...]:
    counter = (
        device.role.value if device.role.value != "counter" else str(device.counter_number or "-")
    )
    name = " ".join(filter(None, [device.name, "(via relay)" if device.via_relay else ""]))
    return (
        device.id,
        device.ward_code,
        counter,
        name,
        shown_time(device.enrolled_at),
        shown_time(device.last_seen_at),
        shown_time(device.revoked_at),
    )


def cmd_device_revoke(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        device = devices.revoke(conn, args.device_id, now())
    counter = f", counter {device.counter_number}" if device.counter_number else ""
    print(f"device {device.id} revoked (ward {device.ward_code}{counter}): its token is refused")
    return 0


def cmd_events_parked(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        ward_id = wards.ward_by_code(conn, args.ward).id if args.ward else None
        print_json(events.parked(conn, ward_id))
    return 0


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
