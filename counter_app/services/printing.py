"""Printing: papers are rendered for the configured printer, queued, and sent in the
background until the printer takes them. A printer fault never blocks or loses
anything: the job waits, and the counter window says why (hết giấy, nắp mở...).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.clock import Clock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.payments import Method, Payment
from counter_app.domain.records import record
from counter_app.domain.serial_speeds import BAUD_RATES, stored_baudrate
from counter_app.domain.text import one_plain_line
from counter_app.services.permissions import Guard, Permission
from counter_app.services.unit import Unit
from counter_app.storage import events, officers, print_jobs, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import connect, storage_failure, transaction
from counter_app.storage.errors import StorageError, from_os
from counter_app.storage.print_jobs import DONE, PRINTING, QUEUED
from counter_app.storage.print_jobs import PrintJob as PrintJob  # the UI lists them
from printers.profiles import PrinterProfile, load_profiles
from printers.transport import PrinterError, SerialPrinter
from printers.transport import PrinterStatus as PrinterStatus  # the UI shows it

if TYPE_CHECKING:  # the papers' layouts are imported by the first paper queued
    from counter_app.papers.receipts import PaperUnit
    from printers.document import Document

LOG = logging.getLogger(__name__)
MAX_PRINTER_URL = 200  # "COM3", "/dev/ttyUSB0", "socket://192.168.1.50:9100"
DEFAULT_PROFILE = "epson-tm-t82"
URL_KEY, BAUD_KEY, PROFILE_KEY = "printer_url", "printer_baudrate", "printer_profile"
ENCODING_KEY = "printer_encoding"


# Each paper's name as a job's title gives it (Vietnamese, as on the paper and in the event
# log), then what it is for: the dossier code, the receipt's number, the ticket's label.
PAPER_NAMES = {
    "receipt": "Giấy hẹn",
    "fee_receipt": "Biên lai",
    "queue_ticket": "Số",
    "self_test": "Trang in thử",
}


def paper_title(kind: str, reference: str = "") -> str:
    return f"{PAPER_NAMES[kind]} {reference}".rstrip()


def paper_reference(job: PrintJob) -> str | None:
    """What the job's paper is for ("" for the test page); None for a title of another
    shape, which a screen shows as stored."""
    name = PAPER_NAMES.get(job.kind)
    if name is None or not (job.title == name or job.title.startswith(name + " ")):
        return None
    return job.title[len(name) + 1 :]


def job_problem(job: PrintJob) -> PrinterStatus | None:
    """Why the printer refused the job when it was last sent, None when it did not."""
    return None if job.last_error is None else PrinterError.status_in(job.last_error)


@record(frozen=True)
class PrinterSettings:
    url: str | None
    baudrate: int
    profile: str
    encoding: str | None = None  # the candidate picked on the self-test page, if any


Connector = Callable[[str, int], SerialPrinter]


def _serial(url: str, baudrate: int) -> SerialPrinter:
    return SerialPrinter(url, baudrate)


class PrintService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        unit: Unit,
        resources: Path,
        connector: Connector = _serial,
    ) -> None:
        self._db = db
        self._clock = clock
        self._unit = unit
        self._resources = resources
        self._connector = connector
        self._guard = Guard(db, clock, unit.device_id)
        self._profiles = load_profiles(resources / "printers" / "profiles.json")
        self.last_status: PrinterStatus | None = None

    # --- configuration ---------------------------------------------------------------

    def profiles(self) -> dict[str, PrinterProfile]:
        return dict(self._profiles)

    def settings(self) -> PrinterSettings:
        values = settings.get_all(self._db)
        return PrinterSettings(
            url=values.get(URL_KEY) or None,
            baudrate=stored_baudrate(values.get(BAUD_KEY)),
            profile=values.get(PROFILE_KEY, DEFAULT_PROFILE),
            encoding=values.get(ENCODING_KEY) or None,
        )

    def configure(
        self,
        url: str | None,
        baudrate: int,
        profile: str,
        officer: str,
        encoding: str | None = None,
    ) -> None:
        """Port, speed, model and (after the self-test) the Vietnamese encoding that reads right."""
        self._guard.require(officer, Permission.PRINTER)
        url = _checked_url(url)
        if profile not in self._profiles:
            raise DomainError("printer_profile_unknown", f"There is no printer profile {profile}.")
        if baudrate not in BAUD_RATES:
            raise DomainError("printer_baudrate_invalid", f"{baudrate} is not a serial speed.")
        candidates = [c.name for c in self._profiles[profile].candidates]
        if encoding is not None and encoding not in candidates:
            raise DomainError("printer_encoding_unknown", f"{profile} has no encoding {encoding}.")
        now = self._clock.now()
        payload = {
            "url": url or "",
            "baudrate": baudrate,
            "profile": profile,
            "encoding": encoding or "",
        }
        with transaction(self._db):
            settings.put(self._db, URL_KEY, url or "")
            settings.put(self._db, BAUD_KEY, str(baudrate))
            settings.put(self._db, PROFILE_KEY, profile)
            settings.put(self._db, ENCODING_KEY, encoding or "")
            events.append(
                self._db,
                self._context(officer),
                "printer.configured",
                ("printer", self._unit.device_id),
                payload,
                now,
            )

    # --- queueing --------------------------------------------------------------------

    def render(self, document: Document, profile: str | None = None) -> bytes:
        """Bytes for a named model, or for this counter's printer as set up."""
        if profile is None:
            config = self.settings()
            chosen = self._profiles[config.profile]
            if config.encoding:
                chosen = chosen.choose(config.encoding)
        else:
            chosen = self._profiles[profile]
        from printers.render import render  # Pillow and qrcode: only once a paper is printed

        return render(document, chosen, self._resources / "fonts")

    def paper_unit(self) -> PaperUnit:
        from counter_app.papers.receipts import PaperUnit

        return PaperUnit(self._unit.name, self._unit.counter_number, self._unit.place)

    def receipt(self, dossier: Dossier, fee_qr: str | None = None) -> Document:
        from counter_app.papers.receipts import receipt

        officer = officers.by_username(self._db, dossier.officer)
        name = officer.full_name if officer else dossier.officer
        return receipt(dossier, self.paper_unit(), name, fee_qr)

    def print_receipt(self, dossier: Dossier, officer: str, fee_qr: str | None = None) -> PrintJob:
        """The receipt and appointment slip; with the fee's QR while it is unpaid."""
        title = paper_title("receipt", dossier.code)
        return self.enqueue("receipt", title, self.receipt(dossier, fee_qr), officer, dossier.id)

    def print_fee_receipt(
        self, dossier: Dossier, payment: Payment, number: str, officer: str
    ) -> PrintJob:
        """The thermal biên lai of a paid fee (the PDF is the filed one)."""
        from counter_app.papers.receipts import FeeReceiptInfo, fee_receipt

        collector = officers.by_username(self._db, payment.confirmed_by or officer)
        method = "Tiền mặt" if payment.method is Method.CASH else "Chuyển khoản"
        info = FeeReceiptInfo(
            number=number,
            paid_at=payment.paid_at or self._clock.now(),
            amount=payment.amount,
            method=method,
            payer=dossier.applicant.full_name,
        )
        name = collector.full_name if collector else officer
        paper = fee_receipt(dossier, self.paper_unit(), info, name)
        title = paper_title("fee_receipt", number)
        return self.enqueue("fee_receipt", title, paper, officer, dossier.id)

    def print_queue_ticket(
        self, label: str, counter: int, issued: datetime, ahead: int, officer: str
    ) -> PrintJob:
        """A walk-in ticket issued at this counter (the kiosk's paper): the citizen
        waits for this counter, whose number the paper gives as its line."""
        paper = self._queue_ticket_paper(label, counter, issued, ahead)
        return self.enqueue("queue_ticket", paper_title("queue_ticket", label), paper, officer)

    def queue_ticket_in_transaction(
        self, label: str, counter: int, issued: datetime, ahead: int, officer: str
    ) -> PrintJob:
        """:meth:`print_queue_ticket` inside the caller's transaction: the walk-in ticket
        and its paper are stored together. Apart, a crash between them (the paper's
        rendering takes a while) left a ticket in the line that no citizen holds."""
        paper = self._queue_ticket_paper(label, counter, issued, ahead)
        job, data = self._rendered("queue_ticket", paper_title("queue_ticket", label), paper, None)
        self._queue(job, data, officer)
        return job

    def _queue_ticket_paper(
        self, label: str, counter: int, issued: datetime, ahead: int
    ) -> Document:
        from counter_app.papers.receipts import queue_ticket

        return queue_ticket(label, f"Quầy số {counter}", issued, ahead, self.paper_unit())

    def print_self_test(self, officer: str) -> PrintJob:
        """Every Vietnamese encoding candidate of the model, to pick the one that reads right."""
        from printers.selftest import selftest_document

        profile = self._profiles[self.settings().profile]
        document = selftest_document(profile)
        return self.enqueue("self_test", paper_title("self_test"), document, officer)

    def enqueue(
        self,
        kind: str,
        title: str,
        document: Document,
        officer: str,
        dossier_id: str | None = None,
    ) -> PrintJob:
        job, data = self._rendered(kind, title, document, dossier_id)  # before the lock
        with transaction(self._db):
            self._queue(job, data, officer)
        return job

    def _rendered(
        self, kind: str, title: str, document: Document, dossier_id: str | None
    ) -> tuple[PrintJob, bytes]:
        profile = self.settings().profile
        data = self.render(document)
        now = self._clock.now().isoformat()
        job = PrintJob(
            str(uuid.uuid4()), kind, title, dossier_id, profile, QUEUED, 0, None, now, now
        )
        return job, data

    def _queue(self, job: PrintJob, data: bytes, officer: str) -> None:
        """The job and its event, inside the caller's transaction."""
        print_jobs.insert(self._db, job, data, officer)
        events.append(
            self._db,
            self._context(officer),
            "print.queued",
            ("print", job.id),
            {"kind": job.kind, "title": job.title, "bytes": len(data)},
            self._clock.now(),
        )

    def jobs(self, limit: int = 50) -> list[PrintJob]:
        return print_jobs.recent(self._db, limit)

    def waiting(self) -> int:
        return print_jobs.waiting(self._db)

    # --- sending ---------------------------------------------------------------------

    def send_next(self) -> bool:
        """Send the oldest queued job; False when there was none or the printer refused."""
        found = print_jobs.next_queued(self._db)
        config = self.settings()
        if found is None or not config.url:
            return False
        job, data = found
        self._mark(job.id, PRINTING, None)
        try:
            printer = self._connector(config.url, config.baudrate)
            try:
                printer.send(data)
                self.last_status = PrinterStatus.ONLINE
            finally:
                printer.close()
        except PrinterError as error:  # includes a port that is gone (unplugged adapter)
            self.last_status = error.status
            self._mark(job.id, QUEUED, str(error))
            return False
        self._mark(job.id, DONE, None)
        return True

    def _mark(self, job_id: str, state: str, error: str | None) -> None:
        with transaction(self._db):
            print_jobs.mark(self._db, job_id, state, error, self._clock.now().isoformat())

    def recover(self) -> None:
        with transaction(self._db):
            print_jobs.requeue_interrupted(self._db, self._clock.now().isoformat())

    def _context(self, officer: str) -> events.EventContext:
        return events.EventContext(self._unit.device_id, officer)


