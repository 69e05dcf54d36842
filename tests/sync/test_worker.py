"""The sync worker: off the GUI thread, backing off from a server that is down, draining a
backlog to a real one, picking up its changes, showing a refusal, stopping cleanly."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.payments import PaymentState
from counter_app.domain.reception import parse_reception
from counter_app.services.sync_state import SERVER_KEY, TOKEN_KEY
from counter_app.services.sync_worker import OFFLINE, ONLINE, REFUSED, SyncWorker
from counter_app.storage import outbox
from counter_app.storage.database import transaction
from counter_app.sync import wire
from counter_app.sync.backoff import Backoff
from tests.central.server import CentralServer
from tests.sync.test_client import closed_port
from tests.sync.test_sync_with_server import WARD, enrolment_code, noise, publish

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def wait_until(condition: Callable[[], Any], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def workers() -> Iterator[Callable[..., SyncWorker]]:
    started: list[SyncWorker] = []

    def start(
        services: Services, kind: type[SyncWorker] = SyncWorker, **options: Any
    ) -> SyncWorker:
        worker = kind(services.path, lambda db: app.sync_service(db, services), **options)
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_a_server_that_is_down_is_asked_again_later_and_later(
    services: Services, workers: Callable[..., SyncWorker]
) -> None:
    with transaction(services.db):
        outbox.put(services.db, SERVER_KEY, f"http://127.0.0.1:{closed_port()}")
        outbox.put(services.db, TOKEN_KEY, "t" * 43)
    backoff = Backoff(base=0.05, cap=0.4, floor=0.0, random=lambda: 1.0)
    worker = workers(services, backoff=backoff, poll=0.01, pull_every=0.01)
    wait_until(lambda: worker.cycles >= 4)
    snapshot = worker.snapshot
    assert snapshot.state == OFFLINE and snapshot.waiting == outbox.waiting(services.db) > 0
    assert backoff.failures >= 4  # each failure waited longer (up to the cap)
    started = time.monotonic()
    worker.stop()
    assert not worker.is_alive() and time.monotonic() - started < 2
    assert services.sync.status()["online"] is False  # the attempts were recorded


class Recording(SyncWorker):
    """Keeps what the status bar was given while the backlog drained."""

    seen: list[tuple[int, int] | None]

    def _progress(self, sent: int, total: int) -> None:
        super()._progress(sent, total)
        self.seen = [*getattr(self, "seen", []), self.snapshot.draining]


@pytest.fixture
def enrolled(services: Services, central: CentralServer) -> Services:
    services.sync.enrol(central.url, enrolment_code(central), "quay-1")
    return services


@pytest.fixture
def central(server: Callable[..., CentralServer]) -> CentralServer:
    started = server()
    started.run_cli("ward", "add", "--code", WARD, "--name", "UBND Phường Thử Nghiệm")
    return started


@ON_SQLITE
def test_the_worker_drains_a_backlog_with_progress_and_pulls_changes(
    enrolled: Services, central: CentralServer, workers: Callable[..., SyncWorker]
) -> None:
    services = enrolled
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU", "admin")
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    payment = services.payments.start_qr(dossier.code, "admin")
    noise(services, 3_000)
    total = outbox.waiting(services.db)
    worker = workers(services, Recording, poll=0.05, pull_every=0.2)
    wait_until(lambda: worker.snapshot.state == ONLINE and worker.snapshot.waiting == 0)
    assert worker.snapshot.last_success is not None and worker.snapshot.draining is None
    assert isinstance(worker, Recording)
    assert worker.seen == [(n, total) for n in (1000, 2000, 3000, total)]  # a batch each
    paid = {
        "reference": payment.reference,
        "amount": payment.amount,
        "bank_transaction": "FT1",
        "paid_at": "2026-11-23T09:02:00+07:00",
    }
    publish(central, wire.ChangeKind.PAYMENT_CONFIRMED, paid, services.unit.device_id)
    wait_until(lambda: worker.snapshot.payments_paid == 1)
    assert services.payments.get(payment.reference).state is PaymentState.PAID
    worker.wake()  # the event of the payment goes up too
    wait_until(lambda: outbox.waiting(services.db) == 0)


@ON_SQLITE
def test_a_revoked_device_is_shown_as_refused(
    enrolled: Services, central: CentralServer, workers: Callable[..., SyncWorker]
) -> None:
    central.run_cli("device", "revoke", enrolled.unit.device_id)
    worker = workers(enrolled, poll=0.05, pull_every=0.2)
    wait_until(lambda: worker.snapshot.state == REFUSED)
    assert worker.snapshot.problem == "unauthenticated"
    assert enrolled.sync.status()["problem"] == "unauthenticated"
