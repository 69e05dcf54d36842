"""No personal data in any log (DESIGN.md §10, Decree 13/2023/NĐ-CP).

A realistic day at an enrolled counter, with fake but distinctive citizens: a card
scanned, receptions (one refused first, one with a delegate), status changes and a
new promised time, a fee paid by bank transfer through the ward server and one in
cash, receipts and a walk-in ticket through the print worker to the virtual printer,
the forms as PDFs, searches, the sync (by hand and by its worker, with the server away
for a while). Python logging is captured at DEBUG for every logger of the process;
the ward server runs with ``--log-level debug`` and all its output is kept. Then every
line is scanned for every personal value, in NFC, NFD and folded, and for the ID
numbers' digits; a finding names the line.
"""

from __future__ import annotations

import copy
import logging
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, NamedTuple

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain import citizens
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.domain.text import fold
from counter_app.services.printing import PrintWorker
from counter_app.services.sync_worker import SyncWorker
from counter_app.sync.backoff import Backoff
from counter_app.sync.client import ServerUnreachable
from printers.virtual import VirtualPrinter
from tests.central.bank_helpers import notification, notify, publish_account, set_secret
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, enrolment_code, eventually

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# Fake people: valid-looking, distinctive, nobody's.
APPLICANT = {
    "full_name": "Phạm Thị Ngọc Điệp",
    "id_number": "001188427351",  # Hà Nội, a woman born in 1988
    "birth_date": "1988-03-14",
    "gender": "female",
    "address": "Số 19 ngõ Tạm Thương, Phường Hoàn Kiếm, Hà Nội",
    "phone": "0983417265",
    "email": "ngocdiep.thunghiem@example.com",
}
DELEGATE = {
    "full_name": "Vũ Đức Thắng",
    "id_number": "079085613924",  # Hồ Chí Minh, a man born in 1985
    "birth_date": "1985-07-02",
    "gender": "male",
    "address": "Số 5 hẻm 42 đường Bùi Viện, Phường Bến Thành, TP Hồ Chí Minh",
    "phone": "0907351846",
}
PAYER = {
    "full_name": "Lương Thị Ánh Tuyết",
    "id_number": "036193582047",  # Nam Định, a woman born in 1993
    "birth_date": "1993-11-21",
    "gender": "female",
    "address": "Xóm Đồng Quỹ, xã Nam Thanh, Nam Định",
    "phone": "0868204517",
}
PEOPLE = [APPLICANT, DELEGATE, PAYER]
CARD_QR = (
    f"{APPLICANT['id_number']}|012345679|{APPLICANT['full_name']}|14031988|Nữ"
    f"|{APPLICANT['address']}|15042021"
)


def personal_values() -> list[str]:
    """Every value to look for: as typed, in NFD, folded; the ID numbers' first and
    last 8 digits too (a log with most of a number is a log with the number)."""
    values: set[str] = set()
    for person in PEOPLE:
        for key, value in person.items():
            if key in ("birth_date", "gender"):
                continue  # "female", "1988-03-14": not distinctive in a log on their own
            values |= {value, unicodedata.normalize("NFD", value), fold(value)}
        number = person["id_number"]
        values |= {number[:8], number[-8:], person["phone"][-7:]}
    return sorted(values)


