"""The counter's sync against a real ``counter-central serve`` process on loopback.

Enrolment with a one-time code, pushing a backlog in batches, a push repeated after a
lost acknowledgement, pulling and applying the server's changes, a revoked token, a
server that is down: each through the real client, the real server and its database
(``tests.central.fixtures``: ``server``, ``fault_proxy``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION, main
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Status
from counter_app.domain.payments import PaymentState
from counter_app.domain.reception import parse_reception
from counter_app.services.maintenance import check_database
from counter_app.services.sync_state import SERVER_KEY
from counter_app.storage import events, outbox
from counter_app.storage.database import transaction
from counter_app.sync import wire
from counter_app.sync.client import Refused, ServerUnreachable
from tests.central.fixtures import ProxyFactory
from tests.central.proxy import Fault, FaultProxy
from tests.central.server import CentralServer
from tests.central.sync_helpers import add_ward, issue_code

WARD = "000.00.01.H26"
WARD_NAME = "UBND Phường Thử Nghiệm"

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def central(server: Callable[..., CentralServer]) -> CentralServer:
    started = server()
    add_ward(started, WARD, WARD_NAME)
    return started


def enrolment_code(central: CentralServer) -> str:
    """A code of WARD, made in this process (``counter-central enrol`` has its own tests)."""
    return issue_code(central, WARD)


@pytest.fixture
def enrolled(services: Services, central: CentralServer) -> Services:
    done = services.sync.enrol(central.url, enrolment_code(central), "quay-1")
    assert done["ward"] == {"code": WARD, "name": WARD_NAME}
    return services


def noise(services: Services, count: int) -> None:
    """``count`` events, written as fast as the log allows (one transaction)."""
    context = events.EventContext(services.unit.device_id, "admin")
    with transaction(services.db):
        for number in range(count):
            payload = {"n": number}
            events.append(
                services.db,
                context,
                "officer.logged_in",
                ("officer", "x"),
                payload,
                services.clock.now(),
            )


def publish(
    central: CentralServer,
    kind: wire.ChangeKind,
    payload: dict[str, Any],
    device: str | None = None,
) -> int:
    """A change for the ward, written the server's way (``central.changes.publish``)."""
    from central import changes, database, wards

    engine = database.open_engine(central.db)
    try:
        with database.write(engine) as conn:
            ward = wards.ward_by_code(conn, WARD)
            return changes.publish(conn, ward.id, kind, payload, device)
    finally:
        engine.dispose()


def test_enrolment_gives_the_wards_code_counter_and_block(
    services: Services, central: CentralServer
) -> None:
    code = enrolment_code(central)
    done = services.sync.enrol(central.url, code, "quay-1")
    assert (done["counter_number"], done["sequence_block"]) == (1, [1000, 1999])
    assert done["block_deferred"] is False
    status = services.sync.status()
    assert status["enrolled"] and status["ward"] == {"code": WARD, "name": WARD_NAME}
    assert status["restart_needed"] is True  # the agency id changes from the next start
    token = outbox.get(services.db, "token")
    assert token and token not in json.dumps(status)  # the token stays where it is
    with pytest.raises(Refused) as refused:  # a one-time code
        services.sync.enrol(central.url, code)
    assert refused.value.code == "enrolment_code_invalid"
    assert outbox.get(services.db, "token") == token
    reopened = app.build(services.path.parent, services.clock)
    try:
        assert (reopened.unit.agency_id, reopened.unit.counter_number) == (WARD, 1)
        assert reopened.unit.name == WARD_NAME  # the sample's name gave way to the ward's
    finally:
        reopened.close()


