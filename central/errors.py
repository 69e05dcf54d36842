"""The two kinds of refusal the server knows; anything else is a bug.

- :class:`ApiError`: a request refused with an HTTP status and a ``wire.ErrorBody``
  (:class:`BadToken` and :class:`RateLimited` are two kinds of it).
- :class:`Refused`: an operator's command refused (the command line prints it on one
  line and exits 2): an unknown ward, a duplicate one, a bad value.
"""

from __future__ import annotations

from counter_app.sync.wire import ErrorCode

MAX_DETAIL = 500  # wire.Text


class ApiError(Exception):
    """HTTP ``status`` with ``ErrorBody(error=code, detail=detail)``."""

    def __init__(self, status: int, code: ErrorCode, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = one_line(detail)


class BadToken(ApiError):
    """401 for a device or relay token that is unknown, replaced or revoked; counted per
    client address (``central.rate_limits``) by the application's handler."""

    def __init__(self, detail: str) -> None:
        super().__init__(401, ErrorCode.UNAUTHENTICATED, detail)


class RateLimited(ApiError):
    """429 with ``Retry-After: retry_after`` (whole seconds): too many failed attempts."""

    def __init__(self, retry_after: int, detail: str) -> None:
        super().__init__(429, ErrorCode.RATE_LIMITED, detail)
        self.retry_after = retry_after


class Refused(Exception):
    """An operator's command that cannot be done as asked; the message says why."""


def one_line(text: str) -> str:
    """``text`` on one line, short enough for ``ErrorBody.detail``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_DETAIL else flat[: MAX_DETAIL - 1] + "…"


def unauthenticated(detail: str) -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHENTICATED, detail)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, ErrorCode.FORBIDDEN, detail)


def chain_broken(detail: str) -> ApiError:
    return ApiError(409, ErrorCode.CHAIN_BROKEN, detail)


def invalid(detail: str, status: int = 422) -> ApiError:
    return ApiError(status, ErrorCode.INVALID, detail)


def queue_conflict(detail: str) -> ApiError:
    return ApiError(409, ErrorCode.QUEUE_CONFLICT, detail)
