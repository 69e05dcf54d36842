"""Issue 10's acceptance: a day of two wards' counters offline, then a sync through a
network and a server that fail in each way the protocol plans for.

Real ``counter-central serve`` processes on loopback (SQLite; PostgreSQL with two
processes on one database), three real counter installations (two of ward A, one of
ward B) enrolled with codes from ``counter-central enrol``, and a fault proxy
(``tests.central.proxy``) in front of each counter. The morning's work waits while the
server is down and drains while it is killed and started again; the afternoon's drains
through HTTP 500s, a push held past the client's timeout, a lost acknowledgement and a
request delivered twice. Then the server's database must hold every event of every
counter exactly once, each device's chain intact, no dossier code shared; a bank
transfer pays the right counter within one sync; and what must be refused (another
ward's data, a revoked token, a forged or replayed notification) changes nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central import database, schema
from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossier_status import Status
from counter_app.domain.event_chain import GENESIS, event_hash
from counter_app.domain.payments import Payment, PaymentState
from counter_app.domain.reception import parse_reception
from counter_app.services.installation import ledger_path
from counter_app.services.sync import SyncService
from counter_app.services.sync_state import TOKEN_KEY
from counter_app.storage import outbox
from counter_app.sync import wire
from counter_app.sync.client import Refused, ServerUnreachable
from counter_app.sync.wire import REPLAY_WINDOW_S, ChangesResponse, ErrorBody, ErrorCode
from tests.central.bank_helpers import notification, notify, set_secret
from tests.central.fixtures import ProxyFactory, ServerFactory
from tests.central.proxy import Fault, FaultProxy
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, enrolment_code, eventually

OFFICER = "admin"
EVENTS, CHANGES = "/v1/events", "/v1/changes"
CLIENT_TIMEOUT_S = 3.0  # the counters' sync client here (30 s in the product)
LATE_S = CLIENT_TIMEOUT_S + 1.5  # a push the proxy holds longer than the client waits
RETRY_S = 0.2  # between attempts (the worker's backoff, without its seconds)
PATIENCE_S = 60.0
MORNING = {WARD_A: 340, WARD_B: 80}  # dossiers each: >1,000 events (2 batches) in ward A
AFTERNOON = 30


@dataclass
class Installation:
    """One counter PC: its installation, its sync (short timeout) and its proxy."""

    name: str
    services: Services
    sync: SyncService
    proxy: FaultProxy
    pending: list[Payment] = field(default_factory=list)  # QR payments not paid yet
    failures: list[str] = field(default_factory=list)  # codes of the failed attempts

    @property
    def device_id(self) -> str:
        return self.services.unit.device_id

    def rows(self) -> list[dict[str, Any]]:
        """The local event log, as stored and pushed."""
        columns = ", ".join(outbox.EVENT_COLUMNS)
        return self.services.db.execute_returning_dicts(
            f"SELECT {columns} FROM events ORDER BY seq"
        )

    def dossier_codes(self) -> set[str]:
        return {str(row[0]) for row in self.services.db.execute("SELECT code FROM dossiers")}

    def as_protocol_counter(self, url: str) -> Counter:
        """The protocol helper speaking with this counter's own token (raw requests)."""
        token = outbox.get(self.services.db, TOKEN_KEY)
        assert token
        return Counter(url, device_id=self.device_id, token=token)


@pytest.fixture
def processes(server: ServerFactory, database_url: str) -> list[CentralServer]:
    """The top with wards A and B; on PostgreSQL two processes on the one database."""
    first = server()
    first.run_cli("ward", "add", "--code", WARD_A, "--name", "Phường Hàng Bạc")
    first.run_cli("ward", "add", "--code", WARD_B, "--name", "Phường Cửa Nam")
    if database_url.startswith("postgresql"):
        return [first, server()]
    return [first]


