"""The ward role: a ward server stores, acknowledges and forwards to the city, and relays
down what the city publishes. Two real processes: the city (each backend) and the ward
server (SQLite, as on a ward's machine)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from counter_app.domain.clock import VIETNAM
from counter_app.sync.wire import ChangeKind, ChangesResponse, ErrorBody, ErrorCode, PushResponse
from tests.central.bank_helpers import (
    confirmations,
    dossier_code,
    notification,
    notify,
    push,
    set_secret,
    start_payment,
)
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


def test_a_change_of_a_newer_city_passes_through_the_ward_server(
    server: ServerFactory, tmp_path: Path
) -> None:
    """A city upgraded before its ward servers: a kind the ward server does not know is
    passed down as it came, and the changes after it still arrive. Before, the
    forwarder failed on it and tried the page again forever, holding back the rest."""
    city = server()
    add_ward(city, WARD_A, "Phường A")
    ward = ward_server(server, city, tmp_path)
    counter = Counter(ward.url)
    assert counter.enrol(issue_code(ward, WARD_A)).status_code == 200
    newer = sql(
        city,
        "INSERT INTO changes (ward_id, kind, payload, created_at) SELECT id, "
        "'queue.voice_pack', :payload, :now FROM wards WHERE code = :ward RETURNING id",
        payload=json.dumps({"voice": "giọng miền Nam"}),
        now=datetime.now(VIETNAM),
        ward=WARD_A,
    )
    assert newer
    publish(city, WARD_A, ChangeKind.OFFICE_HOURS, {"periods": [["07:30", "11:30"]]})
    page = eventually(lambda: len(pull(counter).changes) == 2 and pull(counter), "relayed")
    assert [(c.kind, c.payload) for c in page.changes] == [
        ("queue.voice_pack", {"voice": "giọng miền Nam"}),
        (ChangeKind.OFFICE_HOURS, {"periods": [["07:30", "11:30"]]}),
    ]


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


def test_what_the_ward_server_parked_stays_parked_at_the_city(
    server: ServerFactory, tmp_path: Path
) -> None:
    """The city does not know the ward's blocks: a counter squatting another's next code
    and its payment is parked by the ward server, and the city parks it too, even when
    it receives the squatter's events first. The code, the payment and the bank's money
    stay with the counter whose block it is, at both levels."""
    city = server()
    add_ward(city, WARD_A, "Phường A")
    ward = ward_server(server, city, tmp_path)
    owner, squatter = Counter(ward.url), Counter(ward.url)
    for counter in (owner, squatter):
        assert counter.enrol(issue_code(ward, WARD_A)).status_code == 200
    code = dossier_code(owner, WARD_A, 7, day=f"{datetime.now(VIETNAM):%y%m%d}")
    reference = start_payment(squatter, code, 10_000)
    push(squatter)
    at_city = "SELECT seq, parked_reason FROM events WHERE device_id = :device ORDER BY seq"
    eventually(
        lambda: (
            sql(city, at_city, device=squatter.device_id)
            == [(1, "not_its_block"), (2, "not_its_dossier")]
        ),
        "the city parks the squatter's events as the ward server did",
    )
    start_payment(owner, code, 10_000)
    push(owner)
    eventually(
        lambda: sql(city, at_city, device=owner.device_id) == [(1, None), (2, None)],
        "the city applies the owner's",
    )
    assert sql(city, "SELECT device_id FROM dossier_codes") == [(owner.device_id,)]
    secret = set_secret(city)
    paid = notify(city, notification(f"CK {reference}", 10_000, "FT-WARD"), secret)
    assert paid.json()["outcome"] == "matched"
    eventually(lambda: len(confirmations(owner)) == 1, "the confirmation relayed down")
    assert confirmations(squatter) == []


def test_only_a_relay_says_what_its_ward_parked(server: ServerFactory) -> None:
    city = server()
    add_ward(city, WARD_A)
    counter = Counter(city.url)
    assert counter.enrol(issue_code(city, WARD_A)).status_code == 200
    event = counter.receive_next()
    said = {"seq": 1, "id": event["id"], "reason": "code_taken", "detail": "no"}
    body = {"device_id": counter.device_id, "events": [event], "parked": [said]}
    with counter.client() as client:
        refused = client.post("/v1/events", content=json.dumps(body))
        assert refused.status_code == 403, refused.text
        stray = {**body, "parked": [{**said, "seq": 2}]}
        assert client.post("/v1/events", content=json.dumps(stray)).status_code == 422
    assert stored_events(city) == []
