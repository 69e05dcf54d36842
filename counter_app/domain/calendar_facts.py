"""What is known about each year's days off, and how sure it is (DOMAIN.md §6).

A day's working or not comes from the highest of these layers that says something
about it:

1. an administrator's entry for one day (``CalendarOverride`` in ``calendar``);
2. the shipped table (``resources/calendar/vietnam.json``) for a year the government
   has announced: the complete list of its days off and make-up working days, so a
   promised time does not depend on the installed ``holidays`` version;
3. a year confirmed by the administrator (later by the city): the list as it stood
   when it was confirmed, official from then on;
4. otherwise the rule-based days of ``holidays.Vietnam`` with the table's expected
   entries on top: estimates until the year is announced. Only the fixed solar dates
   of the Labour Code and their substitute days are certain without an announcement.

The shipped table::

    {"format": 1, "country": "VN", "years": [
        {"year": 2026, "status": "announced", "source": "...",
         "days": [{"day": "2026-01-02", "working": false, "name": "...", "source": "..."}]},
        {"year": 2027, "status": "expected", "source": "...", "days": []}]}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean

FORMAT = 1
MAKE_UP_DAY_NAME = "Ngày làm bù"
MAX_NAME_LENGTH = 100
MAX_SOURCE_LENGTH = 300

# Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), in force from 2021-01-01.
LABOUR_CODE_FROM_YEAR = 2021
LABOUR_CODE_HOLIDAY = "Bộ luật Lao động 2019, khoản 1 Điều 112"
# "Nếu ngày nghỉ hằng tuần trùng với ngày nghỉ lễ, tết ... thì người lao động được
# nghỉ bù ngày nghỉ hằng tuần vào ngày làm việc kế tiếp."
LABOUR_CODE_SUBSTITUTE = "Bộ luật Lao động 2019, khoản 3 Điều 111"
# The days the Code fixes by the solar calendar. Tết Âm lịch, Giỗ Tổ (lunar dates the
# library computes) and the day next to 2/9 (the Prime Minister chooses it) are not.
_FIXED_SOLAR = (
    (1, 1, "Tết Dương lịch"),
    (4, 30, "Ngày Chiến thắng"),
    (5, 1, "Ngày Quốc tế Lao động"),
    (9, 2, "Quốc khánh"),
)
_WEEKEND = (5, 6)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DayStatus(StrEnum):
    """How sure a day is."""

    OFFICIAL = "official"  # announced, fixed by law, or in a confirmed year
    EXPECTED = "expected"  # an estimate until the year is announced or confirmed
    ADMINISTRATOR = "administrator"  # an administrator's entry for this unit


@record(frozen=True)
class CalendarDay:
    """One special day of a year, as the calendar screen lists it."""

    day: date
    working: bool
    name: str
    status: DayStatus
    source: str  # the law, document or estimate; who and when for an entry


_INVALID = "calendar_entry_invalid"


def _invalid(message: str, **params: object) -> DomainError:
    return DomainError(_INVALID, message, **params)


def checked_text(
    value: object, what: str, maximum: int, required: bool = True, code: str = _INVALID
) -> str:
    """NFC-cleaned text of 1 (0 when optional) to `maximum` characters."""
    text = clean(value) if isinstance(value, str) else None
    if text is None or len(text) > maximum or (required and not text):
        message = f"The {what} must have {int(required)} to {maximum} characters"
        raise DomainError(code, message, value=value)
    return text


def checked_day(value: object, code: str = _INVALID) -> date:
    # datetime is a subclass of date and would never equal a dict key of dates.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise DomainError(code, "The day must be a date", day=value)
    return value


@record(frozen=True)
class DayFact:
    """One day of a year's list: a day off (working=False) or a make-up working day."""

    day: date
    working: bool
    name: str
    source: str

    def __post_init__(self) -> None:
        checked_day(self.day)
        if not isinstance(self.working, bool):
            raise _invalid("working must be true or false", day=self.day)
        object.__setattr__(self, "name", checked_text(self.name, "name", MAX_NAME_LENGTH))
        source = checked_text(self.source, "source", MAX_SOURCE_LENGTH, required=False)
        object.__setattr__(self, "source", source)

    @classmethod
    def from_data(cls, data: object) -> DayFact:
        keys = {"day", "working", "name", "source"}
        if not isinstance(data, Mapping) or not keys - {"source"} <= set(data) <= keys:
            raise _invalid("A day is {day, working, name, source}", value=data)
        return cls(_parse_day(data["day"]), data["working"], data["name"], data.get("source", ""))

    def to_data(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "working": self.working,
            "name": self.name,
            "source": self.source,
        }


def _parse_day(value: object) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2026-02-30
    raise _invalid(f"{value!r} is not a YYYY-MM-DD date", day=value)


def _checked_days(year: int, days: Iterable[DayFact]) -> tuple[DayFact, ...]:
    ordered = tuple(sorted(days, key=lambda fact: fact.day))
    seen: set[date] = set()
    for fact in ordered:
        if not isinstance(fact, DayFact):
            raise _invalid(f"A day of {year} is not a day", year=year)
        if fact.day.year != year:
            raise _invalid(f"{fact.day} is not in {year}", year=year, day=fact.day)
        if fact.day in seen:
            raise _invalid(f"{fact.day} is given twice in {year}", year=year, day=fact.day)
        seen.add(fact.day)
    return ordered


