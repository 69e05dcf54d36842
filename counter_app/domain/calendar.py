"""Working days and the promised return time of a dossier (DOMAIN.md §6).

Time limits are counted in working days: Mon–Fri minus public holidays and their
substitute days, plus the make-up working Saturdays the government announces.
Which days those are, and how sure each is, is the business of ``calendar_facts``:
the shipped table of announced years, confirmed years, the estimates of
``holidays.Vietnam``, and the administrator's entries on top.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING
from typing import TYPE_CHECKING, TypeVar

from counter_app.domain.calendar_facts import (
    MAKE_UP_DAY_NAME,
    MAX_NAME_LENGTH,
    MAX_SOURCE_LENGTH,
    CalendarDay,
    CalendarTable,
    DayFact,
    DayStatus,
    YearConfirmation,
    checked_day,
    checked_text,
    estimated_year,
    resolve_year,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.time_limits import DEFAULT_HOURS, TimeLimit, WorkingHours

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = [
    "DEFAULT_HOURS",
    "MAKE_UP_DAY_NAME",
    "CalendarDay",
    "CalendarOverride",
    "CalendarTable",
    "DayStatus",
    "TimeLimit",
    "WorkingCalendar",
    "WorkingHours",
    "YearConfirmation",
]

_T = TypeVar("_T")
_K = TypeVar("_K")
_WEEKEND = (5, 6)
# A search for the next working day longer than this means the table is broken
# (e.g. a whole year marked off), not that the office is really closed.
_MAX_DAYS_SEARCHED = 3 * 366


@record(frozen=True)
class CalendarOverride:
    """An administrator's day off (working=False) or make-up working day (working=True).

    `source`: the document it follows, and who entered it when.
    """

    day: date
    working: bool
    name: str
    source: str = ""

    def __post_init__(self) -> None:
        code = "calendar_override_invalid"
        checked_day(self.day, code)
        if not isinstance(self.working, bool):
            raise DomainError(code, "working must be true or false")
        name = checked_text(self.name, "name", MAX_NAME_LENGTH, code=code)
        source = checked_text(self.source, "source", MAX_SOURCE_LENGTH, required=False, code=code)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "source", source)


def _estimate_source() -> str:
    """Where the estimates of an unannounced year come from, as `holidays list` shows it."""
    from holidays.version import __version__  # loaded by then: only an estimate names it

    return f"holidays {__version__}"


def _by_key(entries: Iterable[_T], key: Callable[[_T], _K], what: str) -> dict[_K, _T]:
    """Entries by day or year; two for the same one are a broken table."""
    found: dict[_K, _T] = {}
    for entry in entries:
        if key(entry) in found:
            raise DomainError(
                "calendar_override_duplicate", f"Two {what} for {key(entry)}", key=str(key(entry))
            )
        found[key(entry)] = entry
    return found


class WorkingCalendar:
    """Answers "is this a working day?", "how sure is that?" and "when is this dossier due?"."""

    def __init__(
        self,
        overrides: Iterable[CalendarOverride] = (),
        hours: WorkingHours = DEFAULT_HOURS,
        table: CalendarTable | None = None,
        confirmations: Iterable[YearConfirmation] = (),
    ) -> None:
        self._overrides = _by_key(overrides, lambda entry: entry.day, "administrator entries")
        self._confirmations = _by_key(confirmations, lambda entry: entry.year, "confirmations")
        self._hours = hours
        self._table = table or CalendarTable()
        # The holidays object fills a year in on first lookup (it mutates itself), so
        # years are resolved under a lock; a resolved year is only read afterwards. It is
        # made for the first year the table cannot answer (see ``_holidays``).
        self._library: HolidayBase | None = None
        self._lock = threading.Lock()
        self._years: dict[int, dict[date, CalendarDay]] = {}

    @property
    def hours(self) -> WorkingHours:
        return self._hours

    def _holidays(self) -> HolidayBase:
        """The library's rules for Vietnam, for the years the table does not announce.

        Made on the first such year, under the lock: importing ``holidays`` loads the
        rules of every country, which a start on an announced year does not need.
        """
        if self._library is None:
            import holidays

            self._library = holidays.country_holidays("VN", language="vi")
        return self._library

    def _check_year(self, year: int) -> None:
        """A year the library has rules for (only a year it estimates needs it)."""
        library = self._holidays()
        if not library.start_year <= year <= library.end_year:
            raise DomainError(
                "calendar_year_unsupported", f"No holiday data for the year {year}", year=year
            )

    def _year(self, year: int) -> dict[date, CalendarDay]:
        """The special days of `year` with every layer applied, resolved once."""
        days = self._years.get(year)
        if days is None:
            with self._lock:
                if year not in self._years:
                    days = self._resolve(year, self._confirmations.get(year))
                    days.update(self._entries(year))
                    self._years[year] = days
                days = self._years[year]
        return days

    def _entries(self, year: int) -> dict[date, CalendarDay]:
        """The administrator's entries of `year`, the top layer."""
        status = DayStatus.ADMINISTRATOR
        return {
            day: CalendarDay(day, entry.working, entry.name, status, entry.source)
            for day, entry in self._overrides.items()
            if day.year == year
        }

    def _resolve(self, year: int, confirmation: YearConfirmation | None) -> dict[date, CalendarDay]:
        """Table, confirmation and estimate of `year`; the caller holds the lock."""
        return resolve_year(year, self._table, confirmation, lambda: self._estimate(year))

    def _estimate(self, year: int) -> dict[date, CalendarDay]:
        """The library's days of `year`; the caller holds the lock."""
        self._check_year(year)
        library = self._holidays()
        # Membership of an unseen year expands the holidays object; only then does
        # its `weekend_workdays` hold that year's make-up Saturdays.
        _ = date(year, 1, 1) in library
        days_off = {day: name for day, name in library.items() if day.year == year}
        make_up = [day for day in library.weekend_workdays if day.year == year]
        return estimated_year(year, days_off, make_up, _estimate_source())

    def is_working_day(self, day: date) -> bool:
        entry = self._year(day.year).get(day)
        if entry is not None:
            return entry.working
        return day.weekday() not in _WEEKEND

    def special_days(self, year: int) -> list[CalendarDay]:
        """Holidays, make-up working days and administrator entries of `year`, by date."""
        days = self._year(year)
        return [days[day] for day in sorted(days)]

    def expected_days_between(self, start: date, end: date) -> list[date]:
        """The days from `start` to `end` (both included) that are only expected.

        A time promised over one of them may move once the year is announced.
        """
        return [
            entry.day
            for year in range(start.year, end.year + 1)
            for entry in self.special_days(year)
            if start <= entry.day <= end and entry.status is DayStatus.EXPECTED
        ]

    def confirmation(self, year: int, source: str) -> YearConfirmation:
        """The days of `year` as they stand now (administrator entries apart), for the
        administrator to confirm them as official on the word of `source`."""
        if self._table.announced(year):
            raise DomainError(
                "calendar_year_announced",
                f"{year} is already official: the shipped calendar has its announcement.",
                year=year,
            )
        if year in self._confirmations:
            raise DomainError(
                "calendar_year_confirmed",
                f"{year} is already confirmed ({self._confirmations[year].source}).",
                year=year,
            )
        with self._lock:
            days = self._resolve(year, None)
        facts = (DayFact(e.day, e.working, e.name, e.source) for e in days.values())
        return YearConfirmation(year, tuple(facts), source)

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
            return self._same_day_due(received, limit.cutoff)
        minutes = (limit.days * self._hours.minutes_per_day).to_integral_value(ROUND_CEILING)
        remaining = timedelta(minutes=int(minutes))
        cursor, end = self._working_slot(received)
        while remaining > end - cursor:
            remaining -= end - cursor
            cursor, end = self._working_slot(end)
        # Ending exactly at a period's end gives that end, not the next opening.
        return cursor + remaining

    def _same_day_due(self, received: datetime, cutoff: time | None) -> datetime:
        """Closing time of the day of receipt if it was in time, else of the next
        working day. In time: on a working day, before closing, and not after the
        procedure's cutoff if it has one (at 15:00 sharp is not "after 15:00")."""
        # The receipt shows hours and minutes, so 15:00:40 is still "15:00".
        clock = received.time().replace(second=0, microsecond=0)
        day = received.date()
        in_time = clock < self._hours.day_end and (cutoff is None or clock <= cutoff)
        if not (in_time and self.is_working_day(day)):
            day = self.next_working_day(day)
        return self._at(received, day, self._hours.day_end)
