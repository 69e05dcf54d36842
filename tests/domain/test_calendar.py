"""Working-day calendar: expectations computed by hand from the calendar of each year.

Plain weeks used below: 2026-03-01 is a Sunday, 2026-03-02 a Monday, no holidays in
March 2026. Default hours 07:30–11:30 and 13:00–17:00, so one day is 480 minutes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.app import calendar_table
from counter_app.domain.calendar import (
    CalendarDay,
    CalendarOverride,
    TimeLimit,
    WorkingCalendar,
    WorkingHours,
)
from counter_app.domain.errors import DomainError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_DAY = TimeLimit.of_days(1)
CIVIL_STATUS = "Luật Hộ tịch 2014, khoản 3 Điều 5"
SAME_DAY = TimeLimit.same_day_limit(time(15), CIVIL_STATUS)
SAME_DAY_NO_CUTOFF = TimeLimit.same_day_limit()
LIBRARY = "holidays 0.109"
HOLIDAY = "Bộ luật Lao động 2019, khoản 1 Điều 112"
SUBSTITUTE = "Bộ luật Lao động 2019, khoản 3 Điều 111"
TABLE = calendar_table()


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar(table=TABLE)


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi)


# --- N-day limits in a plain week -------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # A full day from opening ends at closing, not at the next opening.
        (at(2026, 3, 2, 7, 30), "1", at(2026, 3, 2, 17)),
        # 90 + 240 minutes on Monday, 150 more on Tuesday from 07:30.
        (at(2026, 3, 2, 10), "1", at(2026, 3, 3, 10)),
        (at(2026, 3, 2, 7, 30), "0.5", at(2026, 3, 2, 11, 30)),
        (at(2026, 3, 2, 7, 30), "1.5", at(2026, 3, 3, 11, 30)),
        # 720 minutes: 330 on Monday, 240 Tuesday morning, 150 after lunch.
        (at(2026, 3, 2, 10), "1.5", at(2026, 3, 3, 15, 30)),
        # Before opening: the clock starts at 07:30.
        (at(2026, 3, 2, 6), "1", at(2026, 3, 2, 17)),
        # During lunch: the clock starts at 13:00; 240 Monday, 240 Tuesday morning.
        (at(2026, 3, 2, 12), "1", at(2026, 3, 3, 11, 30)),
        (at(2026, 3, 2, 11, 30), "0.5", at(2026, 3, 2, 17)),
        # After closing: the clock starts on Tuesday at 07:30.
        (at(2026, 3, 2, 17, 30), "1", at(2026, 3, 3, 17)),
        (at(2026, 3, 2, 17), "1", at(2026, 3, 3, 17)),
        # Sunday: the clock starts on Monday at 07:30.
        (at(2026, 3, 1, 9), "1", at(2026, 3, 2, 17)),
        # Friday 10:00 over the weekend.
        (at(2026, 3, 6, 10), "1", at(2026, 3, 9, 10)),
        (at(2026, 3, 2, 10), "5", at(2026, 3, 9, 10)),
        # 0.001 day is 0.48 minute, rounded up to 1; 0.0021 day is 1.008, rounded up to 2.
        (at(2026, 3, 2, 7, 30), "0.001", at(2026, 3, 2, 7, 31)),
        (at(2026, 3, 2, 7, 30), "0.0021", at(2026, 3, 2, 7, 32)),
    ],
)
def test_due_time_plain_week(
    calendar: WorkingCalendar, received: datetime, days: str, due: datetime
) -> None:
    assert calendar.due_time(received, TimeLimit.of_days(days)) == due


def test_seconds_of_the_receipt_are_kept(calendar: WorkingCalendar) -> None:
    received = datetime(2026, 3, 2, 10, 0, 30)
    assert calendar.due_time(received, ONE_DAY) == datetime(2026, 3, 3, 10, 0, 30)


# --- Same-day limits ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 3, 2, 15), at(2026, 3, 2, 17)),
        (datetime(2026, 3, 2, 15, 0, 40), at(2026, 3, 2, 17)),
        (at(2026, 3, 2, 15, 1), at(2026, 3, 3, 17)),
        (at(2026, 3, 2, 6), at(2026, 3, 2, 17)),
        (at(2026, 3, 2, 12), at(2026, 3, 2, 17)),
        (at(2026, 3, 2, 17, 30), at(2026, 3, 3, 17)),
        # Sunday → Monday; Friday after the cutoff → Monday.
        (at(2026, 3, 1, 9), at(2026, 3, 2, 17)),
        (at(2026, 3, 6, 16), at(2026, 3, 9, 17)),
    ],
)
def test_same_day(calendar: WorkingCalendar, received: datetime, due: datetime) -> None:
    assert calendar.due_time(received, SAME_DAY) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # No cutoff: in time until closing.
        (at(2026, 3, 2, 15, 1), at(2026, 3, 2, 17)),
        (at(2026, 3, 2, 16), at(2026, 3, 2, 17)),
        (datetime(2026, 3, 2, 16, 59, 59), at(2026, 3, 2, 17)),
        # At closing or after, or on a day off: the next working day.
        (at(2026, 3, 2, 17), at(2026, 3, 3, 17)),
        (at(2026, 3, 2, 18), at(2026, 3, 3, 17)),
        (at(2026, 3, 7, 9), at(2026, 3, 9, 17)),
        (at(2026, 3, 6, 16), at(2026, 3, 6, 17)),
    ],
)
def test_same_day_without_cutoff(
    calendar: WorkingCalendar, received: datetime, due: datetime
) -> None:
    assert calendar.due_time(received, SAME_DAY_NO_CUTOFF) == due


def test_cutoff_is_the_procedures_own() -> None:
    calendar = WorkingCalendar(table=TABLE)
    half_past = TimeLimit.same_day_limit(time(14, 30), "Quy định thử")
    assert calendar.due_time(at(2026, 3, 2, 14, 30), half_past) == at(2026, 3, 2, 17)
    assert calendar.due_time(at(2026, 3, 2, 14, 31), half_past) == at(2026, 3, 3, 17)
    # A cutoff after closing time never applies: closing does.
    late = TimeLimit.same_day_limit(time(18), "Quy định thử")
    assert calendar.due_time(at(2026, 3, 2, 17), late) == at(2026, 3, 3, 17)


# --- Tết 2027 (expected): Thu 4 Feb to Wed 10 Feb off --------------------------------


def test_tet_2027_days_off(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2027, 2, 3))
    for day in range(4, 11):
        assert not calendar.is_working_day(date(2027, 2, day)), day
    assert calendar.is_working_day(date(2027, 2, 11))


def test_tet_2027_three_days(calendar: WorkingCalendar) -> None:
    # 1440 minutes: Wed 3 Feb 330, Thu 11 Feb 480, Fri 12 Feb 480, Mon 15 Feb 150.
    due = calendar.due_time(at(2027, 2, 3, 10), TimeLimit.of_days(3))
    assert due == at(2027, 2, 15, 10)


def test_tet_2027_same_day(calendar: WorkingCalendar) -> None:
    assert calendar.due_time(at(2027, 2, 3, 14), SAME_DAY) == at(2027, 2, 3, 17)
    assert calendar.due_time(at(2027, 2, 3, 16), SAME_DAY) == at(2027, 2, 11, 17)


# --- Statutory make-up Saturdays and substitute days ----------------------------------


def test_make_up_saturday_2026(calendar: WorkingCalendar) -> None:
    assert calendar.due_time(at(2026, 8, 21, 10), ONE_DAY) == at(2026, 8, 22, 10)
    assert calendar.due_time(at(2026, 8, 22, 10), ONE_DAY) == at(2026, 8, 24, 10)
    assert calendar.due_time(at(2026, 8, 22, 14), SAME_DAY) == at(2026, 8, 22, 17)


def test_national_day_2026(calendar: WorkingCalendar) -> None:
    # Sat 29 Aug, Sun 30 Aug, Mon 31 Aug (substitute), Tue 1 and Wed 2 Sep are off.
    assert calendar.due_time(at(2026, 8, 28, 10), ONE_DAY) == at(2026, 9, 3, 10)


def test_make_up_saturday_seen_on_first_lookup() -> None:
    """The holidays object only lists a year's make-up days once that year is filled in."""
    assert WorkingCalendar().is_working_day(date(2026, 8, 22))
    assert WorkingCalendar().next_working_start(at(2026, 8, 22, 6)) == at(2026, 8, 22, 7, 30)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 26), True),  # make-up Saturday
        (date(2025, 5, 2), False),  # its substitute day off
        (date(2025, 4, 27), False),  # an ordinary Sunday
        (date(2025, 9, 1), False),
        (date(2026, 8, 22), True),
        (date(2026, 8, 29), False),  # an ordinary Saturday
        (date(2026, 8, 31), False),
        (date(2026, 11, 24), False),  # Vietnamese Culture Day, new from 2026
        (date(2027, 5, 3), False),  # 1 May 2027 is a Saturday
        (date(2027, 9, 3), False),
        (date(2028, 1, 3), False),  # 1 Jan 2028 is a Saturday
        (date(2028, 9, 4), False),  # 2 Sep 2028 is a Saturday
        (date(2028, 9, 5), True),
    ],
)
def test_statutory_days_2025_to_2028(day: date, working: bool) -> None:
    assert WorkingCalendar().is_working_day(day) is working


