"""Enrolment against a real server: one-time codes, counter numbers, tokens, revocation."""

from __future__ import annotations

import json

import httpx
import pytest

from counter_app.sync.wire import DeviceInfo, EnrolResponse, ErrorBody, ErrorCode
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import (
    WARD_A,
    WARD_B,
    Counter,
    add_ward,
    enrolment_code,
    issue_code,
    sql,
)


def refusal(response: httpx.Response, status: int, code: ErrorCode) -> str:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate_json(response.content)
    assert body.error is code
    return body.detail


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    started = server()
    add_ward(started, WARD_A, "Phường Hàng Bạc")
    add_ward(started, WARD_B)
    return started


def test_enrolment_gives_a_token_a_counter_number_and_its_block(central: CentralServer) -> None:
    code = enrolment_code(central, WARD_A)
    assert len(code) == 14 and code.count("-") == 2
    first = Counter(central.url)
    response = first.enrol(code, name="Quầy 1")
    assert response.status_code == 200, response.text
    enrolled = EnrolResponse.model_validate_json(response.content)
    assert enrolled.device_id == first.device_id
    assert (enrolled.ward.code, enrolled.ward.name) == (WARD_A, "Phường Hàng Bạc")
    assert enrolled.counter_number == 1
    assert (enrolled.sequence_block.first, enrolled.sequence_block.last) == (1000, 1999)
    second = Counter(central.url)
    # Typed loosely: lower case, spaces instead of dashes.
    assert (
        second.enrol(enrolment_code(central, WARD_A).lower().replace("-", " ")).status_code == 200
    )
    assert second.counter_number == 2
    with second.client() as client:
        me = DeviceInfo.model_validate_json(client.get("/v1/me").content)
    assert (me.device_id, me.role.value, me.counter_number) == (second.device_id, "counter", 2)
    assert me.sequence_block is not None and me.sequence_block.first == 2000
    stored = sql(central, "SELECT token_hash FROM devices WHERE id = :d", d=first.device_id)
    assert stored[0][0] != first.token and len(stored[0][0]) == 64  # only its hash


def test_a_device_name_is_stored_without_escapes_or_line_breaks(central: CentralServer) -> None:
    """The name an enrolling client sends is printed by ``device list`` on the operator's
    terminal: an OSC title, ESC[2J, BEL or a line break (a forged row of the table) in
    it was stored and printed as sent."""
    counter = Counter(central.url)
    hostile = "\x1b]0;owned\x07\x1b[2JQuầy\u202e 1\nforged-row 001.02.03.H26 9"
    assert counter.enrol(enrolment_code(central, WARD_A), name=hostile).status_code == 200
    stored = sql(central, "SELECT name FROM devices WHERE id = :d", d=counter.device_id)
    assert stored[0][0] == "Quầy 1 forged-row 001.02.03.H26 9"
    table = central.run_cli("device", "list").stdout
    assert len(table.splitlines()) == 2 and "\x1b" not in table and "\x07" not in table


def test_a_name_that_grows_when_normalised_still_fits_its_column(central: CentralServer) -> None:
    """NFC writes some characters as two (U+0958 is U+0915 U+093C): a name of 500 of them,
    within the wire's limit, became 1,000 characters after cleaning, which PostgreSQL's
    column refused (a 503 for a request that could never succeed)."""
    counter = Counter(central.url)
    body = {
        "code": enrolment_code(central, WARD_A),
        "device_id": counter.device_id,
        "device_name": "\u0958" * 500,
        "app_version": "\u0958" * 40,
    }
    response = httpx.post(f"{central.url}/v1/enrol", json=body, timeout=30)
    assert response.status_code == 200, response.text
    stored = sql(
        central, "SELECT name, app_version FROM devices WHERE id = :d", d=counter.device_id
    )
    name, version = stored[0]
    assert len(name) == 500 and name.startswith("\u0915\u093c")
    assert len(version) == 40


def test_a_code_works_once_and_only_while_valid(central: CentralServer) -> None:
    code = issue_code(central, WARD_A)
    assert Counter(central.url).enrol(code).status_code == 200
    detail = refusal(Counter(central.url).enrol(code), 401, ErrorCode.CODE_INVALID)
    assert "used" in detail
    detail = refusal(Counter(central.url).enrol("AAAA-BBBB-CCCC"), 401, ErrorCode.CODE_INVALID)
    assert "unknown" in detail
    expired = enrolment_code(central, WARD_A, "--valid-hours", "1")
    sql(central, "UPDATE enrolment_codes SET expires_at = created_at WHERE used_at IS NULL")
    detail = refusal(Counter(central.url).enrol(expired), 401, ErrorCode.CODE_INVALID)
    assert "expired" in detail


def test_enrolling_again_keeps_the_number_and_replaces_the_token(central: CentralServer) -> None:
    counter = Counter(central.url)
    counter.enrol(issue_code(central, WARD_A))
    Counter(central.url).enrol(issue_code(central, WARD_A))  # counter 2
    old_token = counter.token
    assert counter.enrol(issue_code(central, WARD_A)).status_code == 200
    assert counter.counter_number == 1 and counter.token != old_token
    with httpx.Client(base_url=central.url) as client:
        stale = client.get("/v1/me", headers={"Authorization": f"Bearer {old_token}"})
    refusal(stale, 401, ErrorCode.UNAUTHENTICATED)
    with counter.client() as client:
        assert client.get("/v1/me").status_code == 200


