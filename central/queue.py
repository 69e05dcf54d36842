"""The ward's queue: take a ticket, call, recall, skip, transfer, start, finish.

Each action is one transaction that changes the ticket and appends its event to the
ward's queue log (``central.queue_log``), whose payload is the ticket as it now stands.

Calling next is the race that matters: two counters must never get the same ticket,
and citizens are called in the order of the line. Every action locks the ward's log
first (``queue_log.head``: PostgreSQL ``FOR NO KEY UPDATE`` on its row; on SQLite the
write transaction, ``BEGIN IMMEDIATE``, holds the database's one write lock), before it
reads or locks any ticket. The ward's actions therefore run one at a time, in the order
of their place in the log: a call takes the first waiting ticket as the log stands at
its place, so the calls in the log follow the line exactly, whatever the number of
counters and server processes (``tests/central/test_queue_race.py``). Each action
appends to that one log anyway, so this costs no concurrency. The order of the line:
priority tickets first, then by place (``queued_at``: the time it was taken, kept
through a transfer).

A counter has at most one current ticket (called or being served); calling another
one finishes it first (an officer who moves on has finished, whether or not they
pressed "start"). Numbers restart every day (Asia/Ho_Chi_Minh); yesterday's waiting
tickets are never called.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, any_, bindparam, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql

import counter_app.sync.queue_wire as qw
from central import database, queue_log, queue_setup, schema
from central.errors import queue_conflict
from central.prepared import Prepared
from central.queue_log import WardLog
from counter_app.domain.clock import VIETNAM
from counter_app.domain.queue_stats import TARGET_WAIT_S, TicketFacts, figures
from counter_app.sync.queue_wire import Ticket, TicketState

CURRENT = (TicketState.CALLED.value, TicketState.SERVING.value)
RECENT_CALLS = 10
T = schema.queue_tickets


def today(now: datetime) -> str:
    return now.astimezone(VIETNAM).date().isoformat()


def _moment(value: datetime | None) -> str | None:
    """Vietnam time to the microsecond: the city's figures, read from the tickets as
    they travel, are then the ward's to the digit."""
    if value is None:
        return None
    return value.astimezone(VIETNAM).isoformat(timespec="microseconds")


def ticket_of(row: Any) -> Ticket:
    return Ticket(
        id=row.id,
        label=row.label,
        day=row.day,
        prefix=row.prefix,
        number=row.number,
        area=row.area,
        target_counter=row.target_counter,
        priority=None if row.priority is None else qw.Priority(row.priority),
        source=qw.TicketSource(row.source),
        state=TicketState(row.state),
        counter=row.counter_number,
        officer=row.officer,
        taken_at=_moment(row.taken_at) or "",
        called_at=_moment(row.called_at),
        last_called_at=_moment(row.last_called_at),
        calls=row.calls,
        started_at=_moment(row.started_at),
        finished_at=_moment(row.finished_at),
        dossier_code=row.dossier_code,
        procedure_code=row.procedure_code,
        rating=row.rating,
        rating_reason=row.rating_reason,
    )


# --- taking a ticket --------------------------------------------------------------------


def take(conn: Connection, ward_id: int, asked: qw.TakeRequest, now: datetime) -> qw.TakenTicket:
    log = queue_log.ward_log(conn, ward_id, now)
    area_name = _area_name(conn, ward_id, asked.area)
    day = today(now)
    head = queue_log.head(conn, log)  # locks the log: an area's numbers come one at a time
    last = conn.execute(
        select(func.max(T.c.number)).where(
            T.c.device_id == log.device_id, T.c.day == day, T.c.prefix == asked.area
        )
    ).scalar()
    number = int(last or 0) + 1
    ticket_id = str(uuid.uuid4())
    row = conn.execute(
        insert(T)
        .returning(*T.c)
        .values(
            id=ticket_id,
            ward_id=ward_id,
            device_id=log.device_id,
            day=day,
            prefix=asked.area,
            number=number,
            label=f"{asked.area}{number:03d}",
            area=asked.area,
            priority=None if asked.priority is None else asked.priority.value,
            rank=0 if asked.priority is not None else 1,
            source=asked.source.value,
            state=TicketState.WAITING.value,
            queued_at=now,
            taken_at=now,
            calls=0,
            seq=head.seq,
        )
    ).one()
    ticket = _logged(conn, log, head, row, qw.TAKEN, asked.source.value, now)
    # The others waiting in its area: all of them, or only the priority ones for a
    # priority ticket (the newest in the line: nobody else waiting comes after it).
    ahead = conn.execute(
        select(func.count()).where(
            T.c.device_id == log.device_id,
            T.c.day == day,
            T.c.area == asked.area,
            T.c.state == TicketState.WAITING.value,
            T.c.rank <= (0 if asked.priority is not None else 1),
            T.c.id != ticket_id,
        )
    ).scalar()
    return qw.TakenTicket(ticket=ticket, area_name=area_name, ahead=int(ahead or 0))


