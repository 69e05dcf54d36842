"""Time comes from an injected clock, always in Asia/Ho_Chi_Minh.

Services take a :class:`Clock`; tests pass a :class:`FakeClock` they move by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


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