@pytest.fixture
def counters(
    processes: list[CentralServer], fault_proxy: ProxyFactory, clock: FakeClock, tmp_path: Path
) -> Iterator[list[Installation]]:
    """A1 and A2 of ward A, B of ward B; A2 through the second process where there is one."""
    made: list[Installation] = []
    last = processes[-1]
    plan = [("A1", WARD_A, processes[0]), ("A2", WARD_A, last), ("B", WARD_B, processes[0])]
    try:
        for name, ward, central in plan:
            proxy = fault_proxy(central.url)
            made.append(install(tmp_path / name, clock, central, proxy, ward, name))
        yield made
    finally:
        for one in made:
            one.sync.close()
            one.services.close()


def install(
    folder: Path, clock: FakeClock, central: CentralServer, proxy: FaultProxy, ward: str, name: str
) -> Installation:
    """A fresh installation enrolled (through its proxy) with a code from ``enrol``, started
    again as the ward's counter (the code and block apply from a start)."""
    first = app.build(folder, clock)
    try:
        first.sync.enrol(proxy.url, enrolment_code(central, ward), name)
    finally:
        first.close()
    services = app.build(folder, clock)
    assert services.unit.agency_id == ward
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", OFFICER)
    return Installation(name, services, short_timeout_sync(services), proxy)


def short_timeout_sync(services: Services) -> SyncService:
    """``app.sync_service``'s service with a client timeout this test can wait out."""
    return SyncService(
        services.db,
        services.clock,
        services.unit,
        services.dossiers,
        services.payments,
        ledger_path(services.path.parent),
        timeout=CLIENT_TIMEOUT_S,
    )


# --- the counters' work and their sync ----------------------------------------------------


def receive_and_take_fees(counter: Installation, dossiers: int, bulk: bool) -> None:
    """Receptions, their fees (every other one by QR, left pending: paid later by
    transfer; the rest in cash) and each dossier sent on: three events a dossier."""
    services = counter.services
    request = parse_reception(EXAMPLE_RECEPTION)
    if bulk:  # the morning's queue, saved by the service in one transaction
        received = services.reception.receive_many([request] * dossiers, OFFICER)
    else:
        received = [services.reception.receive(request, OFFICER) for _ in range(dossiers)]
    for number, dossier in enumerate(received):
        if number % 2:
            counter.pending.append(services.payments.start_qr(dossier.code, OFFICER))
        else:
            services.payments.record_cash(dossier.code, OFFICER)
        services.dossiers.change_status(dossier.code, Status.IN_PROCESSING, "", OFFICER)


Progress = Callable[[int, int], None]


def drain(counter: Installation, progress: Progress | None = None) -> None:
    """Sync until nothing waits, as the worker does: an unreachable server (a timeout, a
    5xx, a lost answer) is asked again; anything else fails the test."""
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        try:
            report = counter.sync.sync_once(progress)
        except ServerUnreachable as error:
            counter.failures.append(error.code)
            time.sleep(RETRY_S)
            continue
        assert (report.errors, report.parked) == ([], 0), report
        if report.waiting == 0:
            return
    raise AssertionError(f"{counter.name}: events wait after {PATIENCE_S:g} s: {counter.failures}")


def drain_while_killed(central: CentralServer, counters: list[Installation]) -> int:
    """All counters drain at once; when the first one's first batch is acknowledged,
    ``central`` is killed (SIGKILL) before its next batch, and started again once that
    counter has found it gone. Returns how many events that counter still had to send."""
    first = counters[0]
    acknowledged, killed = threading.Event(), threading.Event()
    left: list[int] = []

    def hold_after_first_batch(sent: int, total: int) -> None:
        if not left:
            left.append(total - sent)
            acknowledged.set()
            killed.wait(PATIENCE_S)

    with ThreadPoolExecutor(len(counters)) as pool:
        progress: list[Progress | None] = [hold_after_first_batch]
        progress += [None] * (len(counters) - 1)
        running = [pool.submit(drain, *pair) for pair in zip(counters, progress, strict=True)]
        try:
            assert acknowledged.wait(PATIENCE_S), "no batch of the first counter went through"
            central.kill()
        finally:
            killed.set()
        eventually(lambda: first.failures, f"{first.name} finds the server gone", PATIENCE_S, 0.05)
        central.start()
        for one in running:
            one.result()
    return left[0]