def _checked_year(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1901 <= value <= 2100:
        raise _invalid(f"{value!r} is not a year from 1901 to 2100", year=value)
    return value


@record(frozen=True)
class YearFacts:
    """A year of the shipped table: announced (the complete list) or expected entries."""

    year: int
    announced: bool
    source: str
    days: tuple[DayFact, ...] = ()

    def __post_init__(self) -> None:
        _checked_year(self.year)
        if not isinstance(self.announced, bool):
            raise _invalid("announced must be true or false", year=self.year)
        object.__setattr__(self, "source", checked_text(self.source, "source", MAX_SOURCE_LENGTH))
        object.__setattr__(self, "days", _checked_days(self.year, self.days))
        if not all(fact.source for fact in self.days):
            raise _invalid(f"Every day of {self.year} needs its source", year=self.year)

    @classmethod
    def from_data(cls, data: object) -> YearFacts:
        keys = {"year", "status", "source", "days"}
        if not isinstance(data, Mapping) or set(data) != keys:
            raise _invalid("A year is {year, status, source, days}", value=data)
        if data["status"] not in ("announced", "expected"):
            raise _invalid("status is 'announced' or 'expected'", year=data["year"])
        if not isinstance(data["days"], list):
            raise _invalid("days must be a list", year=data["year"])
        days = tuple(DayFact.from_data(item) for item in data["days"])
        return cls(data["year"], data["status"] == "announced", data["source"], days)


class CalendarTable:
    """The shipped table: what the government announced, year by year."""

    def __init__(self, years: Iterable[YearFacts] = ()) -> None:
        self._years: dict[int, YearFacts] = {}
        for facts in years:
            if facts.year in self._years:
                raise _invalid(f"The year {facts.year} appears twice", year=facts.year)
            self._years[facts.year] = facts

    @classmethod
    def from_data(cls, data: object) -> CalendarTable:
        if not isinstance(data, Mapping) or set(data) != {"format", "country", "years"}:
            raise _invalid("A calendar table is {format, country, years}")
        if data["format"] != FORMAT or isinstance(data["format"], bool):
            raise _invalid(f"Calendar table format {data['format']!r} is not {FORMAT}")
        if data["country"] != "VN" or not isinstance(data["years"], list):
            raise _invalid("A calendar table of VN with a list of years")
        return cls(YearFacts.from_data(item) for item in data["years"])

    def year(self, year: int) -> YearFacts | None:
        return self._years.get(year)

    def announced(self, year: int) -> bool:
        facts = self._years.get(year)
        return facts is not None and facts.announced


@record(frozen=True)
class YearConfirmation:
    """A year's list vouched for by the administrator (or the city), with who and when.

    The days are kept as they stood when confirmed, so a later ``holidays`` release
    with other estimates does not change a confirmed year.
    """

    year: int
    days: tuple[DayFact, ...]
    source: str  # the document, or who confirmed it and when

    def __post_init__(self) -> None:
        _checked_year(self.year)
        object.__setattr__(self, "days", _checked_days(self.year, self.days))
        source = checked_text(self.source, "source", MAX_SOURCE_LENGTH)
        object.__setattr__(self, "source", source)


def statutory_solar_days(year: int) -> dict[date, tuple[str, str]]:
    """The Labour Code's fixed solar days of `year` and their substitutes: (name, source).

    A substitute is the next working day not already off; two holidays on one weekend
    (30/4 and 1/5) get two substitutes.
    """
    if year < LABOUR_CODE_FROM_YEAR:
        return {}
    days = {
        date(year, month, day): (name, LABOUR_CODE_HOLIDAY) for month, day, name in _FIXED_SOLAR
    }
    for holiday, (name, _) in sorted(days.items()):
        if holiday.weekday() in _WEEKEND:
            substitute = holiday + timedelta(days=1)
            while substitute.weekday() in _WEEKEND or substitute in days:
                substitute += timedelta(days=1)
            days[substitute] = (f"{name} (nghỉ bù)", LABOUR_CODE_SUBSTITUTE)
    return days


def estimated_year(
    year: int, days_off: Mapping[date, str], make_up_days: Iterable[date], source: str
) -> dict[date, CalendarDay]:
    """The library's days of `year`, expected except the Labour Code's solar days."""
    expected = DayStatus.EXPECTED
    days = {day: CalendarDay(day, False, name, expected, source) for day, name in days_off.items()}
    for day in make_up_days:
        days[day] = CalendarDay(day, True, MAKE_UP_DAY_NAME, expected, source)
    for day, (name, law) in statutory_solar_days(year).items():
        known = days.get(day)
        if known is not None and not known.working:
            name = known.name
        days[day] = CalendarDay(day, False, name, DayStatus.OFFICIAL, law)
    return days


def _listed(
    facts: Iterable[DayFact], status: DayStatus, source: str | None = None
) -> dict[date, CalendarDay]:
    return {
        fact.day: CalendarDay(fact.day, fact.working, fact.name, status, source or fact.source)
        for fact in facts
    }


def resolve_year(
    year: int,
    table: CalendarTable,
    confirmation: YearConfirmation | None,
    estimate: Callable[[], dict[date, CalendarDay]],
) -> dict[date, CalendarDay]:
    """Layers 2–4 of the module docstring for one year (administrator entries apart)."""
    facts = table.year(year)
    if facts is not None and facts.announced:
        return _listed(facts.days, DayStatus.OFFICIAL)
    if confirmation is not None:
        return _listed(confirmation.days, DayStatus.OFFICIAL, confirmation.source)
    days = estimate()
    if facts is not None:
        days.update(_listed(facts.days, DayStatus.EXPECTED))
    return days
