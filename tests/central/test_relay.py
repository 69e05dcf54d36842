"""The ward role: a ward server stores, acknowledges and forwards to the city, and relays
down what the city publishes. Two real processes: the city (each backend) and the ward
server (SQLite, as on a ward's machine)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from counter_app.sync.wire import ChangeKind, ChangesResponse, ErrorBody, ErrorCode, PushResponse
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import (
    WARD_A,
    WARD_B,
    Counter,
    add_ward,
    eventually,
    issue_code,
    publish,
    sql,
    stored_events,
)


def ward_server(
    server: ServerFactory, city: CentralServer, tmp_path: Path, *extra: str
) -> CentralServer:
    relay_token = city.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    db = f"sqlite:///{tmp_path / 'ward.db'}"
    add_ward(db, WARD_A, "Phường A")
    upstream = ("--upstream", city.url, "--upstream-token", relay_token)
    return server(*upstream, *extra, db=db)


def pull(counter: Counter) -> ChangesResponse:
    with counter.client() as client:
        return ChangesResponse.model_validate_json(client.get("/v1/changes").content)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_ward_server_forwards_events_up_and_relays_changes_down(
    server: ServerFactory, tmp_path: Path, workers: str
) -> None:
    city = server()
    add_ward(city, WARD_A, "Phường A")
    add_ward(city, WARD_B)
    ward = ward_server(server, city, tmp_path, "--workers", workers)
    assert httpx.get(f"{ward.url}/v1/health").json()["role"] == "ward"
    counters = [Counter(ward.url) for _ in range(2)]
    for counter in counters:
        assert counter.enrol(issue_code(ward, WARD_A)).status_code == 200
        for _ in range(1200):  # more than one batch up
            counter.receive_next()
        answer = PushResponse.model_validate_json(counter.push(counter.log[:1000]).content)
        assert answer.acked_through == 1000  # acknowledged by the ward server at once
        counter.push(counter.log[1000:])
    expected = sorted((c.device_id, e["seq"], e["id"]) for c in counters for e in c.log)
    eventually(lambda: sorted(stored_events(city)) == expected, "the city holds every event")
    registered = sql(
        city, "SELECT id, via_relay, counter_number FROM devices WHERE role = 'counter'"
    )
    assert {(row[0], bool(row[1]), row[2]) for row in registered} == {
        (c.device_id, True, None) for c in counters
    }

    first = counters[0]
    whole = publish(city, WARD_A, ChangeKind.OFFICE_HOURS, {"periods": [["07:30", "11:30"]]})
    publish(city, WARD_A, ChangeKind.DOSSIER_STATUS, {"code": "x"}, first.device_id)
    publish(city, WARD_B, ChangeKind.OFFICE_HOURS, {"periods": []})
    changes = eventually(lambda: len(pull(first).changes) == 2 and pull(first), "relayed")
    assert [(c.kind, c.payload, c.device_id) for c in changes.changes] == [
        (ChangeKind.OFFICE_HOURS, {"periods": [["07:30", "11:30"]]}, None),
        (ChangeKind.DOSSIER_STATUS, {"code": "x"}, first.device_id),
    ]
    assert whole > 0
    assert [c.payload for c in pull(counters[1]).changes] == [{"periods": [["07:30", "11:30"]]}]
    time.sleep(3)  # another round of the forwarder(s): nothing is relayed twice
    assert len(sql(ward, "SELECT id FROM changes")) == 2


def test_a_relay_token_speaks_for_its_own_ward_only(server: ServerFactory) -> None:
    city = server()
    add_ward(city, WARD_A)
    add_ward(city, WARD_B)
    relay_token = city.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    stranger = Counter(city.url)
    assert stranger.enrol(issue_code(city, WARD_B)).status_code == 200
    relay = Counter(city.url, token=relay_token)
    event = stranger.write("unit.note", {"n": 1})
    refused = relay.push([event], device_id=stranger.device_id)
    assert refused.status_code == 403
    assert ErrorBody.model_validate_json(refused.content).error is ErrorCode.FORBIDDEN
    newcomer = Counter(city.url)
    newcomer.counter_number = 1
    first = newcomer.receive_next()
    assert relay.push([first], device_id=newcomer.device_id).status_code == 200
    tampered = {**newcomer.receive_next(), "payload": "{}"}
    assert relay.push([tampered], device_id=newcomer.device_id).status_code == 409
    with relay.client() as client:
        me = client.get("/v1/me").json()
    assert (me["role"], me["ward"]["code"], me["counter_number"]) == ("relay", WARD_A, None)
    again = city.run_cli("relay-token", "--ward", WARD_A).stdout.splitlines()[-1]
    with relay.client() as client:
        assert client.get("/v1/me").status_code == 401  # replaced at once
    assert again != relay_token
