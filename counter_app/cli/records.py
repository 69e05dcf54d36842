"""Commands on dossiers and reference data: cards, due dates, fees, holidays, search.

Each handler imports the rules and services it uses: the parser stays light.
"""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli import catalogue, recovery
from counter_app.cli.common import (
    DEFAULT_OFFICER,
    OFFICER_HELP,
    UsageError,
    active_officer,
    data_folder,
    open_services,
    parse_day,
    parse_days,
    parse_limit,
    parse_minute,
    print_json,
    read_json,
)
from counter_app.cli.example import EXAMPLE_RECEPTION
from counter_app.cli.parser import Parser
from counter_app.cli.search import DEFAULT_LIMIT, cmd_search
from counter_app.domain.dossier_status import Status
from counter_app.domain.text import shown


def cmd_cccd_parse(args: argparse.Namespace) -> int:
    from counter_app.domain import citizens
    from counter_app.domain.clock import SystemClock

    # The command line is a composition edge: the system clock unless --today says.
    today = parse_day(args.today) if args.today else SystemClock().now().date()
    card = citizens.parse_card_qr(args.text, today)
    expires_on = card.expires_on.isoformat() if card.expires_on else None
    print_json({**card.to_json(), "expires_on": expires_on})
    return 0


def cmd_due_date(args: argparse.Namespace) -> int:
    from counter_app.domain.time_limits import TimeLimit

    with open_services(args) as services:
        received = parse_minute(args.received)
        if args.procedure:
            procedure = services.reference.catalogue().get(args.procedure, received.date())
            limit = procedure.time_limit
        else:
            limit = TimeLimit.of_days(parse_days(args.days))
        due = services.reference.calendar().due_time(received, limit)
    print(f"{due:%Y-%m-%d %H:%M}")
    return 0


def cmd_fee(args: argparse.Namespace) -> int:
    from counter_app.domain.fees import Channel, FeeRequest
    from counter_app.services.catalogue import fee_not_set_error

    with open_services(args) as services:
        on = services.clock.now().date()
        procedure = services.reference.catalogue().get(args.procedure, on)
    request = FeeRequest(
        pages=args.pages,
        copies=args.copies,
        channel=Channel(args.channel),
        age=args.age,
        late=args.late,
        exemption=args.exemption,
    )
    quote = procedure.fees.quote(request)
    if quote.total is None:
        raise fee_not_set_error(procedure)
    print(quote.total)
    for line in quote.lines:
        print(f"{line.amount}\t{line.quantity} × {line.unit_amount}\t{line.label}")
    if quote.exempted_by:
        print(f"exempted: {quote.exempted_by}")
    return 0