def _area_name(conn: Connection, ward_id: int, prefix: str) -> str:
    a = schema.queue_areas
    name = conn.execute(
        select(a.c.name).where(a.c.ward_id == ward_id, a.c.prefix == prefix)
    ).scalar()
    if name is None:
        raise queue_conflict(f"the ward has no service area {prefix}")
    return str(name)


# --- calling ---------------------------------------------------------------------------


def call_next(
    conn: Connection, ward_id: int, asked: qw.CallRequest, now: datetime
) -> qw.CallAnswer:
    log = queue_log.ward_log(conn, ward_id, now)
    head = queue_log.head(conn, log)  # first: the calls come one at a time, in line
    areas = _counter_areas(conn, ward_id, asked.counter)
    current = _current_id(conn, log, asked.counter, today(now))
    chosen = _next_waiting(conn, log, asked.counter, areas, today(now))
    if current is None and chosen is None:
        return qw.CallAnswer(ticket=None)
    finished = _finish(conn, log, head, current, asked.counter, asked.officer, now)
    called = None if chosen is None else _call(conn, log, head, chosen, asked, now)
    return qw.CallAnswer(ticket=called, finished=finished)


def call_ticket(
    conn: Connection, ward_id: int, label: str, asked: qw.CallRequest, now: datetime
) -> qw.CallAnswer:
    """Call a given ticket of today (waiting, or skipped earlier) to the counter."""
    log = queue_log.ward_log(conn, ward_id, now)
    head = queue_log.head(conn, log)  # the log first, then the ticket
    _counter_areas(conn, ward_id, asked.counter)
    found = conn.execute(
        select(T.c.id, T.c.state)
        .where(T.c.device_id == log.device_id, T.c.day == today(now), T.c.label == label.upper())
        .with_for_update()
    ).first()
    if found is None:
        raise queue_conflict(f"no ticket {label} today")
    if found.state not in (TicketState.WAITING.value, TicketState.NO_SHOW.value):
        raise queue_conflict(f"ticket {label} is {found.state}: it cannot be called now")
    current = _current_id(conn, log, asked.counter, today(now))
    finished = _finish(conn, log, head, current, asked.counter, asked.officer, now)
    return qw.CallAnswer(
        ticket=_call(conn, log, head, str(found.id), asked, now), finished=finished
    )


def _counter_areas(conn: Connection, ward_id: int, number: int) -> list[str]:
    areas = _AREAS.execute(conn, {"ward": ward_id, "number": number}).scalar()
    if areas is None:
        raise queue_conflict(f"the ward's queue has no counter {number}")
    return list(areas)


def _next_waiting(
    conn: Connection, log: WardLog, counter: int, areas: Sequence[str], day: str
) -> str | None:
    values = {"device": log.device_id, "day": day, "counter": counter}
    if database.is_postgres(conn):
        found = _NEXT_LOCKED.execute(conn, {**values, "areas": list(areas)}).first()
    else:
        found = _NEXT.execute(conn, {**values, "areas": json.dumps(list(areas))}).first()
    return None if found is None else str(found.id)


# The statements of every call, built and compiled once (central.prepared).
_AREAS = Prepared(
    select(schema.queue_counters.c.areas).where(
        schema.queue_counters.c.ward_id == bindparam("ward"),
        schema.queue_counters.c.number == bindparam("number"),
    )
)


