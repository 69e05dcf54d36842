"""Opening the server's database, its transactions and its migrations.

SQLite by default (one file in the platform data folder), PostgreSQL for a city. Every
process opens its own engine and keeps nothing else: what must hold across processes
(one use of an enrolment code, each event once, one dossier code per device, changes in
commit order) is held by the database's constraints and locks.

SQLite: WAL (readers never wait for the writer), a 30 s busy timeout, foreign keys on,
``synchronous=FULL`` (an acknowledged event survives a power cut: the device will not
send it again). Write transactions begin ``IMMEDIATE``: they take the write lock before
reading, so a read-then-write never fails half-way because another process wrote first.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from itertools import repeat
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, insert, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError

DB_ENV = "COUNTER_CENTRAL_DB"
APP_FOLDER = "QuayMotCuaCentral"
DB_FILE = "central.db"
BUSY_TIMEOUT_S = 30
# One number for every process that may upgrade the schema (PostgreSQL advisory lock).
MIGRATION_LOCK = 0x514D43  # "QMC"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used: a bad URL, unreachable, refused (one line, no secret)."""


def chosen_url(given: str | None) -> str:
    """``--db`` as given, else :func:`default_url`; an empty ``--db ""`` is an error (a
    forgotten variable in a script must not fall back to another database)."""
    if given is None:
        return default_url()
    if not given.strip():
        raise DatabaseError("--db is empty: give a database URL, or leave --db out for the default")
    return given


def default_url() -> str:
    """``$COUNTER_CENTRAL_DB``, else a SQLite file in the platform data folder."""
    given = os.environ.get(DB_ENV, "").strip()
    if given:
        return given
    from platformdirs import user_data_dir

    folder = Path(user_data_dir(APP_FOLDER, appauthor=False))
    return f"sqlite:///{folder / DB_FILE}"


def parse_url(raw: str) -> URL:
    """The URL, with ``postgresql://`` meaning psycopg 3 (the driver installed)."""
    try:
        url = make_url(raw.strip())
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        # Not echoed when it may hold a password (USER:PASSWORD@HOST).
        shown_raw = f"'{raw[:80]}'" if "@" not in raw else "--db"
        raise DatabaseError(
            f"{shown_raw} is not a database URL: use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST:PORT/NAME"
        ) from None
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}:
        raise DatabaseError(
            f"unsupported database '{url.drivername}': use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/NAME"
        )
    if url.get_backend_name() == "sqlite":
        _refuse_sqlite_options(url)
    return url


