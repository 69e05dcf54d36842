"""The layers of the calendar: shipped table, confirmed years, estimates, entries."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import date, datetime
from typing import Any

import pytest

from counter_app.domain.calendar import CalendarOverride, TimeLimit, WorkingCalendar
from counter_app.domain.calendar_facts import (
    CalendarTable,
    DayFact,
    YearConfirmation,
    YearFacts,
    statutory_solar_days,
)
from counter_app.domain.errors import DomainError
from counter_app.paths import resource_dir

SHIPPED = resource_dir() / "calendar" / "vietnam.json"
TABLE_DATA: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
TABLE = CalendarTable.from_data(TABLE_DATA)


def fact(day: str, working: bool = False, name: str = "Nghỉ", source: str = "Văn bản") -> DayFact:
    return DayFact(date.fromisoformat(day), working, name, source)


# --- the shipped file ---------------------------------------------------------------


def test_shipped_table_is_nfc_and_complete_for_2026() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    facts = TABLE.year(2026)
    assert facts is not None and facts.announced
    assert TABLE.announced(2026)
    assert not TABLE.announced(2027)
    assert TABLE.year(2025) is None


# --- Labour Code solar days ----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "days"),
    [
        # 2026: none on a weekend.
        (2026, ["2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02"]),
        # 2027: 1 May is a Saturday → Monday 3 May.
        (2027, ["2027-01-01", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02"]),
        # 2028: 1 Jan Saturday → Mon 3 Jan; 30 Apr Sunday → Tue 2 May (1 May is off);
        # 2 Sep Saturday → Mon 4 Sep.
        (
            2028,
            [
                "2028-01-01",
                "2028-01-03",
                "2028-04-30",
                "2028-05-01",
                "2028-05-02",
                "2028-09-02",
                "2028-09-04",
            ],
        ),
        # 2033: 30 Apr Saturday and 1 May Sunday → Monday 2 and Tuesday 3 May.
        (
            2033,
            [
                "2033-01-01",
                "2033-01-03",
                "2033-04-30",
                "2033-05-01",
                "2033-05-02",
                "2033-05-03",
                "2033-09-02",
            ],
        ),
        # Before the Labour Code 2019 was in force nothing is certain here.
        (2020, []),
    ],
)
def test_statutory_solar_days(year: int, days: list[str]) -> None:
    assert sorted(day.isoformat() for day in statutory_solar_days(year)) == days


# --- layers -----------------------------------------------------------------------


def test_an_expected_entry_of_the_table_beats_the_estimate() -> None:
    table = CalendarTable(
        [YearFacts(2027, False, "Dự thảo", (fact("2027-02-11", name="Nghỉ thêm (dự kiến)"),))]
    )
    calendar = WorkingCalendar(table=table)
    assert not calendar.is_working_day(date(2027, 2, 11))
    entry = next(e for e in calendar.special_days(2027) if e.day == date(2027, 2, 11))
    assert (entry.status, entry.source) == ("expected", "Văn bản")


def test_an_announced_year_ignores_the_library() -> None:
    # Announced with only New Year: the library's Tết days are not used.
    table = CalendarTable([YearFacts(2027, True, "Thông báo", (fact("2027-01-01"),))])
    calendar = WorkingCalendar(table=table)
    assert [e.day for e in calendar.special_days(2027)] == [date(2027, 1, 1)]
    assert calendar.is_working_day(date(2027, 2, 8))


def test_a_confirmed_year_keeps_the_days_it_was_confirmed_with() -> None:
    confirmed = YearConfirmation(2027, (fact("2027-02-08"), fact("2027-02-13", True)), "admin")
    calendar = WorkingCalendar(table=TABLE, confirmations=[confirmed])
    assert calendar.is_working_day(date(2027, 2, 9))  # not in the confirmed list
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.is_working_day(date(2027, 2, 13))
    assert {(e.status, e.source) for e in calendar.special_days(2027)} == {("official", "admin")}
    assert calendar.expected_days_between(date(2027, 1, 1), date(2027, 12, 31)) == []


def test_an_announcement_beats_a_confirmation() -> None:
    confirmed = YearConfirmation(2026, (fact("2026-03-02"),), "admin")
    calendar = WorkingCalendar(table=TABLE, confirmations=[confirmed])
    assert calendar.is_working_day(date(2026, 3, 2))
    assert not calendar.is_working_day(date(2026, 1, 2))


def test_an_administrator_entry_beats_an_announcement() -> None:
    entry = CalendarOverride(date(2026, 1, 2), True, "Trực Tết", "admin 2025-12-20")
    calendar = WorkingCalendar([entry], table=TABLE)
    assert calendar.is_working_day(date(2026, 1, 2))
    listed = next(e for e in calendar.special_days(2026) if e.day == date(2026, 1, 2))
    assert (listed.status, listed.name) == ("administrator", "Trực Tết")


# --- expected days ----------------------------------------------------------------


def test_expected_days_between() -> None:
    calendar = WorkingCalendar(table=TABLE)
    tet = [date(2027, 2, day) for day in range(4, 11)]
    assert calendar.expected_days_between(date(2027, 2, 3), date(2027, 2, 15)) == tet
    assert calendar.expected_days_between(date(2027, 2, 5), date(2027, 2, 5)) == [tet[1]]
    assert calendar.expected_days_between(date(2027, 3, 1), date(2027, 3, 31)) == []
    # 2026 is announced; 1/1/2027 is fixed by the Labour Code.
    assert calendar.expected_days_between(date(2026, 1, 1), date(2027, 1, 31)) == []
    assert calendar.expected_days_between(date(2027, 2, 15), date(2027, 2, 3)) == []
    # An administrator's entry is not an estimate.
    entry = CalendarOverride(date(2027, 2, 10), True, "Đi làm")
    corrected = WorkingCalendar([entry], table=TABLE)
    assert corrected.expected_days_between(date(2027, 2, 3), date(2027, 2, 15)) == tet[:-1]


def test_a_promise_over_tet_2027_is_expected() -> None:
    calendar = WorkingCalendar(table=TABLE)
    received = datetime(2027, 2, 3, 10)
    due = calendar.due_time(received, TimeLimit.of_days(3))
    assert calendar.expected_days_between(received.date(), due.date())


# --- confirmation -------------------------------------------------------------------


def test_confirmation_lists_the_estimates_without_the_entries() -> None:
    entry = CalendarOverride(date(2027, 2, 13), True, "Làm bù")
    calendar = WorkingCalendar([entry], table=TABLE)
    confirmation = calendar.confirmation(2027, "admin 2026-11-30")
    days = {f.day: f for f in confirmation.days}
    assert date(2027, 2, 6) in days
    assert date(2027, 2, 13) not in days
    assert days[date(2027, 1, 1)].source == "Bộ luật Lao động 2019, khoản 1 Điều 112"
    again = WorkingCalendar([entry], table=TABLE, confirmations=[confirmation])
    assert {e.status for e in again.special_days(2027)} == {"official", "administrator"}


@pytest.mark.parametrize(
    ("year", "code"),
    [(2026, "calendar_year_announced"), (2101, "calendar_year_unsupported")],
)
def test_confirmation_refused(year: int, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        WorkingCalendar(table=TABLE).confirmation(year, "admin 2026-11-30")
    assert caught.value.code == code


def test_a_year_is_confirmed_once() -> None:
    confirmed = YearConfirmation(2027, (), "admin 2026-11-30")
    with pytest.raises(DomainError) as caught:
        WorkingCalendar(table=TABLE, confirmations=[confirmed]).confirmation(2027, "admin")
    assert caught.value.code == "calendar_year_confirmed"
    with pytest.raises(DomainError):
        WorkingCalendar(confirmations=[confirmed, confirmed])


# --- bad tables ---------------------------------------------------------------------


def _with(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(TABLE_DATA)
    change(data)
    return data


def _first_day(data: dict[str, Any]) -> dict[str, Any]:
    day: dict[str, Any] = data["years"][0]["days"][0]
    return day


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"format": 1, "years": []},
        _with(lambda d: d.update(format=2)),
        _with(lambda d: d.update(format=True)),
        _with(lambda d: d.update(country="LA")),
        _with(lambda d: d.update(years={})),
        _with(lambda d: d["years"].append(d["years"][0])),
        _with(lambda d: d["years"][0].update(status="official")),
        _with(lambda d: d["years"][0].update(year="2026")),
        _with(lambda d: d["years"][0].update(year=1800)),
        _with(lambda d: d["years"][0].update(source="")),
        _with(lambda d: d["years"][0].update(days=None)),
        _with(lambda d: d["years"][0].pop("source")),
        _with(lambda d: d["years"][0]["days"].append(_first_day(d))),
        _with(lambda d: _first_day(d).update(day="2027-01-01")),
        _with(lambda d: _first_day(d).update(day="2026-02-30")),
        _with(lambda d: _first_day(d).update(day="01/01/2026")),
        _with(lambda d: _first_day(d).update(working="no")),
        _with(lambda d: _first_day(d).update(name=" ")),
        _with(lambda d: _first_day(d).update(name="x" * 101)),
        _with(lambda d: _first_day(d).update(source="")),
        _with(lambda d: _first_day(d).update(source="x" * 301)),
        _with(lambda d: _first_day(d).update(extra=1)),
        _with(lambda d: _first_day(d).pop("working")),
    ],
)
def test_bad_table_refused(data: Any) -> None:
    with pytest.raises(DomainError) as caught:
        CalendarTable.from_data(data)
    assert caught.value.code == "calendar_entry_invalid"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d["years"][0]["days"].append(_first_day(d)), "2026-01-01 is given twice"),
        (lambda d: _first_day(d).update(day="2027-01-01"), "2027-01-01 is not in 2026"),
    ],
)
def test_a_day_given_twice_or_in_another_year_is_named(change: Any, said: str) -> None:
    """The message was "Each day of 2026 once, in 2026": the operator had to search."""
    with pytest.raises(DomainError) as caught:
        CalendarTable.from_data(_with(change))
    assert said in caught.value.message


def test_names_and_sources_are_cleaned() -> None:
    nfd = unicodedata.normalize("NFD", " Nghỉ  bù ")
    assert DayFact(date(2027, 1, 4), False, nfd, nfd).name == "Nghỉ bù"
    assert CalendarOverride(date(2027, 1, 4), False, "Nghỉ", nfd).source == "Nghỉ bù"
