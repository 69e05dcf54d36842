"""The code-page self-test page printed at installation.

Which slot holds which Vietnamese table is often undocumented on clones, so the page
prints one sample line through every candidate of the profile; the installer keeps
the candidate whose line reads right (``PrinterProfile.choose``).
"""

from __future__ import annotations

from printers.document import Align, Cut, Document, Feed, QrCode, Rule, Text
from printers.profiles import PrinterProfile

SAMPLE = "Tiếng Việt: Ắ Ằ Ẳ Ẵ Ặ ắ ằ ẳ ẵ ặ Đ đ Ư ư Ơ ơ"


def selftest_document(profile: PrinterProfile) -> Document:
    """Each candidate's name and code pages (in ASCII), then the sample through it."""
    page = Document().add(
        Text("PRINTER SELF-TEST", Align.CENTER, bold=True, encoding="unaccented"),
        Text(f"{profile.label}", Align.CENTER, encoding="unaccented"),
        Text(
            f"{profile.name}: {profile.paper_mm} mm, {profile.columns} columns",
            Align.CENTER,
            encoding="unaccented",
        ),
        Rule(),
    )
    for number, candidate in enumerate(profile.candidates, 1):
        page.add(
            Text(f"{number}. {candidate.name}", bold=True, encoding="unaccented"),
            Text(SAMPLE, encoding=candidate.name),
            Feed(1),
        )
    page.add(
        Rule(),
        Text("Chon dong doc dung / QR:", encoding="unaccented"),
        QrCode("SELFTEST " + " ".join(c.name for c in profile.candidates), size=4),
        Feed(1),
        Cut(),
    )
    return page