def _refuse_sqlite_options(url: URL) -> None:
    """SQLite's options are refused in every spelling. The driver ignores a query, with
    a warning over two lines: ?mode=ro was ignored and the command wrote to the file it
    was asked to only read. Percent-encoded (%3F), the query was part of the file's
    name (a new, empty ``x.db?mode=ro``); a ``file:`` URI was a file named so."""
    name = url.database or ""
    if url.query:
        options = "&".join(sorted(url.query))
    elif "?" in name:
        options = name.partition("?")[2]
    elif name[:5].lower() == "file:":
        raise DatabaseError("a SQLite URL names a file, not a file: URI: sqlite:///PATH")
    else:
        return
    raise DatabaseError(f"a SQLite URL takes no options (?{options[:80]}): sqlite:///PATH")


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_file(raw_url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or one in memory."""
    url = parse_url(raw_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    try:
        return Path(url.database).expanduser()
    except RuntimeError:  # ~name of no user on this machine
        raise DatabaseError(f"{url.database}: no user's home folder is named so") from None


def _unusable_path(path: Path, exc: OSError) -> DatabaseError:
    """One line for a path the system cannot even look at (a name too long, a folder
    that is a file)."""
    return DatabaseError(f"cannot use {path} as the database: {exc.strerror or exc}")


def refuse_missing_folder(raw_url: str) -> None:
    """One line (``DatabaseError``) for a SQLite file given in a folder that does not
    exist: a mistyped ``--db`` must not become a new, empty server (every counter then
    refused as unknown). Only the default database's folder is made."""
    path = _sqlite_file(raw_url)
    if path is None:
        return
    try:
        folder_there = path.parent.is_dir()
    except OSError as exc:
        raise _unusable_path(path, exc) from None
    if not folder_there:
        raise DatabaseError(
            f"the folder {path.parent} does not exist: check the path in --db, or create the "
            "folder first"
        )


def refuse_missing(raw_url: str) -> None:
    """One line (``DatabaseError``) for a SQLite file that does not exist, or that is
    not this program's database. The file is looked at read-only, before the engine's
    first connection would set its journal mode (a write, even into another program's
    file)."""
    path = _sqlite_file(raw_url)
    if path is None:
        return
    try:
        exists = path.exists()
    except OSError as exc:
        raise _unusable_path(path, exc) from None
    if not exists:
        raise DatabaseError(
            f"{path} does not exist: give the server's database ('counter-central serve' "
            "or 'ward add' makes a new one)"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:  # not a database, or not this program's
        raise DatabaseError(
            f"{path} is not a counter-central database (it has no schema revision): give "
            "the server's database"
        ) from None


def open_engine(raw_url: str) -> Engine:
    """An engine for the URL; a SQLite file's folder is created."""
    url = parse_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=15)


def _sqlite_engine(url: URL) -> Engine:
    if not url.database or url.database == ":memory:":
        raise DatabaseError("a SQLite database must be a file: sqlite:///PATH")
    path = Path(url.database).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unusable_path(path, exc) from None
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_S}, pool_size=5, max_overflow=15
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    _writers[engine] = threading.Lock()
    return engine


# SQLite has one writer at a time. The threads of one process wait for their turn here,
# woken the moment it comes, rather than in SQLite's busy handler, which sleeps up to
# 100 ms between its looks at the lock (other processes still wait there).
_writers: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling begins late (at the first write); it is
    # turned off so that _sqlite_begin says exactly how each transaction begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get("central_write", False):
        try:
            _begin_immediate(connection.connection.driver_connection)
        except sqlite3.Error as exc:  # as SQLAlchemy's own (a 503 for a lock held too long)
            raise DBAPIError.instance("BEGIN IMMEDIATE", None, exc, sqlite3.Error) from exc
    else:
        connection.exec_driver_sql("BEGIN")


# Between processes (``serve --workers N``, a command run beside the server) SQLite's
# busy handler does the waiting, and it sleeps 1, 2, 5, 10, 15, 20, 25... ms between its
# looks at the lock: a process waiting for a push that holds the lock ~30 ms wakes on
# average well after it is free. A write transaction begins in a loop of its own: a
# look every half millisecond, for as long as the busy timeout. A look that fails costs
# a few microseconds.
LOOK_AGAIN_S = 0.0005