def test_a_device_of_another_ward_is_refused_and_the_code_stays_unused(
    central: CentralServer,
) -> None:
    counter = Counter(central.url)
    counter.enrol(issue_code(central, WARD_A))
    code_b = issue_code(central, WARD_B)
    detail = refusal(counter.enrol(code_b), 409, ErrorCode.ENROLMENT_REFUSED)
    assert WARD_A in detail and WARD_B in detail
    stranger = Counter(central.url)
    assert stranger.enrol(code_b).status_code == 200  # the code was not spent
    assert stranger.counter_number == 1  # ward B's own numbering


def test_what_a_device_says_of_itself_reaches_the_operators_terminal_only_as_text(
    central: CentralServer,
) -> None:
    """The device list printed an escape sequence sent with the enrolment as it came:
    it cleared the operator's screen, set the terminal's title, coloured what followed."""
    code = issue_code(central, WARD_A)
    for device_id in ("pc-\x1b[2J", "pc\u202e1", " pc-1", "pc\n1"):
        body = {"code": code, "device_id": device_id, "device_name": "Quầy 1"}
        response = httpx.post(f"{central.url}/v1/enrol", json=body, timeout=30)
        assert "device_id: visible characters only" in refusal(response, 422, ErrorCode.INVALID)
    body = {
        "code": code,  # not spent by the refusals
        "device_id": "pc-1",
        "device_name": "Quầy\x1b]0;x\x07 1\x1b[31m\u200b",
        "app_version": "\x1b[1m1.0",
    }
    assert httpx.post(f"{central.url}/v1/enrol", json=body, timeout=30).status_code == 200
    [device] = json.loads(central.run_cli("device", "list", "--json").stdout)
    assert (device["id"], device["name"]) == ("pc-1", "Quầy 1")
    assert sql(central, "SELECT app_version FROM devices") == [("1.0",)]
    table = central.run_cli("device", "list").stdout
    assert "\x1b" not in table and "Quầy 1" in table
    # A row written otherwise (a device first seen through a ward server, an older
    # version's row) is shown escaped.
    sql(central, "UPDATE devices SET name = :name", name="Quầy\x1b[2J 1")
    table = central.run_cli("device", "list").stdout
    assert "\x1b" not in table and "Quầy\\x1b[2J 1" in table


def test_a_tenth_counter_is_refused_and_numbers_are_reused_only_when_asked(
    central: CentralServer,
) -> None:
    counters = [Counter(central.url) for _ in range(9)]
    for counter in counters:
        assert counter.enrol(issue_code(central, WARD_A)).status_code == 200
    assert sorted(c.counter_number for c in counters) == list(range(1, 10))
    detail = refusal(
        Counter(central.url).enrol(issue_code(central, WARD_A)),
        409,
        ErrorCode.ENROLMENT_REFUSED,
    )
    assert "1–9" in detail and "revoke" in detail
    third = next(c for c in counters if c.counter_number == 3)
    central.run_cli("device", "revoke", third.device_id)
    # Revoked today: its dossiers of today may still arrive, so even --reuse waits.
    reuse = issue_code(central, WARD_A, reuse=True)
    refusal(Counter(central.url).enrol(reuse), 409, ErrorCode.ENROLMENT_REFUSED)
    sql(
        central,
        "UPDATE devices SET revoked_at = enrolled_at - INTERVAL '2 days' WHERE id = :d"
        if central.db.startswith("postgresql")
        else "UPDATE devices SET revoked_at = datetime(enrolled_at, '-2 days') WHERE id = :d",
        d=third.device_id,
    )
    refusal(
        Counter(central.url).enrol(issue_code(central, WARD_A)),
        409,
        ErrorCode.ENROLMENT_REFUSED,
    )  # without --reuse, never
    newcomer = Counter(central.url)
    assert newcomer.enrol(reuse).status_code == 200
    assert newcomer.counter_number == 3


def test_a_revoked_token_is_refused_at_once(server: ServerFactory) -> None:
    central = server()
    add_ward(central, WARD_A)
    counter = Counter(central.url)
    counter.enrol(issue_code(central, WARD_A))
    other = server(db=central.db)  # a second process on the same database
    with counter.client() as client:
        assert client.get("/v1/me").status_code == 200
        assert client.get(f"{other.url}/v1/changes").status_code == 200
        done = central.run_cli("device", "revoke", counter.device_id)
        assert "revoked" in done.stdout
        refusal(client.get("/v1/me"), 401, ErrorCode.UNAUTHENTICATED)
        refusal(client.get(f"{other.url}/v1/changes"), 401, ErrorCode.UNAUTHENTICATED)
        pushed = counter.push([counter.write("unit.note", {"n": 1})])
        refusal(pushed, 401, ErrorCode.UNAUTHENTICATED)
    assert counter.enrol(issue_code(central, WARD_A)).status_code == 200  # a new code
    assert counter.counter_number == 1
    with counter.client() as client:
        assert client.get("/v1/me").status_code == 200


def test_every_request_needs_a_token(central: CentralServer) -> None:
    with httpx.Client(base_url=central.url) as client:
        for response in (
            client.get("/v1/me"),
            client.get("/v1/changes"),
            client.post("/v1/events", json={"device_id": "x", "events": []}),
            client.get("/v1/me", headers={"Authorization": "Bearer not-a-token"}),
            client.get("/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}),
        ):
            refusal(response, 401, ErrorCode.UNAUTHENTICATED)
        health = client.get("/v1/health")
    assert health.json() == {"status": "ok", "role": "top", "protocol": 1}
