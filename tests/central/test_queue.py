"""The ward's queue on a real server process (SQLite and PostgreSQL): tickets, calls,
the counter's actions, the live stream, and the queue log's events."""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from counter_app.domain.event_chain import GENESIS, HASHED_FIELDS, event_hash
from counter_app.sync import queue_wire as qw
from counter_app.sync.client import Refused
from counter_app.sync.queue_client import QueueClient
from counter_app.sync.wire import ErrorBody, ErrorCode
from tests.central.fixtures import ProxyFactory, ServerFactory
from tests.central.proxy import Fault
from tests.central.server import CentralServer
from tests.central.sync_helpers import (
    WARD_A,
    WARD_B,
    Counter,
    add_ward,
    eventually,
    issue_code,
    sql,
)


def enrolled(central: CentralServer, ward: str = WARD_A) -> QueueClient:
    device = Counter(central.url)
    assert device.enrol(issue_code(central, ward)).status_code == 200
    return QueueClient(central.url, device.token)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    one = server()
    add_ward(one, WARD_A)
    return one


def test_a_new_ward_has_areas_by_field_and_ten_counters(central: CentralServer) -> None:
    with enrolled(central) as client:
        setup = client.setup()
        status = client.status()
    names = [area.name for area in setup.areas]
    assert [area.prefix for area in setup.areas] == ["A", "B", "C", "D", "E"]
    assert names == ["Hộ tịch", "Chứng thực", "Cư trú", "Hộ kinh doanh", "Trả kết quả"]
    assert all(area.procedures for area in setup.areas[:4])
    assert [c.number for c in setup.counters] == list(range(1, 11))
    assert all(c.areas == ["A", "B", "C", "D", "E"] for c in setup.counters)
    assert all(area.waiting == 0 and area.last_number == 0 for area in status.areas)
    assert status.version == 0 and status.recent_calls == []


def test_numbers_run_per_area_and_priority_is_called_first(central: CentralServer) -> None:
    with enrolled(central) as client:
        first = client.take("A")
        second = client.take("A")
        other = client.take("B")
        elderly = client.take("A", qw.Priority.ELDERLY, qw.TicketSource.KIOSK)
        assert [t.ticket.label for t in (first, second, other, elderly)] == [
            "A001",
            "A002",
            "B001",
            "A003",
        ]
        assert (first.ahead, second.ahead, other.ahead, elderly.ahead) == (0, 1, 0, 0)
        assert first.area_name == "Hộ tịch"
        assert elderly.ticket.priority is qw.Priority.ELDERLY
        called = [client.call_next(counter=3).ticket for _ in range(4)]
        assert [t.label for t in called if t] == ["A003", "A001", "A002", "B001"]
        last = client.call_next(counter=3)
        assert last.ticket is None and last.finished is not None
        assert last.finished.label == "B001" and last.finished.state is qw.TicketState.DONE


def test_a_counter_calls_only_its_areas(central: CentralServer) -> None:
    with enrolled(central) as client:
        setup = client.setup()
        only_b = qw.QueueSetup(
            areas=setup.areas,
            counters=[qw.Counter(number=1, name="Quầy 1", areas=["B"]), *setup.counters[1:]],
        )
        replace_setup(central, only_b)
        client.take("A")
        assert client.call_next(counter=1).ticket is None
        b = client.take("B")
        assert client.call_next(counter=1).ticket == client.status().counters[0].current
        assert client.status().counters[0].current.label == b.ticket.label  # type: ignore[union-attr]


