"""The board's rule for what it says aloud: new calls and recalls, once, and no backlog."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.queue.demo import demo_status
from counter_app.queue.live import CATCH_UP_S, CallWatch
from counter_app.sync.queue_wire import QueueStatus, Ticket

NOW = datetime.fromisoformat(demo_status().server_time)


def called(ticket: Ticket, counter: int, ago_s: float, calls: int = 1) -> Ticket:
    moment = (NOW - timedelta(seconds=ago_s)).isoformat()
    return ticket.model_copy(update={"counter": counter, "last_called_at": moment, "calls": calls})


def status(*calls: Ticket, later_s: float = 0) -> QueueStatus:
    """The demo queue with these latest calls (the newest first)."""
    server_time = (NOW + timedelta(seconds=later_s)).isoformat()
    return demo_status().model_copy(
        update={"recent_calls": list(calls), "server_time": server_time}
    )


A, B, C = (demo_status().recent_calls[i] for i in range(3))


def labels(tickets: list[Ticket]) -> list[tuple[str, int | None]]:
    return [(t.label, t.counter) for t in tickets]


def test_the_first_status_says_nothing_then_each_new_call_once() -> None:
    watch = CallWatch()
    first = called(A, 1, 5)
    assert watch.news(status(first)) == []  # a board switched on: the past is shown, not said
    later = status(called(B, 2, 1), first, later_s=2)
    assert labels(watch.news(later)) == [(B.label, 2)]
    assert watch.news(later) == []  # the same calls again (another area's change)


def test_a_recall_is_said_again_and_several_calls_oldest_first() -> None:
    watch = CallWatch()
    watch.news(status(called(A, 1, 30)))
    recalled = called(A, 1, 0, calls=2)
    news = watch.news(status(called(C, 4, 0), recalled, called(B, 2, 2)))
    assert labels(news) == [(B.label, 2), (A.label, 1), (C.label, 4)]


def test_a_call_to_another_counter_after_a_transfer_is_said() -> None:
    watch = CallWatch()
    watch.news(status(called(A, 1, 30)))
    assert labels(watch.news(status(called(A, 5, 0, calls=2)))) == [(A.label, 5)]


def test_calls_made_while_cut_off_are_said_only_if_recent() -> None:
    watch = CallWatch()
    watch.news(status(called(A, 1, 300)))
    back = status(called(C, 4, 10), called(B, 2, CATCH_UP_S + 30))  # server time is now
    assert labels(watch.news(back)) == [(C.label, 4)]


def test_a_call_without_a_counter_or_time_is_never_said() -> None:
    watch = CallWatch()
    watch.news(status())
    odd = A.model_copy(update={"counter": None, "last_called_at": NOW.isoformat(), "calls": 1})
    timeless = B.model_copy(update={"last_called_at": None, "calls": 1})
    assert watch.news(status(odd, timeless)) == []
