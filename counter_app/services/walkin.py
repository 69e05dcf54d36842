"""Walk-in tickets: the counter's own queue while the ward server cannot be reached.

DESIGN.md §9: without the ward server, a counter issues walk-in tickets from its own
prefix and reports them later. The prefix is "Q" and the letter of the counter's number
(counter 1 "QA", counter 3 "QC"... counter 26 "QZ"), so a label ("QC001") never meets
an area's (single letters, "A012") nor another counter's; numbers start again at 1 every
day in Asia/Ho_Chi_Minh.

Everything here is local and instant, on the window's thread: each action stores the
ticket and writes, in the same transaction, the event the ward's own queue log would
write (``queue.taken``, ``queue.called``... aggregate ``queue_ticket``, payload
``{"ticket": …, "counter": N}``). Reporting is the sync's: the events go to the ward
server with the counter's others, and its projection stores the tickets under this
counter's device, so the ward's and the city's figures count them.

As with the ward's queue (``services.queue.QueueDesk``), a reception saved while a
walk-in ticket is at the counter is linked to it and goes with its finish, whether the
officer presses "finish" or calls the next citizen.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import counter_app.sync.queue_wire as qw
from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.storage import events, settings, walkin
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

if TYPE_CHECKING:
    from counter_app.services.printing import PrintService
    from counter_app.storage.print_jobs import PrintJob

RATER = "citizen"  # the officer of a rating's event, as the ward server writes it
MAX_COUNTER = 26  # one letter of A-Z per counter


def walk_in_prefix(counter: int) -> str:
    """Counter 1 → "QA", counter 3 → "QC"…, counter 26 → "QZ"."""
    if not 1 <= counter <= MAX_COUNTER:
        raise DomainError(
            "walk_in_no_prefix",
            f"counter {counter} has no walk-in prefix (counters 1-{MAX_COUNTER} have one)",
            counter=counter,
        )
    return "Q" + chr(ord("A") + counter - 1)


@record(frozen=True)
class Issued:
    """A walk-in ticket just taken, how many wait before it, and its paper if printed."""

    ticket: qw.Ticket
    ahead: int
    print_job: PrintJob | None = None


class WalkInService:
    """This counter's walk-in tickets: take, call, serve, finish, rate; never the network."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        device_id: str,
        printing: PrintService | None = None,
        counter: int | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._printing = printing
        self._counter = counter  # a demonstration's; else the installation's setting
        self._link: tuple[str, str, str] | None = None  # (ticket id, dossier, procedure)

    # --- what the counter has ---------------------------------------------------------

    def counter(self) -> int:
        """This counter's number in the ward (its enrolment's), as the queue desk reads it."""
        if self._counter is not None:
            return self._counter
        return int(settings.get(self._db, "counter_number") or "1")

    def prefix(self) -> str:
        return walk_in_prefix(self.counter())

    def current(self) -> qw.Ticket | None:
        """The walk-in ticket called or being served at this counter today."""
        return _ticket(walkin.current(self._db, self._today()))

    def waiting(self) -> int:
        """Today's walk-in tickets not called yet."""
        return walkin.waiting(self._db, self._today())

    def pending(self) -> bool:
        """Whether walk-in tickets are still to be served (waiting or at the counter)."""
        return self.current() is not None or self.waiting() > 0

    def knows(self, label: str) -> bool:
        return walkin.by_label(self._db, label.strip().upper()) is not None

    # --- the actions ------------------------------------------------------------------

    def take(self, officer: str) -> Issued:
        """A new walk-in ticket, waiting; printed on the counter's printer if it has one."""
        now, counter = self._now(), self.counter()
        prefix, day = walk_in_prefix(counter), self._today()
        import uuid  # a write only (as the event log)

        with transaction(self._db):
            ahead = walkin.waiting(self._db, day)
            number = walkin.last_number(self._db, day, prefix) + 1
            ticket = qw.Ticket(
                id=str(uuid.uuid4()),
                label=f"{prefix}{number:03d}",
                day=day,
                prefix=prefix,
                number=number,
                area=prefix,
                source=qw.TicketSource.COUNTER,
                state=qw.TicketState.WAITING,
                taken_at=_moment(now),
            )
            self._record(ticket, qw.TAKEN, officer, counter, now)
            job = self._print(ticket, ahead, officer)  # the ticket and its paper, or neither
        return Issued(ticket, ahead, job)

    def call_next(self, officer: str) -> qw.CallAnswer:
        """Finish the ticket at the counter (with its reception) and call the oldest
        waiting one; ``ticket`` None when nobody waits."""
        now, counter = self._now(), self.counter()
        with transaction(self._db):
            finished = self._finish_current(officer, counter, now)
            waiting = _ticket(walkin.next_waiting(self._db, self._today()))
            if waiting is None:
                return qw.CallAnswer(ticket=None, finished=finished)
            called = waiting.model_copy(
                update={
                    "state": qw.TicketState.CALLED,
                    "counter": counter,
                    "officer": officer or None,
                    "called_at": waiting.called_at or _moment(now),
                    "last_called_at": _moment(now),
                    "calls": waiting.calls + 1,
                }
            )
            self._record(called, qw.CALLED, officer, counter, now)
        return qw.CallAnswer(ticket=called, finished=finished)

    def recall(self, officer: str) -> qw.Ticket:
        def again(ticket: qw.Ticket, now: datetime) -> dict[str, Any]:
            return {"last_called_at": _moment(now), "calls": ticket.calls + 1}

        return self._act(officer, qw.RECALLED, again)

    def start(self, officer: str) -> qw.Ticket:
        def serving(ticket: qw.Ticket, now: datetime) -> dict[str, Any]:
            if ticket.state is not qw.TicketState.CALLED:
                raise DomainError("queue_already_serving", "the ticket is already being served")
            return {"state": qw.TicketState.SERVING, "started_at": _moment(now)}

        return self._act(officer, qw.STARTED, serving)

    def skip(self, officer: str) -> qw.Ticket:
        def absent(ticket: qw.Ticket, _now: datetime) -> dict[str, Any]:
            if ticket.state is not qw.TicketState.CALLED:
                raise DomainError("queue_skip_serving", "a ticket being served cannot be skipped")
            return {"state": qw.TicketState.NO_SHOW}

        return self._act(officer, qw.SKIPPED, absent)

    def finish(
        self, officer: str, dossier_code: str | None = None, procedure_code: str | None = None
    ) -> qw.Ticket:
        """Finish the ticket at the counter, with the reception given or linked to it."""
        now, counter = self._now(), self.counter()
        with transaction(self._db):
            current = _ticket(walkin.current(self._db, self._today()))
            if current is None:
                raise DomainError("queue_no_current", "no walk-in ticket is at the counter")
            return self._done(current, officer, counter, now, (dossier_code, procedure_code))

    def rate(self, label: str, rating: str, reason: str = "") -> qw.Ticket:
        """The citizen's answer about a walk-in ticket finished at this counter, once."""
        now, counter = self._now(), self.counter()
        with transaction(self._db):
            ticket = _ticket(walkin.by_label(self._db, label.strip().upper()))
            if ticket is None or ticket.state is not qw.TicketState.DONE:
                raise DomainError("queue_not_finished_here", f"{label} was not finished here")
            if ticket.rating is not None:
                raise DomainError("queue_rated_already", f"{label} is rated already")
            rated = ticket.model_copy(
                update={"rating": rating, "rating_reason": " ".join(reason.split())[:500] or None}
            )
            rated = qw.Ticket.model_validate(rated.model_dump(), strict=False)  # the key's pattern
            self._record(rated, qw.RATED, RATER, counter, now)
        return rated

    def link_reception(self, dossier_code: str, procedure_code: str) -> str | None:
        """Link a reception just saved to the walk-in ticket at the counter; its label,
        or None when none is there. The first reception saved while serving it stays."""
        current = self.current()
        if current is None:
            return None
        if self._link is None or self._link[0] != current.id:
            self._link = (current.id, dossier_code, procedure_code)
        return current.label

    # --- inside ---------------------------------------------------------------------

    def _act(self, officer: str, kind: str, change: Any) -> qw.Ticket:
        now, counter = self._now(), self.counter()
        with transaction(self._db):
            current = _ticket(walkin.current(self._db, self._today()))
            if current is None:
                raise DomainError("queue_no_current", "no walk-in ticket is at the counter")
            changed = current.model_copy(
                update={**change(current, now), "officer": officer or current.officer}
            )
            self._record(changed, kind, officer, counter, now)
        return changed

    def _finish_current(self, officer: str, counter: int, now: datetime) -> qw.Ticket | None:
        current = _ticket(walkin.current(self._db, self._today()))
        return None if current is None else self._done(current, officer, counter, now)

    def _done(
        self,
        ticket: qw.Ticket,
        officer: str,
        counter: int,
        now: datetime,
        given: tuple[str | None, str | None] = (None, None),
    ) -> qw.Ticket:
        linked = self._link if self._link and self._link[0] == ticket.id else None
        dossier, procedure = given if given[0] else (linked[1:] if linked else (None, None))
        done = ticket.model_copy(
            update={
                "state": qw.TicketState.DONE,
                "finished_at": _moment(now),
                "officer": officer or ticket.officer,
                "dossier_code": dossier or ticket.dossier_code,
                "procedure_code": procedure or ticket.procedure_code,
            }
        )
        done = qw.Ticket.model_validate(done.model_dump(), strict=False)  # the codes' lengths
        self._record(done, qw.FINISHED, officer, counter, now)
        self._link = None
        return done

    def _record(
        self, ticket: qw.Ticket, kind: str, officer: str, counter: int, now: datetime
    ) -> None:
        """Store the ticket and its event (inside the caller's transaction)."""
        data = ticket.model_dump(mode="json")
        walkin.save(self._db, data)
        context = events.EventContext(self._device_id, officer)
        payload = {"ticket": data, "counter": counter}
        events.append(self._db, context, kind, (qw.TICKET_AGGREGATE, ticket.id), payload, now)

    def _print(self, ticket: qw.Ticket, ahead: int, officer: str) -> PrintJob | None:
        if self._printing is None or not self._printing.settings().url:
            return None
        issued = datetime.fromisoformat(ticket.taken_at)
        return self._printing.queue_ticket_in_transaction(
            ticket.label, self.counter(), issued, ahead, officer
        )

    def _now(self) -> datetime:
        return self._clock.now().astimezone(VIETNAM)

    def _today(self) -> str:
        return self._now().date().isoformat()


def _ticket(data: dict[str, Any] | None) -> qw.Ticket | None:
    return None if data is None else qw.Ticket.model_validate(data, strict=False)


def _moment(value: datetime) -> str:
    """Vietnam time to the microsecond, as the ward server writes a ticket's times."""
    return value.astimezone(VIETNAM).isoformat(timespec="microseconds")