def test_the_setup_of_a_newer_ward_server_reads(
    central: CentralServer, fault_proxy: ProxyFactory
) -> None:
    """The kiosk and the counters read the areas and counters the ward server answers;
    fields a newer one added are ignored. An administrator's setup put to the server is
    still read strictly (``QueueSetup`` is what the server reads)."""

    def newer(body: dict[str, Any]) -> dict[str, Any]:
        for area in body["areas"]:
            area["icon"] = "family"
        for counter in body["counters"]:
            counter["accessible"] = True
        return {**body, "opening_hours": "07:30-17:00"}

    proxy = fault_proxy(central.url)
    proxy.rewrite(newer, path="/v1/queue/setup")
    device = Counter(central.url)
    assert device.enrol(issue_code(central, WARD_A)).status_code == 200
    with QueueClient(proxy.url, device.token) as client:
        setup = client.setup()
    assert [e.fault for e in proxy.exchanges] == [Fault.REWRITE]
    assert [area.prefix for area in setup.areas] == ["A", "B", "C", "D", "E"]
    assert len(setup.counters) == 10
    written = {**json.loads(setup.model_dump_json()), "opening_hours": "07:30-17:00"}
    with pytest.raises(ValidationError):
        qw.QueueSetup.model_validate_json(json.dumps(written))


def replace_setup(central: CentralServer, setup: qw.QueueSetup) -> None:
    from central import database, queue_setup, wards

    engine = database.open_engine(central.db)
    try:
        with database.write(engine) as conn:
            queue_setup.replace(conn, wards.ward_by_code(conn, WARD_A).id, setup)
    finally:
        engine.dispose()


def test_the_counter_actions_move_its_current_ticket(central: CentralServer) -> None:
    with enrolled(central) as client:
        for _ in range(3):
            client.take("A")
        called = client.call_next(2, officer="can.bo.a").ticket
        assert called is not None and called.state is qw.TicketState.CALLED
        assert called.called_at == called.last_called_at  # the first call, in Vietnam time
        first_call = datetime.fromisoformat(called.called_at or "")
        server_now = datetime.fromisoformat(client.status().server_time)
        assert abs(server_now - first_call) < timedelta(minutes=1)
        recalled = client.recall(2)
        assert recalled.calls == 2 and recalled.called_at == called.called_at
        skipped = client.skip(2)
        assert skipped.state is qw.TicketState.NO_SHOW
        with pytest.raises(Refused) as refused:
            client.recall(2)
        assert refused.value.code == "queue_conflict"
        client.call_next(2)
        started = client.start(2)
        assert started.state is qw.TicketState.SERVING and started.started_at
        with pytest.raises(Refused):
            client.skip(2)  # being served: finish it instead
        moved = client.transfer(2, to_area="B")
        assert moved.state is qw.TicketState.WAITING and moved.area == "B"
        assert moved.started_at is None
        # The transferred citizen keeps their place: called before A003, taken later.
        again = client.call_next(4).ticket
        assert again is not None and again.label == moved.label and again.counter == 4
        done = client.finish(4, dossier_code="001.02.03.H26-261130-1001")
        assert done.state is qw.TicketState.DONE
        assert done.dossier_code == "001.02.03.H26-261130-1001"
        # The skipped one comes back when asked for by its number.
        back = client.call(skipped.label, counter=5).ticket
        assert back is not None and back.state is qw.TicketState.CALLED and back.calls == 3
        with pytest.raises(Refused):
            client.call(done.label, counter=5)  # finished: never called again


def test_refusals_are_clear(central: CentralServer) -> None:
    add_ward(central, WARD_B)
    with enrolled(central) as client, enrolled(central, WARD_B) as other_ward:
        for call, words in [
            (lambda: client.take("Z"), "no service area Z"),
            (lambda: client.call_next(42), "no counter 42"),
            (lambda: client.finish(1), "counter 1 has no ticket"),
            (lambda: client.call("A999", 1), "no ticket A999"),
            (lambda: client.transfer(1, to_area="B", to_counter=2), "has no ticket"),
        ]:
            with pytest.raises(Refused) as refused:
                call()
            assert words in refused.value.detail
        taken = client.take("A").ticket
        # Another ward's device sees its own queue only.
        assert other_ward.status().areas[0].waiting == 0
        with pytest.raises(Refused):
            other_ward.call(taken.label, 1)


