"""One module of wire schemas, two kinds of reader: a device reads the server's answers
as a newer server may write them (fields it does not know ignored, codes it does not
know kept as text); the server reads requests strictly."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from central import ingest
from central.errors import ApiError
from counter_app.sync import wire
from counter_app.sync.client import ChainBroken, Refused, _refusal
from tests.central.sync_helpers import EVENT

PARKED = {"seq": 3, "id": "e3", "reason": "code_taken", "detail": "held by device d1"}
CHANGE = {"id": 7, "kind": "calendar.hours", "payload": {}, "created_at": "2026-11-30T09:00+07:00"}


def read(model: type[wire.Answer], document: dict[str, Any]) -> Any:
    return model.model_validate_json(json.dumps(document))


def test_a_push_answer_of_a_newer_server_reads() -> None:
    newer = {**PARKED, "reason": "held_for_review", "desk": "tư pháp"}
    answer = read(
        wire.PushResponse,
        {"acked_through": 3, "parked": [PARKED, newer], "server_time": "x", "retry_ms": 5},
    )
    known, unknown = answer.parked
    assert known.reason is wire.ParkReason.CODE_TAKEN  # a known code is the enum's member
    assert unknown.reason == "held_for_review" and not isinstance(unknown.reason, wire.ParkReason)
    assert "desk" not in unknown.model_dump() and "retry_ms" not in answer.model_dump()


def test_a_page_of_changes_of_a_newer_server_reads() -> None:
    newer = {**CHANGE, "id": 8, "kind": "queue.voice", "priority": 1}
    page = read(wire.ChangesResponse, {"changes": [CHANGE, newer], "cursor": 8, "more": False})
    assert [change.kind for change in page.changes] == [wire.ChangeKind.OFFICE_HOURS, "queue.voice"]
    assert page.changes[0].kind is wire.ChangeKind.OFFICE_HOURS


def test_a_refusal_of_a_newer_server_keeps_its_code() -> None:
    body = {"error": "dossier_locked", "detail": "the back office holds it", "until": "10:00"}
    refusal = _refusal(httpx.Response(409, json=body))
    assert type(refusal) is Refused
    assert (refusal.code, refusal.detail) == ("dossier_locked", "the back office holds it")
    chain = _refusal(httpx.Response(409, json={"error": "chain_broken", "detail": "event 3"}))
    assert isinstance(chain, ChainBroken) and chain.code == "chain_broken"


@pytest.mark.parametrize("code", ["", "Held For Review", "held\nfor", "x" * 65, 7, None])
def test_what_is_not_a_code_is_still_not_the_protocol(code: Any) -> None:
    with pytest.raises(ValidationError):
        read(wire.ParkedEvent, {**PARKED, "reason": code})
    with pytest.raises(ValidationError):
        read(wire.Change, {**CHANGE, "kind": code})


def refused(document: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as refusal:
        ingest.parse(json.dumps(document).encode())
    assert refusal.value.code is wire.ErrorCode.INVALID
    return refusal.value


def test_the_server_refuses_a_relayed_park_reason_it_does_not_know() -> None:
    said = {**PARKED, "seq": 1, "id": "e1"}
    push = {"device_id": "d1", "events": [EVENT], "parked": [said]}
    assert ingest.parse(json.dumps(push).encode()).parked[0].reason is wire.ParkReason.CODE_TAKEN
    newer = {**push, "parked": [{**said, "reason": "held_for_review"}]}
    assert refused(newer).detail.startswith("parked.0.reason")


@pytest.mark.parametrize(
    "push",
    [
        {"device_id": "d1", "events": [EVENT], "sent_by": "a newer counter"},
        {"device_id": "d1", "events": [{**EVENT, "flag": True}]},
    ],
    ids=["push", "event"],
)
def test_the_server_refuses_a_field_it_does_not_know(push: dict[str, Any]) -> None:
    refused(push)


def test_a_queue_status_of_a_newer_ward_server_reads() -> None:
    """A field a newer server added to a ticket or to the status is ignored, so older
    counters, kiosks and boards keep following the queue."""
    from counter_app.sync import queue_wire as qw

    ticket = {
        "id": "t1",
        "label": "A012",
        "day": "2026-12-02",
        "prefix": "A",
        "number": 12,
        "area": "A",
        "source": "kiosk",
        "state": "called",
        "counter": 2,
        "taken_at": "2026-12-02T08:00:00+07:00",
        "voice_language": "vi-south",  # a newer server's
    }
    status = {
        "day": "2026-12-02",
        "version": 7,
        "areas": [
            {
                "prefix": "A",
                "name": "Hộ tịch",
                "waiting": 3,
                "priority_waiting": 1,
                "last_number": 14,
                "eta_minutes": 9,
            }
        ],
        "counters": [{"number": 2, "name": "Quầy 2", "areas": ["A"], "current": ticket}],
        "recent_calls": [ticket],
        "server_time": "2026-12-02T08:05:00+07:00",
        "announcement": "Giờ làm việc buổi chiều từ 13:30",
    }
    read = qw.QueueStatus.model_validate_json(json.dumps(status))
    assert read.recent_calls[0].label == "A012" and read.areas[0].waiting == 3
    with pytest.raises(ValidationError):  # what the server reads is as strict as before
        qw.CallRequest.model_validate_json(json.dumps({"counter": 2, "flag": True}))
