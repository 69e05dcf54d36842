"""The group writer: pieces that wait together share one SQLite transaction, a failing
piece is undone alone, and nothing is answered before the commit."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from central import database
from central.group_writer import GroupLost, GroupWriter


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = database.open_engine(f"sqlite:///{tmp_path / 'group.db'}")
    with database.write(engine) as conn:
        conn.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE,"
            " parent INTEGER REFERENCES parent (id))"
        )
    yield engine
    engine.dispose()


def bodies(engine: Engine) -> list[str]:
    with database.read(engine) as conn:
        return [row.body for row in conn.execute(text("SELECT body FROM notes ORDER BY id"))]


def note(body: str) -> Callable[[Connection], str]:
    def piece(conn: Connection) -> str:
        conn.execute(text("INSERT INTO notes (body) VALUES (:body)"), {"body": body})
        return body

    return piece


def run_together(writer: GroupWriter, pieces: list[Callable[[Connection], Any]]) -> list[Any]:
    """Submit every piece while the writer is held busy, so that they wait together."""
    started, release = threading.Event(), threading.Event()

    def blocker(_conn: Connection) -> None:
        started.set()
        release.wait(10)

    async def main() -> list[Any]:
        first = asyncio.ensure_future(writer.run(blocker))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        rest = [asyncio.ensure_future(writer.run(piece)) for piece in pieces]
        await asyncio.sleep(0.05)  # all of them are in the writer's line now
        release.set()
        await first
        return list(await asyncio.gather(*rest, return_exceptions=True))

    return asyncio.run(main())


def test_pieces_that_wait_together_share_one_commit(engine: Engine) -> None:
    writer = GroupWriter(engine)
    try:
        answers = run_together(writer, [note(f"n{i}") for i in range(10)])
    finally:
        writer.stop()
    assert answers == [f"n{i}" for i in range(10)]
    assert bodies(engine) == [f"n{i}" for i in range(10)]
    assert writer.groups == 2  # the blocker's group, then the ten together


def test_a_failing_piece_is_undone_alone(engine: Engine) -> None:
    def twice(conn: Connection) -> None:
        conn.execute(text("INSERT INTO notes (body) VALUES ('kept-by-none')"))
        conn.execute(text("INSERT INTO notes (body) VALUES ('a')"))  # 'a' exists: refused

    writer = GroupWriter(engine)
    try:
        answers = run_together(writer, [note("a"), twice, note("b")])
    finally:
        writer.stop()
    assert answers[0] == "a" and answers[2] == "b"
    assert isinstance(answers[1], IntegrityError)
    assert bodies(engine) == ["a", "b"]  # nothing of the failed piece, its first row included
    assert writer.redone == 1  # it had written: the group ran again, piece by piece


def test_a_piece_refused_before_it_writes_fails_alone_in_the_shared_transaction(
    engine: Engine,
) -> None:
    """The usual refusal (an unknown token, nothing waiting to finish) comes before any
    write: the others commit together, nobody runs twice."""

    def refused(conn: Connection) -> None:
        conn.execute(text("SELECT count(*) FROM notes")).scalar()
        raise PermissionError("unknown token")

    writer = GroupWriter(engine)
    try:
        answers = run_together(writer, [note("a"), refused, note("b")])
    finally:
        writer.stop()
    assert answers[0] == "a" and answers[2] == "b"
    assert isinstance(answers[1], PermissionError)
    assert bodies(engine) == ["a", "b"]
    assert writer.redone == 0 and writer.groups == 2  # the blocker's group, then this one


def test_a_failed_commit_answers_every_piece_with_its_error(engine: Engine) -> None:
    """A foreign key checked at the commit (deferred) fails the whole transaction: no
    piece is answered as stored, and none is."""

    def orphan(conn: Connection) -> None:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        conn.execute(text("INSERT INTO notes (body, parent) VALUES ('orphan', 99)"))

    writer = GroupWriter(engine)
    try:
        answers = run_together(writer, [note("x"), orphan, note("y")])
    finally:
        writer.stop()
    assert all(isinstance(answer, IntegrityError) for answer in answers), answers
    assert bodies(engine) == []
    assert writer.groups == 1  # only the blocker's


def test_a_transaction_lost_under_a_piece_fails_the_group_and_nothing_commits_alone(
    engine: Engine,
) -> None:
    """SQLite may end the whole transaction on a full disk or an I/O error. The pieces
    after it must not run on their own (each would commit at once, answered as failed)."""
    ran: list[str] = []

    def lost(conn: Connection) -> None:
        conn.exec_driver_sql("ROLLBACK")  # as SQLite does itself on SQLITE_FULL
        raise OSError("disk full")

    def after(conn: Connection) -> str:
        ran.append("after")
        return note("y")(conn)

    writer = GroupWriter(engine)
    try:
        answers = run_together(writer, [note("x"), lost, after])
    finally:
        writer.stop()
    assert all(isinstance(answer, GroupLost) for answer in answers), answers
    assert ran == [] and bodies(engine) == []
    again = GroupWriter(engine)
    try:
        assert run_together(again, [note("z")]) == ["z"]  # the next group is fine
    finally:
        again.stop()


def test_stop_finishes_what_waits(engine: Engine) -> None:
    writer = GroupWriter(engine)

    async def main() -> str:
        waiting = asyncio.ensure_future(writer.run(note("last")))
        await asyncio.sleep(0)
        await asyncio.get_running_loop().run_in_executor(None, writer.stop)
        return await waiting

    assert asyncio.run(main()) == "last"
    assert bodies(engine) == ["last"]
    assert not any(t.name == "central-group-writer" for t in threading.enumerate())