def _begin_immediate(raw: Any) -> None:
    raw.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(LOOK_AGAIN_S)
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed at the end of the block, rolled back on error."""
    with _writers.get(engine, nullcontext()), engine.connect() as conn:
        conn.execution_options(central_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (one consistent snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def insert_rows(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    same: dict[str, Any] | None = None,
) -> None:
    """Insert many rows at once, without SQLAlchemy's per-row statement machinery: on
    SQLite one ``executemany`` (a prepared statement stepped in C), on PostgreSQL one
    ``INSERT … SELECT … FROM unnest(arrays)`` (one statement, one round trip, whatever
    the number of rows). ``same``: the values every row shares. Values whose column
    type converts them (a time) are converted here."""
    if not rows:
        return
    dialect = conn.dialect
    shared = {key: _driver_value(table, dialect, key, value) for key, value in (same or {}).items()}
    columns = {key: [row[key] for row in rows] for key in rows[0]}
    for key, values in columns.items():
        convert = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            columns[key] = [convert(value) for value in values]
    if is_postgres(conn):
        _insert_unnest(conn, table, columns, shared)
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=[*columns, *shared])
    order = compiled.positiontup or []
    count = len(rows)
    arranged = (repeat(shared[key], count) if key in shared else columns[key] for key in order)
    conn.exec_driver_sql(str(compiled), list(zip(*arranged, strict=True)))


def _insert_unnest(
    conn: Connection, table: Table, columns: dict[str, list[Any]], shared: dict[str, Any]
) -> None:
    quote = conn.dialect.identifier_preparer.quote

    def sql_type(key: str) -> str:
        return str(table.c[key].type.dialect_impl(conn.dialect).compile(dialect=conn.dialect))

    params: dict[str, Any] = {}
    arrays, constants = [], []
    for index, (key, values) in enumerate(columns.items()):
        params[f"c{index}"] = values
        arrays.append(f"%(c{index})b::{sql_type(key)}[]")  # binary: no text escaping
    for index, (key, value) in enumerate(shared.items()):
        params[f"s{index}"] = value
        constants.append(f", %(s{index})s::{sql_type(key)}")
    names = ", ".join(quote(name) for name in [*columns, *shared])
    conn.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({names}) "
        f"SELECT rows.*{''.join(constants)} FROM unnest({', '.join(arrays)}) AS rows",
        params,
    )


def _driver_value(table: Table, dialect: Any, key: str, value: Any) -> Any:
    converter = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
    return converter(value) if converter else value


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def is_unique_violation(exc: IntegrityError) -> bool:
    """A UNIQUE (or primary key) constraint refused a row: another process won a race."""
    code = getattr(exc.orig, "sqlstate", None)
    if code is not None:
        return bool(code == "23505")
    return "UNIQUE constraint failed" in str(exc.orig)


def is_unavailable(exc: BaseException) -> bool:
    """The database could not answer (down, unreachable, locked too long)."""
    return isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


def one_line(exc: BaseException) -> str:
    """What the database said, on one line, without SQL or parameters."""
    original = getattr(exc, "orig", None) or exc
    first = str(original).strip().splitlines()
    return first[0][:200] if first else type(original).__name__


# --- migrations ------------------------------------------------------------------------


def upgrade(engine: Engine, revision: str | None = None) -> str:
    """Bring the schema to the newest revision (or to ``revision``, for the tests of a
    migration); returns it. Safe to run from several processes at once: PostgreSQL
    serialises them with an advisory lock held for the transaction, SQLite with its write
    lock (the upgrade is one IMMEDIATE transaction), and the second process then finds
    nothing left to do."""
    from central.migrations import head

    wanted = revision or head()
    if _stored_revision(engine) == wanted:
        return wanted  # the usual case, without loading Alembic
    from alembic import command

    config = _alembic_config()
    with write(engine) as conn:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, wanted)
        return current_revision(conn) or "base"


def require_schema(engine: Engine) -> None:
    """``DatabaseError`` unless the database is one of this program's (it has a schema
    revision): a command that must not create one never writes its tables into another
    file or an empty one."""
    if _stored_revision(engine) is None:
        raise DatabaseError(
            f"{shown(engine.url)} is not a counter-central database (it has no schema "
            "revision): give the server's database"
        )


def _stored_revision(engine: Engine) -> str | None:
    try:
        with read(engine) as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None  # a new database: no version table yet


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "the package ships its migrations"
    return head


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def check_writable(engine: Engine) -> None:
    """Raise :class:`DatabaseError` with one line if nothing can be written (a read-only
    file, a read-only role or database): a server started on it answered every
    enrolment and push 503 for ever. One row is rewritten as it is, then rolled back."""
    try:
        with engine.connect() as conn:
            conn.execution_options(central_write=True)
            transaction = conn.begin()
            try:
                conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
            finally:
                transaction.rollback()
    except DBAPIError as exc:
        raise DatabaseError(f"cannot write {shown(engine.url)}: {one_line(exc)}") from None


def check_reachable(engine: Engine) -> None:
    """Raise :class:`DatabaseError` with one line if the database cannot be opened."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise DatabaseError(f"cannot open {shown(engine.url)}: {one_line(exc)}") from None
