"""Working days and the promised return time of a dossier (DOMAIN.md §6).

Time limits are counted in working days: Mon–Fri minus public holidays and their
substitute days, plus the make-up working Saturdays the government announces.
``holidays.Vietnam`` knows the statutory days; an administrator table on top of it
adds days off and make-up days that an offline install would not get from a
library update.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from itertools import pairwise

import holidays

from counter_app.domain.errors import DomainError
from counter_app.domain.text import clean

STATUTORY = "statutory"
ADMINISTRATOR = "administrator"
MAKE_UP_DAY_NAME = "Ngày làm bù"

_WEEKEND = (5, 6)
_MAX_LIMIT_DAYS = Decimal(365)
_MAX_NAME_LENGTH = 100
# A search for the next working day longer than this means the table is broken
# (e.g. a whole year marked off), not that the office is really closed.
_MAX_DAYS_SEARCHED = 3 * 366


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


@dataclass(frozen=True)
class TimeLimit:
    """Legal processing time: `days` working days (may be fractional), or "same day"."""

    days: Decimal = Decimal(0)
    same_day: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.days, Decimal) or not self.days.is_finite():
            raise _invalid_limit("days must be a finite Decimal", self.days)
        if self.same_day:
            if self.days != 0:
                raise _invalid_limit("a same-day limit has no days", self.days)
        elif not 0 < self.days <= _MAX_LIMIT_DAYS:
            raise _invalid_limit(f"days must be above 0 and at most {_MAX_LIMIT_DAYS}", self.days)

    @classmethod
    def of_days(cls, days: int | str | Decimal) -> TimeLimit:
        return cls(days=_to_decimal(days))

    @classmethod
    def same_day_limit(cls) -> TimeLimit:
        return cls(same_day=True)

    def to_data(self) -> dict[str, object]:
        """JSON form; days as a string so that a Decimal survives exactly."""
        return {"same_day": True} if self.same_day else {"days": format(self.days, "f")}

    @classmethod
    def from_data(cls, data: object) -> TimeLimit:
        if not isinstance(data, Mapping) or not set(data) <= {"days", "same_day"}:
            raise _invalid_limit("expected {'days': '3'} or {'same_day': true}", data)
        same_day = data.get("same_day", False)
        if not isinstance(same_day, bool) or same_day == ("days" in data):
            raise _invalid_limit("expected {'days': '3'} or {'same_day': true}", data)
        return cls.same_day_limit() if same_day else cls(days=_to_decimal(data["days"]))


@dataclass(frozen=True)
class CalendarOverride:
    """An administrator's day off (working=False) or make-up working day (working=True)."""

    day: date
    working: bool
    name: str

    def __post_init__(self) -> None:
        # datetime is a subclass of date and would never equal a dict key of dates.
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise DomainError("calendar_override_invalid", "The day must be a date", day=self.day)
        if not isinstance(self.working, bool):
            raise DomainError("calendar_override_invalid", "working must be true or false")
        name = clean(self.name) if isinstance(self.name, str) else ""
        if not 0 < len(name) <= _MAX_NAME_LENGTH:
            raise DomainError(
                "calendar_override_invalid",
                f"The name must have 1 to {_MAX_NAME_LENGTH} characters",
                name=self.name,
            )
        object.__setattr__(self, "name", name)


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
_DEFAULT_CUTOFF = time(15, 0)


@dataclass(frozen=True)
class WorkingHours:
    """Office hours; a "working day" of a time limit is the sum of the periods (8 hours)."""

    periods: tuple[tuple[time, time], ...] = _DEFAULT_PERIODS
    # A same-day procedure received after this is due the next working day [law].
    same_day_cutoff: time = _DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        bounds = [*(moment for period in self.periods for moment in period), self.same_day_cutoff]
        if len(bounds) < 3 or not all(map(_is_local_minute, bounds)):
            raise DomainError(
                "working_hours_invalid", "Give periods and cutoff in local whole minutes"
            )
        ordered = all(start < end for start, end in self.periods) and all(
            before[1] <= after[0] for before, after in pairwise(self.periods)
        )
        if not ordered or self.same_day_cutoff > self.day_end:
            raise DomainError(
                "working_hours_invalid",
                "Periods must be in order without overlap, the cutoff before closing time",
            )

    @property
    def minutes_per_day(self) -> int:
        return sum(_minute_of_day(end) - _minute_of_day(start) for start, end in self.periods)

    @classmethod
    def parse(cls, periods: str, cutoff: str = "15:00") -> WorkingHours:
        """From the settings' text form: ``"07:30-11:30,13:00-17:00"`` and ``"15:00"``."""
        try:
            spans = [part.split("-") for part in periods.split(",")]
            parsed = tuple((_clock(start), _clock(end)) for start, end in spans)
            same_day_cutoff = _clock(cutoff)
        except ValueError as exc:
            raise DomainError(
                "working_hours_invalid",
                f"'{periods}' / '{cutoff}' are not hours like 07:30-11:30,13:00-17:00 and 15:00",
            ) from exc
        return cls(parsed, same_day_cutoff)

    def to_text(self) -> tuple[str, str]:
        periods = ",".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in self.periods)
        return periods, f"{self.same_day_cutoff:%H:%M}"

    @property
    def day_end(self) -> time:
        return self.periods[-1][1]