# --- Administrator overrides --------------------------------------------------------


def test_admin_make_up_saturday() -> None:
    calendar = WorkingCalendar([CalendarOverride(date(2026, 3, 7), True, "Làm bù")])
    assert calendar.due_time(at(2026, 3, 6, 10), ONE_DAY) == at(2026, 3, 7, 10)


def test_admin_day_off(calendar: WorkingCalendar) -> None:
    assert calendar.due_time(at(2026, 2, 27, 10), ONE_DAY) == at(2026, 3, 2, 10)
    closed = WorkingCalendar([CalendarOverride(date(2026, 3, 2), False, "Nghỉ bầu cử")])
    assert closed.due_time(at(2026, 2, 27, 10), ONE_DAY) == at(2026, 3, 3, 10)
    assert closed.due_time(at(2026, 3, 2, 9), SAME_DAY) == at(2026, 3, 3, 17)


def test_admin_override_beats_statutory_holiday() -> None:
    calendar = WorkingCalendar([CalendarOverride(date(2027, 2, 10), True, "Đi làm")])
    assert calendar.due_time(at(2027, 2, 3, 16), SAME_DAY) == at(2027, 2, 10, 17)


def test_whole_years_off_is_refused() -> None:
    start = date(2030, 1, 1)
    off = [CalendarOverride(start + timedelta(days=n), False, "Đóng cửa") for n in range(1100)]
    calendar = WorkingCalendar(off)
    with pytest.raises(DomainError) as caught:
        calendar.due_time(datetime(2030, 1, 1, 8), ONE_DAY)
    assert caught.value.code == "calendar_no_working_day"
    with pytest.raises(DomainError) as caught:
        calendar.due_time(datetime(2030, 1, 1, 8), SAME_DAY)
    assert caught.value.code == "calendar_no_working_day"