def _next_where(one_of_areas: Any) -> Any:
    return (
        select(T.c.id)
        .where(
            T.c.device_id == bindparam("device"),
            T.c.day == bindparam("day"),
            T.c.state == TicketState.WAITING.value,
            or_(
                T.c.target_counter == bindparam("counter"),
                and_(T.c.target_counter.is_(None), one_of_areas),
            ),
        )
        .order_by(T.c.rank, T.c.queued_at, T.c.label)
        .limit(1)
    )


# The counter's areas as one value, so that the statement is the same whatever their
# number: a JSON list on SQLite, an array on PostgreSQL (locked, though no other
# transaction can be choosing at the same time: the log is locked first).
_AREA_LIST = func.json_each(bindparam("areas")).table_valued("value")
_NEXT = Prepared(_next_where(T.c.area.in_(select(_AREA_LIST.c.value).scalar_subquery())))
_AREA_ARRAY = bindparam("areas", type_=postgresql.ARRAY(T.c.area.type))
_NEXT_LOCKED = Prepared(_next_where(T.c.area == any_(_AREA_ARRAY)).with_for_update())


def _state_is(*states: TicketState) -> Any:
    """``state`` one of these (an OR of equalities: an IN of constants would be
    expanded again on every run)."""
    return or_(*(T.c.state == state.value for state in states))


_NOW = bindparam("b_now", type_=T.c.called_at.type)  # a time through the column's type (UTC)
_CALL = Prepared(
    update(T)
    .where(T.c.id == bindparam("b_ticket"), _state_is(TicketState.WAITING, TicketState.NO_SHOW))
    .values(
        state=TicketState.CALLED.value,
        counter_number=bindparam("b_counter"),
        officer=bindparam("b_officer"),
        called_at=func.coalesce(T.c.called_at, _NOW),
        last_called_at=_NOW,
        calls=T.c.calls + 1,
        target_counter=None,
        seq=bindparam("b_seq"),
    )
    .returning(*T.c)
)
_FINISH = Prepared(
    update(T)
    .where(T.c.id == bindparam("b_ticket"))
    .values(
        state=TicketState.DONE.value,
        finished_at=_NOW,
        officer=func.coalesce(bindparam("b_officer"), T.c.officer),
        seq=bindparam("b_seq"),
    )
    .returning(*T.c)
)
_CURRENT = Prepared(
    select(T.c.id)
    .where(
        T.c.device_id == bindparam("device"),
        T.c.day == bindparam("day"),
        T.c.counter_number == bindparam("counter"),
        _state_is(TicketState.CALLED, TicketState.SERVING),
    )
    .order_by(T.c.last_called_at.desc())
    .limit(1)
    .with_for_update()
)


def _call(
    conn: Connection,
    log: WardLog,
    head: queue_log.Head,
    ticket_id: str,
    asked: qw.CallRequest,
    now: datetime,
) -> Ticket:
    values = {
        "b_ticket": ticket_id,
        "b_counter": asked.counter,
        "b_officer": asked.officer or None,
        "b_now": now,
        "b_seq": head.seq,
    }
    row = _CALL.execute(conn, values).first()
    if row is None:  # a race the locks should have prevented: never a double call
        raise queue_conflict("the ticket was called by another counter: call again")
    extra = {"counter": asked.counter}
    return _logged(conn, log, head, row, qw.CALLED, asked.officer, now, extra)