class PrintWorker(threading.Thread):
    """Sends queued jobs in the background on its own database connection.

    After a refusal it waits longer each time (1 s up to 30 s): a printer out of
    paper is asked again soon, an unplugged one is not hammered. A failure of the
    store (locked, full, damaged) is kept in ``failure`` for the window to show and
    logged in one line; the worker waits and tries again, the jobs stay queued.
    """

    def __init__(self, path: Path, make_service: Callable[[Database], PrintService]) -> None:
        super().__init__(name="print-worker", daemon=True)
        self._path = path
        self._make_service = make_service
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self.status: PrinterStatus | None = None
        self.failure: StorageError | None = None

    def run(self) -> None:
        try:
            db = connect(self._path)
        except StorageError as failure:
            self._failed(failure)
            return
        except OSError as error:  # the data folder is gone or cannot be made
            self._failed(from_os(error, self._path))
            return
        try:
            service = self._make_service(db)
            delay = 1.0
            recovered = False
            while not self._stop_event.is_set():
                try:
                    if not recovered:  # jobs cut off mid-send go back to the queue
                        service.recover()
                        recovered = True
                    sent = service.send_next()
                    waiting = service.waiting()
                    self.failure = None
                except Exception as error:
                    if not self._failed(error):  # a bug: keep the traceback, keep going
                        LOG.exception("print worker: sending failed unexpectedly")
                        recovered = False
                    sent, waiting = False, True
                self.status = service.last_status
                if sent:
                    delay = 1.0
                    continue
                self._wake.wait(delay if waiting else 30.0)
                self._wake.clear()
                delay = min(delay * 2, 30.0) if waiting else 1.0
        finally:
            db.close()

    def _failed(self, error: Exception) -> bool:
        """Keep a failure of the store (False for anything else: a bug)."""
        failure = storage_failure(error)
        if failure is None:
            return False
        if self.failure is None or self.failure.code != failure.code:
            LOG.warning("print worker: %s", failure.message)  # one line, no traceback
        self.failure = failure
        return True

    def wake(self) -> None:
        """A new job or new settings: try at once."""
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
        self.join(timeout=5)


def _checked_url(url: str | None) -> str | None:
    """The printer's port as given, without surrounding spaces; refused when it holds
    hidden characters or is longer than any port name (:data:`MAX_PRINTER_URL`)."""
    if url is None:
        return None
    if not one_plain_line(url) or len(url) > MAX_PRINTER_URL:
        raise DomainError(
            "printer_url_invalid",
            f"The printer port must be a name like COM3 or /dev/ttyUSB0 of at most "
            f"{MAX_PRINTER_URL} visible characters.",
            limit=MAX_PRINTER_URL,
        )
    return url.strip()
