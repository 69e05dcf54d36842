"""Pull against a real server: changes since a cursor, per device, never another ward's."""

from __future__ import annotations

import httpx
import pytest

from counter_app.sync.wire import ChangeKind, ChangesResponse, ErrorBody, ErrorCode
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, WARD_B, Counter, add_ward, issue_code, publish


def pull(counter: Counter, since: int = 0, limit: int | None = None) -> ChangesResponse:
    params = {"since": since} | ({"limit": limit} if limit else {})
    with counter.client() as client:
        response = client.get("/v1/changes", params=params)
    assert response.status_code == 200, response.text
    return ChangesResponse.model_validate_json(response.content)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A)
    add_ward(started, WARD_B)
    return started


def enrol(central: CentralServer, ward: str) -> Counter:
    counter = Counter(central.url)
    assert counter.enrol(issue_code(central, ward)).status_code == 200
    return counter


def test_a_device_pulls_its_wards_changes_and_its_own_in_order(central: CentralServer) -> None:
    first, second, other = enrol(central, WARD_A), enrol(central, WARD_A), enrol(central, WARD_B)
    hours = {"periods": [["07:30", "11:30"], ["13:00", "17:00"]]}
    whole = publish(central, WARD_A, ChangeKind.OFFICE_HOURS, hours)
    mine = publish(central, WARD_A, ChangeKind.DOSSIER_STATUS, {"code": "x"}, first.device_id)
    publish(central, WARD_A, ChangeKind.DOSSIER_STATUS, {"code": "y"}, second.device_id)
    publish(central, WARD_B, ChangeKind.OFFICE_HOURS, {"periods": []})
    page = pull(first)
    assert [(c.id, c.kind, c.device_id) for c in page.changes] == [
        (whole, ChangeKind.OFFICE_HOURS, None),
        (mine, ChangeKind.DOSSIER_STATUS, first.device_id),
    ]
    assert page.changes[0].payload == hours
    assert (page.cursor, page.more) == (mine, False)
    assert pull(first, since=page.cursor).changes == []
    assert pull(first, since=page.cursor).cursor == page.cursor
    assert [c.payload for c in pull(second).changes] == [hours, {"code": "y"}]
    assert [c.payload for c in pull(other).changes] == [{"periods": []}]


def test_pages_follow_the_cursor(central: CentralServer) -> None:
    counter = enrol(central, WARD_A)
    ids = [publish(central, WARD_A, ChangeKind.CALENDAR_DAY, {"n": n}) for n in range(5)]
    seen: list[int] = []
    cursor = 0
    while True:
        page = pull(counter, since=cursor, limit=2)
        seen += [change.id for change in page.changes]
        cursor = page.cursor
        if not page.more:
            break
    assert seen == ids
    assert pull(counter, since=ids[2]).changes[0].id == ids[3]


def test_a_ward_never_sees_nor_writes_another_wards_data(central: CentralServer) -> None:
    a, b = enrol(central, WARD_A), enrol(central, WARD_B)
    publish(central, WARD_A, ChangeKind.DOSSIER_STATUS, {"code": "x"}, a.device_id)
    publish(central, WARD_A, ChangeKind.OFFICE_HOURS, {"periods": []})
    assert pull(b).changes == []
    response = b.push([a.write("unit.note", {"n": 1})], device_id=a.device_id)
    assert response.status_code == 403
    assert ErrorBody.model_validate_json(response.content).error is ErrorCode.FORBIDDEN


def test_a_bad_cursor_is_refused(central: CentralServer) -> None:
    counter = enrol(central, WARD_A)
    with counter.client() as client:
        for query in ("since=-1", "since=x", "since=99999999999999999999", "limit=0", "limit=1001"):
            response = client.get(f"/v1/changes?{query}")
            assert response.status_code == 422, query
            assert ErrorBody.model_validate_json(response.content).error is ErrorCode.INVALID


def test_the_protocol_is_described_by_openapi(central: CentralServer) -> None:
    document = httpx.get(f"{central.url}/openapi.json", timeout=10).json()
    assert {"/v1/health", "/v1/enrol", "/v1/events", "/v1/changes", "/v1/me"} <= set(
        document["paths"]
    )
    body = document["paths"]["/v1/events"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/PushRequest"}
    schemas = document["components"]["schemas"]
    assert {"PushRequest", "WireEvent", "PushResponse", "ErrorBody", "EnrolRequest"} <= set(schemas)
    # What it reads is closed; what it answers may grow: a device ignores what it does not know.
    relayed = schemas["RelayedParkedEvent"]
    assert relayed["additionalProperties"] is False
    assert relayed["properties"]["reason"] == {"$ref": "#/components/schemas/ParkReason"}
    assert "additionalProperties" not in schemas["PushResponse"]
    answered = schemas["ParkedEvent"]["properties"]["reason"]["anyOf"]
    assert answered[0] == {"$ref": "#/components/schemas/ParkReason"}
    assert httpx.get(f"{central.url}/docs", timeout=10).status_code == 200
    missing = httpx.get(f"{central.url}/v1/nothing", timeout=10)
    assert missing.status_code == 404
    assert ErrorBody.model_validate_json(missing.content).error is ErrorCode.INVALID