def test_a_stranger_is_refused_401_before_the_body_is_read(central: CentralServer) -> None:
    """A made-up token with a wrong body got 422 and the body's schema in detail (and a
    counter's action for another counter 403): the token is looked up first, as a push's
    is, so a stranger learns nothing of the queue's documents."""
    paths = [
        "/v1/queue/tickets",
        "/v1/queue/call-next",
        "/v1/queue/tickets/A001/call",
        "/v1/queue/tickets/A001/rating",
        *(f"/v1/queue/counters/1/{action}" for action in ("recall", "skip", "start")),
        *(f"/v1/queue/counters/1/{action}" for action in ("finish", "transfer")),
    ]
    with httpx.Client(base_url=central.url) as client:
        for path in paths:
            for headers in ({}, {"Authorization": "Bearer not-a-token"}):
                for body in (b"{", b'{"area": 5}', b'{"counter": 2}'):
                    response = client.post(path, content=body, headers=headers)
                    assert response.status_code == 401, (path, headers, body, response.text)
                    error = ErrorBody.model_validate_json(response.content).error
                    assert error is ErrorCode.UNAUTHENTICATED


def test_every_action_is_a_chained_event_of_the_wards_queue_log(central: CentralServer) -> None:
    with enrolled(central) as client:
        client.take("A")
        client.take("A", qw.Priority.PREGNANT)
        client.call_next(1)
        client.start(1)
        client.finish(1)
        version = client.status().version
    rows = sql(
        central,
        "SELECT e.seq, e.event_id, e.type, e.aggregate_type, e.aggregate_id, e.payload, "
        "e.created_at, e.device_id, e.officer, e.prev_hash, e.hash FROM events e "
        "JOIN queue_logs q ON q.device_id = e.device_id ORDER BY e.seq",
    )
    assert [row[2] for row in rows] == [
        qw.TAKEN,
        qw.TAKEN,
        qw.CALLED,
        qw.STARTED,
        qw.FINISHED,
    ]
    assert version == len(rows) == rows[-1][0]
    prev = GENESIS
    for row in rows:
        fields = dict(zip(HASHED_FIELDS, row[1:9], strict=True))
        assert row[9] == prev and row[10] == event_hash(prev, fields)
        prev = row[10]
    finished = qw.Ticket.model_validate_json(json.dumps(json.loads(rows[-1][5])["ticket"]))
    assert finished.label == "A002" and finished.priority is qw.Priority.PREGNANT
    assert finished.state is qw.TicketState.DONE and rows[-1][8] == "system"


def test_the_streams_send_the_queue_then_each_change(central: CentralServer) -> None:
    """A board, a kiosk and counters each follow the queue: every one gets every change
    (the text is made once per change and shared between them)."""
    watchers = [enrolled(central) for _ in range(3)]
    seen: list[list[qw.QueueStatus]] = [[] for _ in watchers]
    done = [threading.Event() for _ in watchers]

    def follow(index: int) -> None:
        for status in watchers[index].statuses():
            seen[index].append(status)
            if len(seen[index]) == 3:
                done[index].set()
                return

    for index in range(len(watchers)):
        threading.Thread(target=follow, args=(index,), daemon=True).start()
    with enrolled(central) as client:
        while not all(seen):
            time.sleep(0.05)
        client.take("C")
        while not all(len(each) >= 2 for each in seen):
            time.sleep(0.05)
        client.take("C")
        for event in done:
            assert event.wait(10), "a change did not reach a stream"
    for each in seen:
        assert [status.areas[2].waiting for status in each] == [0, 1, 2]
        assert each[0].version < each[1].version < each[2].version
    for watcher in watchers:
        watcher.close()


