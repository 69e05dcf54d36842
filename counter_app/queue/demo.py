"""A made-up morning of a ward's queue, for screenshots and demos (no real person's data).

The areas are the shipped catalogue's fields (as a new ward's on the server), the
numbers and times are invented: ten counters, six of them busy, two calls a moment ago.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from counter_app.domain.clock import VIETNAM
from counter_app.paths import resource_dir
from counter_app.sync.queue_wire import (
    Area,
    AreaStatus,
    Counter,
    CounterStatus,
    Priority,
    QueueSetup,
    QueueStatus,
    TakenTicket,
    Ticket,
    TicketSource,
    TicketState,
)

DEMO_TIME = datetime(2026, 11, 30, 9, 41, 20, tzinfo=VIETNAM)  # a Monday morning
AREAS = ("Hộ tịch", "Chứng thực", "Cư trú", "Hộ kinh doanh", "Trả kết quả")
WAITING = {"A": (12, 2, 31), "B": (5, 0, 17), "C": (3, 1, 9), "D": (0, 0, 2), "E": (4, 0, 11)}
# (counter, ticket, seconds since it was called, calls)
CURRENT = [
    (1, "A026", 5, 1),
    (2, "B013", 240, 1),
    (3, "A025", 30, 2),
    (4, "C008", 400, 1),
    (6, "E007", 90, 1),
    (8, "A024", 600, 1),
]


def _catalogue() -> list[dict[str, str]]:
    path = resource_dir() / "catalogue" / "procedures.json"
    procedures: list[dict[str, str]] = json.loads(path.read_text("utf-8"))["procedures"]
    return procedures


def procedure_names() -> dict[str, str]:
    """Procedure code → name, from the shipped catalogue."""
    return {p["code"]: p["name"] for p in _catalogue()}


def demo_setup() -> QueueSetup:
    """Five areas (four fields of the catalogue, then results) and ten counters."""
    prefixes = [chr(ord("A") + index) for index in range(len(AREAS))]
    areas = [
        Area(
            prefix=prefix,
            name=name,
            procedures=[p["code"] for p in _catalogue() if p["field"] == name],
        )
        for prefix, name in zip(prefixes, AREAS, strict=True)
    ]
    counters = [Counter(number=n, name=f"Quầy {n}", areas=prefixes) for n in range(1, 11)]
    return QueueSetup(areas=areas, counters=counters)


def _ticket(label: str, counter: int, called: datetime, calls: int) -> Ticket:
    return Ticket(
        id=f"demo-{label}",
        label=label,
        day=f"{called:%Y-%m-%d}",
        prefix=label[0],
        number=int(label[1:]),
        area=label[0],
        source=TicketSource.KIOSK,
        state=TicketState.CALLED,
        counter=counter,
        taken_at=(called - timedelta(minutes=25)).isoformat(),
        called_at=called.isoformat(),
        last_called_at=called.isoformat(),
        calls=calls,
    )


def demo_status(now: datetime = DEMO_TIME) -> QueueStatus:
    """The queue at ``now``: waiting counts per area, six counters serving, latest calls."""
    setup = demo_setup()
    current = {
        counter: _ticket(label, counter, now - timedelta(seconds=ago), calls)
        for counter, label, ago, calls in CURRENT
    }
    recent = sorted(current.values(), key=lambda t: t.last_called_at or "", reverse=True)
    return QueueStatus(
        day=f"{now:%Y-%m-%d}",
        version=87,
        areas=[
            AreaStatus(
                prefix=area.prefix,
                name=area.name,
                waiting=WAITING[area.prefix][0],
                priority_waiting=WAITING[area.prefix][1],
                last_number=WAITING[area.prefix][2],
            )
            for area in setup.areas
        ],
        counters=[
            CounterStatus(
                number=c.number, name=c.name, areas=c.areas, current=current.get(c.number)
            )
            for c in setup.counters
        ],
        recent_calls=recent,
        server_time=now.isoformat(),
    )


def demo_ticket(now: datetime = DEMO_TIME) -> TakenTicket:
    """The ticket a citizen just took at the kiosk for Hộ tịch, with priority."""
    ticket = Ticket(
        id="demo-A032",
        label="A032",
        day=f"{now:%Y-%m-%d}",
        prefix="A",
        number=32,
        area="A",
        priority=Priority.ELDERLY,
        source=TicketSource.KIOSK,
        state=TicketState.WAITING,
        taken_at=now.isoformat(),
    )
    return TakenTicket(ticket=ticket, area_name="Hộ tịch", ahead=2)