def test_duplicate_override_refused() -> None:
    entries = [
        CalendarOverride(date(2026, 3, 7), True, "Làm bù"),
        CalendarOverride(date(2026, 3, 7), False, "Nghỉ"),
    ]
    with pytest.raises(DomainError) as caught:
        WorkingCalendar(entries)
    assert caught.value.code == "calendar_override_duplicate"


def test_override_name_is_cleaned() -> None:
    nfd = "Ngày  nghỉ ".replace("à", "a\u0300").replace("ỉ", "i\u0309")
    assert CalendarOverride(date(2026, 3, 7), False, nfd).name == "Ngày nghỉ"


@pytest.mark.parametrize(
    ("day", "working", "name"),
    [
        (date(2026, 3, 7), False, ""),
        (date(2026, 3, 7), False, "   "),
        (date(2026, 3, 7), False, "x" * 101),
        (date(2026, 3, 7), "yes", "Nghỉ"),
        (datetime(2026, 3, 7, 8), False, "Nghỉ"),
        ("2026-03-07", False, "Nghỉ"),
    ],
)
def test_bad_override_refused(day: Any, working: Any, name: str) -> None:
    with pytest.raises(DomainError) as caught:
        CalendarOverride(day, working, name)
    assert caught.value.code == "calendar_override_invalid"


