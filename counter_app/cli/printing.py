"""Commands for printers and papers: self-test, receipts, the decoder, PDF forms.

Each handler imports the printer modules it uses: the parser stays light.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.common import (
    UsageError,
    open_services,
    parse_day,
    parse_minute,
    write_file,
)
from counter_app.domain.text import shown
from counter_app.papers import FORM_NUMBERS, REGISTER_FORM
from counter_app.paths import resource_dir

if TYPE_CHECKING:
    from counter_app import app


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

    with open_services(args) as services:
        name = _profile(services, args.profile)
        profile = services.printing.profiles()[name]
        data = services.printing.render(selftest_document(profile), name)
    _send(args.printer, data, args.baudrate)
    print(f"self-test page sent: {len(data)} bytes")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        name = _profile(services, args.profile)
        dossier = services.dossiers.get(args.code)
        data = services.printing.render(services.printing.receipt(dossier), name)
    if args.out:
        write_file(Path(args.out), data)
    else:
        _send(args.printer, data, args.baudrate)
    print(f"{len(data)} bytes")
    return 0


def cmd_form(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        if args.number == REGISTER_FORM:
            if not (args.date_from and args.date_to):
                raise UsageError("form 07 (the register book) needs --from DATE and --to DATE")
            data = services.forms.register(parse_day(args.date_from), parse_day(args.date_to))
        elif not args.code:
            raise UsageError(f"form {args.number} needs a dossier code")
        elif args.number == "01":
            data = services.forms.receipt(args.code, "a5" if args.a5 else "a4_two_copies")
        else:
            new_due = parse_minute(args.new_due) if args.new_due else None
            data = services.forms.form(args.number, args.code, reason=args.reason, new_due=new_due)
    write_file(Path(args.out), data)
    print(shown(args.out))
    return 0


def cmd_printer_decode(args: argparse.Namespace) -> int:
    from printers.decoder import decode
    from printers.profiles import load_profiles, profiles_path

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from exc
    profile = None
    if args.profile:
        profiles = load_profiles(profiles_path(resource_dir()))
        if args.profile not in profiles:
            raise UsageError(
                f"unknown printer profile '{args.profile}' (see 'counter-app printer-profiles')"
            )
        profile = profiles[args.profile]
    paper = decode(data, profile)
    if args.png:  # first: a PNG that cannot be written is a refusal, with nothing printed
        font = resource_dir() / "fonts" / "LiberationSans-Regular.ttf"
        try:
            paper.render_png(Path(args.png), font)
        except OSError as exc:
            raise UsageError(f"cannot write {args.png}: {exc.strerror}") from exc
    # The paper's text is what the bytes said: any bytes, so never raw to the terminal.
    print(shown(paper.text))
    for payload in paper.qr_payloads:
        print(f"QR: {shown(payload)}")
    return 0


def cmd_printer_profiles(args: argparse.Namespace) -> int:
    from printers.profiles import load_profiles, profiles_path

    for name, profile in sorted(load_profiles(profiles_path(resource_dir())).items()):
        qr = "native QR" if profile.native_qr else "raster QR"
        print(f"{name}\t{profile.paper_mm} mm\t{profile.encoding}\t{qr}\t{profile.label}")
    return 0


def add_commands(sub: Any) -> None:
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
    form = sub.add_parser(
        "form", help="a legal form as PDF (Circular 03/2025/TT-VPCP, forms 01–07)"
    )
    form.add_argument("number", choices=list(FORM_NUMBERS))
    form.add_argument("code", nargs="?", help="the dossier (forms 01–06)")
    form.add_argument("--out", required=True, metavar="FILE.pdf")
    form.add_argument("--a5", action="store_true", help="form 01 as two A5 pages")
    form.add_argument("--reason", default="", help="forms 02, 03, 04, 05")
    form.add_argument("--new-due", help='form 04: the extended time, "YYYY-MM-DD HH:MM"')
    form.add_argument("--from", dest="date_from", help="form 07: first day")
    form.add_argument("--to", dest="date_to", help="form 07: last day")
    form.set_defaults(handler=cmd_form)
    decode = sub.add_parser("printer-decode", help="decode ESC/POS bytes like the virtual printer")
    decode.add_argument("file")
    decode.add_argument("--png", metavar="OUT.png")
    decode.add_argument("--profile")
    decode.set_defaults(handler=cmd_printer_decode)
    sub.add_parser("printer-profiles", help="the printer models known").set_defaults(
        handler=cmd_printer_profiles
    )
