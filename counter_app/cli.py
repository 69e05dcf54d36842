"""The command line, for ward IT and scripts.

English messages; exit 0 on success, exit 2 with one line on stderr for bad
input; JSON on stdout where the command says JSON. With no command the
counter window opens.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from counter_app import __version__, app
from counter_app.domain import citizens
from counter_app.domain.calendar import TimeLimit, WorkingHours
from counter_app.domain.clock import VIETNAM, Clock, FakeClock, SystemClock
from counter_app.domain.dossiers import Status
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeRequest
from counter_app.domain.reception import parse_reception
from counter_app.paths import resource_dir
from counter_app.services import maintenance
from counter_app.services.unit import ADMIN_USERNAME
from counter_app.storage import officers

EXAMPLE_RECEPTION: dict[str, Any] = {
    "procedure": "2.000815",
    "channel": "direct",
    "applicant": {
        "full_name": "Nguyễn Văn An",
        "id_number": "001090123456",
        "birth_date": "1990-01-01",
        "gender": "male",
        "address": "Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        "phone": "0912345678",
        "email": None,
    },
    "delegate": None,
    "documents": [
        {"name": "Bản chính giấy tờ cần chứng thực", "form": "original", "count": 1},
        {"name": "Bản sao cần chứng thực", "form": "copy", "count": 2},
    ],
    "sets": 1,
    "fee": {"pages": 3, "copies": 2},
    "collect_at": "counter",
    "note": "",
}


class UsageError(Exception):
    """Bad input on the command line itself (exit 2)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _minute(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a time like 2026-11-23 09:15") from exc


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"'{text}' is not a date like 2026-11-23") from exc