def test_a_backlog_goes_in_batches_and_is_marked_sent(enrolled: Services) -> None:
    noise(enrolled, 2_500)
    total = outbox.waiting(enrolled.db)
    seen: list[tuple[int, int]] = []
    report = enrolled.sync.sync_once(lambda sent, of: seen.append((sent, of)))
    assert report.pushed == total and report.acknowledged == total
    assert report.acked_through == outbox.last_seq(enrolled.db)
    assert len(seen) == -(-total // wire.MAX_BATCH)  # one request per batch
    assert seen[-1] == (total, total)
    assert outbox.waiting(enrolled.db) == 0 and report.errors == []
    status = enrolled.sync.status()
    assert status["online"] is True and status["last_error"] is None


def test_a_lost_acknowledgement_is_repeated_without_a_duplicate(
    enrolled: Services, central: CentralServer
) -> None:
    noise(enrolled, 1_200)
    first = enrolled.sync.sync_once()
    assert first.waiting == 0
    # The answer never arrived: the counter still has the last 700 as waiting.
    last = outbox.last_seq(enrolled.db)
    with transaction(enrolled.db):
        enrolled.db.execute("UPDATE events SET sent_at = NULL WHERE seq > ?", [last - 700])
    again = enrolled.sync.sync_once()
    assert (again.pushed, again.acknowledged, again.acked_through) == (700, 700, last)
    assert again.errors == [] and again.parked == 0
    assert stored_events(central) == last  # each once


def test_a_server_restored_between_two_batches_gets_every_event_once(
    enrolled: Services, central: CentralServer
) -> None:
    """The server loses what it acknowledged while the counter drains (restored from an
    older backup). The batch read ahead during the first one no longer follows what it
    holds: the counter sends again from what the server holds, each event once."""
    noise(enrolled, 2_500)
    last = outbox.last_seq(enrolled.db)

    def restore_the_server(sent: int, of: int) -> None:
        if sent == wire.MAX_BATCH:  # after the first batch's acknowledgement
            forget_events_after(central, 500)

    report = enrolled.sync.sync_once(restore_the_server)
    assert report.errors == [] and report.waiting == 0
    assert report.acked_through == last
    assert stored_events(central) == last  # each once, the lost 501-1000 again
    assert stored_seqs(central) == list(range(1, last + 1))


def forget_events_after(central: CentralServer, seq: int) -> None:
    from sqlalchemy import delete

    from central import database, schema

    engine = database.open_engine(central.db)
    try:
        with database.write(engine) as conn:
            conn.execute(delete(schema.events).where(schema.events.c.seq > seq))
    finally:
        engine.dispose()


def stored_seqs(central: CentralServer) -> list[int]:
    from sqlalchemy import select

    from central import database, schema

    engine = database.open_engine(central.db)
    try:
        with database.read(engine) as conn:
            rows = conn.execute(select(schema.events.c.seq).order_by(schema.events.c.seq))
            return [int(row.seq) for row in rows]
    finally:
        engine.dispose()


def stored_events(central: CentralServer) -> int:
    from sqlalchemy import func, select

    from central import database, schema

    engine = database.open_engine(central.db)
    try:
        with database.read(engine) as conn:
            return int(conn.execute(select(func.count()).select_from(schema.events)).scalar_one())
    finally:
        engine.dispose()


def test_a_response_lost_on_the_network(
    enrolled: Services, central: CentralServer, fault_proxy: Callable[[str], Any]
) -> None:
    proxy = fault_proxy(central.url)
    from counter_app.services.sync_state import SERVER_KEY

    with transaction(enrolled.db):
        outbox.put(enrolled.db, SERVER_KEY, proxy.url)
    noise(enrolled, 10)
    proxy.lose_response(path="/v1/events")  # the server stores them, the counter never knows
    with pytest.raises(ServerUnreachable):
        enrolled.sync.sync_once()
    assert outbox.waiting(enrolled.db) > 0
    assert enrolled.sync.status()["online"] is False
    report = enrolled.sync.sync_once()
    assert report.waiting == 0 and report.errors == []
    assert stored_events(central) == outbox.last_seq(enrolled.db)


def test_changes_are_pulled_and_applied_with_their_cursor(
    enrolled: Services, central: CentralServer, clock: FakeClock
) -> None:
    services = enrolled
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG THU", "admin")
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    payment = services.payments.start_qr(dossier.code, "admin")
    me = services.unit.device_id
    publish(central, wire.ChangeKind.OFFICE_HOURS, {"periods": "07:00-11:30,13:30-17:00"})
    paid = {
        "reference": payment.reference,
        "amount": payment.amount,
        "bank_transaction": "FT26334000001",
        "paid_at": datetime(2026, 11, 23, 9, 1, tzinfo=VIETNAM).isoformat(),
    }
    publish(central, wire.ChangeKind.PAYMENT_CONFIRMED, paid, me)
    moved = {
        "code": dossier.code,
        "status": "in_processing",
        "reason": "",
        "officer": "tu.phap",
        "at": clock.now().isoformat(),
    }
    last = publish(central, wire.ChangeKind.DOSSIER_STATUS, moved, me)
    publish(central, wire.ChangeKind.OFFICE_HOURS, {"periods": "06:00-10:00"}, "another-device")
    report = services.sync.sync_once()
    assert (report.pulled, report.changes.applied, report.changes.held) == (3, 3, 0)
    assert services.sync.applier.cursor() == last
    assert services.payments.get(payment.reference).state is PaymentState.PAID
    assert services.dossiers.get(dossier.code).status is Status.IN_PROCESSING
    assert services.reference.working_hours().to_text() == "07:00-11:30,13:30-17:00"
    assert report.waiting == 0  # the events the changes wrote went up in the same run
    assert check_database(services.db).problems == []
    again = services.sync.sync_once()
    assert again.pulled == 0


def test_a_revoked_token_is_refused_and_shown(
    enrolled: Services, central: CentralServer, data_dir_cli: Callable[..., Any]
) -> None:
    enrolled.sync.sync_once()
    central.run_cli("device", "revoke", enrolled.unit.device_id)
    noise(enrolled, 3)
    with pytest.raises(Refused) as refused:
        enrolled.sync.sync_once()
    assert refused.value.code == "unauthenticated"
    status = enrolled.sync.status()
    assert status["problem"] == "unauthenticated" and status["online"] is False
    assert status["waiting"] == 3  # nothing lost
    code, out, err = data_dir_cli("sync", "--once")
    assert (code, out) == (2, "")
    assert err.startswith("counter-app: error: refused by the server: this device was revoked")
    assert err.rstrip().endswith("(counter-app enrol --server URL --code CODE)")
    assert err.count("enrol it again") == 1, err  # the server's advice, said once
    assert len(err.splitlines()) == 1
    display = central.run_cli("enrol", "--ward", WARD, "--display").stdout.split()[-1]
    code, out, err = data_dir_cli("enrol", "--server", central.url, "--code", display)
    assert (code, out) == (2, "")
    assert err.startswith("counter-app: error: refused by the server (enrolment_refused): ")
    assert "refused the request" not in err and len(err.splitlines()) == 1


@pytest.fixture
def data_dir_cli(
    enrolled: Services, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """The command line on the ``enrolled`` installation's folder."""
    folder = str(enrolled.path.parent)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", folder, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_a_server_that_is_down(
    enrolled: Services, central: CentralServer, data_dir_cli: Callable[..., Any]
) -> None:
    central.stop()
    noise(enrolled, 2)
    code, out, err = data_dir_cli("sync", "--once")
    assert (code, out) == (2, "")
    assert err.startswith("counter-app: error: server unreachable: ")
    code, out, _ = data_dir_cli("sync", "--status")
    status = json.loads(out)
    assert code == 0 and status["online"] is False
    assert status["waiting"] == outbox.waiting(enrolled.db) > 0  # nothing lost
    assert status["last_error"].startswith("unreachable: ")
    central.start()
    assert data_dir_cli("sync", "--once")[0] == 0
    assert outbox.waiting(enrolled.db) == 0


def test_the_command_line_enrols_and_syncs(
    central: CentralServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "counter")
    code = main(
        ["--data-dir", folder, "enrol", "--server", central.url, "--code", enrolment_code(central)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"enrolled with {central.url}: ward {WARD} ({WARD_NAME}), counter 1")
    assert "from its next start" in out
    assert main(["--data-dir", folder, "sync", "--once"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["waiting"] == 0 and report["pushed"] == report["acknowledged"] > 0
    assert set(report) >= {
        "pushed",
        "acked_through",
        "parked",
        "pulled",
        "applied",
        "errors",
        "duration",
    }


# --- a server newer than the counter ----------------------------------------------------
# A city upgrades its server before its counters. The real server answers; the proxy
# turns its answers into what a newer version would say (codes and fields this counter
# does not know), and the counter must go on syncing.


@pytest.fixture
def newer(enrolled: Services, central: CentralServer, fault_proxy: ProxyFactory) -> FaultProxy:
    """The proxy the counter syncs through, in front of the real server."""
    proxy = fault_proxy(central.url)
    with transaction(enrolled.db):
        outbox.put(enrolled.db, SERVER_KEY, proxy.url)
    return proxy


def test_a_park_reason_of_a_newer_server_is_kept_and_shown(
    enrolled: Services, newer: FaultProxy, data_dir_cli: Callable[..., Any]
) -> None:
    def newer_answer(body: dict[str, Any]) -> dict[str, Any]:
        for parked in body["parked"]:
            parked.update(reason="held_for_review", review_desk="tư pháp")
        return {**body, "review_url": "https://dongbo.example.vn/review"}

    noise(enrolled, 2)
    context = events.EventContext(enrolled.unit.device_id, "admin")
    with transaction(enrolled.db):  # a reception without a code: the server parks it
        events.append(
            enrolled.db, context, "dossier.received", ("dossier", "x"), {}, enrolled.clock.now()
        )
    reception = outbox.last_seq(enrolled.db)
    newer.rewrite(newer_answer, path="/v1/events")
    report = enrolled.sync.sync_once()
    assert (report.parked, report.waiting, report.errors) == (1, 0, [])
    assert [e.fault for e in newer.exchanges if e.path == "/v1/events"] == [Fault.REWRITE]
    code, out, _ = data_dir_cli("sync", "--status")
    status = json.loads(out)
    assert (code, status["online"], status["parked"]) == (0, True, 1)
    [parked] = status["parked_events"]
    assert (parked["seq"], parked["reason"]) == (reception, "held_for_review")
    noise(enrolled, 1)
    assert enrolled.sync.sync_once().waiting == 0  # and the pushes after it go on


def test_a_change_kind_of_a_newer_server_is_held_and_the_pull_goes_on(
    enrolled: Services,
    central: CentralServer,
    newer: FaultProxy,
    data_dir_cli: Callable[..., Any],
) -> None:
    def newer_page(body: dict[str, Any]) -> dict[str, Any]:
        body["changes"][0].update(kind="queue.voice", payload={"voice": "north"}, urgent=False)
        return {**body, "server_version": "2.0"}

    first = publish(central, wire.ChangeKind.OFFICE_HOURS, {"periods": "06:00-10:00"})
    last = publish(central, wire.ChangeKind.OFFICE_HOURS, {"periods": "07:00-11:30,13:30-17:00"})
    newer.rewrite(newer_page, path="/v1/changes")
    report = enrolled.sync.sync_once()
    assert (report.pulled, report.changes.applied, report.changes.held) == (2, 1, 1)
    assert report.errors == [] and enrolled.sync.applier.cursor() == last
    assert enrolled.reference.working_hours().to_text() == "07:00-11:30,13:30-17:00"
    code, out, _ = data_dir_cli("sync", "--status")
    status = json.loads(out)
    assert (code, status["online"], status["held"], status["cursor"]) == (0, True, 1, last)
    [held] = status["held_changes"]
    assert (held["change"], held["kind"], held["reason"]) == (
        first,
        "queue.voice",
        "change_kind_unknown",
    )
    assert enrolled.sync.sync_once().pulled == 0  # past it: not asked for again
