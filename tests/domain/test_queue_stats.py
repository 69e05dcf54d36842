"""The queue's figures, counted by hand on a small day."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.domain.clock import VIETNAM
from counter_app.domain.queue_stats import TicketFacts, figures, spread
from counter_app.domain.records import replace

OPEN = datetime(2026, 11, 30, 7, 30, tzinfo=VIETNAM)
BASE = TicketFacts(
    area="A",
    counter=1,
    officer="lan",
    procedure="1.001",
    state="done",
    taken_at=OPEN,
    called_at=None,
    last_called_at=None,
    started_at=None,
    finished_at=None,
    rating=None,
)


def at(minutes: float) -> datetime:
    return OPEN + timedelta(minutes=minutes)


def served(
    taken: float, called: float, started: float | None, finished: float, **more: object
) -> TicketFacts:
    return replace(
        BASE,
        taken_at=at(taken),
        called_at=at(called),
        last_called_at=at(called),
        started_at=None if started is None else at(started),
        finished_at=at(finished),
        **more,  # type: ignore[arg-type]
    )


def test_a_small_day_counted_by_hand() -> None:
    day = [
        # waited 10 min, walked 1, served 5; rated
        served(0, 10, 11, 16, rating="rat_hai_long"),
        # waited 20 min (over the 15 min target), no "start": served from the call, 4 min
        served(0, 20, None, 24, counter=2, officer="minh", rating="khong_hai_long"),
        # area B, waited 5, walked 2, served 10, another procedure
        served(5, 10, 12, 22, area="B", procedure="2.002"),
        # called, never came
        replace(BASE, state="no_show", taken_at=at(1), called_at=at(30), last_called_at=at(31)),
        # still waiting: no wait counted yet
        replace(BASE, state="waiting", taken_at=at(40)),
    ]
    found = figures(day, target_wait_s=15 * 60)
    whole = found["all"]
    assert (whole["tickets"], whole["waiting"], whole["served"], whole["no_show"]) == (5, 1, 3, 1)
    assert whole["wait_s"] == {"count": 4, "average": (600 + 1200 + 300 + 1740) / 4, "p90": 1740.0}
    assert whole["walk_s"] == {"count": 2, "average": 90.0, "p90": 120.0}
    assert whole["service_s"] == {"count": 3, "average": (300 + 240 + 600) / 3, "p90": 600.0}
    assert whole["within_target"] == 0.5  # 10 and 5 min of 10, 20, 5, 29 min
    assert whole["ratings"] == {"khong_hai_long": 1, "rat_hai_long": 1}
    assert set(found["by_area"]) == {"A", "B"} and found["by_area"]["B"]["tickets"] == 1
    assert found["by_counter"]["2"]["wait_s"]["average"] == 1200.0
    assert found["by_officer"]["lan"]["tickets"] == 4
    assert found["by_procedure"]["2.002"]["service_s"]["average"] == 600.0


def test_an_empty_day_and_a_clock_put_back() -> None:
    assert figures([])["all"]["within_target"] is None
    assert spread([]) == {"count": 0, "average": None, "p90": None}
    backwards = replace(BASE, taken_at=at(10), called_at=at(5), last_called_at=at(5))
    assert figures([backwards])["all"]["wait_s"]["count"] == 0


def test_the_90th_percentile_is_the_nearest_rank() -> None:
    assert spread(range(1, 11))["p90"] == 9.0  # 10 values: the 9th
    assert spread(range(1, 12))["p90"] == 10.0  # 11 values: ceil(9.9) = the 10th
    assert spread([7])["p90"] == 7.0
