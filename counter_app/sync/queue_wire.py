"""The queue's wire schemas: tickets, calls and the ward's queue as clients see it.

The ward server owns the ward's queue (DESIGN.md §9): counters, the kiosk and the board
ask it over HTTP (``/v1/queue/...``, docs/queue.md) and follow it live by server-sent
events. Each action is also an event of the ward's queue log (``queue.taken``,
``queue.called``...), whose payload is the ticket as the action left it, so the city
learns the queue through the sync like any other events.

What the server answers (a ticket, a call, the queue's status) is an :class:`Answer`: a
field a newer ward server added is ignored by an older counter, kiosk or board. What it
reads (the requests, and the setup an administrator puts) stays strict.

A ticket's ``label`` is its area's prefix and its number of the day, zero-padded to three
digits (``A012``); numbers start again at 1 every day in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from counter_app.sync.wire import Answer, Id, Text, Wire

Prefix = Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,2}$")]
CounterNumber = Annotated[int, Field(ge=1, le=99)]
Officer = Annotated[str, StringConstraints(max_length=64)]
DossierCode = Annotated[str, StringConstraints(min_length=1, max_length=40)]
MAX_AREAS = 26
MAX_COUNTERS = 99

# The event types of the queue log (``central.queue``); the aggregate is the ticket.
TICKET_AGGREGATE = "queue_ticket"
TAKEN, CALLED, RECALLED, SKIPPED, TRANSFERRED, STARTED, FINISHED, RATED = (
    "queue.taken",
    "queue.called",
    "queue.recalled",
    "queue.skipped",
    "queue.transferred",
    "queue.started",
    "queue.finished",
    "queue.rated",
)
QUEUE_EVENTS = frozenset({TAKEN, CALLED, RECALLED, SKIPPED, TRANSFERRED, STARTED, FINISHED, RATED})
ProcedureCode = Annotated[str, StringConstraints(min_length=1, max_length=40)]
RatingKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]


class Priority(StrEnum):
    """Who is served before the others (DOMAIN.md §9)."""

    ELDERLY = "elderly"
    DISABILITY = "disability"
    PREGNANT = "pregnant"
    CHILD = "child"  # a parent with a child under 6
    OTHER = "other"  # another priority an officer grants at the counter


class TicketState(StrEnum):
    WAITING = "waiting"  # taken, or transferred, not yet called
    CALLED = "called"  # called to a counter; the citizen is walking there
    SERVING = "serving"  # the officer started serving
    DONE = "done"
    NO_SHOW = "no_show"  # skipped: did not come when called (may be called again)


class TicketSource(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"  # issued by an officer at a counter


class Ticket(Answer):
    id: Id
    label: Annotated[str, StringConstraints(max_length=8)]  # "A012"
    day: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    prefix: Prefix  # the area it was taken for
    number: Annotated[int, Field(ge=1)]
    area: Prefix  # the area it waits in now (changed by a transfer)
    target_counter: CounterNumber | None = None  # transferred to this counter only
    priority: Priority | None = None
    source: TicketSource
    state: TicketState
    counter: CounterNumber | None = None  # where it was last called
    officer: Officer | None = None  # who called or served it last
    taken_at: str  # ISO 8601, Vietnam time
    called_at: str | None = None  # the first call
    last_called_at: str | None = None
    calls: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    dossier_code: DossierCode | None = None
    procedure_code: ProcedureCode | None = None  # of the dossier received while serving it
    rating: RatingKey | None = None  # the citizen's answer (``RatingScale``'s key)
    rating_reason: Text | None = None


class TakeRequest(Wire):
    area: Prefix
    priority: Priority | None = None
    source: TicketSource = TicketSource.COUNTER


class TakenTicket(Answer):
    """A new ticket, with what the kiosk prints and shows."""

    ticket: Ticket
    area_name: Text
    ahead: int  # tickets of the area called before this one, as things stand


class CallRequest(Wire):
    counter: CounterNumber
    officer: Officer = ""


class TransferRequest(Wire):
    counter: CounterNumber  # the counter that hands the ticket on
    officer: Officer = ""
    to_area: Prefix | None = None
    to_counter: CounterNumber | None = None


class FinishRequest(Wire):
    counter: CounterNumber
    officer: Officer = ""
    dossier_code: DossierCode | None = None  # the reception made while serving it
    procedure_code: ProcedureCode | None = None


class RateRequest(Wire):
    """The citizen's rating of a finished ticket, from the counter's citizen screen."""

    counter: CounterNumber
    rating: RatingKey
    reason: Text = ""


class CallAnswer(Answer):
    """Call next: the called ticket, or none when nobody waits for this counter;
    ``finished``: the counter's previous ticket, finished by this call."""

    ticket: Ticket | None
    finished: Ticket | None = None


class Area(Wire):
    prefix: Prefix
    name: Text
    procedures: Annotated[
        list[Annotated[str, StringConstraints(max_length=40)]], Field(max_length=500)
    ] = Field(default_factory=list)


class Counter(Wire):
    number: CounterNumber
    name: Text = ""
    areas: Annotated[list[Prefix], Field(max_length=MAX_AREAS)]


class QueueSetup(Wire):
    """The ward's areas and counters (``PUT /v1/queue/setup`` replaces them whole)."""

    areas: Annotated[list[Area], Field(min_length=1, max_length=MAX_AREAS)]
    counters: Annotated[list[Counter], Field(min_length=1, max_length=MAX_COUNTERS)]


class AreaStatus(Answer):
    prefix: Prefix
    name: Text
    waiting: int
    priority_waiting: int
    last_number: int  # the last number taken today


class CounterStatus(Answer):
    number: CounterNumber
    name: Text
    areas: list[Prefix]
    current: Ticket | None = None  # called or being served


class QueueStatus(Answer):
    """The ward's queue today: what the board and the counters' panels show."""

    day: str
    version: int  # grows with every action: a client compares it to skip a redraw
    areas: list[AreaStatus]
    counters: list[CounterStatus]
    recent_calls: list[Ticket]  # the latest calls first
    server_time: str
