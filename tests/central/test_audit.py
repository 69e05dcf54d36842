"""``counter-central audit verify`` on events pushed by real counters (their services and
sync, against a real server) and a ward's queue log: intact, it exits 0; a stored event
or a projected row edited with SQL behind the server's back is named by ward, device,
seq and event id; ``--ward`` keeps to one ward; on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.reception import parse_reception
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, add_ward, issue_code, now, sql

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


@dataclass
class World:
    central: CentralServer
    counter_a: Services  # ward A's counter: two dossiers, one moved on, one paid
    dossiers: list[Dossier]
    counter_b: Services  # ward B's counter: one dossier
    queue_log: str  # ward A's queue log device

    def audit(self, *args: str) -> tuple[int, dict[str, Any]]:
        done = self.central.run_cli("audit", "verify", "--json", *args, check=False)
        assert done.stderr == "", done.stderr
        return done.returncode, json.loads(done.stdout)

    def event(self, device: str, seq: int) -> dict[str, Any]:
        (row,) = sql(
            self.central,
            "SELECT event_id, payload FROM events WHERE device_id = :d AND seq = :s",
            d=device,
            s=seq,
        )
        return {"id": row[0], "payload": row[1], "seq": seq}


def counter(central: CentralServer, folder: Path, clock: FakeClock, ward: str) -> Services:
    """A counter enrolled in ``ward``, started again as the ward's."""
    first = app.build(folder, clock)
    first.sync.enrol(central.url, issue_code(central, ward), "quay-1")
    first.close()
    return app.build(folder, clock)


def receive(services: Services) -> Dossier:
    return services.reception.receive(parse_reception(copy.deepcopy(EXAMPLE_RECEPTION)), "admin")


def synced(services: Services) -> None:
    report = services.sync.sync_once()
    assert report.errors == [] and report.waiting == 0, report.to_data()


def take_ticket(central: CentralServer, ward: str) -> str:
    """A ticket taken at the ward's queue: its log device's first event."""
    from central import database, queue, queue_log, wards
    from counter_app.sync import queue_wire as qw

    engine = database.open_engine(central.db)
    try:
        with database.write(engine) as conn:
            ward_id = wards.ward_by_code(conn, ward).id
            queue.take(conn, ward_id, qw.TakeRequest(area="A"), now())
            log = queue_log.find(conn, ward_id)
            assert log is not None
            return log.device_id
    finally:
        engine.dispose()


@pytest.fixture
def world(server: ServerFactory, tmp_path: Path, clock: FakeClock) -> Iterator[World]:
    central = server()
    add_ward(central, WARD_A, "Phường Hàng Bạc")
    add_ward(central, WARD_B, "Phường Khác")
    a = counter(central, tmp_path / "a", clock, WARD_A)
    b = counter(central, tmp_path / "b", clock, WARD_B)
    try:
        dossiers = [receive(a), receive(a)]
        a.dossiers.change_status(dossiers[0].code, Status.IN_PROCESSING, "", "admin")
        a.payments.record_cash(dossiers[1].code, "admin")
        receive(b)
        synced(a)
        synced(b)
        yield World(central, a, dossiers, b, take_ticket(central, WARD_A))
    finally:
        for services in (a, b):
            services.sync.close()
            services.close()


def findings(report: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if kind is None or f["kind"] == kind]


def test_an_intact_database_exits_0_and_ward_keeps_to_one_ward(world: World) -> None:
    code, report = world.audit()
    assert code == 0, report
    assert report["ok"] is True and report["findings"] == []
    assert report["devices"] == 3  # two counters and ward A's queue log
    stored = sql(world.central, "SELECT count(*) FROM events")[0][0]
    assert report["events"] == stored > 10
    code, only_b = world.audit("--ward", WARD_B)
    assert (code, only_b["devices"]) == (0, 1)
    assert 0 < only_b["events"] < stored
    human = world.central.run_cli("audit", "verify", "--ward", WARD_B).stdout.splitlines()
    assert human[0] == f"audited 1 devices, {only_b['events']} events"
    assert human[-1] == "result: intact"