def test_numbers_start_again_at_midnight_in_vietnam(database_url: str) -> None:
    """The actions on the database with a fake clock: 23:59:59 and then 00:00:01 in
    Hanoi (16:59:59 and 17:00:01 UTC)."""
    from central import database, queue, wards
    from counter_app.domain.clock import VIETNAM

    add_ward(database_url, WARD_A)
    engine = database.open_engine(database_url)
    before = datetime(2026, 11, 30, 23, 59, 59, tzinfo=VIETNAM)
    after = before + timedelta(seconds=2)
    try:
        with database.write(engine) as conn:
            ward = wards.ward_by_code(conn, WARD_A).id
            late = [queue.take(conn, ward, qw.TakeRequest(area="A"), before) for _ in range(2)]
        with database.write(engine) as conn:
            early = queue.take(conn, ward, qw.TakeRequest(area="A"), after)
            status = queue.status(conn, ward, after)
            called = queue.call_next(conn, ward, qw.CallRequest(counter=1), after).ticket
            nothing = queue.call_next(conn, ward, qw.CallRequest(counter=1), after).ticket
    finally:
        engine.dispose()
    assert [t.ticket.label for t in late] == ["A001", "A002"]
    assert [t.ticket.day for t in late] == ["2026-11-30", "2026-11-30"]
    assert early.ticket.label == "A001" and early.ticket.day == "2026-12-01"
    assert early.ahead == 0  # yesterday's waiting tickets are not in today's line
    assert status.day == "2026-12-01" and status.areas[0].waiting == 1
    assert status.areas[0].last_number == 1
    assert called is not None and called.id == early.ticket.id and nothing is None


def test_the_wards_queue_reaches_the_city_through_the_relay(
    server: ServerFactory, tmp_path: Path
) -> None:
    from tests.central.test_relay import ward_server

    city = server()
    add_ward(city, WARD_A, "Phường A")
    ward = ward_server(server, city, tmp_path)
    with enrolled(ward) as client:
        for area in ("A", "B", "A"):
            client.take(area)
        client.call_next(1)
        client.start(1)
        client.call_next(2)
        client.skip(2)
        client.finish(1, dossier_code="001.02.03.H26-261130-1001", procedure_code="1.001")
        rated = client.rate("A001", counter=1, rating="hai_long")
        with pytest.raises(Refused):
            client.rate("A001", counter=1, rating="rat_hai_long")  # once
        with pytest.raises(Refused):
            client.rate("B001", counter=2, rating="hai_long")  # not served
        at_ward_figures = client.stats()
    assert rated.rating == "hai_long"
    columns = (
        "SELECT label, state, counter_number, calls, dossier_code, called_at IS NOT NULL, "
        "started_at IS NOT NULL, finished_at IS NOT NULL FROM queue_tickets ORDER BY label"
    )
    at_ward = sql(ward, columns)
    assert [row[:2] for row in at_ward] == [
        ("A001", "done"),
        ("A002", "waiting"),
        ("B001", "no_show"),
    ]
    eventually(lambda: sql(city, columns) == at_ward, "the city holds the ward's tickets")
    city_figures = json.loads(city.run_cli("stats", "--ward", WARD_A).stdout)[WARD_A]["queue"]
    assert city_figures == {key: at_ward_figures[key] for key in city_figures}
    whole = city_figures["all"]  # by hand: A001 served, B001 no-show, A002 waiting
    assert (whole["tickets"], whole["served"], whole["no_show"], whole["waiting"]) == (3, 1, 1, 1)
    assert whole["wait_s"]["count"] == 2 and whole["ratings"] == {"hai_long": 1}
    assert city_figures["by_procedure"]["1.001"]["served"] == 1
    assert set(city_figures["by_counter"]) == {"1", "2"}
    log = sql(ward, "SELECT device_id FROM queue_logs")[0][0]
    registered = sql(city, "SELECT role, via_relay FROM devices WHERE id = :id", id=log)
    assert registered == [("queue", True)] or registered == [("queue", 1)]


