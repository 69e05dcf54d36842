"""The connection every storage function takes: a small face on ``sqlite3``.

The stores use four things of a database: run a statement, read rows as dicts, list
the tables, and the raw connection for transactions and backups. sqlite-utils'
``Database`` offers them, but importing it costs about 0.1 s (it brings click,
pluggy and dateutil along), more than a whole ``counter-app search`` may take. So the
everyday connection is this class, with the same method names and behaviour, and
sqlite-utils is loaded only where its machinery is used: the numbered migrations
(``storage/migrations.py``), which see the same connection through it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any

    Params = Sequence[Any] | dict[str, Any] | None


class Database:
    """One SQLite connection; the methods mirror sqlite-utils' ``Database``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Params = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """Rows as dicts, column name to value, read as they are iterated."""
        cursor = self.execute(sql, params)
        keys = [column[0] for column in cursor.description or ()]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def execute_returning_dicts(self, sql: str, params: Params = None) -> list[dict[str, Any]]:
        return list(self.query(sql, params))

    def table_names(self) -> list[str]:
        rows = self.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return [row[0] for row in rows]

    @contextmanager
    def ensure_autocommit_on(self) -> Iterator[None]:
        """Statements that cannot run in a transaction (journal mode) run in autocommit."""
        before = self.conn.isolation_level
        self.conn.isolation_level = None
        try:
            yield
        finally:
            self.conn.isolation_level = before

    def close(self) -> None:
        self.conn.close()
