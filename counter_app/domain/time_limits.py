"""Time limits of procedures and office hours: what a promised time is counted in.

A limit is a number of working days (fractional allowed; one day is the sum of the
office periods, 8 hours by default) or "same day", the latter with the cutoff of
its field's rules when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from counter_app.domain.calendar_facts import MAX_SOURCE_LENGTH
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean

_MAX_LIMIT_DAYS = Decimal(365)


def _invalid_limit(reason: str, value: object) -> DomainError:
    return DomainError("time_limit_invalid", f"Invalid time limit: {reason}", value=value)


def _to_decimal(value: object) -> Decimal:
    """Accept exact values only: a float such as 0.1 is not the number the user typed."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise _invalid_limit("days must be a whole number or a decimal string", value)
    try:
        return Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise _invalid_limit("days is not a number", value) from None


_LIMIT_SHAPE = (
    "expected {'days': '3'} or {'same_day': true}, the latter with an optional"
    " 'cutoff': 'HH:MM' and its 'cutoff_source'"
)
_CUTOFF_KEYS = frozenset({"cutoff", "cutoff_source"})


@record(frozen=True)
class TimeLimit:
    """Legal processing time: `days` working days (may be fractional), or "same day".

    A same-day limit may have a cutoff: received after it, the result is due the next
    working day. The cutoff is a rule of the procedure's field (certification, civil
    status), not of the one-stop decree, so it is kept with its legal source.
    """

    days: Decimal = Decimal(0)
    same_day: bool = False
    cutoff: time | None = None
    cutoff_source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.days, Decimal) or not self.days.is_finite():
            raise _invalid_limit("days must be a finite Decimal", self.days)
        if self.same_day:
            if self.days != 0:
                raise _invalid_limit("a same-day limit has no days", self.days)
        elif not 0 < self.days <= _MAX_LIMIT_DAYS:
            raise _invalid_limit(f"days must be above 0 and at most {_MAX_LIMIT_DAYS}", self.days)
        self._check_cutoff()

    def _check_cutoff(self) -> None:
        if self.cutoff is None:
            if self.cutoff_source != "":
                raise _invalid_limit("a cutoff_source without a cutoff", self.cutoff_source)
            return
        if not self.same_day:
            raise _invalid_limit("only a same-day limit has a cutoff", self.cutoff)
        if not _is_local_minute(self.cutoff):
            raise _invalid_limit("the cutoff is a local time in whole minutes", self.cutoff)
        source = clean(self.cutoff_source) if isinstance(self.cutoff_source, str) else ""
        if not 0 < len(source) <= MAX_SOURCE_LENGTH:
            raise _invalid_limit(
                f"a cutoff needs its legal source (1 to {MAX_SOURCE_LENGTH} characters)",
                self.cutoff_source,
            )
        object.__setattr__(self, "cutoff_source", source)

    @classmethod
    def of_days(cls, days: int | str | Decimal) -> TimeLimit:
        return cls(days=_to_decimal(days))

    @classmethod
    def same_day_limit(cls, cutoff: time | None = None, source: str = "") -> TimeLimit:
        return cls(same_day=True, cutoff=cutoff, cutoff_source=source)

    def to_data(self) -> dict[str, object]:
        """JSON form; days as a string so that a Decimal survives exactly."""
        if not self.same_day:
            return {"days": format(self.days, "f")}
        if self.cutoff is None:
            return {"same_day": True}
        return {
            "same_day": True,
            "cutoff": f"{self.cutoff:%H:%M}",
            "cutoff_source": self.cutoff_source,
        }

    @classmethod
    def from_data(cls, data: object) -> TimeLimit:
        if not isinstance(data, Mapping) or not set(data) <= {"days", "same_day"} | _CUTOFF_KEYS:
            raise _invalid_limit(_LIMIT_SHAPE, data)
        same_day = data.get("same_day", False)
        if not isinstance(same_day, bool) or same_day == ("days" in data):
            raise _invalid_limit(_LIMIT_SHAPE, data)
        if not same_day:
            if _CUTOFF_KEYS & set(data):
                raise _invalid_limit("only a same-day limit has a cutoff", data)
            return cls(days=_to_decimal(data["days"]))
        if "cutoff" not in data:
            return cls.same_day_limit(source=data.get("cutoff_source", ""))
        return cls.same_day_limit(_parse_cutoff(data["cutoff"]), data.get("cutoff_source", ""))


def _parse_cutoff(value: object) -> time:
    if isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}", value):
        try:
            return _clock(value)
        except ValueError:
            pass  # 25:00
    raise _invalid_limit("the cutoff is a time like 15:00", value)


def _minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _is_local_minute(moment: object) -> bool:
    """Wall-clock whole minutes: the counter prints hours and minutes, never seconds."""
    return (
        isinstance(moment, time)
        and moment.tzinfo is None
        and moment.second == 0 == moment.microsecond
    )


_DEFAULT_PERIODS = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))


@record(frozen=True)
class WorkingHours:
    """Office hours; a "working day" of a time limit is the sum of the periods (8 hours).

    The same-day cutoff is not here: it belongs to the procedure (``TimeLimit.cutoff``).
    """

    periods: tuple[tuple[time, time], ...] = _DEFAULT_PERIODS

    def __post_init__(self) -> None:
        bounds = [moment for period in self.periods for moment in period]
        if len(bounds) < 2 or not all(map(_is_local_minute, bounds)):
            raise DomainError("working_hours_invalid", "Give periods in local whole minutes")
        ordered = all(start < end for start, end in self.periods) and all(
            before[1] <= after[0] for before, after in pairwise(self.periods)
        )
        if not ordered:
            raise DomainError("working_hours_invalid", "Periods must be in order without overlap")

    @property
    def minutes_per_day(self) -> int:
        return sum(_minute_of_day(end) - _minute_of_day(start) for start, end in self.periods)

    @classmethod
    def parse(cls, periods: str) -> WorkingHours:
        """From the settings' text form: ``"07:30-11:30,13:00-17:00"``."""
        try:
            spans = [part.split("-") for part in periods.split(",")]
            parsed = tuple((_clock(start), _clock(end)) for start, end in spans)
        except ValueError as exc:
            raise DomainError(
                "working_hours_invalid",
                f"'{periods}' are not hours like 07:30-11:30,13:00-17:00",
            ) from exc
        return cls(parsed)

    def to_text(self) -> str:
        return ",".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in self.periods)

    @property
    def day_end(self) -> time:
        return self.periods[-1][1]


DEFAULT_HOURS = WorkingHours()


# What strptime's "%H:%M" reads (one or two digits each), in ASCII digits only; without
# strptime, whose first use imports _strptime (about 9 ms of the window's start).
_CLOCK = re.compile(r"(2[0-3]|[01][0-9]|[0-9]):([0-5][0-9]|[0-9])")


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a time like 07:30: {text!r}")
    return time(int(match[1]), int(match[2]))
