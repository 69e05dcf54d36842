"""A server process's settings: given on the command line, handed to every worker
through the environment (``uvicorn --workers`` starts each worker with
``central.app:create_app``, which reads them here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from central.database import DB_ENV, default_url

UPSTREAM_ENV = "COUNTER_CENTRAL_UPSTREAM"
UPSTREAM_TOKEN_ENV = "COUNTER_CENTRAL_UPSTREAM_TOKEN"


@dataclass(frozen=True)
class Settings:
    db_url: str
    upstream: str | None = None  # the city server's URL: this one is a ward server
    upstream_token: str | None = None  # this ward's relay token at the city

    @property
    def role(self) -> Literal["top", "ward"]:
        return "ward" if self.upstream else "top"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            db_url=default_url(),
            upstream=os.environ.get(UPSTREAM_ENV) or None,
            upstream_token=os.environ.get(UPSTREAM_TOKEN_ENV) or None,
        )

    def environment(self) -> dict[str, str]:
        """The variables :meth:`from_env` reads back."""
        values = {DB_ENV: self.db_url}
        if self.upstream:
            values[UPSTREAM_ENV] = self.upstream
            values[UPSTREAM_TOKEN_ENV] = self.upstream_token or ""
        return values
