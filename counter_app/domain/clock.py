"""Time comes from an injected clock, always in Việt Nam's time (Asia/Ho_Chi_Minh).

Services take a :class:`Clock`; tests pass a :class:`FakeClock` they move by hand.

Việt Nam keeps UTC+07:00 all year: no summer time, and no change of offset since
13 June 1975 (the IANA zone Asia/Ho_Chi_Minh has no later transition). Every moment
this program records is after that, so a fixed offset is exact. It is also what
makes the program run where the system has no time zone database: ``zoneinfo``
finds none on Windows unless the ``tzdata`` package is installed, and loading it
cost a few milliseconds of every start.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # Clock is a structural type for the checker, a plain class at run time

VIETNAM = timezone(timedelta(hours=7), "+07")  # named as tzdata names Asia/Ho_Chi_Minh


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in Asia/Ho_Chi_Minh."""
        ...


class SystemClock:
    """The real clock of the machine, seen from Việt Nam."""

    def now(self) -> datetime:
        return datetime.now(VIETNAM)


class FakeClock:
    """A clock that stands still until told to move (tests, demo data)."""

    def __init__(self, start: datetime) -> None:
        self._now = start if start.tzinfo else start.replace(tzinfo=VIETNAM)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)

    def advance(self, delta: timedelta) -> None:
        self._now += delta
