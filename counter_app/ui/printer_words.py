"""What the officer reads about the counter's printer, in the language of the screen.

Every print button asks :func:`printer_missing` first: with no printer set up, a paper
queued would wait for a printer that never comes while the officer believes it printed,
so the button says why nothing came out, and who sets a printer up where. The paper
itself stays Vietnamese (``counter_app/papers``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from counter_app.services.printing import PrintService


def no_printer_text() -> str:
    return QCoreApplication.translate(
        "Printer",
        "Nothing was printed: this counter has no printer set up. The head of the unit or "
        "the administrator sets one up in the menu Counter → Printer…",
    )


def printer_missing(printing: PrintService) -> str | None:
    """The sentence to show instead of printing; None when the counter has a printer."""
    return None if printing.settings().url else no_printer_text()
