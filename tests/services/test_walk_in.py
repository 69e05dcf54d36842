"""Walk-in tickets: the counter's own queue without the ward server, and how the ward
learns them (the sync pushes their events; the server's projection and figures count
them), against a real server process (SQLite)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from counter_app.app import Services
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.errors import DomainError
from counter_app.services.walkin import WalkInService, walk_in_prefix
from counter_app.storage import events, settings
from counter_app.storage.database import transaction
from counter_app.sync import queue_wire as qw
from tests.central.fixtures import ServerFactory
from tests.central.sync_helpers import WARD_A, add_ward, issue_code, sql

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
DOSSIER = "000.00.01.H26-261123-1000"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection attempt fails the test: walk-in tickets never touch the network."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a walk-in action touched the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def counter(services: Services, number: int) -> WalkInService:
    with transaction(services.db):
        settings.put(services.db, "counter_number", str(number))
    return services.walk_in


def test_the_prefix_is_q_and_the_counters_letter() -> None:
    assert [walk_in_prefix(n) for n in (1, 3, 26)] == ["QA", "QC", "QZ"]
    for wrong in (0, 27, 99):
        with pytest.raises(DomainError) as refused:
            walk_in_prefix(wrong)
        assert refused.value.code == "walk_in_no_prefix"


def test_numbers_restart_after_midnight_in_vietnam(
    services: Services, clock: FakeClock, offline: None
) -> None:
    walk_in = counter(services, 3)
    clock.set(datetime(2026, 11, 23, 23, 58, tzinfo=VIETNAM))
    first, second = walk_in.take("can.bo.lan"), walk_in.take("can.bo.lan")
    assert [first.ticket.label, second.ticket.label] == ["QC001", "QC002"]
    assert (first.ahead, second.ahead) == (0, 1)
    assert second.ticket.day == "2026-11-23"
    clock.advance(timedelta(minutes=3))  # 00:01 on the 24th (17:01 UTC on the 23rd)
    after = walk_in.take("can.bo.lan")
    assert (after.ticket.label, after.ticket.day, after.ahead) == ("QC001", "2026-11-24", 0)
    assert walk_in.waiting() == 1  # yesterday's are not called today
    called = walk_in.call_next("can.bo.lan").ticket
    assert called is not None and called.id == after.ticket.id


def test_every_action_is_an_event_shaped_as_the_wards_queue_log(
    services: Services, clock: FakeClock, offline: None
) -> None:
    walk_in = counter(services, 3)
    issued = walk_in.take("can.bo.lan")
    ticket = issued.ticket
    assert (ticket.source, ticket.state, ticket.area, ticket.prefix) == (
        "counter",
        "waiting",
        "QC",
        "QC",
    )
    clock.advance(timedelta(minutes=4))
    answer = walk_in.call_next("can.bo.lan")
    assert answer.ticket is not None and answer.finished is None
    assert answer.ticket.calls == 1 and answer.ticket.counter == 3
    clock.advance(timedelta(minutes=1))
    walk_in.recall("can.bo.lan")
    walk_in.start("can.bo.lan")
    clock.advance(timedelta(minutes=6))
    done = walk_in.finish("can.bo.lan", "000.00.01.H26-261123-3001", "1.001022")
    rated = walk_in.rate(ticket.label, "hai_long")
    logged = events.for_aggregate(services.db, ticket.id)
    assert [e.type for e in logged] == [
        qw.TAKEN,
        qw.CALLED,
        qw.RECALLED,
        qw.STARTED,
        qw.FINISHED,
        qw.RATED,
    ]
    assert {e.aggregate_type for e in logged} == {qw.TICKET_AGGREGATE}
    assert all(
        set(e.payload) == {"ticket", "counter"} and e.payload["counter"] == 3 for e in logged
    )
    assert logged[4].payload["ticket"] == done.model_dump(mode="json")
    assert logged[-1].payload["ticket"] == rated.model_dump(mode="json")
    assert logged[-1].officer == "citizen" and logged[0].officer == "can.bo.lan"
    last = qw.Ticket.model_validate(logged[-1].payload["ticket"], strict=False)
    assert (last.state, last.calls, last.dossier_code, last.procedure_code, last.rating) == (
        "done",
        2,
        "000.00.01.H26-261123-3001",
        "1.001022",
        "hai_long",
    )
    assert last.taken_at == "2026-11-23T09:00:00.000000+07:00"
    assert last.called_at == "2026-11-23T09:04:00.000000+07:00"
    assert last.finished_at == "2026-11-23T09:11:00.000000+07:00"
    assert events.verify_chain(services.db) == []


def test_calling_the_next_finishes_the_current_with_its_reception(
    services: Services, offline: None
) -> None:
    walk_in = services.walk_in
    first, second = walk_in.take("a").ticket, walk_in.take("a").ticket
    assert walk_in.link_reception("D-0", "P0") is None  # nobody at the counter yet
    walk_in.call_next("a")
    assert walk_in.link_reception("D-1", "1.000894") == first.label
    assert walk_in.link_reception("D-2", "P2") == first.label  # the first one stays
    answer = walk_in.call_next("a")
    assert answer.ticket is not None and answer.ticket.id == second.id
    assert answer.finished is not None and answer.finished.id == first.id
    assert (answer.finished.dossier_code, answer.finished.procedure_code) == ("D-1", "1.000894")
    last = walk_in.call_next("a")
    assert last.ticket is None and last.finished is not None and last.finished.id == second.id
    assert last.finished.dossier_code is None  # the link went with the first
    assert walk_in.current() is None and not walk_in.pending()


def test_refusals_have_codes(services: Services, offline: None) -> None:
    walk_in = services.walk_in
    for action in (walk_in.finish, walk_in.skip, walk_in.recall):
        with pytest.raises(DomainError) as refused:
            action("a")
        assert refused.value.code == "queue_no_current"
    label = walk_in.take("a").ticket.label
    walk_in.call_next("a")
    walk_in.start("a")
    with pytest.raises(DomainError) as refused:
        walk_in.skip("a")
    assert refused.value.code == "queue_skip_serving"
    with pytest.raises(DomainError) as refused:
        walk_in.rate(label, "hai_long")
    assert refused.value.code == "queue_not_finished_here"
    walk_in.finish("a")
    walk_in.rate(label, "khong_hai_long", "  Chờ   lâu ")
    with pytest.raises(DomainError) as refused:
        walk_in.rate(label, "hai_long")
    assert refused.value.code == "queue_rated_already"
    assert walk_in.knows(label.lower()) and not walk_in.knows("A001")


def test_a_skipped_ticket_stays_out_of_the_line(services: Services, offline: None) -> None:
    walk_in = services.walk_in
    first, second = walk_in.take("a").ticket, walk_in.take("a").ticket
    walk_in.call_next("a")
    assert walk_in.skip("a").state == "no_show"
    answer = walk_in.call_next("a")
    assert answer.finished is None  # a no-show is not finished by the next call
    assert answer.ticket is not None and answer.ticket.id == second.id
    assert first.label == "QA001"


def test_printed_on_the_counters_printer_when_it_has_one(services: Services) -> None:
    assert services.walk_in.take("admin").print_job is None  # no printer set up
    services.printing.configure("loop://", 9600, "epson-tm-t82", "admin")
    issued = services.walk_in.take("admin")
    assert issued.print_job is not None
    assert (issued.print_job.kind, issued.print_job.title) == ("queue_ticket", "Số QA002")
    assert services.printing.waiting() == 1


def test_a_ticket_whose_paper_cannot_be_made_is_not_taken(services: Services) -> None:
    """The ticket and its paper are stored in one transaction. Apart, a crash (or a
    failure) between them left a ticket in the line that no citizen held: the crash
    harness (tests/reliability) found 14 such tickets in 200 kills."""
    services.printing.configure("loop://", 9600, "epson-tm-t82", "admin")
    with transaction(services.db):  # a model this version no longer ships: no paper
        settings.put(services.db, "printer_profile", "a-model-no-longer-shipped")
    with pytest.raises(KeyError):
        services.walk_in.take("admin")
    assert (services.walk_in.waiting(), services.printing.waiting()) == (0, 0)
    taken = services.db.execute("SELECT count(*) FROM events WHERE type = ?", [qw.TAKEN])
    assert taken.fetchone()[0] == 0


@SQLITE
def test_the_ward_learns_them_through_the_sync(
    server: ServerFactory, services: Services, clock: FakeClock
) -> None:
    """Server down, walk-in tickets served; server back, one sync: the ward's tickets
    and its figures include them, under the counter's device."""
    central = server()
    add_ward(central, WARD_A)
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    central.kill()
    walk_in = services.walk_in
    number = walk_in.counter()
    first, second, third = (walk_in.take("can.bo.lan").ticket for _ in range(3))
    clock.advance(timedelta(minutes=5))
    walk_in.call_next("can.bo.lan")
    walk_in.link_reception(DOSSIER, "1.001022")
    clock.advance(timedelta(minutes=10))
    walk_in.call_next("can.bo.lan")
    walk_in.finish("can.bo.lan")
    walk_in.rate(first.label, "rat_hai_long")
    central.start()
    services.sync.sync_once()
    rows = sql(
        central,
        "SELECT label, device_id, state, counter_number, dossier_code, rating, source"
        " FROM queue_tickets ORDER BY label",
    )
    device = services.unit.device_id
    assert rows == [
        (first.label, device, "done", number, DOSSIER, "rat_hai_long", "counter"),
        (second.label, device, "done", number, None, None, "counter"),
        (third.label, device, "waiting", None, None, None, "counter"),
    ]
    with services.sync.queue_client() as client:
        figures = client.stats(first.day)
    assert figures["all"]["tickets"] == 3
    assert (figures["all"]["served"], figures["all"]["waiting"]) == (2, 1)
    assert figures["all"]["wait_s"]["count"] == 2
    assert figures["by_area"][walk_in.prefix()]["tickets"] == 3
    assert figures["all"]["ratings"] == {"rat_hai_long": 1}
    assert figures["by_counter"][str(number)]["served"] == 2