def drain_all(counters: list[Installation]) -> None:
    with ThreadPoolExecutor(len(counters)) as pool:
        for one in [pool.submit(drain, counter) for counter in counters]:
            one.result()


# --- what the top holds -------------------------------------------------------------------


def read_top(url: str, query: Any) -> list[dict[str, Any]]:
    """Rows of the server's database, read behind its back (SQLAlchemy, its schema)."""
    engine = database.open_engine(url)
    try:
        with database.read(engine) as conn:
            return [dict(row) for row in conn.execute(query).mappings()]
    finally:
        engine.dispose()


def top_events(url: str) -> dict[str, list[dict[str, Any]]]:
    """Each device's stored events in seq order, with the counter's column names."""
    e = schema.events
    columns = [e.c.event_id.label("id") if n == "id" else e.c[n] for n in outbox.EVENT_COLUMNS]
    rows = read_top(url, select(*columns, e.c.parked_reason).order_by(e.c.device_id, e.c.seq))
    devices: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        assert row.pop("parked_reason") is None, f"parked at the top: {row['seq']}"
        devices.setdefault(row["device_id"], []).append(row)
    return devices


def check_chain(rows: list[dict[str, Any]]) -> None:
    """The stored rows continue each other from GENESIS, each hash its content's."""
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    prev = GENESIS
    for row in rows:
        assert row["prev_hash"] == prev, f"event {row['seq']} does not follow"
        assert event_hash(prev, row) == row["hash"], f"event {row['seq']} was changed"
        prev = row["hash"]


def check_top_holds_every_event_once(url: str, counters: list[Installation]) -> None:
    """Nothing waits, is parked or held on a counter; the top holds each counter's log
    exactly as the counter wrote it (every field), once, its chain intact."""
    stored = top_events(url)
    assert set(stored) == {counter.device_id for counter in counters}
    total = 0
    for counter in counters:
        status = counter.sync.status()
        assert (status["waiting"], status["parked"], status["held"]) == (0, 0, 0), status
        local = counter.rows()
        assert stored[counter.device_id] == local, f"{counter.name}: the top differs"
        check_chain(stored[counter.device_id])
        total += len(local)
    ids = [row["id"] for rows in stored.values() for row in rows]
    assert len(ids) == len(set(ids)) == total


def check_dossier_codes(url: str, counters: list[Installation]) -> None:
    """The two counters of ward A never share a code; the top knows each code's owner."""
    first, second, _ = counters
    assert first.dossier_codes().isdisjoint(second.dossier_codes())
    owners = {code: c.device_id for c in counters for code in c.dossier_codes()}
    d = schema.dossier_codes
    stored = read_top(url, select(d.c.code, d.c.device_id))
    assert {row["code"]: row["device_id"] for row in stored} == owners


def top_snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """What a refusal must leave as it was."""
    e, c = schema.events, schema.changes
    n, p = schema.bank_notifications, schema.payment_states
    return {
        "events": read_top(url, select(e.c.device_id, e.c.seq, e.c.event_id).order_by(e.c.pos)),
        "changes": read_top(url, select(c.c.id, c.c.device_id, c.c.kind).order_by(c.c.id)),
        "notifications": read_top(url, select(n.c.bank_transaction_id, n.c.outcome)),
        "payments": read_top(url, select(p.c.reference, p.c.state).order_by(p.c.reference)),
    }


# --- the scenario -------------------------------------------------------------------------