DEFAULT_HOURS = WorkingHours()


def _clock(text: str) -> time:
    return datetime.strptime(text.strip(), "%H:%M").time()


@dataclass(frozen=True)
class CalendarDay:
    """One special day of a year, as the calendar screen lists it."""

    day: date
    working: bool
    name: str
    source: str  # STATUTORY or ADMINISTRATOR


class WorkingCalendar:
    """Answers "is this a working day?" and "when is this dossier due?"."""

    def __init__(
        self, overrides: Iterable[CalendarOverride] = (), hours: WorkingHours = DEFAULT_HOURS
    ) -> None:
        self._overrides: dict[date, CalendarOverride] = {}
        for override in overrides:
            if override.day in self._overrides:
                raise DomainError(
                    "calendar_override_duplicate",
                    f"Two administrator entries for {override.day.isoformat()}",
                    day=override.day,
                )
            self._overrides[override.day] = override
        self._hours = hours
        # The holidays object fills a year in on first lookup (it mutates itself),
        # so years are filled in under a lock and only read afterwards.
        self._statutory = holidays.country_holidays("VN", language="vi")
        self._lock = threading.Lock()

    @property
    def hours(self) -> WorkingHours:
        return self._hours

    def _statutory_year(self, year: int) -> None:
        """Make sure `year` is filled in, and refuse years the library cannot compute."""
        if not self._statutory.start_year <= year <= self._statutory.end_year:
            raise DomainError(
                "calendar_year_unsupported", f"No holiday data for the year {year}", year=year
            )
        with self._lock:
            # Membership of an unseen year expands the holidays object; only then
            # does its `weekend_workdays` hold that year's make-up Saturdays.
            _ = date(year, 1, 1) in self._statutory

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        self._statutory_year(day.year)
        if day.weekday() in _WEEKEND:
            return day in self._statutory.weekend_workdays
        return day not in self._statutory

    def special_days(self, year: int) -> list[CalendarDay]:
        """Holidays, make-up Saturdays and administrator entries of `year`, by date."""
        self._statutory_year(year)
        with self._lock:  # another thread may be filling in a year meanwhile
            days = {
                day: CalendarDay(day, False, name, STATUTORY)
                for day, name in self._statutory.items()
                if day.year == year
            }
            make_up = [day for day in self._statutory.weekend_workdays if day.year == year]
        days.update((day, CalendarDay(day, True, MAKE_UP_DAY_NAME, STATUTORY)) for day in make_up)
        for day, entry in self._overrides.items():
            if day.year == year:
                days[day] = CalendarDay(day, entry.working, entry.name, ADMINISTRATOR)
        return [days[day] for day in sorted(days)]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        for offset in range(1, _MAX_DAYS_SEARCHED + 1):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise DomainError(
            "calendar_no_working_day",
            f"No working day within {_MAX_DAYS_SEARCHED} days after {day.isoformat()}",
            day=day,
        )

    def next_working_start(self, moment: datetime) -> datetime:
        """`moment` itself if the office is working then, else when it next opens."""
        return self._working_slot(moment)[0]

    def _working_slot(self, moment: datetime) -> tuple[datetime, datetime]:
        """The working stretch that `moment` starts: (from, end of its period).

        Periods are half-open, so a moment at the end of a period belongs to the next.
        """
        day, clock = moment.date(), moment.time()
        if self.is_working_day(day):
            for start, end in self._hours.periods:
                if clock < end:
                    return max(moment, self._at(moment, day, start)), self._at(moment, day, end)
        day = self.next_working_day(day)
        start, end = self._hours.periods[0]
        return self._at(moment, day, start), self._at(moment, day, end)

    @staticmethod
    def _at(like: datetime, day: date, clock: time) -> datetime:
        """Wall-clock `day` at `clock`, aware or naive like `like`."""
        return datetime.combine(day, clock, tzinfo=like.tzinfo)

    def due_time(self, received: datetime, limit: TimeLimit) -> datetime:
        """When the result is promised: working minutes walked forward from receipt."""
        if limit.same_day:
            return self._same_day_due(received)
        minutes = (limit.days * self._hours.minutes_per_day).to_integral_value(ROUND_CEILING)
        remaining = timedelta(minutes=int(minutes))
        cursor, end = self._working_slot(received)
        while remaining > end - cursor:
            remaining -= end - cursor
            cursor, end = self._working_slot(end)
        # Ending exactly at a period's end gives that end, not the next opening.
        return cursor + remaining

    def _same_day_due(self, received: datetime) -> datetime:
        # The receipt shows hours and minutes, so 15:00:40 is still "15:00".
        clock = received.time().replace(second=0, microsecond=0)
        day = received.date()
        if not (clock <= self._hours.same_day_cutoff and self.is_working_day(day)):
            day = self.next_working_day(day)
        return self._at(received, day, self._hours.day_end)