def cmd_holidays_list(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        days = services.reference.special_days(args.year)
    for day in days:
        kind = "working" if day.working else "off"
        print(f"{day.day.isoformat()}\t{kind}\t{day.status}\t{day.name}\t{day.source}")
    return 0


def cmd_holidays_set(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        day = parse_day(args.date)
        services.reference.set_day(day, args.working, args.name, officer, args.source)
    kind = "a working day" if args.working else "a day off"
    print(shown(f"{day.isoformat()} is now {kind}: {args.name}"))
    return 0


def cmd_holidays_clear(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        day = parse_day(args.date)
        services.reference.clear_day(day, officer)
    print(f"{day.isoformat()}: the administrator's entry is removed")
    return 0


def cmd_holidays_confirm(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        confirmation = services.reference.confirm_year(args.year, officer, args.source)
    print(f"{args.year} is confirmed: its {len(confirmation.days)} listed days are official")
    return 0


def cmd_holidays_hours(args: argparse.Namespace) -> int:
    from counter_app.domain.time_limits import WorkingHours

    with open_services(args) as services:
        if args.set is not None:  # --set "" is a mistake, not a question
            hours = WorkingHours.parse(args.set)
            services.reference.set_working_hours(hours, active_officer(services, args.officer))
        periods = services.reference.working_hours().to_text()
    print(f"working hours: {periods}")
    return 0


def cmd_dossier_receive(args: argparse.Namespace) -> int:
    from counter_app.domain.reception import parse_reception

    if args.example:
        print_json(EXAMPLE_RECEPTION)
        return 0
    if not args.json:
        raise UsageError("dossier receive needs --json FILE or --example")
    request = parse_reception(read_json(args.json))
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        dossier = services.reception.receive(request, officer)
    print(dossier.code)
    return 0


def cmd_dossier_show(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        print_json(services.dossiers.get(args.code).to_data())
    return 0


def cmd_dossier_status(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        dossier = services.dossiers.change_status(
            args.code, Status(args.status), args.reason, officer
        )
    print(f"{dossier.code}\t{dossier.status.value}")
    return 0


def cmd_dossier_reassign(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        dossier = services.dossiers.reassign(args.code, args.to, args.reason, officer)
    print(f"{dossier.code}\t{dossier.officer}")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from counter_app.services import maintenance
    from counter_app.services.installation import DatabaseLost
    from counter_app.storage import database
    from counter_app.storage.errors import StorageError

    try:
        with open_services(args) as services:
            report = maintenance.check_database(services.db)
    except StorageError as failure:
        lost = isinstance(failure, DatabaseLost) and failure.reason in ("older", "other")
        if not (lost or maintenance.checkable_as_is(failure)):
            raise
        # No service opens (the unit does not read, or the ledger refuses the file): the
        # store is checked as it is (nothing is written), a refusal first among problems.
        db = database.connect(data_folder(args) / database.DATABASE_NAME)
        try:
            report = maintenance.check_database(db)
        finally:
            db.close()
        if lost:
            report.problems.insert(0, failure.message)
    print_json({"ok": report.ok, "problems": report.problems, **report.facts})
    return 0 if report.ok else 1


def cmd_demo_data(args: argparse.Namespace) -> int:
    from counter_app.domain.clock import FakeClock, SystemClock
    from counter_app.services.demo import DEMO_OFFICER, fill
    from counter_app.services.demo_progress import DemoProgress

    # The demo replays the past on a clock of its own, wired in like any clock.
    clock = FakeClock(SystemClock().now())
    with open_services(args, clock) as services:
        now = clock.now()
        progress = DemoProgress(
            services.dossiers, clock, services.reference.calendar(), DEMO_OFFICER, args.seed
        )
        count = fill(
            services.reception,
            services.reference,
            now,
            args.dossiers,
            args.per_day,
            args.seed,
            progress,
        )
    print(f"added {count} demo dossiers")
    return 0


def cmd_self_check(args: argparse.Namespace) -> int:
    """The frozen build's smoke test: open the store, load the catalogue, check."""
    from counter_app.services import maintenance

    with open_services(args) as services:
        catalogue = services.reference.catalogue()
        report = maintenance.check_database(services.db)
        in_force = catalogue.in_force(services.clock.now().date())
        missing = services.catalogue.missing_fees()
    print(f"procedures in force: {len(in_force)}; database ok: {report.ok}")
    for item in missing:  # told until the administrator sets them
        print(
            f"fee not set: {item.procedure.code} {item.procedure.name} "
            f"(counter-app catalogue set-fee {item.procedure.code} AMOUNT)"
        )
    return 0 if report.ok and in_force else 1


def _add_cccd(sub: Any) -> None:
    cccd = sub.add_parser("cccd", help="citizen identity cards").add_subparsers(
        dest="cccd_command", required=True, parser_class=Parser
    )
    parse = cccd.add_parser("parse", help="parse the QR text of a chip card (JSON)")
    parse.add_argument("text")
    parse.add_argument("--today", metavar="YYYY-MM-DD", help="check the card as of this day")
    parse.set_defaults(handler=cmd_cccd_parse)


def _add_due_fee(sub: Any) -> None:
    due = sub.add_parser("due-date", help="the promised return time")
    due.add_argument("--received", required=True, help='"YYYY-MM-DD HH:MM"')
    which = due.add_mutually_exclusive_group(required=True)
    which.add_argument("--procedure")
    which.add_argument("--days", help="working days (fractions allowed)")
    due.set_defaults(handler=cmd_due_date)
    fee = sub.add_parser("fee", help="the fee of a procedure, in đồng")
    fee.add_argument("--procedure", required=True)
    fee.add_argument("--pages", type=int)
    fee.add_argument("--copies", type=int, default=1)
    fee.add_argument("--channel", choices=["direct", "online", "postal"], default="direct")
    fee.add_argument("--age", type=int)
    fee.add_argument("--late", action="store_true", help="registered after the legal deadline")
    fee.add_argument("--exemption", help="exemption code, e.g. poor_household")
    fee.set_defaults(handler=cmd_fee)


def _add_holidays(sub: Any) -> None:
    holidays = sub.add_parser("holidays", help="the working-day calendar").add_subparsers(
        dest="holidays_command", required=True, parser_class=Parser
    )
    listing = holidays.add_parser("list", help="holidays and make-up days of a year")
    listing.add_argument("--year", type=int, required=True)
    listing.set_defaults(handler=cmd_holidays_list)
    put = holidays.add_parser("set", help="an extra day off or a make-up working day")
    put.add_argument("date")
    kind = put.add_mutually_exclusive_group(required=True)
    kind.add_argument("--off", dest="working", action="store_false")
    kind.add_argument("--working", dest="working", action="store_true")
    put.add_argument("name")
    put.add_argument("--source", default="", help="the document it follows")
    put.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    put.set_defaults(handler=cmd_holidays_set)
    clear = holidays.add_parser("clear", help="remove the administrator's entry of a day")
    clear.add_argument("date")
    clear.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    clear.set_defaults(handler=cmd_holidays_clear)
    confirm = holidays.add_parser("confirm", help="make the expected days of a year official")
    confirm.add_argument("--year", type=int, required=True)
    confirm.add_argument("--source", default="", help="the announcement checked against")
    confirm.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    confirm.set_defaults(handler=cmd_holidays_confirm)
    hours = holidays.add_parser("hours", help="show or set the office hours")
    hours.add_argument("--set", metavar="PERIODS", help='e.g. "07:30-11:30,13:00-17:00"')
    hours.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    hours.set_defaults(handler=cmd_holidays_hours)


def _add_dossier(sub: Any) -> None:
    dossier = sub.add_parser("dossier", help="receive and look up dossiers").add_subparsers(
        dest="dossier_command", required=True, parser_class=Parser
    )
    receive = dossier.add_parser("receive", help="receive a dossier from a JSON document")
    receive.add_argument("--json", metavar="FILE", help="the document ('-' for stdin)")
    receive.add_argument("--example", action="store_true", help="print an example document")
    receive.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    receive.set_defaults(handler=cmd_dossier_receive)
    show = dossier.add_parser("show", help="a dossier as JSON")
    show.add_argument("code")
    show.set_defaults(handler=cmd_dossier_show)
    status = dossier.add_parser("status", help="move a dossier to another status")
    status.add_argument("code")
    status.add_argument("status", choices=[s.value for s in Status])
    status.add_argument("--reason", default="")
    status.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    status.set_defaults(handler=cmd_dossier_status)
    reassign = dossier.add_parser("reassign", help="hand a dossier to another officer")
    reassign.add_argument("code")
    reassign.add_argument("--to", required=True, help="the officer's user name")
    reassign.add_argument("--reason", required=True)
    reassign.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    reassign.set_defaults(handler=cmd_dossier_reassign)
    catalogue.add_dossier_commands(dossier)


def add_commands(sub: Any) -> None:
    _add_cccd(sub)
    _add_due_fee(sub)
    _add_holidays(sub)
    _add_dossier(sub)
    search = sub.add_parser("search", help="find dossiers by name, ID number, phone or code")
    search.add_argument("text")
    search.add_argument("--limit", type=parse_limit, default=DEFAULT_LIMIT)
    search.set_defaults(handler=cmd_search)
    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, parser_class=Parser
    )
    db.add_parser("check", help="integrity, migrations, event log").set_defaults(
        handler=cmd_db_check
    )
    recovery.add_db_commands(db)
    demo = sub.add_parser("demo-data", help="fill the database with fake dossiers")
    demo.add_argument("--dossiers", type=int, required=True)
    demo.add_argument("--per-day", type=int, default=40)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=cmd_demo_data)
    sub.add_parser("self-check", help="headless check of the installation").set_defaults(
        handler=cmd_self_check
    )
