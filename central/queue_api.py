"""The queue's endpoints (``/v1/queue``), for the ward's counters, kiosk and board.

Any device of the ward may act on its queue (a relay may not): the token says the ward,
the body says the counter. Each action is one write transaction (``central.queue``).
``GET /v1/queue/stream`` sends the queue as it stands as a server-sent event, then again
whenever it changes (any process's action: the stream watches the ward's queue log in
the database), with a comment line every few seconds to keep proxies and clients awake.
A client that loses the stream connects again and gets the whole queue at once.
"""

from __future__ import annotations

import datetime
import json
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

import counter_app.sync.queue_wire as qw
from central import database, devices, queue, queue_log, schema
from central.api import (
    MAX_SMALL_BYTES,
    Context,
    Ctx,
    Token,
    answer,
    json_body,
    parse,
    read_body,
    refusals,
)
from central.devices import Device
from central.errors import forbidden, invalid
from counter_app.domain import queue_stats
from counter_app.domain.errors import DomainError
from counter_app.domain.limits import check_day
from counter_app.domain.queue_stats import TARGET_WAIT_S
from counter_app.sync.wire import PREFIX, DeviceRole

router = APIRouter(prefix=f"{PREFIX}/queue", tags=["queue"])
WATCH_S = 0.2  # how often a stream looks at the ward's queue log
KEEPALIVE_S = 10.0
Result = TypeVar("Result")
ACTIONS = ("recall", "skip", "start", "finish", "transfer")
BODIES: dict[str, type[qw.CallRequest | qw.FinishRequest | qw.TransferRequest]] = {
    "recall": qw.CallRequest,
    "skip": qw.CallRequest,
    "start": qw.CallRequest,
    "finish": qw.FinishRequest,
    "transfer": qw.TransferRequest,
}
BODY_MODELS: tuple[type[BaseModel], ...] = (
    qw.TakeRequest,
    qw.CallRequest,
    qw.FinishRequest,
    qw.TransferRequest,
    qw.RateRequest,
)
Label = Annotated[str, Path(pattern=r"^[A-Za-z]{1,2}\d{1,4}$", description="e.g. A012")]


Body = TypeVar("Body", bound=BaseModel)
# Free text of a person, kept on one line, and as long as its column at most once in NFC.
CLEANED = {"officer": 64, "reason": schema.TEXT}


def _parse(model: type[Body], body: bytes) -> Body:
    """The document, with its free texts in NFC, on one line and without control
    characters (they go to the log, the board and the city's pages)."""
    document = parse(model, body)
    cleaned = {
        name: clean(value)[:most].rstrip()
        for name, most in CLEANED.items()
        if isinstance(value := getattr(document, name, None), str)
    }
    return document.model_copy(update=cleaned) if cleaned else document


def clean(text: str) -> str:
    kept = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch
        for ch in unicodedata.normalize("NFC", text)
        if unicodedata.category(ch) not in {"Cf", "Co", "Cs"}
    )
    return " ".join(kept.split())


def _ward_of(ctx: Context, token: str) -> int:
    with database.read(ctx.engine) as conn:
        device = devices.authenticate(conn, token)
    _check_role(device)
    return device.ward_id


def _check_role(device: Device) -> None:
    if device.role is DeviceRole.RELAY:
        raise forbidden("a relay token has no queue: use a counter's")


async def _write(ctx: Context, token: str, work: Callable[..., Result], *args: Any) -> Result:
    """``work(conn, ward_id, *args, now)`` in a write transaction, for the token's
    device. On SQLite the token is checked in the same transaction, which the group
    writer shares with the other actions waiting (``central.group_writer``). A work
    reads its request's body itself (``_parse``): only once the token is known to be a
    device's, so that a stranger gets 401, not the body's schema in a 422."""
    if ctx.writer is not None:

        def piece(conn: Connection) -> Result:
            device = devices.authenticate(conn, token)
            _check_role(device)
            return work(conn, device.ward_id, *args, ctx.clock.now())

        done = await ctx.writer.run(piece)
        ctx.stored.set()  # a ward server forwards the queue's events up now
        ctx.queue_changed.notify()
        return done

    def run() -> Result:
        ward_id = _ward_of(ctx, token)
        with database.write(ctx.engine) as conn:
            done = work(conn, ward_id, *args, ctx.clock.now())
        ctx.stored.set()
        return done

    done = await run_in_threadpool(run)
    ctx.queue_changed.notify()
    return done