def test_a_display_uses_the_queue_and_nothing_else(central: CentralServer) -> None:
    import httpx

    from counter_app.sync import wire

    code = central.run_cli("enrol", "--ward", WARD_A, "--display").stdout.splitlines()[-1]
    request = wire.EnrolRequest(code=code, device_id="kiosk-sanh", device_name="Kiosk sảnh")
    with QueueClient(central.url) as anonymous:
        with pytest.raises(Refused) as refused:
            anonymous.enrol(request)  # a display's code is no counter's
        assert "kiosk or board" in refused.value.detail
        screen = anonymous.enrol_display(request)
    assert screen.ward.code == WARD_A
    with QueueClient(central.url, screen.token) as kiosk:
        assert kiosk.take("A", qw.Priority.CHILD, qw.TicketSource.KIOSK).ticket.label == "A001"
    headers = {"Authorization": f"Bearer {screen.token}"}
    push = {"device_id": "kiosk-sanh", "events": []}
    answers = [
        httpx.post(f"{central.url}/v1/events", json=push, headers=headers),
        httpx.get(f"{central.url}/v1/changes", headers=headers),
    ]
    assert [answer.status_code for answer in answers] == [403, 403]


def test_the_administrator_replaces_the_areas_and_counters(
    central: CentralServer, tmp_path: Path
) -> None:
    shown = json.loads(central.run_cli("queue", "setup", "--ward", WARD_A).stdout)
    assert [area["prefix"] for area in shown["areas"]] == ["A", "B", "C", "D", "E"]
    shown["areas"] = shown["areas"][:2]
    shown["counters"] = [
        {"number": 1, "name": "Quầy 1", "areas": ["A"]},
        {"number": 2, "name": "Quầy 2", "areas": ["A", "B"]},
    ]
    new = tmp_path / "setup.json"
    new.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    central.run_cli("queue", "setup", "--ward", WARD_A, "--file", str(new))
    with enrolled(central) as client:
        setup = client.setup()
        assert [c.number for c in setup.counters] == [1, 2]
        with pytest.raises(Refused):
            client.take("C")  # no such area any more
        client.take("B")
        assert client.call_next(1).ticket is None and client.call_next(2).ticket is not None
    shown["counters"][0]["areas"] = ["Z"]
    new.write_text(json.dumps(shown), encoding="utf-8")
    refused = central.run_cli("queue", "setup", "--ward", WARD_A, "--file", str(new), check=False)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == "counter-central: error: counter 1 calls unknown areas: Z\n"


def test_free_text_is_kept_on_one_clean_line(central: CentralServer) -> None:
    with enrolled(central) as client:
        client.take("A")
        called = client.call_next(1, officer="can.bo\u200b\n\x07lan").ticket
        assert called is not None and called.officer == "can.bo lan"
        client.finish(1)
        rated = client.rate(called.label, 1, "khong_hai_long", "Chờ\r\nlâu\x1b[31m  quá")
    assert rated.rating_reason == "Chờ lâu [31m quá"  # a control character is a space
    assert rated.rating_reason == unicodedata.normalize("NFC", rated.rating_reason)


def test_free_text_that_grows_in_nfc_still_fits_its_column(central: CentralServer) -> None:
    """U+0958 is two characters in NFC: an officer's name of 64 of them, within the wire's
    limit, was 128 once cleaned, and PostgreSQL's column answered 500."""
    with enrolled(central) as client:
        client.take("A")
        called = client.call_next(1, officer="\u0958" * 64).ticket
        assert called is not None and len(called.officer or "") == 64
        client.finish(1)
        rated = client.rate(called.label, 1, "khong_hai_long", "\u0958" * 500)
    assert len(rated.rating_reason or "") == 500


def test_the_figures_of_a_day_that_is_no_day_are_refused(central: CentralServer) -> None:
    """The day of /v1/queue/stats is a day of the calendar in the counter's range:
    30 February, month 13 or year 9999 were answered 200 with the figures of no day,
    and digits of another script (２０２６) matched the pattern."""
    with enrolled(central) as client:
        client.take("A")
        assert client.stats()["all"]["tickets"] == 1
        for day in ("2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "２０２６-01-01"):
            with pytest.raises(Refused) as refused:
                client.stats(day)
            assert refused.value.status == 422 and "date" in refused.value.detail, day
        assert client.stats("2026-02-28")["all"]["tickets"] == 0
        assert client.stats()["all"]["tickets"] == 1
