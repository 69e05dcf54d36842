"""Statements that run on every queue action (and the token's, on every request), run
without SQLAlchemy's execution machinery.

For each statement it runs, SQLAlchemy spends 40–250 µs of Python (the compiled-cache
lookup, an execution context, the result's metadata, expanding ``IN`` lists) where
SQLite itself needs 2–20 µs for the small statements of a queue action. A call of the
queue makes about ten of them, on SQLite inside the one write transaction of the ward,
so that Python is most of the time the ward's other counters wait.

A :class:`Prepared` statement is still a SQLAlchemy Core expression (one text for both
databases, built once at import). It is compiled once per database and then run on the
driver's own connection under the SQLAlchemy connection (the same transaction). Values
go through the columns' own conversions, the bind and result processors SQLAlchemy
applies itself (a time becomes its UTC text on SQLite and comes back aware), and a
driver error becomes SQLAlchemy's (``DBAPIError.instance``), so the server's error
handlers see what they see for any other statement. A statement with a Python-side
default, an ``onupdate`` or an expanding ``IN`` parameter is refused when it is first
compiled: this path would not fill them.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

from counter_app.domain.records import record

Convert = Callable[[Any], Any] | None


class Rows(list[Any]):
    """The rows a statement returned, with the few ``Result`` methods the queue uses."""

    def first(self) -> Any:
        return self[0] if self else None

    def one(self) -> Any:
        if len(self) != 1:
            raise LookupError(f"one row expected, {len(self)} found")
        return self[0]

    def scalar(self) -> Any:
        return self[0][0] if self else None


@record(frozen=True)
class _Form:
    """A statement compiled for one database: its text, its parameters in order with their
    conversions (or the fixed value the statement carries), and its rows' shape."""

    sql: str
    names: tuple[str, ...]
    positional: bool  # SQLite's ``?``; PostgreSQL's ``%(name)s`` takes a mapping
    fixed: Mapping[str, Any]
    convert: Mapping[str, Convert]
    row: Any  # a namedtuple class, or None for a statement that returns no row
    read: tuple[Convert, ...]


class Prepared:
    def __init__(self, statement: Any, keys: Sequence[str] = ()) -> None:
        """``statement``: a Core ``select``, ``insert`` or ``update``; ``keys``: the
        columns an ``INSERT`` without ``.values()`` is given."""
        self.statement: Executable = statement
        self._keys = list(keys)
        self._forms: dict[str, _Form] = {}  # by database

    def execute(self, conn: Connection, values: Mapping[str, Any]) -> Rows:
        form = self._forms.get(conn.dialect.name) or self._compile(conn)
        if self._keys and len(values) != len(self._keys):  # a missing key fails below
            raise KeyError(f"an insert of {sorted(self._keys)} was given {sorted(values)}")
        ordered = [
            form.fixed[name] if name in form.fixed else _convert(form.convert[name], values[name])
            for name in form.names
        ]
        given: Any = ordered if form.positional else dict(zip(form.names, ordered, strict=True))
        raw = conn.connection.dbapi_connection
        assert raw is not None
        try:
            cursor = raw.execute(form.sql, given)
            found = cursor.fetchall() if form.row is not None else []
        except conn.dialect.loaded_dbapi.Error as exc:
            error = conn.dialect.loaded_dbapi.Error
            raise DBAPIError.instance(form.sql, given, exc, error, dialect=conn.dialect) from exc
        if form.row is None:
            return Rows()
        read = form.read
        return Rows(
            form.row._make(v if f is None else f(v) for f, v in zip(read, row, strict=True))
            for row in found
        )

    def _compile(self, conn: Connection) -> _Form:
        dialect = conn.dialect
        statement: Any = self.statement
        compiled = statement.compile(dialect=dialect, column_keys=self._keys or None)
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
            raise TypeError("a statement with Python-side defaults cannot be prepared")
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        if any(bind.expanding for bind in binds.values()):
            raise TypeError("a statement with an expanding IN cannot be prepared")
        positional = compiled.positiontup is not None
        names = tuple(compiled.positiontup) if positional else tuple(binds)
        convert = {
            name: binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        }
        # An anonymous parameter is a value written in the statement (a state, a limit);
        # a named one (``bindparam("device")``, an inserted column) is the caller's.
        fixed = {
            name: _convert(convert[name], binds[name].effective_value)
            for name in names
            if binds[name].unique
        }
        exported = getattr(statement, "exported_columns", None)
        columns = list(exported) if exported is not None else []
        keys = list(exported.keys()) if exported is not None else []
        row = namedtuple("Row", keys, rename=True) if columns else None
        read = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        )
        form = _Form(str(compiled), names, positional, fixed, convert, row, read)
        self._forms[dialect.name] = form
        return form


def _convert(convert: Convert, value: Any) -> Any:
    return value if convert is None or value is None else convert(value)
