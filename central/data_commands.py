"""What the data commands do (their parser is ``central.data_cli``): publishing down the
tree, a back office's dossier status, a counter's number, the bank secret, the
accountant's list, statistics and dashboard tokens. Refusals are ``Refused`` (one line,
exit 2), as in ``central.commands``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from sqlalchemy import Connection

from central import back_office, bank, dashboard, publish, stats, wards
from central.commands import now, print_json, reading, writing
from central.errors import Refused
from central.wards import Ward
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.domain.limits import check_day
from counter_app.domain.text import clean, counted
from counter_app.sync.wire import ChangeKind

# --- the queue ------------------------------------------------------------------------------


def queue_setup(args: argparse.Namespace) -> int:
    """Print the ward's areas and counters; with ``--file``, replace them first."""
    from pydantic import ValidationError

    from central import queue_log
    from central import queue_setup as setups
    from central.ingest import summary
    from counter_app.sync.queue_wire import QueueSetup

    given = None
    if args.file:
        try:
            given = QueueSetup.model_validate(publish.read_json(args.file))
        except ValidationError as exc:
            raise Refused(f"{args.file}: {summary(exc)}") from None
    with writing(args) as conn:
        ward = wards.ward_by_code(conn, args.ward)
        queue_log.ward_log(conn, ward.id, now())  # a ward's defaults, the first time
        if given is not None:
            setups.replace(conn, ward.id, given)
        shown = setups.read(conn, ward.id)
    print_json(shown.model_dump(mode="json"))
    return 0


# --- publishing ----------------------------------------------------------------------------


def _targets(conn: Connection, args: argparse.Namespace) -> list[Ward]:
    if getattr(args, "all", False):
        found = wards.list_wards(conn)
        if not found:
            raise Refused("there is no ward yet (counter-central ward add)")
        return found
    return [wards.ward_by_code(conn, args.ward)]


def _send(
    args: argparse.Namespace,
    items: list[tuple[ChangeKind, dict[str, Any]]],
    key: publish.Key,
) -> int:
    with writing(args) as conn:
        done = publish.send(conn, _targets(conn, args), items, key, now())
    for ward in done:
        print(ward.line())
    return 0


def publish_catalogue(args: argparse.Namespace) -> int:
    items = publish.catalogue(publish.read_json(args.file))
    return _send(args, items, publish.procedure_key)


def publish_holidays(args: argparse.Namespace) -> int:
    items, skipped = publish.holidays(publish.read_json(args.file))
    if skipped:
        years = ", ".join(str(year) for year in skipped)
        print(f"left out: {years} (expected, not announced: publish year-confirmed later)")
    return _send(args, items, publish.calendar_key)


def publish_day(args: argparse.Namespace) -> int:
    if args.clear:
        if args.name:
            raise Refused("--clear takes no --name")
        item = (ChangeKind.CALENDAR_DAY_CLEARED, publish.day_cleared(args.date))
    else:
        if not args.name:
            raise Refused("--off and --working need --name")
        payload = publish.day(args.date, args.working, args.name, args.source)
        item = (ChangeKind.CALENDAR_DAY, payload)
    return _send(args, [item], publish.calendar_key)


def publish_year(args: argparse.Namespace) -> int:
    payload = publish.year_confirmed(args.year, publish.read_json(args.file), args.source)
    return _send(args, [(ChangeKind.CALENDAR_YEAR, payload)], publish.calendar_key)


def publish_hours(args: argparse.Namespace) -> int:
    item = (ChangeKind.OFFICE_HOURS, publish.hours(args.periods))
    return _send(args, [item], publish.single_key)


def publish_bank_account(args: argparse.Namespace) -> int:
    payload = publish.bank_account(args.bin, args.account, args.name)
    return _send(args, [(ChangeKind.BANK_ACCOUNT, payload)], publish.single_key)


def publish_officer(args: argparse.Namespace) -> int:
    payload = publish.officer(args.username, args.full_name, args.role, not args.inactive)
    return _send(args, [(ChangeKind.OFFICER, payload)], publish.officer_key)


# --- one device ------------------------------------------------------------------------------


def dossier_status(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        ward = wards.ward_by_code(conn, args.ward)
        sent = back_office.dossier_status(
            conn, ward, args.code, args.status, args.reason, args.officer, now()
        )
    print(f"change {sent.change_id} for device {sent.device_id}: {sent.detail}")
    return 0


def device_set_counter(args: argparse.Namespace) -> int:
    block = _block(args.block) if args.block else None
    with writing(args) as conn:
        sent = back_office.set_counter(conn, args.device_id, args.counter, block, now())
    print(f"device {sent.device_id}: {sent.detail} (change {sent.change_id}; from its next start)")
    return 0


def _block(text: str) -> SequenceBlock:
    first, dash, last = text.strip().partition("-")
    if not (dash and first.isdigit() and last.isdigit()):
        raise Refused("--block is FIRST-LAST, e.g. 5000-5999")
    try:
        return SequenceBlock(int(first), int(last))
    except DomainError as exc:
        raise Refused(str(exc)) from None


# --- bank notifications --------------------------------------------------------------------


def bank_secret_set(args: argparse.Namespace) -> int:
    secret = sys.stdin.readline().strip() if args.stdin else bank.new_secret()
    with writing(args) as conn:
        previous = bank.set_secret(conn, secret, now())
    still = (
        "the previous one stays valid until `counter-central bank secret retire`"
        if previous
        else "it is the only one"
    )
    print(f"Bank notification secret set; {still}. Give it to the bank connector:")
    print(secret if not args.stdin else "(the secret read from stdin)")
    return 0


def bank_secret_retire(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        retired = bank.retire_previous(conn, now())
    print(f"{counted(retired, 'older secret')} retired: only the current one is valid")
    return 0


def payments_unmatched(args: argparse.Namespace) -> int:
    with reading(args) as conn:
        ward_id = wards.ward_by_code(conn, args.ward).id if args.ward else None
        print_json(bank.unmatched(conn, ward_id))
    return 0


# --- statistics and the dashboard -------------------------------------------------------------


def statistics(args: argparse.Namespace) -> int:
    moment = now()
    day = _date(args.date) if args.date else moment.astimezone(VIETNAM).date()
    with reading(args) as conn:
        ward_id = wards.ward_by_code(conn, args.ward).id if args.ward else None
        print_json(stats.compute(conn, day, moment, ward_id))
    return 0


def _date(text: str) -> date:
    """The day of ``--date``; a year out of the counter's range (``limits.check_day``)
    is refused before a time-zone conversion overflows on it (9999-12-31's next day)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"--date is YYYY-MM-DD, not {text.strip()!r}") from None
    try:
        return check_day(day, "--date")
    except DomainError as exc:
        raise Refused(str(exc)) from None


def dashboard_token(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        token = dashboard.issue_token(conn, args.name, now())
    name = clean(args.name)  # as stored: without the escape sequences typed
    print(f"Dashboard token of {name}; any earlier one of that name stops working.")
    print("Open /dashboard and type it, or bookmark /dashboard?key=TOKEN on a wall screen:")
    print(token)
    return 0


def dashboard_revoke(args: argparse.Namespace) -> int:
    with writing(args) as conn:
        dashboard.revoke_token(conn, args.name, now())
    print(f"the dashboard token of {args.name.strip()} no longer works")
    return 0
