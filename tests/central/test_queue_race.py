"""Ten counters calling at once through two server processes on one database: every
ticket called exactly once, none lost, in the order of the line, priority first then
arrival (SQLite and PostgreSQL). ``COUNTER_QUEUE_RACE_TICKETS`` sets the number of
tickets (1,000 here)."""

from __future__ import annotations

import os
import random
from collections import Counter as Tally
from concurrent.futures import ThreadPoolExecutor

from counter_app.sync import queue_wire as qw
from counter_app.sync.queue_client import QueueClient
from tests.central.fixtures import ServerFactory
from tests.central.sync_helpers import WARD_A, Counter, add_ward, issue_code, sql

TICKETS = int(os.environ.get("COUNTER_QUEUE_RACE_TICKETS", "1000"))
COUNTERS = 10
DEVICES = 5
AREAS = ("A", "B", "C")


def test_ten_counters_never_call_one_ticket_twice(server: ServerFactory) -> None:
    one = server()
    add_ward(one, WARD_A)
    other = server(db=one.db)
    urls = [one.url, other.url]
    tokens = []
    for _ in range(DEVICES):  # any device of the ward may act for any of its counters
        device = Counter(one.url)
        assert device.enrol(issue_code(one, WARD_A)).status_code == 200
        tokens.append(device.token)
    chance = random.Random(11)
    asks = [
        (chance.choice(AREAS), qw.Priority.ELDERLY if chance.random() < 0.1 else None)
        for _ in range(TICKETS)
    ]

    def take(start: int) -> list[qw.Ticket]:  # a kiosk or counter taking every 8th ticket
        with QueueClient(urls[start % 2], tokens[start % DEVICES]) as client:
            return [client.take(*asks[index]).ticket for index in range(start, TICKETS, 8)]

    with ThreadPoolExecutor(8) as pool:
        taken = [ticket for tickets in pool.map(take, range(8)) for ticket in tickets]
    assert len(taken) == TICKETS
    for area in AREAS:
        numbers = sorted(t.number for t in taken if t.area == area)
        assert numbers == list(range(1, len(numbers) + 1)), f"area {area} numbered with gaps"

    def serve(counter: int) -> list[qw.Ticket]:
        called = []
        with QueueClient(urls[counter % 2], tokens[counter % DEVICES]) as client:
            while (ticket := client.call_next(counter).ticket) is not None:
                called.append(ticket)
        return called

    with ThreadPoolExecutor(COUNTERS) as pool:
        by_counter = list(pool.map(serve, range(1, COUNTERS + 1)))

    calls = Tally(ticket.id for tickets in by_counter for ticket in tickets)
    assert len(calls) == TICKETS and set(calls) == {t.id for t in taken}, "a ticket was lost"
    assert calls.most_common(1)[0][1] == 1, "a ticket was called twice"
    assert sum(len(tickets) for tickets in by_counter) >= TICKETS // COUNTERS  # all worked
    assert all(by_counter), "a counter never got a ticket"

    lined = sql(one, "SELECT id, rank, queued_at, label FROM queue_tickets")
    place = {row[0]: (row[1], str(row[2]), row[3]) for row in lined}
    for tickets in by_counter:  # each counter's own calls come in the line's order
        assert [place[t.id] for t in tickets] == sorted(place[t.id] for t in tickets)
    # The log is locked before a ticket is chosen: in the log's order, the calls follow
    # the line exactly, however the racing counters were scheduled.
    log = sql(
        one,
        "SELECT e.aggregate_id FROM events e JOIN queue_logs q ON q.device_id = e.device_id "
        "WHERE e.type = :kind ORDER BY e.seq",
        kind=qw.CALLED,
    )
    assert [row[0] for row in log] == sorted(calls, key=lambda ticket_id: place[ticket_id])
    states = sql(one, "SELECT state, count(*) FROM queue_tickets GROUP BY state ORDER BY state")
    assert dict(states) == {"done": TICKETS}  # the last call, empty, finished each counter's
