"""Push against a real server: ordered batches, repeats, gaps, broken chains, parking."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from counter_app.domain.clock import VIETNAM
from counter_app.domain.event_chain import event_hash
from counter_app.sync.wire import ErrorBody, ErrorCode, PushResponse
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import (
    DAY,
    WARD_A,
    WARD_B,
    Counter,
    add_ward,
    issue_code,
    stored_events,
)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A)
    add_ward(started, WARD_B)
    return started


@pytest.fixture
def enrolled(central: CentralServer) -> Callable[[str], Counter]:
    def enrol(ward: str = WARD_A) -> Counter:
        counter = Counter(central.url)
        assert counter.enrol(issue_code(central, ward)).status_code == 200
        return counter

    return enrol


def acked(response: httpx.Response) -> PushResponse:
    assert response.status_code == 200, response.text
    return PushResponse.model_validate_json(response.content)


def refused(response: httpx.Response, status: int, code: ErrorCode) -> str:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate_json(response.content)
    assert body.error is code
    return body.detail


def notes(counter: Counter, count: int) -> list[dict[str, Any]]:
    return [counter.write("unit.note", {"n": len(counter.log) + 1}) for _ in range(count)]


def test_ordered_batches_are_stored_once_and_acknowledged(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    counter = enrolled()
    first = [counter.receive_next() for _ in range(5)]
    assert acked(counter.push(first)).acked_through == 5
    second = notes(counter, 5)
    answer = acked(counter.push(second))
    assert (answer.acked_through, answer.parked) == (10, [])
    assert answer.server_time.endswith("+07:00")
    assert acked(counter.push(first)).acked_through == 10  # a repeat: acknowledged again
    assert acked(counter.push(first + second)).acked_through == 10
    assert acked(counter.push([])).acked_through == 10  # "where am I?"
    assert stored_events(central) == [(counter.device_id, e["seq"], e["id"]) for e in counter.log]


def test_a_gap_stops_the_batch_where_it_is(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    counter = enrolled()
    log = notes(counter, 10)
    assert acked(counter.push(log[:3])).acked_through == 3
    assert acked(counter.push(log[5:8])).acked_through == 3  # 4 and 5 missing: nothing kept
    assert acked(counter.push([*log[3:5], log[6]])).acked_through == 5  # gap inside the batch
    assert acked(counter.push(log[5:])).acked_through == 10
    assert [seq for _, seq, _ in stored_events(central)] == list(range(1, 11))


def tampered_payload(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "payload": event["payload"][:-1] + ',"changed":true}'}


def tampered_hash(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "hash": "f" * 64}


def tampered_prev_hash(event: dict[str, Any]) -> dict[str, Any]:
    changed = {**event, "prev_hash": "e" * 64}
    return {**changed, "hash": event_hash(changed["prev_hash"], changed)}  # itself consistent


def test_a_broken_chain_is_refused_whole(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    for tamper in (tampered_payload, tampered_hash, tampered_prev_hash):  # a counter each
        counter = enrolled()
        log = notes(counter, 6)
        assert acked(counter.push(log[:2])).acked_through == 2
        batch = [*log[2:4], tamper(log[4]), log[5]]
        detail = refused(counter.push(batch), 409, ErrorCode.CHAIN_BROKEN)
        assert "event 5" in detail, tamper.__name__
        kept = [seq for device, seq, _ in stored_events(central) if device == counter.device_id]
        assert kept == [1, 2], tamper.__name__  # nothing of the batch, not even 3 and 4
        assert acked(counter.push(log[2:])).acked_through == 6  # the true history goes on


def test_another_history_of_stored_events_is_refused(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    counter = enrolled()
    assert acked(counter.push(notes(counter, 3))).acked_through == 3
    restored = Counter(central.url, device_id=counter.device_id, token=counter.token)
    forked = notes(restored, 4)  # a restored log writes new events at the same seqs
    detail = refused(counter.push(forked), 409, ErrorCode.CHAIN_BROKEN)
    assert "event 1 differs" in detail
    assert len(stored_events(central)) == 3


def test_events_that_cannot_be_applied_are_parked_and_do_not_block(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    first, second = enrolled(), enrolled()
    taken = f"{WARD_A}-{DAY}-1001"
    assert acked(first.push([first.receive(taken)])).parked == []
    batch = [
        second.receive(taken),  # code_taken
        second.receive(f"{WARD_B}-{DAY}-2001"),  # other_ward
        second.write("dossier.received", {"code": "not a code"}),  # unreadable
        second.write("unit.note", ["not", "an", "object"]),  # unreadable
        second.receive_next(),  # fine
    ]
    answer = acked(second.push(batch))
    assert answer.acked_through == 5
    reasons = [(p.seq, p.reason.value) for p in answer.parked]
    assert reasons == [(1, "code_taken"), (2, "other_ward"), (3, "unreadable"), (4, "unreadable")]
    assert first.device_id in answer.parked[0].detail
    assert acked(second.push(batch)).parked == answer.parked  # a repeat says it again
    assert acked(second.push([second.receive(taken)])).parked[0].reason.value == "code_taken"
    listed = json.loads(central.run_cli("events", "parked", "--ward", WARD_A).stdout)
    assert [(p["device_id"], p["seq"], p["reason"]) for p in listed] == [
        (second.device_id, 1, "code_taken"),
        (second.device_id, 2, "other_ward"),
        (second.device_id, 3, "unreadable"),
        (second.device_id, 4, "unreadable"),
        (second.device_id, 6, "code_taken"),
    ]
    assert json.loads(central.run_cli("events", "parked", "--ward", WARD_B).stdout) == []
    assert all("payload" not in p for p in listed)


def vietnam_day() -> str:
    """Today in Việt Nam as a dossier code writes it; taken after an enrolment, it is
    never before the day the server recorded for the enrolled block."""
    return f"{datetime.now(VIETNAM):%y%m%d}"


def test_a_number_in_another_counter_s_block_is_parked_not_claimed(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    """A counter of the ward cannot take another counter's next code before that counter
    pushes it: the block is the other's from the day it was given. Numbers outside every
    block, or from before the block was given, go to whoever pushes them first."""
    first, second = enrolled(), enrolled()  # counters 1 (1000–1999) and 2 (2000–2999)
    today = vietnam_day()
    squatted = f"{WARD_A}-{today}-1005"
    batch = [
        second.receive(squatted),
        second.receive(f"{WARD_A}-{today}-2001"),  # its own block
        second.receive(f"{WARD_A}-{today}-0500"),  # nobody's block: the ward server's range
        second.receive(f"{WARD_A}-{DAY}-1006"),  # first's block, before it was first's
    ]
    answer = acked(second.push(batch))
    [parked] = answer.parked
    assert (parked.seq, parked.reason.value) == (1, "not_its_block")
    assert squatted in parked.detail and first.device_id in parked.detail
    assert acked(first.push([first.receive(squatted)])).parked == []  # still first's to claim
    listed = json.loads(central.run_cli("events", "parked", "--ward", WARD_A).stdout)
    assert [(p["device_id"], p["seq"], p["reason"]) for p in listed] == [
        (second.device_id, 1, "not_its_block")
    ]

    # Moved to another block, a counter keeps the old one (it numbers from it until it
    # starts again): both are its own, and the new one is no longer free for others.
    central.run_cli("device", "set-counter", first.device_id, "--counter", "5")
    moved = [first.receive(f"{WARD_A}-{today}-1007"), first.receive(f"{WARD_A}-{today}-5001")]
    assert acked(first.push(moved)).parked == []
    late = acked(second.push([second.receive(f"{WARD_A}-{today}-5002")])).parked
    assert [(p.seq, p.reason.value) for p in late] == [(5, "not_its_block")]


def test_a_device_pushes_only_its_own_events(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    mine, neighbour, stranger = enrolled(), enrolled(), enrolled(WARD_B)
    event = neighbour.write("unit.note", {"n": 1})
    refused(mine.push([event], device_id=neighbour.device_id), 403, ErrorCode.FORBIDDEN)
    refused(mine.push([event]), 403, ErrorCode.FORBIDDEN)  # an event of another device
    refused(stranger.push([event], device_id=neighbour.device_id), 403, ErrorCode.FORBIDDEN)
    assert stored_events(central) == []


def test_a_malformed_push_is_refused_with_the_place(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    counter = enrolled()
    with counter.client() as client:
        for body, where in (
            (b"{not json", "body"),
            (b'{"device_id": "x"}', "events"),
            (b'{"device_id": "x", "events": [], "extra": 1}', "extra"),
        ):
            detail = refused(client.post("/v1/events", content=body), 422, ErrorCode.INVALID)
            assert where in detail, body


def test_events_out_of_order_or_repeated_in_a_batch_are_refused(
    central: CentralServer, enrolled: Callable[..., Counter]
) -> None:
    counter = enrolled()
    log = notes(counter, 3)
    for batch in ([log[1], log[0]], [log[0], log[0]], [log[0], {**log[1], "id": log[0]["id"]}]):
        refused(counter.push(batch), 422, ErrorCode.INVALID)
    assert stored_events(central) == []
