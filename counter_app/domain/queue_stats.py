"""The queue's figures for a day: how long citizens waited, walked and were served.

One rule for the ward server, the city and the counter's own walk-in tickets. For each
group (the whole day, and per area, counter, officer and procedure):

- ``tickets`` taken; ``waiting`` still, ``called`` now (called or being served),
  ``served`` (finished), ``no_show`` (skipped and not called again);
- ``wait_s``: from taking the ticket to its first call; ``walk_s``: from the last call to
  the start of service, for tickets whose officer pressed "start"; ``service_s``: from
  the start of service (or, without a start, from the last call) to the finish. Each as
  ``count``, ``average`` and ``p90`` (the nearest-rank 90th percentile) in seconds;
- ``within_target``: the share of called tickets whose wait was at most the target;
- ``ratings``: the citizens' answers, counted by their key.

A ticket is counted under its area now (after a transfer), its last counter and
officer, and the procedure of the dossier received while serving it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from counter_app.domain.records import record

TARGET_WAIT_S = 15 * 60  # a common target of the one-stop centres' charters


@record(frozen=True)
class TicketFacts:
    area: str
    counter: int | None
    officer: str | None
    procedure: str | None
    state: str  # queue_wire.TicketState's value
    taken_at: datetime
    called_at: datetime | None
    last_called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    rating: str | None


def figures(tickets: Sequence[TicketFacts], target_wait_s: int = TARGET_WAIT_S) -> dict[str, Any]:
    def by(key: Callable[[TicketFacts], object]) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[TicketFacts]] = {}
        for ticket in tickets:
            value = key(ticket)
            if value is not None and value != "":
                groups.setdefault(str(value), []).append(ticket)
        return {name: group(groups[name], target_wait_s) for name in sorted(groups)}

    return {
        "target_wait_s": target_wait_s,
        "all": group(tickets, target_wait_s),
        "by_area": by(lambda t: t.area),
        "by_counter": by(lambda t: t.counter),
        "by_officer": by(lambda t: t.officer),
        "by_procedure": by(lambda t: t.procedure),
    }


def group(tickets: Sequence[TicketFacts], target_wait_s: int = TARGET_WAIT_S) -> dict[str, Any]:
    waits = [_seconds(t.taken_at, t.called_at) for t in tickets]
    walks = [_seconds(t.last_called_at, t.started_at) for t in tickets]
    services = [_seconds(t.started_at or t.last_called_at, t.finished_at) for t in tickets]
    known_waits = [w for w in waits if w is not None]
    ratings: dict[str, int] = {}
    for ticket in tickets:
        if ticket.rating:
            ratings[ticket.rating] = ratings.get(ticket.rating, 0) + 1
    states = [t.state for t in tickets]
    return {
        "tickets": len(tickets),
        "waiting": states.count("waiting"),
        "called": states.count("called") + states.count("serving"),
        "served": states.count("done"),
        "no_show": states.count("no_show"),
        "wait_s": spread(known_waits),
        "walk_s": spread(w for w in walks if w is not None),
        "service_s": spread(s for s in services if s is not None),
        "within_target": round(sum(w <= target_wait_s for w in known_waits) / len(known_waits), 3)
        if known_waits
        else None,
        "ratings": dict(sorted(ratings.items())),
    }


def spread(values: Iterable[float]) -> dict[str, Any]:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0, "average": None, "p90": None}
    rank = math.ceil(0.9 * len(ordered)) - 1
    return {
        "count": len(ordered),
        "average": round(sum(ordered) / len(ordered), 1),
        "p90": round(ordered[rank], 1),
    }


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    """``end - start`` in seconds; None when either is missing or they are out of order
    (a clock put back)."""
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds()
