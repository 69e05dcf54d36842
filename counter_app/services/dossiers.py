"""Following dossiers after reception: look up, search, move through the status machine."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.dossier_status import MAX_REASON
from counter_app.domain.dossiers import (
    Dossier,
    HistoryEntry,
    Status,
    check_transition,
    parse_dossier_code,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.services.permissions import Guard, Permission
from counter_app.storage import dossiers
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any

STATUS_EVENT = "dossier.status_changed"
RESCHEDULED_EVENT = "dossier.rescheduled"
REASSIGNED_EVENT = "dossier.reassigned"
OPEN = frozenset({Status.RECEIVED, Status.IN_PROCESSING, Status.SUPPLEMENT_REQUESTED})
# Ends without a result: for another officer's dossier, the head of the unit decides.
CLOSING = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED})
LIST_LIMIT = 500


@record(frozen=True)
class DossierQuery:
    """What the counter's dossier list asks for, in the officer's terms.

    ``days``: received in the last N days, today included (ignored while searching by
    text: a citizen who comes back is found whenever they came); ``open_only``: still
    being handled; ``overdue``: still being handled and past the promised time.
    """

    text: str = ""
    status: Status | None = None
    open_only: bool = False
    officer: str | None = None
    days: int | None = None
    overdue: bool = False


class DossierService:
    def __init__(self, db: Database, clock: Clock, device_id: str) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._guard = Guard(db, clock, device_id)

    def get(self, code: str) -> Dossier:
        parse_dossier_code(code)
        found = dossiers.by_code(self._db, code.strip().upper())
        if found is None:
            raise DomainError("dossier_not_found", f"No dossier has the code {code}.", code=code)
        return found

    def received_on(self, day: date) -> list[Dossier]:
        start = datetime.combine(day, time(0), VIETNAM)
        return dossiers.received_between(self._db, start, start + timedelta(days=1))

    def today(self) -> list[Dossier]:
        return self.received_on(self._clock.now().date())

    def search(self, text: str, limit: int = dossiers.SEARCH_LIMIT) -> list[Dossier]:
        if len(text) > 200:
            raise DomainError("search_too_long", "A search is at most 200 characters.")
        return dossiers.search(self._db, text, limit)

    def find(self, wanted: dossiers.DossierFilter) -> list[Dossier]:
        if len(wanted.text) > 200:
            raise DomainError("search_too_long", "A search is at most 200 characters.")
        return dossiers.find(self._db, wanted)

    def listing(self, query: DossierQuery, viewer: str) -> list[Dossier]:
        """The dossier list of the counter window, newest first.

        Every officer lists their own dossiers and searches all of them by text (a
        citizen comes back to whichever counter is free); listing another officer's
        work, or everyone's, is the head's (``Permission.OTHERS_WORK``).
        """
        searching_all = bool(query.text.strip()) and query.officer is None
        if query.officer != viewer and not searching_all:
            self._guard.require(viewer, Permission.OTHERS_WORK, "dossier list")
        wanted = self._filter(query)
        if query.overdue and not wanted.statuses:
            return []  # only a dossier still being handled can be overdue
        return self.find(wanted)

    def _filter(self, query: DossierQuery) -> dossiers.DossierFilter:
        now = self._clock.now()
        statuses: frozenset[Status] = frozenset()
        if query.status is not None:
            statuses = frozenset({query.status})
        elif query.open_only:
            statuses = OPEN
        if query.overdue:
            statuses = (statuses or OPEN) & OPEN
        start = None
        if query.days and not query.text.strip():
            today = datetime.combine(now.date(), time(0), now.tzinfo)
            start = today - timedelta(days=query.days - 1)
        return dossiers.DossierFilter(
            text=query.text,
            statuses=statuses,
            officer=query.officer,
            received_from=start,
            due_before=now if query.overdue else None,
            limit=LIST_LIMIT,
        )

    def overdue_filter(self) -> dossiers.DossierFilter:
        """Open dossiers whose promised time has passed."""
        return dossiers.DossierFilter(statuses=OPEN, due_before=self._clock.now())

    def reschedule(self, code: str, new_due: datetime, reason: str, officer: str) -> Dossier:
        """A late dossier gets a new promised time (with form 04, the apology), and its event."""
        self._check_owner(code, officer)
        reason = clean(reason)
        if not reason:
            raise DomainError(
                "status_reason_required", "A new date needs the reason for the delay."
            )
        if len(reason) > MAX_REASON:
            raise DomainError(
                "status_reason_too_long",
                f"The reason has {len(reason)} characters; at most {MAX_REASON} are kept.",
                length=len(reason),
                limit=MAX_REASON,
            )
        with transaction(self._db):
            dossier = self.get(code)
            if dossier.status not in OPEN:
                raise DomainError(
                    "reschedule_closed", "Only a dossier still being handled gets a new date."
                )
            if new_due <= dossier.due_at:
                raise DomainError(
                    "reschedule_not_later", "The new date must be after the promised one."
                )
            now = self._clock.now()
            payload = {
                "code": dossier.code,
                "from": dossier.due_at.isoformat(),
                "to": new_due.isoformat(),
                "reason": reason,
            }
            self._append_event(officer, RESCHEDULED_EVENT, dossier.id, payload, now)
            dossiers.set_due(self._db, dossier.id, new_due, now)
        return self.get(code)

    def change_status(self, code: str, target: Status, reason: str, officer: str) -> Dossier:
        """One status change with its history entry and event, or nothing."""
        if target in CLOSING:
            self._check_owner(code, officer)
        reason = clean(reason)
        with transaction(self._db):
            self.record_status(self.get(code), target, reason, officer)
        return self.get(code)

    def reassign(self, code: str, to: str, reason: str, officer: str) -> Dossier:
        """Hand a dossier to another officer (on leave, moved, a heavy day), with why.

        An officer hands over their own dossiers; another officer's dossier is moved
        by the head of the unit. The new officer must be an active account.
        """
        self._check_owner(code, officer)
        reason = clean(reason)
        if not reason or len(reason) > MAX_REASON:
            raise DomainError(
                "reassign_reason_required",
                f"Say why the dossier changes hands (at most {MAX_REASON} characters).",
            )
        if not self._guard.is_active(to):
            raise DomainError("officer_unknown", f"There is no active officer {to}.", field="to")
        with transaction(self._db):
            dossier = self.get(code)
            if dossier.officer == to:
                raise DomainError("reassign_same", f"{code} is already {to}'s dossier.")
            now = self._clock.now()
            payload = {"code": dossier.code, "from": dossier.officer, "to": to, "reason": reason}
            self._append_event(officer, REASSIGNED_EVENT, dossier.id, payload, now)
            dossiers.set_officer(self._db, dossier.id, to, now)
        return self.get(code)

    def may_see_others(self, officer: str) -> bool:
        return self._guard.may(officer, Permission.OTHERS_WORK)

    def _check_owner(self, code: str, officer: str) -> None:
        """Another officer's dossier is closed or rescheduled by the head of the unit."""
        if self.get(code).officer != officer:
            self._guard.require(officer, Permission.OTHERS_DOSSIERS, code)

    def record_status(
        self,
        dossier: Dossier,
        target: Status,
        reason: str,
        officer: str,
        origin: dict[str, str] | None = None,
    ) -> None:
        """The status change, its history entry and event, inside the caller's transaction
        (the counter's own, or a page of changes from the sync). ``origin``: where a change
        decided elsewhere comes from (a back office's time and change id), kept in the event.
        """
        check_transition(dossier.status, target, reason)
        now = self._clock.now()
        payload = {
            "code": dossier.code,
            "from": dossier.status.value,
            "to": target.value,
            "reason": reason,
            **({"origin": origin} if origin else {}),
        }
        event_id = self._append_event(officer, STATUS_EVENT, dossier.id, payload, now)
        entry = HistoryEntry(now, officer, dossier.status, target, reason)
        dossiers.set_status(self._db, dossier.id, target, now)
        dossiers.add_history(self._db, dossier.id, entry, event_id)

    def _append_event(
        self, officer: str, event_type: str, dossier_id: str, payload: dict[str, Any], at: datetime
    ) -> str:
        """The change's event, inside its transaction. The event log (with its hashing)
        is imported by the first change: a search or a list writes none."""
        from counter_app.storage import events

        context = events.EventContext(self._device_id, officer)
        return events.append(self._db, context, event_type, ("dossier", dossier_id), payload, at)
