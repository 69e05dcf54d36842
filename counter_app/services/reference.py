"""Reference data as the domain sees it: the catalogue and the working calendar."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from counter_app.domain.calendar import (
    DEFAULT_HOURS,
    CalendarDay,
    CalendarOverride,
    WorkingCalendar,
    WorkingHours,
)
from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.procedures import Catalogue
from counter_app.domain.text import clean
from counter_app.storage import events, reference, settings
from counter_app.storage.database import transaction

HOURS_KEY = "working_hours"
CUTOFF_KEY = "same_day_cutoff"


class ReferenceService:
    """Builds the catalogue and the calendar from the local store, and edits the
    administrator's calendar table (each edit an event)."""

    def __init__(self, db: Database, clock: Clock, device_id: str) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._cached: tuple[int, Catalogue, WorkingCalendar] | None = None

    def catalogue(self) -> Catalogue:
        return self._load()[0]

    def calendar(self) -> WorkingCalendar:
        return self._load()[1]

    def _load(self) -> tuple[Catalogue, WorkingCalendar]:
        # PRAGMA data_version moves when another connection commits: the cache
        # follows changes made by another process (the sync, the admin tool).
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        if self._cached is None or self._cached[0] != version:
            records = reference.procedure_records(self._db)
            catalogue = Catalogue.from_data({"format": 1, "procedures": records})
            overrides = [
                CalendarOverride(day=day, working=working, name=name)
                for day, working, name in reference.calendar_overrides(self._db)
            ]
            self._cached = (version, catalogue, WorkingCalendar(overrides, self.working_hours()))
        return self._cached[1], self._cached[2]

    def working_hours(self) -> WorkingHours:
        periods = settings.get(self._db, HOURS_KEY)
        if periods is None:
            return DEFAULT_HOURS
        return WorkingHours.parse(periods, settings.get(self._db, CUTOFF_KEY) or "15:00")

    def set_working_hours(self, hours: WorkingHours, officer: str) -> None:
        """Office hours of this unit; promised times are counted inside them."""
        periods, cutoff = hours.to_text()
        now = self._clock.now()
        context = events.EventContext(self._device_id, officer)
        payload = {"periods": periods, "same_day_cutoff": cutoff}
        with transaction(self._db):
            settings.put(self._db, HOURS_KEY, periods)
            settings.put(self._db, CUTOFF_KEY, cutoff)
            events.append(
                self._db, context, "calendar.hours_set", ("calendar", "hours"), payload, now
            )
        self._cached = None

    def special_days(self, year: int) -> list[CalendarDay]:
        if not 1990 <= year <= 2200:
            raise DomainError("year_invalid", f"{year} is not a year the calendar knows.")
        return self.calendar().special_days(year)

    def set_day(self, day: date, working: bool, name: str, officer: str) -> None:
        """An extra day off or a make-up working day, decided by the administrator."""
        name = clean(name)
        if not name or len(name) > 100:
            raise DomainError(
                "calendar_name_required", "A calendar entry needs a name (at most 100 characters)."
            )
        now = self._clock.now()
        context = events.EventContext(self._device_id, officer)
        payload = {"day": day.isoformat(), "working": working, "name": name}
        with transaction(self._db):
            reference.put_calendar_override(self._db, day, working, name, officer, now.isoformat())
            events.append(
                self._db, context, "calendar.day_set", ("calendar", day.isoformat()), payload, now
            )
        self._cached = None
