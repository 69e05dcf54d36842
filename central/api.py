"""The protocol's endpoints (``/v1``); docs/sync-protocol.md shows each with real bodies.

Requests are parsed with the wire schemas in one go (``model_validate_json`` on the raw
body: a push of a thousand events is validated by pydantic's core at once), and the
database work runs in the thread pool, so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from central import changes, database, devices, enrolment, ingest
from central.devices import Device
from central.errors import ApiError, forbidden, invalid, unauthenticated
from central.group_writer import GroupWriter
from central.rate_limits import Limiter, client_of
from central.settings import Settings
from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.records import field, record
from counter_app.sync.wire import (
    MAX_CHANGES,
    PREFIX,
    ChangesResponse,
    DeviceInfo,
    DeviceRole,
    DisplayEnrolResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Health,
    PushRequest,
    PushResponse,
)

MAX_PUSH_BYTES = 64 * 1024 * 1024  # far above 1000 real events; refused with 413 beyond
MAX_SMALL_BYTES = 64 * 1024
MAX_CURSOR = 2**63 - 1  # a change id is a 64-bit integer
Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")


class Nudge:
    """Wakes every coroutine waiting on it (of the event loop's thread only)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()  # wakes those waiting now; those that come later wait anew
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        """Until the next notify, or ``timeout`` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)


@record(frozen=True)
class Context:
    """What every request of one process shares: nothing that another process lacks
    (``stored`` is only a hint: this process stored events, a ward's forwarder here may
    send them up before its next poll)."""

    engine: Engine
    settings: Settings
    clock: Clock
    stored: threading.Event = field(default_factory=threading.Event, compare=False)
    # SQLite: the queue's short write transactions, grouped (``central.group_writer``).
    writer: GroupWriter | None = field(default=None, compare=False)
    # A queue action of this process is stored: its streams look at once, not at their
    # next round (another process's actions still show at the round).
    queue_changed: Nudge = field(default_factory=Nudge, compare=False)

    def server_time(self) -> str:
        return self.clock.now().astimezone(VIETNAM).isoformat(timespec="seconds")

    def limiter(self, rule: str) -> Limiter:
        """The rate limit of ``rule`` (``central.rate_limits.RULES``) on this database."""
        return Limiter(self.engine, rule, self.settings.limit(rule))

    def limited(self, rule: str, who: str, attempt: Callable[[], Result]) -> Result:
        """``attempt()``, refused 429 while ``who`` has used up its failures of ``rule``;
        a 401 it raises counts as one failure."""
        limiter = self.limiter(rule)
        limiter.check(who, self.clock.now().timestamp())
        try:
            return attempt()
        except ApiError as exc:
            if exc.status == 401:
                limiter.failed(who, self.clock.now().timestamp())
            raise


async def context(request: Request) -> Context:
    """The server's context. Asynchronous, so FastAPI does not hand every request to a
    worker thread just to read an attribute."""
    found: Context = request.app.state.central
    return found


Ctx = Annotated[Context, Depends(context)]
_bearer = HTTPBearer(auto_error=False, description="the device token from POST /v1/enrol")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


def token_of(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials.strip():
        raise unauthenticated("send the device token: Authorization: Bearer <token>")
    return credentials.credentials.strip()


async def bearer_token(credentials: Credentials) -> str:
    """The request's token. As a dependency it is asked before the query is read, so a
    request without one is refused 401 whatever else is wrong with it."""
    return token_of(credentials)


Token = Annotated[str, Depends(bearer_token)]


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented refusals; a 401 is counted against the client's address
    (``central.rate_limits``), so an endpoint that answers 401 may answer 429 too."""
    documented = sorted({*statuses, 429} if 401 in statuses else set(statuses))
    return {status: {"model": ErrorBody} for status in documented}


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """The request body in the OpenAPI document (the endpoints read it themselves)."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


BODY_MODELS: tuple[type[BaseModel], ...] = (EnrolRequest, PushRequest)


def answer(model: BaseModel) -> Response:
    return Response(content=model.model_dump_json(), media_type="application/json")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise invalid(f"the body is larger than {limit} bytes", status=413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise invalid(f"the body is larger than {limit} bytes", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def parse(model: type[Model], body: bytes) -> Model:
    try:
        document = model.model_validate_json(body)
    except ValidationError as exc:
        raise invalid(ingest.summary(exc)) from None
    ingest.refuse_nul(body, document)
    return document


router = APIRouter(prefix=PREFIX)


@router.get("/health", response_model=Health)
def health(ctx: Ctx) -> Response:
    return answer(Health(role=ctx.settings.role))


@router.post(
    "/enrol",
    response_model=EnrolResponse,
    responses=refusals(401, 409, 413, 422, 503),
    openapi_extra=json_body(EnrolRequest),
)
async def enrol(request: Request, ctx: Ctx) -> Response:
    """Exchange a one-time enrolment code for this device's token (no token needed)."""
    asked = parse(EnrolRequest, await read_body(request, MAX_SMALL_BYTES))
    return answer(await run_in_threadpool(_enrol, ctx, asked, client_of(request)))


def _enrol(ctx: Context, asked: EnrolRequest, who: str) -> EnrolResponse:
    def attempt() -> EnrolResponse:
        with database.write(ctx.engine) as conn:
            return enrolment.enrol(conn, asked, ctx.clock.now())

    return ctx.limited("enrol", who, attempt)


@router.post(
    "/displays/enrol",
    response_model=DisplayEnrolResponse,
    responses=refusals(401, 409, 413, 422, 503),
    openapi_extra=json_body(EnrolRequest),
)
async def enrol_display(request: Request, ctx: Ctx) -> Response:
    """Exchange a kiosk's or board's one-time code (``counter-central enrol --display``)
    for its token: the ward's queue, nothing else."""
    asked = parse(EnrolRequest, await read_body(request, MAX_SMALL_BYTES))
    return answer(await run_in_threadpool(_enrol_display, ctx, asked, client_of(request)))


def _enrol_display(ctx: Context, asked: EnrolRequest, who: str) -> DisplayEnrolResponse:
    def attempt() -> DisplayEnrolResponse:
        with database.write(ctx.engine) as conn:
            return enrolment.enrol_display(conn, asked, ctx.clock.now())

    return ctx.limited("enrol", who, attempt)


@router.post(
    "/events",
    response_model=PushResponse,
    responses=refusals(401, 403, 409, 413, 422, 503),
    openapi_extra=json_body(PushRequest),
)
async def push(request: Request, ctx: Ctx, token: Token) -> Response:
    """Push a batch of the device's events, in seq order; answers the highest contiguous
    seq the server holds for the device."""
    body = await read_body(request, MAX_PUSH_BYTES)
    return answer(await run_in_threadpool(_push, ctx, token, body))


def _push(ctx: Context, token: str, body: bytes) -> PushResponse:
    with database.read(ctx.engine) as conn:  # before any work for a stranger
        device = devices.authenticate(conn, token)
    request = ingest.parse(body)
    ingest.check_owner(device, request)
    examined = ingest.examine(request.events)  # outside the transaction: pure CPU
    answered = ingest.store(ctx.engine, token, request, examined, ctx.clock.now())
    ctx.stored.set()
    return answered


@router.get("/changes", response_model=ChangesResponse, responses=refusals(401, 422, 503))
def pull(
    ctx: Ctx,
    token: Token,
    since: Annotated[
        int, Query(ge=0, le=MAX_CURSOR, description="the cursor of the last page applied")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = MAX_CHANGES,
) -> Response:
    """The device's ward's changes after ``since``, in order; apply them and the new
    cursor in one transaction, then ask again while ``more`` is true."""
    with database.read(ctx.engine) as conn:
        device = devices.authenticate(conn, token)
        if device.role is DeviceRole.DISPLAY:
            raise forbidden("a kiosk or board screen has no changes to pull: it follows the queue")
        target = None if device.role is DeviceRole.RELAY else device.id
        page = changes.since(conn, device.ward_id, since, limit, target)
    devices.touch(ctx.engine, device, ctx.clock.now())
    return answer(page)


@router.get("/me", response_model=DeviceInfo, responses=refusals(401, 503))
def me(ctx: Ctx, token: Token) -> Response:
    """The device the token belongs to: its ward, counter number and block."""
    device = _authenticated(ctx, token)
    return answer(device.info(ctx.server_time()))


def _authenticated(ctx: Context, token: str) -> Device:
    with database.read(ctx.engine) as conn:
        device = devices.authenticate(conn, token)
    devices.touch(ctx.engine, device, ctx.clock.now())
    return device