class Everything(logging.Handler):
    """Every record of every logger, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines += self.format(record).splitlines()


@pytest.fixture
def logs() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server("--log-level", "debug")
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    publish_account(started, WARD_A)
    return started


@pytest.fixture
def counter(
    services: Services, central: CentralServer, clock: FakeClock, logs: Everything
) -> Iterator[Services]:
    services.sync.enrol(central.url, enrolment_code(central, WARD_A), "quay-1")
    started = app.build(services.path.parent, clock)
    started.sync.sync_once()  # the ward's bank account comes down
    yield started
    started.sync.close()
    started.close()


def reception(applicant: dict[str, Any], **changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(applicant=dict(applicant), **changes)
    return document


def morning(counter: Services, clock: FakeClock) -> tuple[Dossier, Dossier]:
    """A card scanned; a typo refused; two receptions, one with a delegate."""
    card = citizens.parse_card_qr(unicodedata.normalize("NFD", CARD_QR), clock.now().date())
    assert card.full_name == APPLICANT["full_name"]
    wrong = reception({**APPLICANT, "id_number": "001088427351"})  # the gender digit
    with pytest.raises(DomainError):
        counter.reception.receive(parse_reception(wrong), "admin")
    counter.reception.save_draft("admin", reception(APPLICANT))
    first = counter.reception.receive(
        parse_reception(reception(APPLICANT, delegate=dict(DELEGATE))), "admin", clear_draft=True
    )
    clock.advance(timedelta(minutes=20))
    second = counter.reception.receive(parse_reception(reception(PAYER)), "admin")
    return first, second


def pay(counter: Services, central: CentralServer, first: Dossier, second: Dossier) -> None:
    """The first by bank transfer through the ward server, the second in cash."""
    payment = counter.payments.start_qr(first.code, "admin")
    counter.sync.sync_once()
    secret = set_secret(central)
    stray = f"{fold(PAYER['full_name']).upper()} CK {PAYER['phone']} {PAYER['id_number']}"
    assert (
        notify(central, notification(stray, 35_000, "FT26334899998"), secret).json()["outcome"]
        == "unmatched"
    )  # a transfer without our reference: kept for the officer, not logged
    content = f"IBFT {payment.reference} {fold(APPLICANT['full_name']).upper()} NOP LE PHI"
    body = notification(content, payment.amount, "FT26334899999")
    assert notify(central, body, secret).json()["outcome"] == "matched"
    assert counter.sync.sync_once().changes.payments_paid == 1
    counter.printing.print_fee_receipt(
        first, counter.payments.get(payment.reference), "0000001", "admin"
    )
    cash = counter.payments.record_cash(second.code, "admin")
    number = counter.payments.receipt_number(cash.reference, "admin")
    counter.printing.print_fee_receipt(second, cash, number, "admin")


def afternoon(counter: Services, clock: FakeClock, first: Dossier, second: Dossier) -> None:
    """Searches, the forms, status changes, a new promised time, a walk-in ticket."""
    for text in (APPLICANT["full_name"], fold(DELEGATE["full_name"]), PAYER["id_number"]):
        assert counter.dossiers.search(text)
    counter.forms.receipt(first.code)
    walk_in = counter.walk_in.take("admin")
    assert walk_in.print_job is not None
    counter.walk_in.call_next("admin")
    counter.walk_in.link_reception(second.code, second.procedure_code)
    counter.walk_in.finish("admin")
    clock.advance(timedelta(hours=2))
    counter.dossiers.change_status(first.code, Status.IN_PROCESSING, "Chuyển tư pháp", "admin")
    counter.dossiers.change_status(first.code, Status.RESULT_READY, "", "admin")
    reason = f"Bà {APPLICANT['full_name']} xin hẹn lại"  # officers do write names in reasons
    counter.dossiers.reschedule(second.code, second.due_at + timedelta(days=2), reason, "admin")
    counter.dossiers.change_status(first.code, Status.RETURNED, "", "admin")


class Printing(NamedTuple):
    printer: VirtualPrinter
    worker: PrintWorker


@pytest.fixture
def printing(counter: Services) -> Iterator[Printing]:
    """The virtual printer, fed by the real print worker all day."""
    with VirtualPrinter(counter.printing.profiles()["epson-tm-t82"]) as virtual:
        counter.printing.configure(virtual.url, 115200, "epson-tm-t82", "admin")
        worker = app.print_worker(counter)
        worker.start()
        yield Printing(virtual, worker)
        worker.stop()


def sync_by_worker(counter: Services, central: CentralServer) -> None:
    """The worker syncs with the server away (it says so in its log), then back."""
    central.stop()
    with pytest.raises(ServerUnreachable):
        counter.sync.sync_once()
    quick = Backoff(base=0.1, cap=0.5, floor=0.05)
    worker = SyncWorker(
        counter.path, lambda db: app.sync_service(db, counter), backoff=quick, poll=0.05
    )
    worker.start()
    try:
        eventually(lambda: worker.cycles >= 1, "a sync attempt with the server away")
        central.start()
        worker.wake()
        eventually(lambda: counter.sync.status()["waiting"] == 0, "the day's events sent")
    finally:
        worker.stop()


def leaks(lines: list[str], values: list[str]) -> list[str]:
    found = []
    for number, line in enumerate(lines, 1):
        folded = fold(line)
        for value in values:
            if value in line or value in unicodedata.normalize("NFC", line) or value in folded:
                found.append(f"line {number} holds {value!r}: {line}")
    return found


@SQLITE
def test_a_day_of_work_logs_no_personal_data(
    counter: Services,
    central: CentralServer,
    clock: FakeClock,
    logs: Everything,
    printing: Printing,
) -> None:
    first, second = morning(counter, clock)
    counter.printing.print_receipt(first, "admin")
    pay(counter, central, first, second)
    afternoon(counter, clock, first, second)
    sync_by_worker(counter, central)
    printing.worker.wake()  # as the window does after each paper
    eventually(lambda: counter.printing.waiting() == 0, "every paper printed")
    assert "Người nộp: Phạm Thị Ngọc Điệp" in printing.printer.paper.text
    assert len(printing.printer.jobs) == 4  # the receipt, two fee receipts, the walk-in ticket

    assert len(logs.lines) > 20  # the capture works: httpx, the sync, the workers speak
    assert any("sync" in line for line in logs.lines)
    server_lines = central.output().splitlines()
    assert any("POST /v1/events" in line for line in server_lines)  # its access log
    assert any("POST /v1/bank/notifications" in line for line in server_lines)
    found = leaks(logs.lines, personal_values())
    found += [f"server {line}" for line in leaks(server_lines, personal_values())]
    assert found == [], "\n".join(found)


def test_the_scan_would_find_a_leak() -> None:
    """The scan itself: a name in NFD, folded, or a part of an ID number is found."""
    name = unicodedata.normalize("NFD", DELEGATE["full_name"])
    lines = [
        "sync INFO pushed 12 events",
        f"central WARNING refused: {name}",
        f"x DEBUG searching {fold(APPLICANT['full_name'])}",
        f"x DEBUG card {PAYER['id_number'][:9]}",
    ]
    found = leaks(lines, personal_values())
    assert [entry.split(" holds ")[0] for entry in found][:1] == ["line 2"]
    assert {entry.split(" holds ")[0] for entry in found} == {"line 2", "line 3", "line 4"}
