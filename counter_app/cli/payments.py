"""Commands on fee payments: take a dossier's fee (a VietQR code or cash), show its
payments, and the daily reconciliation report."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.common import (
    DEFAULT_OFFICER,
    OFFICER_HELP,
    UsageError,
    active_officer,
    open_services,
    parse_day,
    print_json,
    write_file,
)
from counter_app.cli.parser import Parser

if TYPE_CHECKING:
    from counter_app.domain.payments import Payment


def cmd_payments_report(args: argparse.Namespace) -> int:
    from counter_app.domain.clock import VIETNAM  # the time zone data: not for the parser

    day = datetime.combine(parse_day(args.date), time(12), VIETNAM)
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        services.payments.expire()
        print_json(services.payments.report(day, officer))
    return 0


def cmd_payments_qr(args: argparse.Namespace) -> int:
    """As the window's "QR" button: a fresh dynamic VietQR code for the dossier's fee
    (an earlier pending one is cancelled); its text, and with --png its image."""
    if args.png is not None and not Path(args.png).parent.is_dir():  # before the payment
        raise UsageError(f"cannot write {args.png}: its folder does not exist")
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        services.payments.expire()
        payment = services.payments.start_qr(args.code, officer)
    if args.png is not None:
        from counter_app.cli.vietqr import png_bytes

        assert payment.qr_payload is not None  # a QR payment carries its text
        write_file(Path(args.png), png_bytes(payment.qr_payload))
    print_json(_with_qr(payment))
    return 0


def cmd_payments_cash(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        officer = active_officer(services, args.officer)
        services.payments.expire()
        payment = services.payments.record_cash(args.code, officer)
    print_json(_shown(payment))
    return 0


def cmd_payments_show(args: argparse.Namespace) -> int:
    """The dossier's payments, oldest first, as they stand now (a QR past its time is
    expired first, as the window does)."""
    with open_services(args) as services:
        services.payments.expire()
        found = services.payments.for_dossier(args.code)
    print_json([_with_qr(payment) for payment in found])
    return 0


def _shown(payment: Payment) -> dict[str, object]:
    from counter_app.domain.payments import payment_data

    return payment_data(payment)


def _with_qr(payment: Payment) -> dict[str, object]:
    expires = payment.expires_at
    return {
        **_shown(payment),
        "qr_payload": payment.qr_payload,
        "expires_at": None if expires is None else expires.isoformat(timespec="seconds"),
    }


def add_commands(sub: Any) -> None:
    payments = sub.add_parser("payments", help="fee payments").add_subparsers(
        dest="payments_command", required=True, parser_class=Parser
    )
    report = payments.add_parser(
        "report", help="a day's payments by state, totals by method, officer confirmations (JSON)"
    )
    report.add_argument("--date", required=True, help="YYYY-MM-DD")
    report.add_argument("--officer", default=DEFAULT_OFFICER, help="a head of unit or admin")
    report.set_defaults(handler=cmd_payments_report)
    qr = payments.add_parser(
        "qr", help="a VietQR code for a dossier's fee, as the window's QR button (JSON)"
    )
    qr.add_argument("code", metavar="DOSSIER_CODE")
    qr.add_argument("--png", metavar="FILE.png", help="also write the QR image there")
    qr.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    qr.set_defaults(handler=cmd_payments_qr)
    cash = payments.add_parser("cash", help="record a dossier's fee paid in cash (JSON)")
    cash.add_argument("code", metavar="DOSSIER_CODE")
    cash.add_argument("--officer", default=DEFAULT_OFFICER, help=OFFICER_HELP)
    cash.set_defaults(handler=cmd_payments_cash)
    show = payments.add_parser("show", help="a dossier's payments and their states (JSON)")
    show.add_argument("code", metavar="DOSSIER_CODE")
    show.set_defaults(handler=cmd_payments_show)
