"""Retention: the periods the administrator sets, and the purge of what is past them.

The periods are declared in ``domain/retention.py`` and stored in ``settings``
(a change is an event, ``unit.retention_set``, administrator only). The purge
(``counter-app db purge``, and once a day from the window after its backup, see
``services/recovery.py`` :func:`daily_upkeep`) removes in one transaction the
reception drafts, the printed papers' bytes and the synced walk-in tickets past
their period, and records ``data.purged`` with the counts: never a name, a number
or a ticket's label. The event log, the dossiers, their history and the payments
are never touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from counter_app.domain import retention
from counter_app.domain.clock import Clock
from counter_app.domain.records import record
from counter_app.domain.retention import DRAFTS, PRINT_BYTES, PURGED, WALKIN_TICKETS
from counter_app.services.permissions import Guard, Permission
from counter_app.storage import audit, events, retained, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

PURGED_EVENT = "data.purged"
SET_EVENT = "unit.retention_set"


@record(frozen=True)
class Purge:
    """What a purge removed (or, in a dry run, would remove), per kind."""

    counts: dict[str, int]
    days: dict[str, int]
    dry_run: bool


def periods(db: Database) -> dict[str, int]:
    """Every period in days, from the settings (the declared default where unset)."""
    return retention.from_settings(settings.get_all(db))


def purge(
    db: Database,
    now: datetime,
    context: events.EventContext,
    dry_run: bool = False,
    automatic: bool = False,
) -> Purge:
    """Remove what is past its period, in one transaction, with its event; in a dry
    run, count it in one snapshot and write nothing. The daily ``automatic`` purge
    records its event only when it removed something: the log is not a diary."""
    if dry_run:
        with audit.read_snapshot(db):
            days = periods(db)
            found = _due(db, now, days)
        return Purge(_counts(found), _purged_days(days), True)
    with transaction(db):
        days = periods(db)
        found = _due(db, now, days)
        _remove(db, found)
        counts = _counts(found)
        if any(counts.values()) or not automatic:
            payload = {"counts": counts, "days": _purged_days(days), "automatic": automatic}
            events.append(db, context, PURGED_EVENT, ("unit", context.device_id), payload, now)
    return Purge(counts, _purged_days(days), False)


def _due(db: Database, now: datetime, days: dict[str, int]) -> dict[str, list[Any]]:
    from counter_app.sync.queue_wire import TICKET_AGGREGATE  # its models: a purge only

    def cutoff(key: str) -> datetime:
        return now - timedelta(days=days[key])

    return {
        DRAFTS: retained.stale_drafts(db, cutoff(DRAFTS)),
        PRINT_BYTES: retained.printed_bytes(db, cutoff(PRINT_BYTES)),
        WALKIN_TICKETS: retained.synced_tickets(db, cutoff(WALKIN_TICKETS), TICKET_AGGREGATE),
    }


def _remove(db: Database, found: dict[str, list[Any]]) -> None:
    retained.delete_drafts(db, found[DRAFTS])
    retained.blank_bytes(db, found[PRINT_BYTES])
    retained.delete_tickets(db, found[WALKIN_TICKETS])


def _counts(found: dict[str, list[Any]]) -> dict[str, int]:
    return {key: len(found[key]) for key in PURGED}


def _purged_days(days: dict[str, int]) -> dict[str, int]:
    return {key: days[key] for key in PURGED}


class RetentionService:
    """The administrator's side: see and set the periods, purge by hand."""

    def __init__(self, db: Database, clock: Clock, device_id: str) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._guard = Guard(db, clock, device_id)

    def periods(self) -> dict[str, int]:
        return periods(self._db)

    def set_periods(self, changes: dict[str, int], officer: str) -> dict[str, int]:
        """Store the periods given (each checked against its bounds), with one event."""
        self._guard.require(officer, Permission.UNIT, "retention")
        checked = {key: retention.check_days(key, days) for key, days in changes.items()}
        if checked:
            context = events.EventContext(self._device_id, officer)
            with transaction(self._db):
                for key, days in checked.items():
                    settings.put(self._db, retention.rule(key).setting, str(days))
                aggregate = ("unit", self._device_id)
                payload = {"days": checked}
                events.append(self._db, context, SET_EVENT, aggregate, payload, self._clock.now())
        return self.periods()

    def purge(self, officer: str, dry_run: bool = False) -> Purge:
        """The purge on the administrator's word (``counter-app db purge``)."""
        self._guard.require(officer, Permission.UNIT, "purge")
        context = events.EventContext(self._device_id, officer)
        return purge(self._db, self._clock.now(), context, dry_run)
