"""``GET /dashboard``: the city's read-only view of today, for its staff only.

Access: a dashboard token, made by the operator for a person or a wall screen
(``counter-central dashboard token --name N``; stored as its SHA-256 like device tokens,
replaced or revoked by name). It is given once, in the login form (``POST
/dashboard/login``) or in a link ``/dashboard?key=TOKEN`` (a bookmark of a wall screen);
either answers with an HttpOnly cookie and a redirect to ``/dashboard``, so the token
does not stay in the address bar, and the access log writes ``key=…`` instead of it.
Without a valid token the page is a login form (401); nothing of the figures shows.
Wrong tokens count against the address (``central.rate_limits``, rule ``dashboard``):
past the limit, logins and links are refused 429 until the window ends.
The page has no script, and its headers forbid any (Content-Security-Policy).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Connection, insert, select, update
from starlette.concurrency import run_in_threadpool

from central import bank, dashboard_page, database, schema, stats, tokens
from central.api import Context, Ctx, read_body
from central.errors import Refused
from central.rate_limits import client_of
from counter_app.domain.clock import VIETNAM
from counter_app.domain.text import clean

PATH = "/dashboard"
COOKIE = "qmc_dashboard"
COOKIE_DAYS = 30
MAX_NAME = 100
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)


# --- tokens ------------------------------------------------------------------------------


def issue_token(conn: Connection, name: str, now: datetime) -> str:
    """A new token for ``name``; an earlier token of that name stops working."""
    name = clean(name)
    if not name or len(name) > MAX_NAME:
        raise Refused(f"a dashboard token's name has 1–{MAX_NAME} characters")
    token = tokens.new_token()
    table = schema.dashboard_tokens
    values = {"token_hash": tokens.digest(token), "created_at": now, "revoked_at": None}
    done = conn.execute(update(table).where(table.c.name == name).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(table).values(name=name, **values))
    return token


def revoke_token(conn: Connection, name: str, now: datetime) -> None:
    table = schema.dashboard_tokens
    done = conn.execute(
        update(table)
        .where(table.c.name == clean(name), table.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    if done.rowcount == 0:
        raise Refused(f"no valid dashboard token is named {clean(name)!r}")


def token_valid(conn: Connection, token: str) -> bool:
    if not token:
        return False
    table = schema.dashboard_tokens
    found = conn.execute(
        select(table.c.name).where(
            table.c.token_hash == tokens.digest(token), table.c.revoked_at.is_(None)
        )
    ).first()
    return found is not None


# --- the pages ---------------------------------------------------------------------------


@router.get(PATH)
def dashboard(request: Request, ctx: Ctx, key: str = "") -> Response:
    if key:  # a bookmark's link: the cookie, and the address without the token
        return _entered(ctx, key.strip(), request)
    cookie = request.cookies.get(COOKIE, "")
    with database.read(ctx.engine) as conn:
        valid = token_valid(conn, cookie)
    if not valid:
        return _stale_cookie(ctx, request) if cookie else _login(status=401)
    with database.read(ctx.engine) as conn:
        now = ctx.clock.now()
        figures = stats.compute(conn, now.astimezone(VIETNAM).date(), now)
        unmatched = bank.unmatched_count(conn)
    return HTMLResponse(dashboard_page.page(figures, now, unmatched), headers=HEADERS)


@router.post(f"{PATH}/login")
async def login(request: Request, ctx: Ctx) -> Response:
    form = parse_qs((await read_body(request, 4096)).decode("utf-8", "replace"))
    key = (form.get("key") or [""])[0].strip()
    return await run_in_threadpool(_entered, ctx, key, request)


def _entered(ctx: Context, key: str, request: Request) -> Response:
    """The cookie for a valid token; refused 429 (whatever the token) while the address
    has used up its failed logins (``central.rate_limits``, rule ``dashboard``)."""
    who, limiter = client_of(request), ctx.limiter("dashboard")
    limiter.check(who, ctx.clock.now().timestamp())
    with database.read(ctx.engine) as conn:
        valid = token_valid(conn, key)
    if not valid:
        limiter.failed(who, ctx.clock.now().timestamp())
        return _login(status=401, wrong=True)
    response = RedirectResponse(PATH, status_code=303, headers=HEADERS)
    response.set_cookie(
        COOKIE,
        key,
        max_age=COOKIE_DAYS * 86400,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def _stale_cookie(ctx: Context, request: Request) -> Response:
    """A cookie of no valid token (revoked, or a guess) counts as a failed login."""
    refused = ctx.limiter("dashboard").refused(client_of(request), ctx.clock.now().timestamp())
    if refused is not None:
        raise refused
    return _login(status=401)


def _login(status: int, wrong: bool = False) -> Response:
    notice = '<p class="late">Mã truy cập không đúng hoặc đã bị thu hồi.</p>' if wrong else ""
    body = (
        f"<header><h1>{dashboard_page.TITLE}</h1><p>Chỉ dành cho cán bộ được cấp mã truy "
        "cập</p></header><main>"
        f'{notice}<form method="post" action="{PATH}/login"><p><label>Mã truy cập '
        '<input type="password" name="key" autocomplete="current-password" size="48">'
        "</label> <button>Xem</button></p></form>"
        "<p class=empty>Mã do quản trị máy chủ cấp: counter-central dashboard token "
        "--name TÊN.</p></main>"
    )
    return HTMLResponse(dashboard_page.document("Đăng nhập", body), status, headers=HEADERS)


# --- the access log ----------------------------------------------------------------------


class _HideKey(logging.Filter):
    """uvicorn's access log without the token of a ``?key=`` link."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple) and len(args) >= 3 and "key=" in str(args[2]):
            path = str(args[2])
            record.args = (*args[:2], path[: path.index("key=")] + "key=…", *args[3:])
        return True


logging.getLogger("uvicorn.access").addFilter(_HideKey())