def _action_bodies() -> dict[str, Any]:
    """The body of a counter's action: a CallRequest for recall, skip and start, a
    FinishRequest for finish, a TransferRequest for transfer."""
    refs = [{"$ref": f"#/components/schemas/{model.__name__}"} for model in set(BODIES.values())]
    refs.sort(key=lambda ref: ref["$ref"])
    schema = {"anyOf": refs}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


@router.get("/status", response_model=qw.QueueStatus, responses=refusals(401, 403, 503))
async def status(ctx: Ctx, token: Token) -> Response:
    """The ward's queue today: areas with their waiting counts, counters with their
    current tickets, the latest calls."""

    def run() -> qw.QueueStatus:  # one hop to a thread for the token and the queue
        return _status(ctx, _ward_of(ctx, token))

    return answer(await run_in_threadpool(run))


@router.get("/setup", response_model=qw.QueueSetup, responses=refusals(401, 403, 503))
async def setup(ctx: Ctx, token: Token) -> Response:
    """The ward's service areas (with their procedures) and counters."""
    return answer(await _write(ctx, token, _setup))


def _setup(conn: Any, ward_id: int, now: Any) -> qw.QueueSetup:
    from central import queue_setup

    queue_log.ward_log(conn, ward_id, now)
    return queue_setup.read(conn, ward_id)


@router.post(
    "/tickets",
    response_model=qw.TakenTicket,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=json_body(qw.TakeRequest),
)
async def take(request: Request, ctx: Ctx, token: Token) -> Response:
    """A new ticket of the area, numbered after the area's last of the day."""
    body = await read_body(request, MAX_SMALL_BYTES)

    def work(conn: Any, ward_id: int, now: Any) -> qw.TakenTicket:
        return queue.take(conn, ward_id, _parse(qw.TakeRequest, body), now)

    return answer(await _write(ctx, token, work))


@router.post(
    "/call-next",
    response_model=qw.CallAnswer,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=json_body(qw.CallRequest),
)
async def call_next(request: Request, ctx: Ctx, token: Token) -> Response:
    """The next ticket for the counter (its areas; priority first, then arrival), or
    ``ticket: null`` when nobody waits; the counter's previous ticket is finished."""
    body = await read_body(request, MAX_SMALL_BYTES)

    def work(conn: Any, ward_id: int, now: Any) -> qw.CallAnswer:
        return queue.call_next(conn, ward_id, _parse(qw.CallRequest, body), now)

    return answer(await _write(ctx, token, work))


@router.post(
    "/tickets/{label}/call",
    response_model=qw.CallAnswer,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=json_body(qw.CallRequest),
)
async def call_ticket(request: Request, ctx: Ctx, token: Token, label: Label) -> Response:
    """Call this ticket of today (waiting, or skipped earlier) to the counter."""
    body = await read_body(request, MAX_SMALL_BYTES)

    def work(conn: Any, ward_id: int, now: Any) -> qw.CallAnswer:
        return queue.call_ticket(conn, ward_id, label, _parse(qw.CallRequest, body), now)

    return answer(await _write(ctx, token, work))


@router.post(
    "/tickets/{label}/rating",
    response_model=qw.Ticket,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=json_body(qw.RateRequest),
)
async def rate(request: Request, ctx: Ctx, token: Token, label: Label) -> Response:
    """The citizen's rating of this ticket, finished today at the counter (once)."""
    body = await read_body(request, MAX_SMALL_BYTES)

    def work(conn: Any, ward_id: int, now: Any) -> qw.Ticket:
        return queue.rate(conn, ward_id, label, _parse(qw.RateRequest, body), now)

    return answer(await _write(ctx, token, work))


