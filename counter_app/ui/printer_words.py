"""What the officer reads about the counter's printer, in the language of the screen.

Every print button asks :func:`printer_missing` first: with no printer set up, a paper
queued would wait for a printer that never comes while the officer believes it printed,
so the button says why nothing came out, and who sets a printer up where. The paper
itself stays Vietnamese (``counter_app/papers``), and so do the titles its job keeps: the
list of recent papers says each one's name and the printer's refusal in the screen's
language from the job's kind and status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from counter_app.services.printing import PrinterStatus, job_problem, paper_reference

if TYPE_CHECKING:
    from counter_app.services.printing import PrintJob, PrintService


def no_printer_text() -> str:
    return QCoreApplication.translate(
        "Printer",
        "Nothing was printed: this counter has no printer set up. The head of the unit or "
        "the administrator sets one up in the menu Counter → Printer…",
    )


def printer_missing(printing: PrintService) -> str | None:
    """The sentence to show instead of printing; None when the counter has a printer."""
    return None if printing.settings().url else no_printer_text()


def status_words(status: PrinterStatus | None) -> str:
    """The printer's state; None (never asked yet) is taken for ready."""
    words = {
        PrinterStatus.OFFLINE: QCoreApplication.translate("Printer", "Printer offline"),
        PrinterStatus.COVER_OPEN: QCoreApplication.translate("Printer", "Cover open"),
        PrinterStatus.PAPER_NEAR_END: QCoreApplication.translate("Printer", "Paper nearly out"),
        PrinterStatus.PAPER_OUT: QCoreApplication.translate("Printer", "Out of paper"),
        PrinterStatus.NO_REPLY: QCoreApplication.translate("Printer", "Printer not responding"),
    }
    return words.get(status, QCoreApplication.translate("Printer", "Printer ready"))  # type: ignore[arg-type]


def job_state_words(state: str) -> str:
    words = {
        "queued": QCoreApplication.translate("Printer", "waiting"),
        "printing": QCoreApplication.translate("Printer", "printing"),
        "done": QCoreApplication.translate("Printer", "printed"),
    }
    return words.get(state, state)


def paper_words(job: PrintJob) -> str:
    """The paper's name and what it is for ("Appointment slip 000.00.01.H26-…")."""
    names = {
        "receipt": QCoreApplication.translate("Printer", "Appointment slip %1"),
        "fee_receipt": QCoreApplication.translate("Printer", "Fee receipt %1"),
        "queue_ticket": QCoreApplication.translate("Printer", "Ticket %1"),
        "self_test": QCoreApplication.translate("Printer", "Test page"),
    }
    reference = paper_reference(job)
    if reference is None or job.kind not in names:
        return job.title
    return names[job.kind].replace("%1", reference)


def job_line(job: PrintJob) -> str:
    """One line of the recent papers: when, which paper, its state, why it waits."""
    line = f"{job.created_at[11:16]}  {paper_words(job)}: {job_state_words(job.state)}"
    if job.last_error is None:
        return line
    status = job_problem(job)
    problem = (
        status_words(status)
        if status is not None
        else QCoreApplication.translate("Printer", "Printer problem")
    )
    return f"{line} — {problem}"