def test_a_day_offline_drains_through_every_fault_and_the_top_holds_each_event_once(
    processes: list[CentralServer], counters: list[Installation], database_url: str
) -> None:
    central = processes[0]
    secret = set_secret(central)
    a1, _a2, b = counters

    morning_offline(processes, counters)
    left = drain_while_killed(central, counters)
    assert left > 0  # killed with events still to send
    assert "server_error" in a1.failures  # the proxy found nothing behind it
    check_top_holds_every_event_once(database_url, counters)

    afternoon_offline(counters)
    drain_through_a_faulty_network(counters)
    check_top_holds_every_event_once(database_url, counters)
    check_dossier_codes(database_url, counters)

    paid = transfers_pay_the_right_counters(processes[-1], secret, counters)
    check_top_holds_every_event_once(database_url, counters)

    before = top_snapshot(database_url)
    refused_notifications(central, secret, counters, replay=paid)
    another_ward(central, a1, b)
    revoked(processes, a1)
    assert top_snapshot(database_url) == before


def morning_offline(processes: list[CentralServer], counters: list[Installation]) -> None:
    """The server is down: the counters work, their sync fails, nothing is lost."""
    for central in processes:
        central.stop()
    for counter in counters:
        ward = counter.services.unit.agency_id
        receive_and_take_fees(counter, MORNING[ward], bulk=True)
        waiting = outbox.waiting(counter.services.db)
        assert waiting > (wire.MAX_BATCH if ward == WARD_A else 0)
        with pytest.raises(ServerUnreachable):
            counter.sync.sync_once()
        status = counter.sync.status()
        assert (status["waiting"], status["online"]) == (waiting, False)
    for central in processes:
        central.start()


def afternoon_offline(counters: list[Installation]) -> None:
    """The network is down (the proxies drop every request): more work waits."""
    for counter in counters:
        counter.proxy.drop_request(times=None)
        receive_and_take_fees(counter, AFTERNOON, bulk=False)
        with pytest.raises(ServerUnreachable):
            counter.sync.sync_once()
        counter.proxy.pass_through()
        counter.failures.clear()


def drain_through_a_faulty_network(counters: list[Installation]) -> None:
    a1, a2, b = counters
    # A1: two HTTP 500s, then its batch delivered twice; its first pull fails too.
    a1.proxy.fail(times=2, path=EVENTS)
    a1.proxy.duplicate(path=EVENTS)
    a1.proxy.fail(path=CHANGES)
    # A2: a push held past the client's timeout (it reaches the server late), then one
    # carried out whose answer is lost.
    a2.proxy.delay(LATE_S, path=EVENTS)
    a2.proxy.lose_response(path=EVENTS)
    # B: the answer lost, then the batch sent again delivered twice.
    b.proxy.lose_response(path=EVENTS)
    b.proxy.duplicate(path=EVENTS)
    drain_all(counters)
    late = [e for e in a2.proxy.exchanges if e.fault is Fault.DELAY]
    eventually(
        lambda: all(e.statuses for e in late), "the held push reaches the server", PATIENCE_S, 0.05
    )

    assert faults(a1.proxy) == [
        (Fault.ERROR, EVENTS, [], 500),
        (Fault.ERROR, EVENTS, [], 500),
        (Fault.DUPLICATE, EVENTS, [200, 200], 200),
        (Fault.ERROR, CHANGES, [], 500),
    ]
    assert faults(a2.proxy)[0][:3] == (Fault.DELAY, EVENTS, [200])  # carried out, late
    assert faults(a2.proxy)[1] == (Fault.LOSE_RESPONSE, EVENTS, [200], None)
    assert faults(b.proxy) == [
        (Fault.LOSE_RESPONSE, EVENTS, [200], None),
        (Fault.DUPLICATE, EVENTS, [200, 200], 200),
    ]
    assert {"server_error"} <= set(a1.failures)
    assert {"timeout", "unreachable"} <= set(a2.failures)
    assert {"unreachable"} <= set(b.failures)


def faults(proxy: FaultProxy) -> list[tuple[Fault, str, list[int], int | None]]:
    """The scripted faults a proxy applied: what the server answered, what the client got."""
    return [
        (e.fault, e.path.split("?")[0], e.statuses, e.answered)
        for e in proxy.exchanges
        if e.fault not in (None, Fault.DROP_REQUEST)
    ]