@router.post(
    "/counters/{counter}/{action}",
    response_model=qw.Ticket,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=_action_bodies(),
)
async def act(
    request: Request,
    ctx: Ctx,
    token: Token,
    counter: Annotated[int, Path(ge=1, le=99)],
    action: Annotated[str, Path(pattern="^(recall|skip|start|finish|transfer)$")],
) -> Response:
    """Recall, skip (no-show), start serving, finish or transfer the counter's current
    ticket; the ticket as it now stands."""
    body = await read_body(request, MAX_SMALL_BYTES)

    def work(conn: Any, ward_id: int, now: Any) -> qw.Ticket:
        asked = _parse(BODIES[action], body)
        if asked.counter != counter:
            raise forbidden(
                f"the body is counter {asked.counter}'s, the address counter {counter}'s"
            )
        return queue.act(conn, ward_id, counter, action, asked, now)

    return answer(await _write(ctx, token, work))


@router.get("/stats", responses=refusals(401, 403, 422, 503))
async def stats(
    ctx: Ctx,
    token: Token,
    date: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] = None,
    target_wait_s: Annotated[int, Query(ge=60, le=24 * 3600)] = TARGET_WAIT_S,
) -> Response:
    """The ward's queue figures of a day (default today): tickets, wait, walk and
    service times, the share within the target wait, ratings; whole and per area,
    counter, officer and procedure."""
    ward_id = await run_in_threadpool(_ward_of, ctx, token)
    if date is not None:
        _check_day(date)

    def work() -> dict[str, Any]:
        day = date or queue.today(ctx.clock.now())
        with database.read(ctx.engine) as conn:
            found = queue.day_figures(conn, day, ward_id, target_wait_s).get(ward_id)
        return {"date": day, **(found or queue_stats.figures([], target_wait_s))}

    figures = await run_in_threadpool(work)
    return Response(content=json.dumps(figures, ensure_ascii=False), media_type="application/json")


def _check_day(text: str) -> None:
    """A real day of the counter's range: the pattern alone let 2026-02-30 and
    2026-13-01 through, answered 200 with the figures of no day."""
    try:
        check_day(datetime.date.fromisoformat(text))
    except DomainError as exc:
        raise invalid(f"query.date: {exc}") from None
    except ValueError:
        raise invalid(f"query.date: {text} is not a day of the calendar") from None


@router.get("/stream", responses=refusals(401, 403, 503))
async def stream(request: Request, ctx: Ctx, token: Token) -> StreamingResponse:
    """Server-sent events: ``event: status`` with a ``QueueStatus`` now and after each
    change of the ward's queue."""
    ward_id = await run_in_threadpool(_ward_of, ctx, token)
    return StreamingResponse(
        _statuses(request, ctx, ward_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _statuses(request: Request, ctx: Context, ward_id: int) -> AsyncIterator[str]:
    sent, quiet_since = -1, time.monotonic()
    while not await request.is_disconnected():
        version = await run_in_threadpool(_version, ctx, ward_id)
        if version != sent:
            sent, text = await run_in_threadpool(_shared_status, ctx, ward_id, version)
            yield f"event: status\nid: {sent}\ndata: {text}\n\n"
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > KEEPALIVE_S:
            yield ": still here\n\n"
            quiet_since = time.monotonic()
        await ctx.queue_changed.wait(WATCH_S)


# The queue as last sent, per database and ward: every stream of a ward in this process
# (the board, the kiosk, each counter's panel) sends one text per change, made once.
# Kept a second at most, so that a late reader's server time and day are near enough.
_sent: dict[tuple[str, int], tuple[int, float, str]] = {}
SHARED_S = 1.0


def _shared_status(ctx: Context, ward_id: int, version: int) -> tuple[int, str]:
    key = (ctx.settings.db_url, ward_id)
    known = _sent.get(key)
    if known is not None and known[0] >= version and time.monotonic() - known[1] < SHARED_S:
        return known[0], known[2]
    current = _status(ctx, ward_id)
    text = current.model_dump_json()
    _sent[key] = (current.version, time.monotonic(), text)
    return current.version, text


def _version(ctx: Context, ward_id: int) -> int:
    with database.read(ctx.engine) as conn:
        return queue_log.version(conn, ward_id)


def _status(ctx: Context, ward_id: int) -> qw.QueueStatus:
    now = ctx.clock.now()
    with database.read(ctx.engine) as conn:
        if queue_log.find(conn, ward_id) is not None:
            return queue.status(conn, ward_id, now)
    with database.write(ctx.engine) as conn:  # the ward's first look makes its queue
        return queue.status(conn, ward_id, now)
