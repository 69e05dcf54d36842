"""The retry schedule: exponential, capped, with full jitter drawn from an injected source."""

from __future__ import annotations

from counter_app.sync.backoff import Backoff


def test_the_ceiling_doubles_up_to_the_cap() -> None:
    backoff = Backoff(base=2.0, cap=300.0, random=lambda: 1.0)
    delays = [backoff.next_delay() for _ in range(10)]
    assert delays == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0, 300.0]


def test_full_jitter_draws_below_the_ceiling_but_not_below_the_floor() -> None:
    draws = iter([0.5, 0.25, 0.0, 0.999])
    backoff = Backoff(base=2.0, cap=300.0, floor=1.0, random=lambda: next(draws))
    assert [backoff.next_delay() for _ in range(4)] == [1.0, 1.0, 1.0, 0.999 * 16]


def test_a_success_starts_again_from_the_base() -> None:
    backoff = Backoff(random=lambda: 1.0)
    for _ in range(6):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 2.0


def test_many_failures_do_not_overflow() -> None:
    backoff = Backoff(random=lambda: 1.0)
    backoff.failures = 10_000
    assert backoff.next_delay() == 300.0