def transfers_pay_the_right_counters(
    central: CentralServer, secret: str, counters: list[Installation]
) -> tuple[dict[str, Any], int]:
    """A signed notification for one of A2's and one of B's offline QR payments: within
    one sync each is paid on its counter, and on no other. Returns A2's (body, time)."""
    a1, a2, b = counters
    moment = int(time.time())
    bodies = {}
    for counter, transaction in ((a2, "FT-A2-0001"), (b, "FT-B-0001")):
        payment = counter.pending[0]
        body = notification(f"IBFT {payment.reference} NOP LE PHI", payment.amount, transaction)
        answer = notify(central, body, secret, timestamp=moment)
        assert answer.json()["outcome"] == "matched", answer.text
        bodies[counter.name] = body
    reports = {counter.name: counter.sync.sync_once() for counter in counters}
    assert {name: r.changes.payments_paid for name, r in reports.items()} == {
        "A1": 0,
        "A2": 1,
        "B": 1,
    }
    for counter, transaction in ((a2, "FT-A2-0001"), (b, "FT-B-0001")):
        paid = counter.services.payments.get(counter.pending[0].reference)
        assert (paid.state, paid.bank_transaction) == (PaymentState.PAID, transaction)
        assert reports[counter.name].waiting == 0  # its payment.paid went up in the same sync
    assert a1.services.payments.get(a1.pending[0].reference).state is PaymentState.PENDING
    return bodies["A2"], moment


def refused_notifications(
    central: CentralServer,
    secret: str,
    counters: list[Installation],
    replay: tuple[dict[str, Any], int],
) -> None:
    """A forged and a stale notification for A1's payment are refused, A2's paid one
    sent again is a duplicate: no counter gets anything from them."""
    payment = counters[0].pending[0]
    body = notification(f"IBFT {payment.reference} NOP LE PHI", payment.amount, "FT-A1-0001")
    forged = notify(central, body, "not-the-bank-secret-" * 2)
    assert error_of(forged, 401) is ErrorCode.SIGNATURE_INVALID
    stale = notify(central, body, secret, timestamp=int(time.time()) - REPLAY_WINDOW_S - 60)
    assert error_of(stale, 401) is ErrorCode.STALE
    again = notify(central, replay[0], secret, timestamp=replay[1])
    assert again.json()["outcome"] == "duplicate", again.text
    for counter in counters:
        report = counter.sync.sync_once()
        assert (report.pulled, report.changes.payments_paid) == (0, 0), counter.name
    still = counters[0].services.payments.get(payment.reference)
    assert still.state is PaymentState.PENDING


def another_ward(central: CentralServer, a1: Installation, b: Installation) -> None:
    """A1's token on ward B's data: B's events (as B's, or as its own) and B's changes."""
    mine = a1.as_protocol_counter(central.url)
    theirs = b.rows()[:3]
    assert error_of(mine.push(theirs, device_id=b.device_id), 403) is ErrorCode.FORBIDDEN
    assert error_of(mine.push(theirs), 403) is ErrorCode.FORBIDDEN
    b_cursor = b.sync.applier.cursor()  # just after B's payment confirmation
    assert b_cursor > 0
    with mine.client() as client:
        for since in (0, b_cursor - 1):
            page = client.get(CHANGES, params={"since": since})
            assert ChangesResponse.model_validate_json(page.content).changes == []


def revoked(processes: list[CentralServer], a1: Installation) -> None:
    """``device revoke``: every process refuses A1's token; its new work waits, kept."""
    processes[0].run_cli("device", "revoke", a1.device_id)
    receive_and_take_fees(a1, 1, bulk=False)
    with pytest.raises(Refused) as refused:
        a1.sync.sync_once()
    assert refused.value.code == "unauthenticated"
    status = a1.sync.status()
    assert (status["problem"], status["waiting"]) == ("unauthenticated", 3)
    for central in processes:
        with a1.as_protocol_counter(central.url).client() as client:
            assert error_of(client.get("/v1/me"), 401) is ErrorCode.UNAUTHENTICATED


def error_of(response: httpx.Response, status: int) -> ErrorCode:
    assert response.status_code == status, response.text
    return ErrorBody.model_validate_json(response.content).error