def _logged(
    conn: Connection,
    log: WardLog,
    head: queue_log.Head,
    row: Any,
    kind: str,
    officer: str,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> Ticket:
    """Log the ticket as its changed ``row`` stands (the row carries ``head.seq``)."""
    ticket = ticket_of(row)
    payload = {"ticket": ticket.model_dump(mode="json"), **(extra or {})}
    queue_log.append(conn, log, head, kind, ticket.id, payload, officer, now)
    return ticket


# --- the counter's current ticket -------------------------------------------------------


def _current_id(conn: Connection, log: WardLog, counter: int, day: str) -> str | None:
    values = {"device": log.device_id, "day": day, "counter": counter}
    found = _CURRENT.execute(conn, values).first()
    return None if found is None else str(found.id)


def _finish(
    conn: Connection,
    log: WardLog,
    head: queue_log.Head,
    current: str | None,
    counter: int,
    officer: str,
    now: datetime,
) -> Ticket | None:
    """Finish the counter's ``current`` ticket (if any) as it calls another."""
    if current is None:
        return None
    values = {"b_ticket": current, "b_officer": officer or None, "b_now": now, "b_seq": head.seq}
    row = _FINISH.execute(conn, values).one()
    return _logged(conn, log, head, row, qw.FINISHED, officer, now, {"counter": counter})


def act(
    conn: Connection, ward_id: int, counter: int, action: str, body: Any, now: datetime
) -> Ticket:
    """recall, skip, start, finish or transfer the counter's current ticket."""
    log = queue_log.ward_log(conn, ward_id, now)
    head = queue_log.head(conn, log)  # the log first, then the ticket
    _counter_areas(conn, ward_id, counter)
    current = _current_id(conn, log, counter, today(now))
    if current is None:
        raise queue_conflict(f"counter {counter} has no ticket called now")
    state = conn.execute(select(T.c.state).where(T.c.id == current)).scalar_one()
    officer = body.officer
    extra: dict[str, Any] = {"counter": counter}
    if action == "recall":
        values: dict[str, Any] = {"last_called_at": now, "calls": T.c.calls + 1}
        kind = qw.RECALLED
    elif action == "skip":
        if state != TicketState.CALLED.value:
            raise queue_conflict("a ticket being served cannot be skipped: finish it")
        values, kind = {"state": TicketState.NO_SHOW.value}, qw.SKIPPED
    elif action == "start":
        if state != TicketState.CALLED.value:
            raise queue_conflict("the ticket is already being served")
        values, kind = {"state": TicketState.SERVING.value, "started_at": now}, qw.STARTED
    elif action == "finish":
        values = {"state": TicketState.DONE.value, "finished_at": now}
        if body.dossier_code:
            values["dossier_code"] = body.dossier_code
        if body.procedure_code:
            values["procedure_code"] = body.procedure_code
        kind = qw.FINISHED
    elif action == "transfer":
        values, extra = _transfer(conn, ward_id, counter, body), {**extra, **_targets(body)}
        kind = qw.TRANSFERRED
    else:  # the routes name the actions: anything else is a bug
        raise ValueError(f"unknown queue action {action}")
    if officer:
        values["officer"] = officer
    row = conn.execute(
        update(T).where(T.c.id == current).values(**values, seq=head.seq).returning(*T.c)
    ).one()
    return _logged(conn, log, head, row, kind, officer, now, extra)


def rate(
    conn: Connection, ward_id: int, label: str, asked: qw.RateRequest, now: datetime
) -> Ticket:
    """The citizen's rating of a ticket finished today at the counter, once."""
    log = queue_log.ward_log(conn, ward_id, now)
    head = queue_log.head(conn, log)  # the log first, then the ticket
    found = conn.execute(
        select(T.c.id, T.c.state, T.c.counter_number, T.c.rating)
        .where(T.c.device_id == log.device_id, T.c.day == today(now), T.c.label == label.upper())
        .with_for_update()
    ).first()
    if found is None:
        raise queue_conflict(f"no ticket {label} today")
    if found.state != TicketState.DONE.value or found.counter_number != asked.counter:
        raise queue_conflict(f"ticket {label} was not finished at counter {asked.counter}")
    if found.rating is not None:
        raise queue_conflict(f"ticket {label} is rated already")
    reason = " ".join(asked.reason.split()) or None
    row = conn.execute(
        update(T)
        .where(T.c.id == found.id)
        .values(rating=asked.rating, rating_reason=reason, seq=head.seq)
        .returning(*T.c)
    ).one()
    extra = {"counter": asked.counter}
    return _logged(conn, log, head, row, qw.RATED, "citizen", now, extra)


def _transfer(
    conn: Connection, ward_id: int, counter: int, body: qw.TransferRequest
) -> dict[str, Any]:
    if (body.to_area is None) == (body.to_counter is None):
        raise queue_conflict("transfer to one area or to one counter")
    if body.to_counter == counter:
        raise queue_conflict("the ticket is at this counter already")
    setup = queue_setup.read(conn, ward_id)
    values: dict[str, Any] = {"state": TicketState.WAITING.value, "started_at": None}
    if body.to_area is not None:
        if body.to_area not in {area.prefix for area in setup.areas}:
            raise queue_conflict(f"the ward has no service area {body.to_area}")
        values.update(area=body.to_area, target_counter=None)
    else:
        if body.to_counter not in {c.number for c in setup.counters}:
            raise queue_conflict(f"the ward's queue has no counter {body.to_counter}")
        values.update(target_counter=body.to_counter)
    return values


def _targets(body: qw.TransferRequest) -> dict[str, Any]:
    return {"to_area": body.to_area, "to_counter": body.to_counter}


# --- the queue as it stands ------------------------------------------------------------


def status(conn: Connection, ward_id: int, now: datetime) -> qw.QueueStatus:
    log = queue_log.ward_log(conn, ward_id, now)
    day = today(now)
    setup = queue_setup.read(conn, ward_id)
    mine = and_(T.c.device_id == log.device_id, T.c.day == day)
    waiting: dict[str, tuple[int, int]] = {
        row.area: (int(row.waiting), int(row.priority_waiting or 0))
        for row in conn.execute(
            select(
                T.c.area,
                func.count().label("waiting"),
                func.sum(case((T.c.rank == 0, 1), else_=0)).label("priority_waiting"),
            )
            .where(mine, T.c.state == TicketState.WAITING.value)
            .group_by(T.c.area)
        )
    }
    last = {
        row.prefix: int(row.last)
        for row in conn.execute(
            select(T.c.prefix, func.max(T.c.number).label("last")).where(mine).group_by(T.c.prefix)
        )
    }
    current = {
        row.counter_number: ticket_of(row)
        for row in conn.execute(
            select(T).where(mine, T.c.state.in_(CURRENT)).order_by(T.c.last_called_at)
        )
    }
    recent = [
        ticket_of(row)
        for row in conn.execute(
            select(T)
            .where(mine, T.c.last_called_at.is_not(None))
            .order_by(T.c.last_called_at.desc())
            .limit(RECENT_CALLS)
        )
    ]
    return qw.QueueStatus(
        day=day,
        version=queue_log.version(conn, ward_id),
        areas=[
            qw.AreaStatus(
                prefix=area.prefix,
                name=area.name,
                waiting=waiting.get(area.prefix, (0, 0))[0],
                priority_waiting=waiting.get(area.prefix, (0, 0))[1],
                last_number=last.get(area.prefix, 0),
            )
            for area in setup.areas
        ],
        counters=[
            qw.CounterStatus(
                number=c.number, name=c.name, areas=list(c.areas), current=current.get(c.number)
            )
            for c in setup.counters
        ],
        recent_calls=recent,
        server_time=now.astimezone(VIETNAM).isoformat(timespec="seconds"),
    )


# --- the day's figures -----------------------------------------------------------------


def day_figures(
    conn: Connection, day: str, ward_id: int | None = None, target_wait_s: int = TARGET_WAIT_S
) -> dict[int, dict[str, Any]]:
    """``queue_stats.figures`` of each ward's tickets of ``day`` (those of ``ward_id``)."""
    query = select(T).where(T.c.day == day)
    if ward_id is not None:
        query = query.where(T.c.ward_id == ward_id)
    by_ward: dict[int, list[TicketFacts]] = {}
    for row in conn.execute(query):
        by_ward.setdefault(int(row.ward_id), []).append(
            TicketFacts(
                area=row.area,
                counter=row.counter_number,
                officer=row.officer,
                procedure=row.procedure_code,
                state=row.state,
                taken_at=row.taken_at,
                called_at=row.called_at,
                last_called_at=row.last_called_at,
                started_at=row.started_at,
                finished_at=row.finished_at,
                rating=row.rating,
            )
        )
    return {ward: figures(tickets, target_wait_s) for ward, tickets in by_ward.items()}
