"""Reference data as the domain sees it: the catalogue and the working calendar.

The calendar is the shipped table of announced years (given by the composition
root), the years the administrator confirmed and the administrator's entries,
both stored as plain rows with who, when and the source, as the city will send them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from counter_app.domain.calendar import (
    DEFAULT_HOURS,
    CalendarDay,
    CalendarOverride,
    CalendarTable,
    WorkingCalendar,
    WorkingHours,
    YearConfirmation,
)
from counter_app.domain.calendar_facts import DayFact
from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.procedures import Catalogue, Procedure
from counter_app.domain.text import clean
from counter_app.services.permissions import Guard, Permission
from counter_app.storage import errors, events, reference, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction
from counter_app.storage.reference import ADMINISTRATOR_ORIGIN, ConfirmationRow, OverrideRow

HOURS_KEY = "working_hours"
# The document an administrator cites; listed with who and when after it.
MAX_DOCUMENT_LENGTH = 200


def stored_hours(text: str | None) -> WorkingHours:
    """The office hours the settings hold (the default ones until an administrator
    sets them). Hours that do not read are ``row_damaged``: promised times are counted
    in them, so none are guessed."""
    if text is None:
        return DEFAULT_HOURS
    try:
        return WorkingHours.parse(text)
    except DomainError:
        raise errors.row_damaged("settings", HOURS_KEY) from None


# The catalogue and the calendar were checked when they were stored: a row that no
# longer reads was changed since (by hand, a damaged page). It is ``row_damaged``,
# named by its key: fees and promised times are not computed from a guess.


def stored_catalogue(db: Database) -> Catalogue:
    records = reference.procedure_records(db)
    try:
        return Catalogue.from_data({"format": 1, "procedures": records})
    except DomainError:
        raise errors.row_damaged("procedures", _first_unreadable(records)) from None


def _first_unreadable(records: list[dict[str, Any]]) -> str:
    """The code and version of the first stored procedure that does not read alone
    ("?" when each does, and only the catalogue they make together does not)."""
    for record in records:
        try:
            Procedure.from_data(record)
        except (DomainError, LookupError, TypeError, ValueError):
            return f"{str(record.get('code'))[:20]} version {str(record.get('version'))[:6]}"
    return "?"


def stored_calendar(db: Database) -> tuple[list[CalendarOverride], list[YearConfirmation]]:
    """The administrator's and the city's days, and the years confirmed."""
    overrides = []
    for entry in reference.calendar_overrides(db):
        try:
            label = _label(entry.source, entry.officer, entry.updated_at)
            overrides.append(CalendarOverride(entry.day, entry.working, entry.name, label))
        except (DomainError, LookupError, TypeError, ValueError):  # edited by hand
            raise errors.row_damaged("calendar_overrides", str(entry.day)) from None
    confirmations = []
    for row in reference.calendar_confirmations(db):
        try:
            days = tuple(DayFact.from_data(day) for day in row.days)
        except (DomainError, LookupError, TypeError, ValueError):
            raise errors.row_damaged("calendar_confirmations", row.year) from None
        label = _label(row.source, row.officer, row.confirmed_at)
        confirmations.append(YearConfirmation(row.year, days, label))
    return overrides, confirmations


class ReferenceService:
    """Builds the catalogue and the calendar from the local store, and edits the
    administrator's calendar table (each edit an event)."""

    def __init__(
        self, db: Database, clock: Clock, device_id: str, calendar_table: CalendarTable
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._calendar_table = calendar_table
        self._guard = Guard(db, clock, device_id)
        self._cached: tuple[int, Catalogue, WorkingCalendar] | None = None

    def catalogue(self) -> Catalogue:
        return self._load()[0]

    def invalidate(self) -> None:
        """Forget what was loaded: this connection changed reference data (PRAGMA
        data_version only moves for commits of other connections)."""
        self._cached = None

    def calendar(self) -> WorkingCalendar:
        return self._load()[1]

    def _load(self) -> tuple[Catalogue, WorkingCalendar]:
        # PRAGMA data_version moves when another connection commits: the cache
        # follows changes made by another process (the sync, the admin tool).
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        if self._cached is None or self._cached[0] != version:
            self._cached = (version, stored_catalogue(self._db), self._build_calendar())
        return self._cached[1], self._cached[2]

    def _build_calendar(self) -> WorkingCalendar:
        overrides, confirmations = stored_calendar(self._db)
        return WorkingCalendar(overrides, self.working_hours(), self._calendar_table, confirmations)

    def working_hours(self) -> WorkingHours:
        return stored_hours(settings.get(self._db, HOURS_KEY))

    def set_working_hours(self, hours: WorkingHours, officer: str) -> None:
        """Office hours of this unit; promised times are counted inside them."""
        self._guard.require(officer, Permission.UNIT, "working_hours")
        periods = hours.to_text()
        now = self._clock.now()
        context = events.EventContext(self._device_id, officer)
        payload = {"periods": periods}
        with transaction(self._db):
            settings.put(self._db, HOURS_KEY, periods)
            events.append(
                self._db, context, "calendar.hours_set", ("calendar", "hours"), payload, now
            )
        self._cached = None

    def special_days(self, year: int) -> list[CalendarDay]:
        self._check_year(year)
        return self.calendar().special_days(year)

    def set_day(self, day: date, working: bool, name: str, officer: str, source: str = "") -> None:
        """An extra day off or a make-up working day, decided by the administrator;
        `source`: the document it follows, if any."""
        self._guard.require(officer, Permission.CALENDAR, day.isoformat())
        self._check_year(day.year)  # a day off in 9999 is a typo
        entry = CalendarOverride(day, working, name, _document(source))  # checks the name
        now = self._clock.now()
        row = OverrideRow(
            day, working, entry.name, entry.source, ADMINISTRATOR_ORIGIN, officer, now.isoformat()
        )
        payload = {
            "day": day.isoformat(),
            "working": working,
            "name": row.name,
            "source": row.source,
        }
        with transaction(self._db):
            reference.put_calendar_override(self._db, row)
            self._event("calendar.day_set", day.isoformat(), payload, officer, now)
        self._cached = None

    def clear_day(self, day: date, officer: str) -> None:
        """Remove the administrator's entry of `day`: the day is again as announced or
        expected."""
        self._guard.require(officer, Permission.CALENDAR, day.isoformat())
        now = self._clock.now()
        with transaction(self._db):
            removed = reference.delete_calendar_override(self._db, day)
            if removed is None:
                raise DomainError(
                    "calendar_entry_missing",
                    f"There is no administrator entry for {day.isoformat()}.",
                    day=day.isoformat(),
                )
            payload = {"day": day.isoformat(), "working": removed.working, "name": removed.name}
            self._event("calendar.day_cleared", day.isoformat(), payload, officer, now)
        self._cached = None

    def confirm_year(self, year: int, officer: str, source: str = "") -> YearConfirmation:
        """The administrator vouches for the days of `year` as they are listed now
        (the estimates included): they are official from now on. `source`: the
        document they were checked against, if any."""
        self._guard.require(officer, Permission.CALENDAR, str(year))
        self._check_year(year)
        source = _document(source)
        now = self._clock.now()
        with transaction(self._db):
            label = _label(source, officer, now.isoformat())
            confirmation = self.calendar().confirmation(year, label)
            days = [fact.to_data() for fact in confirmation.days]
            row = ConfirmationRow(
                year, days, source, ADMINISTRATOR_ORIGIN, officer, now.isoformat()
            )
            reference.put_calendar_confirmation(self._db, row)
            payload = {"year": year, "source": source, "days": days}
            self._event("calendar.year_confirmed", str(year), payload, officer, now)
        self._cached = None
        return confirmation

    def _event(
        self, kind: str, aggregate: str, payload: dict[str, Any], officer: str, at: datetime
    ) -> None:
        context = events.EventContext(self._device_id, officer)
        events.append(self._db, context, kind, ("calendar", aggregate), payload, at)

    @staticmethod
    def _check_year(year: int) -> None:
        if not 1990 <= year <= 2200:
            raise DomainError("year_invalid", f"{year} is not a year the calendar knows.")


def _document(source: str) -> str:
    text = clean(source)
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise DomainError(
            "calendar_source_invalid",
            f"The source must have at most {MAX_DOCUMENT_LENGTH} characters.",
        )
    return text


def _label(source: str, officer: str, at: str) -> str:
    """Where an entry comes from as listed: its document, then who and on which day."""
    return "; ".join(part for part in (source, f"{officer} {at[:10]}") if part)
