"""The sync in the background: a thread with its own database connection (like the
print worker), never the GUI thread.

It syncs when events wait (looked for every ``poll`` seconds, or at once on
:meth:`SyncWorker.wake`) and every ``pull_every`` seconds for the server's changes.
An unreachable server is asked again after an exponential backoff with full jitter
(``counter_app.sync.backoff``); a refusal (a revoked token) after the longest wait,
so that a new enrolment made meanwhile is picked up. What the window shows is a
:class:`SyncSnapshot`, replaced whole under a lock: reading it is thread-safe.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from counter_app.domain.records import record, replace
from counter_app.services.sync import SyncReport, SyncService
from counter_app.services.sync_state import last_success
from counter_app.storage import outbox
from counter_app.storage.connection import Database
from counter_app.storage.database import connect, storage_failure
from counter_app.storage.errors import StorageError, from_os
from counter_app.sync.backoff import Backoff
from counter_app.sync.client import Refused, ServerUnreachable

LOG = logging.getLogger(__name__)
PULL_EVERY_S = 30.0
POLL_S = 2.0
LONG_BACKLOG = 1000  # a drain of more events than one batch shows its progress

STARTING, ONLINE, OFFLINE, REFUSED = "starting", "online", "offline", "refused"


@record(frozen=True)
class SyncSnapshot:
    """What the status bar shows, as of the worker's last look."""

    state: str = STARTING
    waiting: int = 0
    parked: int = 0
    held: int = 0
    last_success: datetime | None = None
    problem: str | None = None  # a refusal's or a broken chain's code
    draining: tuple[int, int] | None = None  # sent so far, total at the start of the drain
    # Counts since the start: the window refreshes what shows payments and dossiers.
    payments_paid: int = 0
    dossiers_moved: int = 0
    changes_applied: int = 0


class SyncWorker(threading.Thread):
    def __init__(
        self,
        path: Path,
        make_service: Callable[[Database], SyncService],
        backoff: Backoff | None = None,
        pull_every: float = PULL_EVERY_S,
        poll: float = POLL_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name="sync-worker", daemon=True)
        self._path = path
        self._make_service = make_service
        self._backoff = backoff or Backoff()
        self._pull_every = pull_every
        self._poll = poll
        self._monotonic = monotonic
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._woken = False
        self._lock = threading.Lock()
        self._snapshot = SyncSnapshot()
        self.failure: StorageError | None = None
        self.cycles = 0  # finished attempts, for tests and logs

    @property
    def snapshot(self) -> SyncSnapshot:
        with self._lock:
            return self._snapshot

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._snapshot = replace(self._snapshot, **changes)

    def wake(self) -> None:
        """New events were written: push them now (unless waiting out a backoff)."""
        self._woken = True
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
        self.join(timeout=5)

    # --- the loop --------------------------------------------------------------------

    def run(self) -> None:
        try:
            db = connect(self._path)
        except StorageError as failure:
            self._failed(failure)
            return
        except OSError as error:
            self._failed(from_os(error, self._path))
            return
        service = None
        try:
            service = self._make_service(db)
            self._loop(service, db)
        finally:
            if service is not None:
                service.close()
            db.close()

    def _loop(self, service: SyncService, db: Database) -> None:
        retry_at, last_cycle = 0.0, float("-inf")
        while not self._stop_event.is_set():
            now = self._monotonic()
            try:
                due = now - last_cycle >= self._pull_every or self._woken
                if now >= retry_at and (due or outbox.any_waiting(db)):
                    self._woken = False
                    delay = self._cycle(service, db)
                    last_cycle = self._monotonic()
                    retry_at = last_cycle + delay
                self._look(db)
                self.failure = None
            except Exception as error:
                if not self._failed(error):  # a bug: keep the traceback, keep going
                    LOG.exception("sync worker: unexpected failure")
                retry_at = self._monotonic() + self._backoff.next_delay()
            self._wake.wait(self._poll)
            self._wake.clear()

    def _cycle(self, service: SyncService, db: Database) -> float:
        """One sync; the seconds to wait before the next attempt may start."""
        try:
            return self._attempt(service, db)
        finally:
            self.cycles += 1  # counted once the attempt and its bookkeeping are done

    def _attempt(self, service: SyncService, db: Database) -> float:
        try:
            report = service.sync_once(self._progress)
        except ServerUnreachable as error:
            self._update(state=OFFLINE, draining=None)
            LOG.info("sync: %s", error.message)
            return self._backoff.next_delay()
        except Refused as error:
            self._update(state=REFUSED, problem=error.code, draining=None)
            LOG.warning("sync refused: %s", error.code)
            self._backoff.failures = max(self._backoff.failures, 32)
            return self._backoff.next_delay()  # the longest wait: a new enrolment may come
        self._reported(report, db)
        if report.errors or (report.pushed and not report.acknowledged):
            return self._backoff.next_delay()  # not acknowledged: do not ask again at once
        self._backoff.reset()
        return 0.0

    def _reported(self, report: SyncReport, db: Database) -> None:
        """Online, with what the sync did and the counts it left, in one snapshot: one
        that said online and nothing waiting still had no last success for a moment."""
        snapshot = self.snapshot
        problem = report.errors[0].split(":", 1)[0] if report.errors else None
        self._update(
            state=ONLINE,
            problem=problem,
            draining=None,
            payments_paid=snapshot.payments_paid + report.changes.payments_paid,
            dossiers_moved=snapshot.dossiers_moved + report.changes.dossiers_moved,
            changes_applied=snapshot.changes_applied + report.changes.applied,
            **self._counts(db),
        )

    def _progress(self, sent: int, total: int) -> None:
        if total > LONG_BACKLOG:
            self._update(draining=(sent, total), waiting=max(total - sent, 0))

    def _look(self, db: Database) -> None:
        self._update(**self._counts(db))

    @staticmethod
    def _counts(db: Database) -> dict[str, object]:
        """Counts and the last success as the store has them now."""
        return {
            "waiting": outbox.waiting(db),
            "parked": outbox.parked_count(db),
            "held": outbox.held_count(db),
            "last_success": last_success(db),
        }

    def _failed(self, error: Exception) -> bool:
        """Keep a failure of the store (False for anything else: a bug)."""
        failure = storage_failure(error)
        if failure is None:
            return False
        if self.failure is None or self.failure.code != failure.code:
            LOG.warning("sync worker: %s", failure.message)  # one line, no traceback
        self.failure = failure
        return True
