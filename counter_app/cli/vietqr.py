"""VietQR commands: build a payload, read one back, draw it as a PNG, list the banks.

None of them opens the database: they work on the text given and the shipped bank table.
Each handler imports the rules it uses: the parser stays light.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.common import UsageError, print_json, write_file
from counter_app.cli.parser import Parser
from counter_app.domain.text import shown
from counter_app.paths import resource_dir

if TYPE_CHECKING:
    from counter_app.domain import bank_table


def load_banks() -> list[bank_table.Bank]:
    """The bank table shipped in ``resources/banks.json``."""
    import json

    from counter_app.domain import bank_table

    path = resource_dir() / "banks.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the bank table {path}: {exc}") from exc
    return bank_table.banks_from_data(data)


def _amount(text: str) -> int:
    from counter_app.domain.vietqr import MAX_AMOUNT_DIGITS

    if not (text.isascii() and text.isdigit()):
        raise UsageError(f"--amount must be whole đồng in digits, like 180000, not '{text}'")
    if len(text.lstrip("0")) > MAX_AMOUNT_DIGITS:  # int() of 5,000 digits is refused anyway
        raise UsageError(f"--amount must be at most {MAX_AMOUNT_DIGITS} digits of đồng")
    return int(text)


def cmd_build(args: argparse.Namespace) -> int:
    from counter_app.domain import bank_table, vietqr

    # A code that pays into no bank is no use to a citizen: the BIN must be in the table.
    bank_table.check_bin(args.bin, load_banks())
    payload = vietqr.build(
        args.bin,
        account=args.account,
        card=args.card,
        amount=_amount(args.amount) if args.amount is not None else None,
        bill_number=args.bill,
        purpose=args.purpose,
        static=args.static,
    )
    print(payload)
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from counter_app.domain import vietqr

    print_json(vietqr.parse(args.payload).to_data())
    return 0


def png_bytes(payload: str, box_size: int = 10) -> bytes:
    """The QR image of a payload: error correction M, the standard 4-module quiet zone."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def cmd_png(args: argparse.Namespace) -> int:
    from counter_app.domain import vietqr

    vietqr.parse(args.payload)  # refuse a broken payload before drawing it
    if not 1 <= args.box_size <= 50:
        raise UsageError("--box-size must be from 1 to 50 pixels")
    write_file(Path(args.out), png_bytes(args.payload, args.box_size))
    print(shown(args.out))
    return 0


def cmd_banks(args: argparse.Namespace) -> int:
    for bank in load_banks():
        print(f"{bank.bin}\t{bank.short_name}\t{bank.name}")
    return 0


def add_commands(sub: Any) -> None:
    group = sub.add_parser("vietqr", help="build, read and draw VietQR transfer codes")
    commands = group.add_subparsers(
        dest="vietqr_command", metavar="COMMAND", required=True, parser_class=Parser
    )
    build = commands.add_parser("build", help="print a VietQR payload")
    build.add_argument("--bin", required=True, help="the bank's 6-digit BIN")
    target = build.add_mutually_exclusive_group(required=True)
    target.add_argument("--account", metavar="N", help="transfer to an account (QRIBFTTA)")
    target.add_argument("--card", metavar="N", help="transfer to a card (QRIBFTTC)")
    build.add_argument("--amount", metavar="N", help="whole đồng; makes the code dynamic")
    build.add_argument("--bill", metavar="TEXT", help="bill number (62/01), ≤25 ASCII")
    build.add_argument("--purpose", metavar="TEXT", help="transfer content (62/08), ≤25 ASCII")
    build.add_argument("--static", action="store_true", help="static even with an amount")
    build.set_defaults(handler=cmd_build)
    parse = commands.add_parser("parse", help="read a payload; JSON, or the reason it is refused")
    parse.add_argument("payload")
    parse.set_defaults(handler=cmd_parse)
    png = commands.add_parser("png", help="write the QR image of a payload")
    png.add_argument("payload")
    png.add_argument("--out", required=True, metavar="FILE.png")
    png.add_argument("--box-size", type=int, default=10, help="pixels per module (default 10)")
    png.set_defaults(handler=cmd_png)
    commands.add_parser("banks", help="the bank table: BIN, short name, name").set_defaults(
        handler=cmd_banks
    )