# --- special_days -------------------------------------------------------------------


def test_special_days_tet_2027_are_expected(calendar: WorkingCalendar) -> None:
    tet = [entry for entry in calendar.special_days(2027) if entry.day.month == 2]
    assert tet == [
        CalendarDay(date(2027, 2, 4), False, "29 Tết", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 5), False, "Giao thừa Tết Nguyên Đán", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 6), False, "Tết Nguyên Đán", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 7), False, "Mùng hai Tết Nguyên Đán", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 8), False, "Mùng ba Tết Nguyên Đán", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 9), False, "Mùng bốn Tết Nguyên Đán", "expected", LIBRARY),
        CalendarDay(date(2027, 2, 10), False, "Mùng năm Tết Nguyên Đán", "expected", LIBRARY),
    ]


def test_labour_code_solar_days_are_official_before_an_announcement(
    calendar: WorkingCalendar,
) -> None:
    days = {entry.day: entry for entry in calendar.special_days(2027)}
    assert days[date(2027, 1, 1)] == CalendarDay(
        date(2027, 1, 1), False, "Tết Dương lịch", "official", HOLIDAY
    )
    # 1 May 2027 is a Saturday: its substitute, Monday 3 May, is the law's too.
    assert days[date(2027, 5, 3)].status == "official"
    assert days[date(2027, 5, 3)].source == SUBSTITUTE
    # The day next to 2/9 is the Prime Minister's choice; Giỗ Tổ is a lunar estimate.
    assert days[date(2027, 9, 2)].status == "official"
    assert days[date(2027, 9, 3)].status == "expected"
    assert days[date(2027, 4, 16)].status == "expected"
    assert days[date(2027, 11, 24)].status == "expected"


def test_special_days_sorted_and_in_year(calendar: WorkingCalendar) -> None:
    days = calendar.special_days(2027)
    assert [entry.day for entry in days] == sorted(entry.day for entry in days)
    assert {entry.day.year for entry in days} == {2027}


def test_2026_is_the_announced_list(calendar: WorkingCalendar) -> None:
    days = calendar.special_days(2026)
    assert {entry.status for entry in days} == {"official"}
    assert all(entry.source for entry in days)
    off = [entry.day.isoformat() for entry in days if not entry.working]
    assert off == [
        "2026-01-01",
        "2026-01-02",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-04-26",
        "2026-04-27",
        "2026-04-30",
        "2026-05-01",
        "2026-08-31",
        "2026-09-01",
        "2026-09-02",
        "2026-11-24",
    ]
    working = [entry.day.isoformat() for entry in days if entry.working]
    assert working == ["2026-01-10", "2026-08-22"]
    assert "12729/VPCP-KGVX" in next(e.source for e in days if e.day == date(2026, 1, 2))


def test_2026_new_year_swap(calendar: WorkingCalendar) -> None:
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    # Wed 31/12/2025 10:00 + 3 days: 6.5 h Wed; Thu 1/1 and Fri 2/1 off, weekend;
    # Mon 5, Tue 6 (16 h), 1.5 h on Wed 7/1.
    assert calendar.due_time(at(2025, 12, 31, 10), TimeLimit.of_days(3)) == at(2026, 1, 7, 10)
    # Fri 9/1 14:00 + 1 day: 3 h Friday, 5 h on the make-up Saturday 10/1.
    assert calendar.due_time(at(2026, 1, 9, 14), ONE_DAY) == at(2026, 1, 10, 14)
    assert calendar.due_time(at(2026, 1, 10, 16), SAME_DAY) == at(2026, 1, 12, 17)


