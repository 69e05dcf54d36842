"""The range of dates the counter accepts from anyone, declared once.

A year 0001 or 9999 typed or sent by a script is a typo or an attack, never a real
day of a one-stop counter: such a date is refused before it reaches a rule, the store
or a time-zone conversion (where year 1 at +14:00 is before the first day there is).
"""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.errors import DomainError

MIN_YEAR = 1900
MAX_YEAR = 2100


def check_day(day: date, field: str = "date") -> date:
    """``day`` if its year is from :data:`MIN_YEAR` to :data:`MAX_YEAR`, else a refusal."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DomainError(
            "date_out_of_range",
            f"{field}: {day.isoformat()} is not a day from {MIN_YEAR} to {MAX_YEAR}.",
            field=field,
            value=day.isoformat(),
            low=MIN_YEAR,
            high=MAX_YEAR,
        )
    return day


def check_moment(moment: datetime, field: str = "time") -> datetime:
    """``moment`` if its day is in range (see :func:`check_day`), else a refusal."""
    check_day(moment.date(), field)
    return moment
