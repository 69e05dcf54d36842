"""The server application: ``create_app`` is what uvicorn runs in every worker.

A worker keeps only its engine (a pool of connections); everything else is in the
database, so any number of workers and ``serve`` processes share one PostgreSQL.
Every refusal is a ``wire.ErrorBody``: 4xx for the request, 503 when the database
cannot answer (the client retries later).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic.json_schema import models_json_schema
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from central import __version__, database
from central.api import BODY_MODELS, Context, router
from central.errors import ApiError, BadToken, RateLimited, one_line
from central.group_writer import GroupLost, GroupWriter
from central.queue_api import BODY_MODELS as QUEUE_BODIES
from central.rate_limits import client_of
from central.routes import router as more_routes
from central.settings import Settings
from counter_app.domain.clock import Clock, SystemClock
from counter_app.sync.wire import ErrorBody, ErrorCode

log = logging.getLogger("central")
SWITCH_INTERVAL_S = 0.001
# The cycle collector's thresholds (Python's defaults: 700, 10, 10). A push of 1,000
# events holds thousands of objects at once (the validated batch, its parsed payloads,
# its rows), so with the defaults the collector ran about ten times per push, and every
# ten pushes or so it went through the whole process (about 100,000 objects): 15 % of
# the server's CPU time during sustained ingest (bench/README.md, "Ingest"). The server
# makes few reference cycles; those it makes are still collected, a little later.
GC_THRESHOLDS = (10_000, 50, 100)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    """The application for ``settings`` (default: from the environment the command line
    set); the schema is brought up to date first."""
    settings = settings or Settings.from_env()
    # The event loop's thread and the group writer's take turns on the interpreter: an
    # answer the writer has committed goes out within 1 ms, not Python's default 5 ms.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.set_threshold(*GC_THRESHOLDS)
    engine = database.open_engine(settings.db_url)
    database.upgrade(engine)
    writer = GroupWriter(engine) if engine.dialect.name == "sqlite" else None
    context = Context(engine, settings, clock or SystemClock(), writer=writer)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        background = _start_background(context)
        try:
            yield
        finally:
            if background is not None:
                background.stop()
            if writer is not None:
                writer.stop()
            engine.dispose()

    app = FastAPI(
        title="Quầy Một Cửa central",
        version=__version__,
        summary="The ward/city server of the counters: sync protocol v1",
        lifespan=lifespan,
    )
    app.state.central = context
    app.include_router(router)
    app.include_router(more_routes)  # bank notifications, the dashboard
    _install_error_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _start_background(context: Context) -> Any:
    if not context.settings.upstream:
        return None
    from central.upstream import Forwarder

    forwarder = Forwarder(context.engine, context.settings, context.clock, nudge=context.stored)
    forwarder.start()
    return forwarder


def refusal(status: int, code: ErrorCode, detail: str, headers: Any = None) -> JSONResponse:
    body = ErrorBody(error=code, detail=one_line(detail) or code.value)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def api_refusal(exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    return refusal(exc.status, exc.code, exc.detail, headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return api_refusal(exc)

    @app.exception_handler(BadToken)
    async def bad_token(request: Request, exc: BadToken) -> JSONResponse:
        """Every unknown or revoked token, wherever it was checked, counts against its
        address; past the limit the answer is 429 instead of 401."""
        context: Context = request.app.state.central
        limiter = context.limiter("token")
        now = context.clock.now().timestamp()
        limited = await run_in_threadpool(limiter.refused, client_of(request), now)
        return api_refusal(limited or exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = [
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in list(exc.errors())[:3]
        ]
        return refusal(422, ErrorCode.INVALID, "; ".join(where))

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return refusal(exc.status_code, ErrorCode.INVALID, str(exc.detail), exc.headers)

    @app.exception_handler(GroupLost)
    async def group_lost(_request: Request, exc: GroupLost) -> JSONResponse:
        log.warning("%s", one_line(str(exc)))
        return refusal(503, ErrorCode.UNAVAILABLE, "the database could not store this: retry later")

    @app.exception_handler(DBAPIError)
    async def database_error(_request: Request, exc: DBAPIError) -> JSONResponse:
        if not database.is_unavailable(exc):
            raise exc
        log.warning("database unavailable: %s", database.one_line(exc))
        return refusal(503, ErrorCode.UNAVAILABLE, "the database is busy or down: retry later")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the request bodies the endpoints read themselves."""
    if app.openapi_schema:
        return app.openapi_schema
    document = FastAPI.openapi(app)
    _, schemas = models_json_schema(
        [(model, "validation") for model in (*BODY_MODELS, *QUEUE_BODIES)],
        ref_template="#/components/schemas/{model}",
    )
    document.setdefault("components", {}).setdefault("schemas", {}).update(schemas["$defs"])
    app.openapi_schema = document
    return document