def test_2026_does_not_depend_on_the_library() -> None:
    """The library does not know the 2/1/2026 swap; the table does."""
    assert WorkingCalendar().is_working_day(date(2026, 1, 2))
    assert not WorkingCalendar(table=TABLE).is_working_day(date(2026, 1, 2))
    assert not WorkingCalendar(table=TABLE).is_working_day(date(2026, 2, 20))


def test_special_days_override_replaces_lower_layers() -> None:
    calendar = WorkingCalendar(
        [
            CalendarOverride(date(2027, 2, 10), True, "Đi làm", "admin 2026-11-30"),
            CalendarOverride(date(2027, 3, 8), False, "Nghỉ"),
            CalendarOverride(date(2028, 3, 8), False, "Năm sau"),
        ],
        table=TABLE,
    )
    days = calendar.special_days(2027)
    assert [entry for entry in days if entry.day == date(2027, 2, 10)] == [
        CalendarDay(date(2027, 2, 10), True, "Đi làm", "administrator", "admin 2026-11-30")
    ]
    assert CalendarDay(date(2027, 3, 8), False, "Nghỉ", "administrator", "") in days
    assert all(entry.day.year == 2027 for entry in days)


def test_unsupported_year_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(DomainError) as caught:
        calendar.is_working_day(date(2101, 1, 3))
    assert caught.value.code == "calendar_year_unsupported"
    with pytest.raises(DomainError):
        calendar.special_days(1900)


# --- next_working_start and time zones ----------------------------------------------


@pytest.mark.parametrize(
    ("moment", "start"),
    [
        (at(2026, 3, 2, 10), at(2026, 3, 2, 10)),
        (at(2026, 3, 2, 11, 30), at(2026, 3, 2, 13)),
        (at(2026, 3, 2, 17), at(2026, 3, 3, 7, 30)),
        (at(2026, 3, 1, 10), at(2026, 3, 2, 7, 30)),
        (at(2027, 2, 3, 18), at(2027, 2, 11, 7, 30)),
    ],
)
def test_next_working_start(calendar: WorkingCalendar, moment: datetime, start: datetime) -> None:
    assert calendar.next_working_start(moment) == start


def test_aware_datetimes_stay_aware(calendar: WorkingCalendar) -> None:
    received = datetime(2026, 3, 2, 10, tzinfo=HCM)
    due = calendar.due_time(received, ONE_DAY)
    assert due == datetime(2026, 3, 3, 10, tzinfo=HCM)
    assert due.tzinfo is HCM
    assert calendar.due_time(received, SAME_DAY).tzinfo is HCM
    assert calendar.next_working_start(received.replace(hour=18)).tzinfo is HCM


def test_naive_datetimes_stay_naive(calendar: WorkingCalendar) -> None:
    assert calendar.due_time(at(2026, 3, 2, 10), ONE_DAY).tzinfo is None


# --- Custom working hours -----------------------------------------------------------


def test_custom_hours() -> None:
    hours = WorkingHours(((time(8), time(12)), (time(13, 30), time(17, 30))))
    calendar = WorkingCalendar(hours=hours)
    assert hours.minutes_per_day == 480
    # Starts at 13:30: 240 to 17:30 Monday, 240 to 12:00 Tuesday.
    assert calendar.due_time(at(2026, 3, 2, 12, 30), ONE_DAY) == at(2026, 3, 3, 12)
    # The procedure's cutoff stays 15:00 whatever the hours; closing is 17:30.
    assert calendar.due_time(at(2026, 3, 2, 15), SAME_DAY) == at(2026, 3, 2, 17, 30)
    assert calendar.due_time(at(2026, 3, 2, 15, 1), SAME_DAY) == at(2026, 3, 3, 17, 30)
    assert calendar.due_time(at(2026, 3, 2, 17), SAME_DAY_NO_CUTOFF) == at(2026, 3, 2, 17, 30)


