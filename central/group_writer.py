"""Group commit for SQLite: short write transactions that arrive together share one.

SQLite has one writer at a time, so ten counters calling next at once wait for each
other whatever happens. Each of them paying for its own transaction (a pooled
connection, ``BEGIN IMMEDIATE``, a durable commit with its fsync) and its own hop to a
worker thread makes that wait longer. Here one thread runs the work: it takes what is
waiting (up to ``MOST``), runs the pieces one after another in one transaction, and
commits once.

A piece that fails before it has changed a row (the usual refusals: an unknown token,
a ticket in the wrong state, nobody waiting) fails alone and the others go on. One that
fails after it has changed rows undoes the whole transaction, and every piece of the
group runs again in a transaction of its own. No answer is given before the commit: if
the commit fails, every piece of the group fails with it and nothing of them is stored.
If SQLite ends the transaction itself under a piece (a full disk, an I/O error), the
group stops there and fails as a whole, so that no later piece commits on its own.

Only this process's queue actions go through it; other writers (a push, another
process) still take their turns on the database as before (``database.write``).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from central import database

log = logging.getLogger("central.group_writer")

MOST = 32  # pieces in one transaction at most: a long group delays its first answer
Result = TypeVar("Result")
Work = Callable[[Connection], Any]
_STOP = None


class GroupLost(Exception):
    """The database ended the group's transaction under a piece: none of it stands."""


class _WroteThenFailed(Exception):
    """A piece failed after it had changed rows: the group runs again, piece by piece."""


def _in_transaction(raw: Any) -> bool:
    return bool(getattr(raw, "in_transaction", True))


def _changes(raw: Any) -> int:
    """Rows inserted, changed or deleted on the connection so far (a statement that
    fails is undone by SQLite and not counted)."""
    return int(raw.total_changes)


class GroupWriter:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._waiting: queue.SimpleQueue[tuple[Work, Future[Any]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()
        self.groups = 0  # transactions committed (for the tests)
        self.redone = 0  # groups run again piece by piece

    async def run(self, work: Callable[[Connection], Result]) -> Result:
        """``work(conn)`` in a write transaction shared with the pieces waiting with it;
        its answer once that transaction is committed."""
        future: Future[Result] = Future()
        self._start()
        self._waiting.put((work, future))
        return await asyncio.wrap_future(future)

    def stop(self) -> None:
        """Finish what waits, then end the thread."""
        with self._starting:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._waiting.put(_STOP)
            thread.join(timeout=30)

    def _start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._starting:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="central-group-writer", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            first = self._waiting.get()
            if first is _STOP:
                return
            group = [first]
            stopping = False
            while len(group) < MOST:
                try:
                    more = self._waiting.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                group.append(more)
            try:
                self._commit(group)
            except BaseException as exc:  # never leave a request waiting for an answer
                for _work, future in group:
                    if not future.done():
                        future.set_exception(exc)
                raise
            if stopping:
                return

    def _commit(self, group: list[tuple[Work, Future[Any]]]) -> None:
        live = [(work, future) for work, future in group if future.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            done = self._together(live)
        except _WroteThenFailed:
            self.redone += 1  # rare: each piece again, in a transaction of its own
            for piece in live:
                self._answer(*self._alone(piece))
            return
        except Exception as exc:  # the transaction itself: nothing of the group stays
            log.warning("a group of %d writes was rolled back: %s", len(live), exc)
            for _work, future in live:
                future.set_exception(exc)
            return
        self.groups += 1
        for answer in done:
            self._answer(*answer)

    def _together(
        self, live: list[tuple[Work, Future[Any]]]
    ) -> list[tuple[Future[Any], Any, Exception | None]]:
        """Every piece in one transaction. A piece that fails before it has changed a
        row leaves the transaction as it found it, and fails alone; one that fails after
        (rare: the checks come before the writes) undoes the whole group."""
        done: list[tuple[Future[Any], Any, Exception | None]] = []
        with database.write(self._engine) as conn:
            raw = conn.connection.dbapi_connection
            for work, future in live:
                before = _changes(raw)
                try:
                    done.append((future, work(conn), None))
                except Exception as exc:
                    if not _in_transaction(raw):
                        # SQLite rolled the whole transaction back (a full disk, an I/O
                        # error): what follows would commit on its own, so the group
                        # ends here and fails as a whole
                        raise GroupLost(f"the transaction was lost: {exc}") from exc
                    if _changes(raw) != before:
                        raise _WroteThenFailed from exc
                    done.append((future, None, exc))
        return done

    def _alone(self, piece: tuple[Work, Future[Any]]) -> tuple[Future[Any], Any, Exception | None]:
        work, future = piece
        try:
            with database.write(self._engine) as conn:
                return future, work(conn), None
        except Exception as exc:
            return future, None, exc

    @staticmethod
    def _answer(future: Future[Any], value: Any, error: Exception | None) -> None:
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)