def _days(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise UsageError(f"'{text}' is not a number of working days") from exc


MAX_SEARCH_LIMIT = 10_000


def _limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise UsageError(f"--limit must be a whole number from 1 to {MAX_SEARCH_LIMIT}")
    return limit


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def cmd_cccd_parse(args: argparse.Namespace) -> int:
    _print_json(citizens.parse_card_qr(args.text).to_json())
    return 0


def cmd_due_date(args: argparse.Namespace) -> int:
    with _services(args) as services:
        received = _minute(args.received)
        if args.procedure:
            procedure = services.reference.catalogue().get(args.procedure, received.date())
            limit = procedure.time_limit
        else:
            limit = TimeLimit.of_days(_days(args.days))
        due = services.reference.calendar().due_time(received, limit)
    print(f"{due:%Y-%m-%d %H:%M}")
    return 0


def cmd_fee(args: argparse.Namespace) -> int:
    with _services(args) as services:
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
    print(quote.total)
    for line in quote.lines:
        print(f"{line.amount}\t{line.quantity} × {line.unit_amount}\t{line.label}")
    if quote.exempted_by:
        print(f"exempted: {quote.exempted_by}")
    return 0


def cmd_holidays_list(args: argparse.Namespace) -> int:
    with _services(args) as services:
        days = services.reference.special_days(args.year)
    for day in days:
        kind = "working" if day.working else "off"
        print(f"{day.day.isoformat()}\t{kind}\t{day.source}\t{day.name}")
    return 0


def cmd_holidays_set(args: argparse.Namespace) -> int:
    with _services(args) as services:
        officer = _officer(services, args.officer)
        services.reference.set_day(_day(args.date), args.working, args.name, officer)
    kind = "a working day" if args.working else "a day off"
    print(f"{args.date} is now {kind}: {args.name}")
    return 0


def cmd_holidays_hours(args: argparse.Namespace) -> int:
    with _services(args) as services:
        if args.set or args.cutoff:
            current, cutoff = services.reference.working_hours().to_text()
            hours = WorkingHours.parse(args.set or current, args.cutoff or cutoff)
            services.reference.set_working_hours(hours, _officer(services, args.officer))
        periods, cutoff = services.reference.working_hours().to_text()
    print(f"working hours: {periods}; same-day cutoff: {cutoff}")
    return 0


def cmd_dossier_receive(args: argparse.Namespace) -> int:
    if args.example:
        _print_json(EXAMPLE_RECEPTION)
        return 0
    if not args.json:
        raise UsageError("dossier receive needs --json FILE or --example")
    request = parse_reception(_read_json(args.json))
    with _services(args) as services:
        officer = _officer(services, args.officer)
        dossier = services.reception.receive(request, officer)
    print(dossier.code)
    return 0


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(text)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{name} is not valid UTF-8 JSON: {exc}") from exc


def cmd_dossier_show(args: argparse.Namespace) -> int:
    with _services(args) as services:
        _print_json(services.dossiers.get(args.code).to_data())
    return 0


def cmd_dossier_status(args: argparse.Namespace) -> int:
    with _services(args) as services:
        officer = _officer(services, args.officer)
        dossier = services.dossiers.change_status(
            args.code, Status(args.status), args.reason, officer
        )
    print(f"{dossier.code}\t{dossier.status.value}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _services(args) as services:
        for d in services.dossiers.search(args.text, args.limit):
            print(
                f"{d.code}\t{d.applicant.full_name}\t{d.applicant.id_number or ''}"
                f"\t{d.procedure_code}\t{d.received_at:%Y-%m-%d %H:%M}\t{d.status.value}"
            )
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    with _services(args) as services:
        report = maintenance.check_database(services.db)
    _print_json({"ok": report.ok, "problems": report.problems, **report.facts})
    return 0 if report.ok else 1


def cmd_demo_data(args: argparse.Namespace) -> int:
    from counter_app.services.demo import DEMO_OFFICER, fill
    from counter_app.services.demo_progress import DemoProgress

    # The demo replays the past on a clock of its own, wired in like any clock.
    clock = FakeClock(SystemClock().now())
    with _services(args, clock) as services:
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
    with _services(args) as services:
        catalogue = services.reference.catalogue()
        report = maintenance.check_database(services.db)
        in_force = catalogue.in_force(services.clock.now().date())
    print(f"procedures in force: {len(in_force)}; database ok: {report.ok}")
    return 0 if report.ok and in_force else 1


def _profile(services: app.Services, name: str | None) -> str:
    profiles = services.printing.profiles()
    chosen = name or services.printing.settings().profile
    if chosen not in profiles:
        raise UsageError(f"unknown printer profile '{chosen}' (see 'counter-app printer-profiles')")
    return chosen


def _send(url: str, data: bytes, baudrate: int) -> None:
    from printers.transport import PrinterError, SerialPrinter

    try:
        with SerialPrinter(url, baudrate) as printer:
            printer.send(data)
    except PrinterError as error:
        raise UsageError(f"the printer did not print: {error}") from error


def cmd_print_test(args: argparse.Namespace) -> int:
    from printers.selftest import selftest_document

    with _services(args) as services:
        name = _profile(services, args.profile)
        profile = services.printing.profiles()[name]
        data = services.printing.render(selftest_document(profile), name)
    _send(args.printer, data, args.baudrate)
    print(f"self-test page sent: {len(data)} bytes")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    with _services(args) as services:
        name = _profile(services, args.profile)
        dossier = services.dossiers.get(args.code)
        data = services.printing.render(services.printing.receipt(dossier), name)
    if args.out:
        _write(Path(args.out), data)
    else:
        _send(args.printer, data, args.baudrate)
    print(f"{len(data)} bytes")
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc


def cmd_form(args: argparse.Namespace) -> int:
    with _services(args) as services:
        if args.number == "06":
            if not (args.date_from and args.date_to):
                raise UsageError("form 06 needs --from DATE and --to DATE")
            data = services.forms.register(_day(args.date_from), _day(args.date_to))
        elif not args.code:
            raise UsageError(f"form {args.number} needs a dossier code")
        elif args.number == "01":
            data = services.forms.receipt(args.code, "a5" if args.a5 else "a4_two_copies")
        else:
            new_due = _minute(args.new_due) if args.new_due else None
            data = services.forms.form(args.number, args.code, reason=args.reason, new_due=new_due)
    _write(Path(args.out), data)
    print(args.out)
    return 0


def cmd_printer_decode(args: argparse.Namespace) -> int:
    from printers.decoder import decode

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from exc
    profile = None
    if args.profile:
        with _services(args) as services:
            profile = services.printing.profiles()[_profile(services, args.profile)]
    paper = decode(data, profile)
    print(paper.text)
    for payload in paper.qr_payloads:
        print(f"QR: {payload}")
    if args.png:
        paper.render_png(Path(args.png), resource_dir() / "fonts" / "LiberationSans-Regular.ttf")
    return 0


def cmd_printer_profiles(args: argparse.Namespace) -> int:
    from printers.profiles import load_profiles, profiles_path

    for name, profile in sorted(load_profiles(profiles_path(resource_dir())).items()):
        qr = "native QR" if profile.native_qr else "raster QR"
        print(f"{name}\t{profile.paper_mm} mm\t{profile.encoding}\t{qr}\t{profile.label}")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from counter_app.ui.main import screenshot

    for path in screenshot(Path(args.out), args.lang):
        print(path)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    with _services(args) as services:
        return app.run_gui(services)


class _services:
    def __init__(self, args: argparse.Namespace, clock: Clock | None = None) -> None:
        self._folder = app.data_dir(args.data_dir)
        self._clock = clock

    def __enter__(self) -> app.Services:
        try:
            self._services = app.build(self._folder, self._clock)
        except OSError as exc:  # unwritable, missing parent, a file in the way...
            reason = exc.strerror or str(exc)
            raise UsageError(f"cannot use the data folder {self._folder}: {reason}") from exc
        return self._services

    def __exit__(self, *exc: object) -> None:
        self._services.close()


def _officer(services: app.Services, username: str) -> str:
    officer = officers.by_username(services.db, username)
    if officer is None or not officer.active:
        raise UsageError(f"there is no active officer '{username}'")
    return officer.username


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> Parser:
    parser = Parser(prog="counter-app", description="Quầy Một Cửa counter application")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--data-dir",
        help="the data folder (default: $COUNTER_APP_DATA or the platform data folder)",
    )
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    _add_cccd(sub)
    _add_due_fee(sub)
    _add_holidays(sub)
    _add_dossier(sub)
    search = sub.add_parser("search", help="find dossiers by name, ID number, phone or code")
    search.add_argument("text")
    search.add_argument("--limit", type=_limit, default=50)
    search.set_defaults(handler=cmd_search)
    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, parser_class=Parser
    )
    db.add_parser("check", help="integrity, migrations, event log").set_defaults(
        handler=cmd_db_check
    )
    demo = sub.add_parser("demo-data", help="fill the database with fake dossiers")
    demo.add_argument("--dossiers", type=int, required=True)
    demo.add_argument("--per-day", type=int, default=40)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=cmd_demo_data)
    sub.add_parser("self-check", help="headless check of the installation").set_defaults(
        handler=cmd_self_check
    )
    _add_printing(sub)
    shot = sub.add_parser("screenshot", help="write PNGs of the windows (offscreen)")
    shot.add_argument("--out", required=True, metavar="DIR")
    shot.add_argument("--lang", choices=["vi", "en"], default="vi")
    shot.set_defaults(handler=cmd_screenshot)
    sub.add_parser("gui", help="open the counter window (the default)").set_defaults(
        handler=cmd_gui
    )
    return parser