def test_half_day_hours() -> None:
    hours = WorkingHours(((time(8), time(12)),))
    calendar = WorkingCalendar(hours=hours)
    assert hours.minutes_per_day == 240
    # 120 minutes on Monday, 120 on Tuesday from 08:00.
    assert calendar.due_time(at(2026, 3, 2, 10), ONE_DAY) == at(2026, 3, 3, 10)
    # Closed from 12:00: a same-day dossier received at 12:00 is due Tuesday.
    assert calendar.due_time(at(2026, 3, 2, 11), SAME_DAY) == at(2026, 3, 2, 12)
    assert calendar.due_time(at(2026, 3, 2, 12), SAME_DAY) == at(2026, 3, 3, 12)


def test_default_hours() -> None:
    assert WorkingHours().minutes_per_day == 480
    assert WorkingHours().day_end == time(17)


@pytest.mark.parametrize(
    "periods",
    [
        (),
        ((time(12), time(8)),),
        ((time(8), time(8)),),
        ((time(13), time(17)), (time(7, 30), time(11, 30))),
        ((time(7, 30), time(12)), (time(11, 30), time(17))),
        ((time(7, 30, 15), time(11, 30)),),
        ((time(7, 30, tzinfo=HCM), time(11, 30)),),
        ((time(7, 30), time(11, 30, 0, 5)),),
        (("07:30", "11:30"),),
    ],
)
def test_bad_hours_refused(periods: Any) -> None:
    with pytest.raises(DomainError) as caught:
        WorkingHours(periods)
    assert caught.value.code == "working_hours_invalid"


def test_touching_periods_allowed() -> None:
    hours = WorkingHours(((time(8), time(12)), (time(12), time(16))))
    assert hours.minutes_per_day == 480


# --- TimeLimit ----------------------------------------------------------------------


def test_time_limit_values() -> None:
    assert TimeLimit.of_days(3).days == Decimal(3)
    assert TimeLimit.of_days(" 2.5 ").days == Decimal("2.5")
    assert TimeLimit.of_days(Decimal("0.5")) == TimeLimit(days=Decimal("0.5"))
    assert TimeLimit.of_days(365).days == Decimal(365)
    assert TimeLimit.same_day_limit() == TimeLimit(same_day=True)


@pytest.mark.parametrize(
    "days", [0, -1, "0", "-0.5", "365.01", 366, "abc", "", "NaN", "Infinity", 1.5, True, None]
)
def test_bad_days_refused(days: Any) -> None:
    with pytest.raises(DomainError) as caught:
        TimeLimit.of_days(days)
    assert caught.value.code == "time_limit_invalid"


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"days": Decimal(2), "same_day": True},
        {"days": 2},
        {"days": Decimal("sNaN")},
        {"days": Decimal("-Infinity")},
        {"days": Decimal(2), "cutoff": time(15), "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": time(15)},
        {"same_day": True, "cutoff": time(15), "cutoff_source": "   "},
        {"same_day": True, "cutoff": time(15), "cutoff_source": "x" * 301},
        {"same_day": True, "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": time(15, 0, 30), "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": time(15, tzinfo=HCM), "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "15:00", "cutoff_source": "Luật"},
    ],
)
def test_bad_time_limit_constructions_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as caught:
        TimeLimit(**fields)
    assert caught.value.code == "time_limit_invalid"


