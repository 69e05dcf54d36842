"""A server process's settings: given on the command line, handed to every worker
through the environment (``uvicorn --workers`` starts each worker with
``central.app:create_app``, which reads them here)."""

from __future__ import annotations

import os
from typing import Literal

from central.database import DB_ENV, default_url
from central.rate_limits import DEFAULT_LIMITS, Limit, limits_text, parse_limits
from counter_app.domain.records import record

UPSTREAM_ENV = "COUNTER_CENTRAL_UPSTREAM"
UPSTREAM_TOKEN_ENV = "COUNTER_CENTRAL_UPSTREAM_TOKEN"
RATE_LIMITS_ENV = "COUNTER_CENTRAL_RATE_LIMITS"


@record(frozen=True)
class Settings:
    db_url: str
    upstream: str | None = None  # the city server's URL: this one is a ward server
    upstream_token: str | None = None  # this ward's relay token at the city
    # (rule, limit) for each of central.rate_limits.RULES (``--rate-limit``)
    rate_limits: tuple[tuple[str, Limit], ...] = tuple(DEFAULT_LIMITS.items())

    def limit(self, rule: str) -> Limit:
        return dict(self.rate_limits)[rule]

    @property
    def role(self) -> Literal["top", "ward"]:
        return "ward" if self.upstream else "top"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            db_url=default_url(),
            upstream=os.environ.get(UPSTREAM_ENV) or None,
            upstream_token=os.environ.get(UPSTREAM_TOKEN_ENV) or None,
            rate_limits=tuple(parse_limits(os.environ.get(RATE_LIMITS_ENV, "")).items()),
        )

    def environment(self) -> dict[str, str]:
        """The variables :meth:`from_env` reads back."""
        values = {DB_ENV: self.db_url, RATE_LIMITS_ENV: limits_text(dict(self.rate_limits))}
        if self.upstream:
            values[UPSTREAM_ENV] = self.upstream
            values[UPSTREAM_TOKEN_ENV] = self.upstream_token or ""
        return values
