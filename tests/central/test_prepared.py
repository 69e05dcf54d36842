"""Prepared statements, on SQLite and PostgreSQL: the same rows, values and errors as
SQLAlchemy's own execution of the same statement, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from central import database
from central.prepared import Prepared
from central.schema import UtcDateTime

meta = MetaData()
notes = Table(
    "notes",
    meta,
    Column("id", Integer, primary_key=True),
    Column("body", String(50), nullable=False, unique=True),
    Column("state", String(10), nullable=False),
    Column("at", UtcDateTime, nullable=True),
    Column("tags", JSON, nullable=False),
    Column("done", Boolean, nullable=False),
)
with_default = Table(
    "with_default",
    meta,
    Column("id", Integer, primary_key=True),
    Column("n", Integer, default=lambda: 7),
)

HANOI = timezone(timedelta(hours=7))
KEYS = ("id", "body", "state", "at", "tags", "done")
INSERT = Prepared(insert(notes), keys=KEYS)
BY_STATE = Prepared(
    select(notes.c.id, notes.c.body.label("text"), notes.c.at, notes.c.tags, notes.c.done)
    .where(or_(notes.c.state == "open", notes.c.state == bindparam("also")))
    .order_by(notes.c.id)
)
CLOSE = Prepared(
    update(notes)
    .where(notes.c.id == bindparam("b_id"), notes.c.state == "open")
    .values(state="closed", at=func.coalesce(notes.c.at, bindparam("b_at", type_=notes.c.at.type)))
    .returning(notes.c.id, notes.c.state, notes.c.at)
)
COUNT = Prepared(select(func.count()).select_from(notes))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = database.open_engine(database_url)
    meta.create_all(engine)
    yield engine
    engine.dispose()


def row(n: int, state: str = "open", at: datetime | None = None) -> dict[str, object]:
    return {
        "id": n,
        "body": f"note {n}",
        "state": state,
        "at": at,
        "tags": [n, "ả"],
        "done": n % 2 == 0,
    }


def test_rows_and_values_are_sqlalchemys(engine: Engine) -> None:
    moment = datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=HANOI)
    with database.write(engine) as conn:
        INSERT.execute(conn, row(1, at=moment))
        INSERT.execute(conn, row(2, state="held"))
        INSERT.execute(conn, row(3, state="closed"))
        mine = BY_STATE.execute(conn, {"also": "held"})
        theirs = conn.execute(BY_STATE.statement, {"also": "held"}).all()
    assert [tuple(r) for r in mine] == [tuple(r) for r in theirs]
    first = mine.first()
    assert (first.id, first.text, first.tags, first.done) == (1, "note 1", [1, "ả"], False)
    assert first.at == moment and first.at.tzinfo is not None  # stored as UTC, read back aware
    with database.read(engine) as conn:
        stored = conn.exec_driver_sql("SELECT at FROM notes WHERE id = 1").scalar()
        if engine.dialect.name == "sqlite":  # the text SQLAlchemy itself writes and reads
            assert stored == "2026-12-01 01:30:15.123456"
        else:
            assert stored == moment
        assert COUNT.execute(conn, {}).scalar() == 3


def test_an_update_returns_its_rows_and_only_what_its_where_allows(engine: Engine) -> None:
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with database.write(engine) as conn:
        INSERT.execute(conn, row(1))
        INSERT.execute(conn, row(2, state="held"))
        closed = CLOSE.execute(conn, {"b_id": 1, "b_at": moment}).one()
        assert (closed.id, closed.state, closed.at) == (1, "closed", moment)
        assert CLOSE.execute(conn, {"b_id": 1, "b_at": moment}).first() is None  # not open now
        assert CLOSE.execute(conn, {"b_id": 2, "b_at": moment}) == []
        with pytest.raises(LookupError):
            CLOSE.execute(conn, {"b_id": 2, "b_at": moment}).one()


def test_it_runs_in_the_callers_transaction(engine: Engine) -> None:
    with pytest.raises(RuntimeError), database.write(engine) as conn:
        INSERT.execute(conn, row(1))
        raise RuntimeError("undo")
    with database.read(engine) as conn:
        assert COUNT.execute(conn, {}).scalar() == 0


def test_a_driver_error_is_sqlalchemys(engine: Engine) -> None:
    with database.write(engine) as conn:
        INSERT.execute(conn, row(1))
        with pytest.raises(IntegrityError) as refused:
            INSERT.execute(conn, {**row(2), "body": "note 1"})
    assert database.is_unique_violation(refused.value)
    with database.read(engine) as conn:
        # SQLite undoes the statement and the transaction goes on (the group writer
        # relies on it); PostgreSQL's transaction is over at the first error
        kept = 1 if engine.dialect.name == "sqlite" else 0
        assert COUNT.execute(conn, {}).scalar() == kept


def test_what_it_could_not_fill_is_refused(engine: Engine) -> None:
    expanding = Prepared(
        select(notes.c.id).where(notes.c.state.in_(bindparam("s", expanding=True)))
    )
    defaulted = Prepared(insert(with_default), keys=("id",))
    with database.write(engine) as conn:
        with pytest.raises(TypeError, match="expanding"):
            expanding.execute(conn, {"s": ["open"]})
        with pytest.raises(TypeError, match="defaults"):
            defaulted.execute(conn, {"id": 1})


def test_an_insert_takes_exactly_its_columns(engine: Engine) -> None:
    """A value the insert was not prepared for is never dropped in silence."""
    with database.write(engine) as conn:
        with pytest.raises(KeyError):
            INSERT.execute(conn, {**row(1), "extra": "lost"})
        with pytest.raises(KeyError):
            INSERT.execute(conn, {key: value for key, value in row(1).items() if key != "done"})