@pytest.mark.parametrize(
    ("limit", "data"),
    [
        (TimeLimit.of_days(3), {"days": "3"}),
        (TimeLimit.of_days("0.5"), {"days": "0.5"}),
        (TimeLimit.of_days("1.50"), {"days": "1.50"}),
        (TimeLimit.of_days(Decimal("1E+1")), {"days": "10"}),
        (TimeLimit.same_day_limit(), {"same_day": True}),
        (
            TimeLimit.same_day_limit(time(15), CIVIL_STATUS),
            {"same_day": True, "cutoff": "15:00", "cutoff_source": CIVIL_STATUS},
        ),
        (
            TimeLimit.same_day_limit(time(14, 30), "Nghị định 23/2015/NĐ-CP, Điều 7"),
            {
                "same_day": True,
                "cutoff": "14:30",
                "cutoff_source": "Nghị định 23/2015/NĐ-CP, Điều 7",
            },
        ),
    ],
)
def test_time_limit_data_round_trip(limit: TimeLimit, data: dict[str, object]) -> None:
    assert limit.to_data() == data
    assert TimeLimit.from_data(data) == limit


def test_cutoff_source_is_cleaned() -> None:
    nfd = " Luật  Hộ tịch ".replace("ậ", "a\u0323\u0302")
    limit = TimeLimit.from_data({"same_day": True, "cutoff": "15:00", "cutoff_source": nfd})
    assert limit.cutoff == time(15)
    assert limit.cutoff_source == "Luật Hộ tịch"


def test_time_limit_from_data_accepts_int_and_explicit_false() -> None:
    assert TimeLimit.from_data({"days": 2}) == TimeLimit.of_days(2)
    assert TimeLimit.from_data({"days": "2", "same_day": False}) == TimeLimit.of_days(2)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"days": 3.0},
        {"days": "three"},
        {"days": "0"},
        {"same_day": False},
        {"same_day": "yes"},
        {"same_day": 1},
        {"same_day": True, "days": "1"},
        {"days": "1", "extra": 1},
        {"days": "1", "cutoff": "15:00", "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "15:00"},
        {"same_day": True, "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "15:00", "cutoff_source": ""},
        {"same_day": True, "cutoff": "3pm", "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "25:00", "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "15:00:00", "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "1500", "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": 15, "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": None, "cutoff_source": "Luật"},
        {"same_day": True, "cutoff": "15:00", "cutoff_source": 7},
        ["days", "1"],
        None,
        "3",
    ],
)
def test_bad_time_limit_data_refused(data: Any) -> None:
    with pytest.raises(DomainError) as caught:
        TimeLimit.from_data(data)
    assert caught.value.code == "time_limit_invalid"


def test_working_hours_text_round_trip() -> None:
    hours = WorkingHours.parse("07:00-11:00, 13:30-17:30")
    assert hours.periods == ((time(7, 0), time(11, 0)), (time(13, 30), time(17, 30)))
    assert hours.to_text() == "07:00-11:00,13:30-17:30"


@pytest.mark.parametrize(
    "periods", ["17:00-07:00", "7h-11h", "07:30-25:00", "", "07:30", "07:30-11:30-12:00"]
)
def test_working_hours_text_refused(periods: str) -> None:
    with pytest.raises(DomainError) as error:
        WorkingHours.parse(periods)
    assert error.value.code == "working_hours_invalid"


@given(text=st.text(alphabet="0123456789: \t", max_size=8))
def test_a_clock_time_is_read_as_strptime_reads_it(text: str) -> None:
    """Office hours and cutoffs are read without strptime (its module costs the window's
    start about 9 ms), exactly as its "%H:%M" reads them."""
    try:
        expected: time | None = datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        expected = None
    try:
        got: time | None = WorkingHours.parse(f"{text}-23:59").periods[0][0]
    except DomainError:
        got = None
    if expected is not None and expected >= time(23, 59):
        assert got is None  # refused as a period that ends before it starts
    else:
        assert got == expected


def test_a_clock_time_takes_ascii_digits_only() -> None:
    with pytest.raises(DomainError):
        WorkingHours.parse("\u0660\u0667:30-11:30")  # Arabic-Indic digits: strptime took them