def test_an_edited_event_is_named_and_ward_restricts(world: World) -> None:
    device = world.counter_a.unit.device_id
    target = world.event(device, 4)
    edited = json.loads(target["payload"]) | {"note": "sửa tay"}
    sql(
        world.central,
        "UPDATE events SET payload = :p WHERE device_id = :d AND seq = 4",
        p=json.dumps(edited),
        d=device,
    )
    code, report = world.audit()
    assert code == 1
    assert report["broken_devices"] == [device]
    assert findings(report, "content_changed") == [
        {
            "ward": WARD_A,
            "device_id": device,
            "seq": 4,
            "event_id": target["id"],
            "kind": "content_changed",
            "detail": "the row's content no longer matches its hash (the row was edited)",
        }
    ]
    assert findings(report, "link_broken") == []  # event 5 still follows the stored hash
    assert world.audit("--ward", WARD_B)[0] == 0
    human = world.central.run_cli("audit", "verify", check=False)
    assert human.returncode == 1
    assert (
        f"BROKEN ward {WARD_A} device {device} seq 4 event {target['id']}: the row's content"
        in human.stdout
    )
    assert human.stdout.splitlines()[-1] == "result: BROKEN (1 devices)"


def test_a_removed_event_breaks_the_next_link(world: World) -> None:
    device = world.counter_b.unit.device_id
    last = sql(world.central, "SELECT max(seq) FROM events WHERE device_id = :d", d=device)[0][0]
    following = world.event(device, 3)
    sql(world.central, "DELETE FROM events WHERE device_id = :d AND seq = 2", d=device)
    code, report = world.audit("--ward", WARD_B)
    assert code == 1 and last > 3
    chain = [(f["seq"], f["event_id"], f["kind"]) for f in findings(report) if f["seq"]]
    assert chain == [(3, following["id"], "seq_gap"), (3, following["id"], "link_broken")]
    assert findings(report)[1]["detail"].startswith("prev_hash is not the hash of event 1 ")
    assert world.audit("--ward", WARD_A)[0] == 0


def test_edited_projected_rows_are_named(world: World) -> None:
    moved, paid = world.dossiers
    sql(
        world.central, "UPDATE dossier_states SET status = 'returned' WHERE code = :c", c=moved.code
    )
    sql(world.central, "UPDATE payment_states SET amount = 1 WHERE dossier_code = :c", c=paid.code)
    sql(world.central, "UPDATE queue_tickets SET calls = 7")
    code, report = world.audit()
    assert code == 1
    device = world.counter_a.unit.device_id
    lines = [(f["ward"], f["device_id"], f["detail"]) for f in findings(report, "projection")]
    reference = world.counter_a.payments.for_dossier(paid.code)[0].reference
    ticket = sql(world.central, "SELECT label, day FROM queue_tickets")[0]
    assert lines == [
        (
            WARD_A,
            device,
            f"dossier {moved.code}: status is 'returned' in the table but 'in_processing' "
            "by its events",
        ),
        (WARD_A, device, f"payment {reference}: amount is 1 in the table but 10000 by its events"),
        (
            WARD_A,
            world.queue_log,
            f"queue ticket {ticket[0]} of {ticket[1]}: calls is 7 in the table but 0 by its events",
        ),
    ]
    assert set(report["broken_devices"]) == {device, world.queue_log}
    assert len(report["findings"]) == 3


def test_a_head_beyond_the_stored_log_is_named(world: World) -> None:
    device = world.counter_b.unit.device_id
    last = sql(world.central, "SELECT max(seq) FROM events WHERE device_id = :d", d=device)[0][0]
    sql(
        world.central,
        "INSERT INTO forward_heads (device_id, upstream, acked_through, updated_at)"
        " VALUES (:d, 'https://city.example', :s, '2026-11-30 02:00:00')",
        d=device,
        s=last,
    )
    assert world.audit("--ward", WARD_B)[0] == 0
    sql(world.central, "DELETE FROM events WHERE device_id = :d AND seq = :s", d=device, s=last)
    code, report = world.audit("--ward", WARD_B)
    assert code == 1
    # Its last event was the reception: the code's claim and the dossier's row lost it too.
    kinds = [(f["kind"], f["seq"]) for f in findings(report)]
    assert kinds == [("head_beyond_log", last), ("claim_missing", None), ("projection", None)]
    assert findings(report)[2]["detail"].endswith("the row has no applied events of its device")
    assert (
        f"through seq {last} but the log stored here ends at seq {last - 1}"
        in (report["findings"][0]["detail"])
    )


def test_a_missing_database_or_unknown_ward_is_one_line(world: World, tmp_path: Path) -> None:
    missing = world.central.run_cli(
        "audit", "verify", "--db", f"sqlite:///{tmp_path / 'none.db'}", check=False
    )
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.startswith("counter-central: error: ")
    assert "does not exist" in missing.stderr and len(missing.stderr.splitlines()) == 1
    assert not (tmp_path / "none.db").exists()
    unknown = world.central.run_cli("audit", "verify", "--ward", "999.99.99.H99", check=False)
    assert unknown.returncode == 2 and "no ward has the code" in unknown.stderr
