"""``POST /v1/bank/notifications``: the bank connector's endpoint (no device token: the
body is signed, docs/bank-notifications.md). Refusals of the signature (401) count
against the sender's address (``central.rate_limits``, rule ``bank``)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from central import bank, database
from central.api import Context, Ctx, answer, parse, read_body, refusals
from central.errors import ApiError, invalid
from central.rate_limits import client_of
from counter_app.domain.clock import VIETNAM
from counter_app.sync.wire import (
    PREFIX,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    BankNotification,
    ErrorCode,
    NotificationResponse,
)

MAX_BODY_BYTES = 16 * 1024
ATTEMPTS = 3  # a notification that lost a race (the same one, twice at once) is seen again

router = APIRouter(prefix=PREFIX)


@router.post(
    "/bank/notifications",
    response_model=NotificationResponse,
    responses=refusals(401, 413, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BankNotification.model_json_schema()}},
        }
    },
)
async def notification(request: Request, ctx: Ctx) -> Response:
    """A transfer into a ward's account, signed with the bank secret: matched to the
    payment whose reference its content holds; answers what became of it (200 also for a
    repeat: ``duplicate``)."""
    body = await read_body(request, MAX_BODY_BYTES)
    timestamp = request.headers.get(TIMESTAMP_HEADER)
    signature = request.headers.get(SIGNATURE_HEADER)
    who = client_of(request)

    def attempt() -> NotificationResponse:
        return _receive(ctx, body, timestamp, signature)

    return answer(await run_in_threadpool(ctx.limited, "bank", who, attempt))


def _receive(
    ctx: Context, body: bytes, timestamp: str | None, signature: str | None
) -> NotificationResponse:
    with database.read(ctx.engine) as conn:
        secrets = bank.valid_secrets(conn)
    if not secrets:
        raise ApiError(
            503,
            ErrorCode.UNAVAILABLE,
            "bank notifications are not set up here yet (counter-central bank secret set)",
        )
    now = ctx.clock.now()
    bank.check_signature(secrets, timestamp, signature, body, now.timestamp())
    notification = parse(BankNotification, body)
    paid_at = _paid_at(notification.paid_at)
    for _attempt in range(ATTEMPTS):
        try:
            with database.write(ctx.engine) as conn:
                return bank.receive(conn, notification, paid_at, now)
        except IntegrityError as exc:
            if not database.is_unique_violation(exc):
                raise
    raise RuntimeError(f"bank transaction {notification.bank_transaction_id} kept losing races")


def _paid_at(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise invalid(
            "paid_at: an ISO 8601 time with its offset, e.g. 2026-11-30T09:41:07+07:00"
        ) from None
    if moment.tzinfo is None:
        raise invalid("paid_at: give the time's offset, e.g. +07:00")
    try:
        moment.astimezone(UTC)  # as it is stored
        return moment.astimezone(VIETNAM)
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00: before year 1 in UTC
        raise invalid("paid_at: out of range") from None