def _add_printing(sub: Any) -> None:
    test = sub.add_parser("print-test", help="print the self-test page of every encoding")
    test.add_argument("--printer", required=True, metavar="URL", help="e.g. COM3, /dev/ttyUSB0")
    test.add_argument("--profile")
    test.add_argument("--baudrate", type=int, default=9600)
    test.set_defaults(handler=cmd_print_test)
    slip = sub.add_parser("receipt", help="the ESC/POS bytes of a dossier's receipt")
    slip.add_argument("code")
    slip.add_argument("--profile")
    slip.add_argument("--baudrate", type=int, default=9600)
    target = slip.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", metavar="FILE")
    target.add_argument("--printer", metavar="URL")
    slip.set_defaults(handler=cmd_receipt)
    form = sub.add_parser("form", help="a legal form as PDF (01–06)")
    form.add_argument("number", choices=["01", "02", "03", "04", "05", "06"])
    form.add_argument("code", nargs="?")
    form.add_argument("--out", required=True, metavar="FILE.pdf")
    form.add_argument("--a5", action="store_true", help="form 01 as two A5 pages")
    form.add_argument("--reason", default="", help="forms 02, 03, 04")
    form.add_argument("--new-due", help='form 04: "YYYY-MM-DD HH:MM"')
    form.add_argument("--from", dest="date_from", help="form 06: first day")
    form.add_argument("--to", dest="date_to", help="form 06: last day")
    form.set_defaults(handler=cmd_form)
    decode = sub.add_parser("printer-decode", help="decode ESC/POS bytes like the virtual printer")
    decode.add_argument("file")
    decode.add_argument("--png", metavar="OUT.png")
    decode.add_argument("--profile")
    decode.set_defaults(handler=cmd_printer_decode)
    sub.add_parser("printer-profiles", help="the printer models known").set_defaults(
        handler=cmd_printer_profiles
    )


