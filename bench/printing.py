"""Bytes and seconds on the wire for the standard receipt, per printer profile.

For each shipped profile the receipt of a dossier received through the real reception
path is rendered the way that profile prints it (native text where it can, raster lines
where it must), and again as the same paper drawn whole as one full-width 1-bit image
(GS v 0): what a driver that "prints everything as a picture" sends. Seconds on the wire
are computed with the 8N1 arithmetic of DOMAIN.md §8: 10 bits a byte, so
``seconds = bytes × 10 / baud``. A pty does not throttle to its baud rate, so a send to
the virtual printer is timed once only to show that (it is not a wire time).

    .venv/bin/python bench/printing.py
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.reception import parse_reception
from counter_app.papers.receipts import PaperUnit, receipt
from counter_app.paths import resource_dir
from printers import commands
from printers.decoder import decode
from printers.document import Document
from printers.paper import Paper, PaperCut
from printers.profiles import PrinterProfile, load_profiles, profiles_path
from printers.render import TEAR_OFF_FEED, render
from printers.transport import SerialPrinter
from printers.virtual import VirtualPrinter

BAUDS = (9600, 115200)
RECEIVED = datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM)  # a Monday morning
UNIT = PaperUnit("Bộ phận Một cửa phường Hoàn Kiếm", 1, "Hà Nội")
OFFICER = "Trần Thị Bình"
FONTS = resource_dir() / "fonts"
FONT = FONTS / "LiberationSans-Regular.ttf"
TIMED_PROFILE = "epson-tm-t82"


def wire_seconds(size: int, baud: int) -> float:
    """8N1: a start bit, 8 data bits and a stop bit for every byte."""
    return size * 10 / baud


def standard_dossier(folder: Path) -> Dossier:
    """The example reception (two documents, a fee) through the real reception path."""
    services = app.build(folder, FakeClock(RECEIVED))
    try:
        request = parse_reception(copy.deepcopy(EXAMPLE_RECEPTION))
        return services.reception.receive(request, "admin")
    finally:
        services.close()


def ending(profile: PrinterProfile) -> bytes:
    """What follows the image: the cut, or the tear-off feed on models without a cutter."""
    if profile.cut == "none":
        return commands.feed(TEAR_OFF_FEED)
    return commands.cut(profile.cut == "partial")


def as_one_image(paper: Paper, profile: PrinterProfile, folder: Path) -> bytes:
    """The printed paper drawn whole, full width, sent as one GS v 0 raster image."""
    uncut = Paper(paper.dots, [block for block in paper.blocks if not isinstance(block, PaperCut)])
    png = folder / f"{profile.name}.png"
    uncut.render_png(png, FONT)
    with Image.open(png) as drawn:
        mono = drawn.convert("1")  # Pillow's threshold at 128: thermal dots are on or off
    return commands.initialize() + commands.raster_image(mono) + ending(profile)


def measure(document: Document, profile: PrinterProfile, folder: Path) -> dict[str, Any]:
    native = render(document, profile, FONTS)
    paper = decode(native, profile)
    raster = as_one_image(paper, profile, folder)
    row: dict[str, Any] = {
        "paper_mm": profile.paper_mm,
        "encoding": profile.encoding,
        "native_qr": profile.native_qr,
        "native_bytes": len(native),
        "raster_bytes": len(raster),
        "ratio": round(len(raster) / len(native), 1),
        "images_in_native": len(paper.images),
    }
    for baud in BAUDS:
        row[f"native_s_{baud}"] = round(wire_seconds(len(native), baud), 3)
        row[f"raster_s_{baud}"] = round(wire_seconds(len(raster), baud), 3)
    return row


def timed_send(data: bytes, profile: PrinterProfile, baud: int) -> float:
    """Seconds to send a job to the virtual printer over a pty (unthrottled: not a wire time)."""
    with VirtualPrinter(profile) as printer, SerialPrinter(printer.url, baud) as port:
        started = time.perf_counter()
        port.send(data)
        return time.perf_counter() - started


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = (
        f"{'profile':<16} {'mm':>3} {'encoding':<8} {'native B':>9} {'s@9600':>7} "
        f"{'s@115200':>8} {'raster B':>9} {'s@9600':>7} {'s@115200':>8} {'ratio':>6}"
    )
    lines = [head, "-" * len(head)]
    for name, row in rows.items():
        lines.append(
            f"{name:<16} {row['paper_mm']:>3} {row['encoding']:<8} "
            f"{row['native_bytes']:>9,} {row['native_s_9600']:>7.2f} "
            f"{row['native_s_115200']:>8.3f} {row['raster_bytes']:>9,} "
            f"{row['raster_s_9600']:>7.2f} {row['raster_s_115200']:>8.3f} "
            f"{row['ratio']:>5.1f}x"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    del argv  # no options: the receipt and the profiles are fixed
    profiles = load_profiles(profiles_path(resource_dir()))
    with tempfile.TemporaryDirectory(prefix="bench-printing-") as temp:
        folder = Path(temp)
        dossier = standard_dossier(folder / "data")
        document = receipt(dossier, UNIT, OFFICER)
        rows = {name: measure(document, profile, folder) for name, profile in profiles.items()}
    timed = profiles[TIMED_PROFILE]
    pty_seconds = timed_send(render(document, timed, FONTS), timed, 9600)
    print(f"Standard receipt of dossier {dossier.code} (8N1: seconds = bytes x 10 / baud)\n")
    print(table(rows))
    print(
        f"\nMeasured send over a pty to the virtual printer at 9600 baud ({TIMED_PROFILE}, "
        f"{rows[TIMED_PROFILE]['native_bytes']} B): {pty_seconds:.3f} s, status replies "
        f"included; a pty does not throttle, the wire would take "
        f"{rows[TIMED_PROFILE]['native_s_9600']:.2f} s."
    )
    result = {
        "receipt": dossier.code,
        "bauds": list(BAUDS),
        "profiles": rows,
        "pty_send_seconds_9600": round(pty_seconds, 3),
        "pty_profile": TIMED_PROFILE,
    }
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