def _add_cccd(sub: Any) -> None:
    cccd = sub.add_parser("cccd", help="citizen identity cards").add_subparsers(
        dest="cccd_command", required=True, parser_class=Parser
    )
    parse = cccd.add_parser("parse", help="parse the QR text of a chip card (JSON)")
    parse.add_argument("text")
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
    put.add_argument("--officer", default=ADMIN_USERNAME)
    put.set_defaults(handler=cmd_holidays_set)
    hours = holidays.add_parser("hours", help="show or set the office hours")
    hours.add_argument("--set", metavar="PERIODS", help='e.g. "07:30-11:30,13:00-17:00"')
    hours.add_argument("--cutoff", metavar="HH:MM", help="same-day cutoff (default 15:00)")
    hours.add_argument("--officer", default=ADMIN_USERNAME)
    hours.set_defaults(handler=cmd_holidays_hours)


def _add_dossier(sub: Any) -> None:
    dossier = sub.add_parser("dossier", help="receive and look up dossiers").add_subparsers(
        dest="dossier_command", required=True, parser_class=Parser
    )
    receive = dossier.add_parser("receive", help="receive a dossier from a JSON document")
    receive.add_argument("--json", metavar="FILE", help="the document ('-' for stdin)")
    receive.add_argument("--example", action="store_true", help="print an example document")
    receive.add_argument("--officer", default=ADMIN_USERNAME)
    receive.set_defaults(handler=cmd_dossier_receive)
    show = dossier.add_parser("show", help="a dossier as JSON")
    show.add_argument("code")
    show.set_defaults(handler=cmd_dossier_show)
    status = dossier.add_parser("status", help="move a dossier to another status")
    status.add_argument("code")
    status.add_argument("status", choices=[s.value for s in Status])
    status.add_argument("--reason", default="")
    status.add_argument("--officer", default=ADMIN_USERNAME)
    status.set_defaults(handler=cmd_dossier_status)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except (UsageError, DomainError) as exc:
        # One line, whatever the input echoed in the message contained.
        print(f"counter-app: error: {' '.join(str(exc).splitlines())}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours. Point stdout
        # at /dev/null so the flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
