"""The counter's side of the sync (docs/sync-protocol.md): enrolment, push, pull, status.

Everything is stored locally first; the sync only moves it. Push sends the waiting
events of the log (``sent_at IS NULL``) in batches of ``wire.MAX_BATCH``, oldest
first, and marks what the server acknowledges (the highest contiguous seq it holds)
with one UPDATE. Pull asks for the changes since the stored cursor and applies each
page with its cursor in one transaction (``services/sync_changes.py``). The
background worker that runs this off the GUI thread is ``services/sync_worker.py``.

Failures are typed (``counter_app.sync.client``): an unreachable server is recorded
and retried later, a refusal (a revoked token) is recorded and shown; neither loses
anything, and the counter works on without the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.domain.agency import SAMPLE_AGENCY_ID, check_agency_id
from counter_app.domain.clock import Clock
from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import field, record
from counter_app.services import sync_state
from counter_app.services.dossiers import DossierService
from counter_app.services.payments import PaymentService
from counter_app.services.permissions import Guard, Permission
from counter_app.services.sync_changes import (
    ChangeApplier,
    PageResult,
    block_conflict,
)
from counter_app.services.sync_state import (
    ATTEMPT_KEY,
    CA_KEY,
    CURSOR_KEY,
    ENROLLED_AT_KEY,
    ERROR_KEY,
    OUTCOME_KEY,
    PROBLEM_KEY,
    SERVER_KEY,
    SUCCESS_KEY,
    TOKEN_KEY,
    WARD_CODE_KEY,
    WARD_NAME_KEY,
    not_enrolled,
)
from counter_app.services.unit import (
    ADMIN_USERNAME,
    DEFAULT_SETTINGS,
    Unit,
    load_unit,
    stored_block,
)
from counter_app.storage import dossiers, events, ledger, outbox, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction
from counter_app.sync import wire
from counter_app.sync.client import (
    DEFAULT_TIMEOUT,
    ChainBroken,
    Refused,
    SyncClient,
    SyncError,
    check_server_url,
    push_body,
)

if TYPE_CHECKING:
    from counter_app.sync.queue_client import QueueClient

QUEUE_TIMEOUT = 10.0  # a queue action answers at once or the officer is told
ENROLLED_EVENT = "unit.enrolled"
MAX_ROUNDS = 3  # push, pull, push what applying wrote: until nothing waits
Progress = Callable[[int, int], None]
Batch = tuple[list[dict[str, Any]], str]  # waiting events and their push request


@record
class SyncReport:
    """What one ``sync_once`` did, for the command line's JSON and the worker."""

    pushed: int = 0
    acknowledged: int = 0  # events marked sent
    acked_through: int | None = None
    parked: int = 0
    pulled: int = 0
    changes: PageResult = field(default_factory=PageResult)
    errors: list[str] = field(default_factory=list)
    waiting: int = 0
    duration: float = 0.0

    def to_data(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "acknowledged": self.acknowledged,
            "acked_through": self.acked_through,
            "parked": self.parked,
            "pulled": self.pulled,
            "applied": self.changes.applied,
            "unchanged": self.changes.unchanged,
            "held": self.changes.held,
            "waiting": self.waiting,
            "errors": self.errors,
            "duration": round(self.duration, 3),
        }


class SyncService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        unit: Unit,
        dossier_service: DossierService,
        payments: PaymentService,
        ledger_file: Path | None = None,
        app_version: str = "",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._db = db
        self._clock = clock
        self._unit = unit
        self._ledger_file = ledger_file
        self._app_version = app_version
        self._timeout = timeout
        self._client: SyncClient | None = None
        self._client_key: tuple[str, str] | None = None
        self.applier = ChangeApplier(
            db, clock, unit.device_id, dossier_service, payments, self._numbering
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- enrolment -------------------------------------------------------------------

    def enrol(
        self,
        server: str,
        code: str,
        device_name: str = "",
        officer: str = ADMIN_USERNAME,
        ca: str | None = None,
    ) -> dict[str, Any]:
        """Exchange a one-time code for this device's token, ward, counter and block;
        ``ca``: the PEM of the ward's own certificate authority, trusted from now on.

        Refused before the code is spent when this installation numbered dossiers under
        the sample code or under two codes; refused after, without changing anything,
        when it numbered them under a code that is not the ward's.
        """
        base = check_server_url(server)
        Guard(self._db, self._clock, self._unit.device_id).require(
            officer, Permission.ENROLMENT, base
        )
        numbered = self._numbered_agencies()
        if SAMPLE_AGENCY_ID in numbered or len(numbered) > 1:
            raise _numbered_elsewhere(numbered, None)
        request = wire.EnrolRequest(
            code=_enrolment_code(code),
            device_id=self._unit.device_id,
            device_name=device_name[:500],
            app_version=self._app_version[:40],
        )
        agent = self._user_agent()
        with SyncClient(base, timeout=self._timeout, user_agent=agent, ca=ca) as client:
            answer = client.enrol(request)
        if answer.device_id != self._unit.device_id:
            raise DomainError(
                "enrolment_device_mismatch",
                f"the server enrolled device {answer.device_id}, not this one",
            )
        ward = check_agency_id(answer.ward.code)
        block = SequenceBlock(answer.sequence_block.first, answer.sequence_block.last)
        with transaction(self._db):
            if numbered - {ward}:
                raise _numbered_elsewhere(numbered, ward)
            deferred = self._enrolled(base, answer, block, officer)
            if ca:
                outbox.put(self._db, CA_KEY, ca)
            else:
                outbox.remove(self._db, CA_KEY)
        return {
            "server": base,
            "ward": {"code": ward, "name": answer.ward.name},
            "counter_number": answer.counter_number,
            "sequence_block": [block.first, block.last],
            "block_deferred": deferred,
            "applies": "from the next start of the counter",
        }

    def _enrolled(
        self, base: str, answer: wire.EnrolResponse, block: SequenceBlock, officer: str
    ) -> bool:
        """Store the enrolment (inside the transaction); True when the block waits a day."""
        values = settings.get_all(self._db)
        previous = {
            "agency_id": values.get("agency_id"),
            "counter_number": values.get("counter_number"),
            "sequence_block": [values.get("sequence_first"), values.get("sequence_last")],
        }
        ward = answer.ward
        settings.put(self._db, "agency_id", ward.code)
        if values.get("unit_name") == DEFAULT_SETTINGS["unit_name"]:
            settings.put(self._db, "unit_name", ward.name)
        today = self._clock.now().date()
        current = stored_block(values)
        deferred = block_conflict(self._numbering, ward.code, today, current, block) is not None
        counter = {
            "counter_number": answer.counter_number,
            "sequence_block": {"first": block.first, "last": block.last},
        }
        if deferred:  # numbers given today lie above it: from a later day (sync_changes)
            outbox.hold(
                self._db,
                None,
                wire.ChangeKind.COUNTER.value,
                "counter_block_below_today",
                "the enrolment's block lies below numbers given today",
                counter,
                self._clock.now().isoformat(),
                self._unit.device_id,  # this counter's own block
            )
        else:
            settings.put(self._db, "counter_number", str(answer.counter_number))
            settings.put(self._db, "sequence_first", str(block.first))
            settings.put(self._db, "sequence_last", str(block.last))
        if outbox.get(self._db, SERVER_KEY) != base:
            outbox.put(self._db, CURSOR_KEY, "0")  # another server: its changes from the start
        for key, value in {
            SERVER_KEY: base,
            TOKEN_KEY: answer.token,
            WARD_CODE_KEY: ward.code,
            WARD_NAME_KEY: ward.name,
            ENROLLED_AT_KEY: self._clock.now().isoformat(),
        }.items():
            outbox.put(self._db, key, value)
        for key in (ERROR_KEY, PROBLEM_KEY):
            outbox.remove(self._db, key)
        payload = {
            "server": base,
            "ward": {"code": ward.code, "name": ward.name},
            **counter,
            "block_deferred": deferred,
            "previous": previous,
        }
        context = events.EventContext(self._unit.device_id, officer)
        aggregate = ("unit", self._unit.device_id)
        events.append(self._db, context, ENROLLED_EVENT, aggregate, payload, self._clock.now())
        return deferred

    def _numbered_agencies(self) -> set[str]:
        """The agency ids of the dossiers numbered here (a code ends -YYMMDD-NNNN)."""
        rows = self._db.execute("SELECT DISTINCT substr(code, 1, length(code) - 12) FROM dossiers")
        return {str(row[0]) for row in rows}

    def _numbering(self, agency_id: str, day: date) -> int | None:
        """The highest number given under ``agency_id`` on ``day``: the database's, or the
        unit ledger's reservation when it is higher (a number may be out on paper)."""
        known = [dossiers.last_sequence(self._db, agency_id, day)]
        if self._ledger_file is not None:
            kept = ledger.read(self._ledger_file)
            known.append(kept.last_issued(agency_id, day) if kept else None)
        return max((n for n in known if n is not None), default=None)

    # --- one round of sync -----------------------------------------------------------

    def enrolled(self) -> bool:
        return sync_state.enrolled(self._db)

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """Push until nothing waits (or the server stops acknowledging), then pull until
        no page is left; again while applying changes wrote events. The attempt and its
        outcome are recorded; :class:`ServerUnreachable` and :class:`Refused` are raised
        after that (what was done before stays done)."""
        started = time.monotonic()
        client = self._connected()
        report = SyncReport()
        self._record({ATTEMPT_KEY: self._clock.now().isoformat()})
        try:
            report.changes.add(self.applier.retry_held())
            for _ in range(MAX_ROUNDS):
                self._push_all(client, report, progress)
                self._pull_all(client, report)
                if not outbox.any_waiting(self._db) or report.errors:
                    break
        except SyncError as error:
            failed = {ERROR_KEY: f"{error.code}: {error.message}", OUTCOME_KEY: "unreachable"}
            if isinstance(error, Refused):
                failed.update({PROBLEM_KEY: error.code, OUTCOME_KEY: "refused"})
            self._record(failed)
            raise
        finally:
            report.waiting = outbox.waiting(self._db)
            report.duration = time.monotonic() - started
        self._succeeded(report)
        return report

    def _succeeded(self, report: SyncReport) -> None:
        with transaction(self._db):
            outbox.put(self._db, SUCCESS_KEY, self._clock.now().isoformat())
            outbox.put(self._db, OUTCOME_KEY, "ok")
            outbox.remove(self._db, ERROR_KEY)
            if not report.errors:
                outbox.remove(self._db, PROBLEM_KEY)

    def _push_all(self, client: SyncClient, report: SyncReport, progress: Progress | None) -> None:
        """Send the waiting events, a batch at a time, until none waits. While a batch
        travels and the server stores it, the next one is read and encoded here (the
        counter's share of a long drain, about a fifth of it), then sent at once."""
        total, done, resent = outbox.waiting(self._db), 0, False
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as sender:
            batch = self._batch()
            while batch is not None:
                rows, body = batch
                sending = sender.submit(client.send_push, body)
                ahead = self._read_ahead(int(rows[-1]["seq"]))
                try:
                    answer = sending.result()
                except ChainBroken as error:
                    report.errors.append(f"{error.code}: {error.detail}")
                    self._record(
                        {PROBLEM_KEY: error.code, ERROR_KEY: f"{error.code}: {error.detail}"}
                    )
                    return
                report.pushed += len(rows)
                report.acked_through = answer.acked_through
                report.parked += len(answer.parked)
                marked = self._acknowledged(answer)
                report.acknowledged += marked
                done += marked
                if progress is not None:
                    progress(done, max(total, done))
                if answer.acked_through < int(rows[0]["seq"]) - 1 and not resent:
                    # The server holds less than was marked sent (restored from a backup):
                    # send again from what it holds; it stores each event once.
                    with transaction(self._db):
                        total += outbox.mark_unsent_after(self._db, answer.acked_through)
                    resent = True
                    batch = self._batch()
                    continue
                if marked == 0:
                    return  # the server stops acknowledging here: the next round tries again
                if answer.acked_through != int(rows[-1]["seq"]):
                    batch = self._batch()  # it holds less of the batch: not what was read ahead
                elif isinstance(ahead, DomainError):
                    raise ahead
                else:
                    batch = ahead

    def _batch(self, after: int = 0) -> Batch | None:
        """The oldest waiting events after seq ``after`` and their push request."""
        rows = outbox.unsent(self._db, wire.MAX_BATCH, after)
        return (rows, push_body(self._unit.device_id, rows)) if rows else None

    def _read_ahead(self, after: int) -> Batch | DomainError | None:
        """The batch after seq ``after``; an event that does not fit the protocol is
        reported once the batch in flight is answered and only if it is sent next."""
        try:
            return self._batch(after)
        except DomainError as error:
            return error

    def _acknowledged(self, answer: wire.PushResponse) -> int:
        now = self._clock.now().isoformat()
        with transaction(self._db):
            marked = outbox.mark_sent(self._db, answer.acked_through, now)
            for item in answer.parked:
                # A reason of a newer server is kept and shown as its code.
                parked = outbox.ParkedEvent(item.id, item.seq, str(item.reason), item.detail, now)
                outbox.park(self._db, parked)
        return marked

    def _pull_all(self, client: SyncClient, report: SyncReport) -> None:
        cursor = self.applier.cursor()
        while True:
            page = client.pull(cursor, wire.MAX_CHANGES)
            report.pulled += len(page.changes)
            if page.changes or page.cursor != cursor:
                report.changes.add(self.applier.apply_page(page.changes, page.cursor))
            if not page.more or page.cursor <= cursor:
                return  # done, or a page that does not move on: ask again next time
            cursor = self.applier.cursor()  # this page's, or a later one another pull stored

    def _connected(self) -> SyncClient:
        """The client for the stored server and token, kept while they stay the same."""
        state = outbox.state(self._db)
        server, token = state.get(SERVER_KEY), state.get(TOKEN_KEY)
        if not server or not token:
            raise not_enrolled()
        if self._client is None or self._client_key != (server, token):
            self.close()
            self._client = SyncClient(
                server,
                token,
                timeout=self._timeout,
                user_agent=self._user_agent(),
                ca=state.get(CA_KEY),
            )
            self._client_key = (server, token)
        return self._client

    def queue_client(self, timeout: float = QUEUE_TIMEOUT) -> QueueClient:
        """A new client of the ward's queue at the enrolled server, with this counter's
        token (the caller closes it); ``not_enrolled`` before the counter is enrolled."""
        from counter_app.sync.queue_client import QueueClient

        state = outbox.state(self._db)
        server, token = state.get(SERVER_KEY), state.get(TOKEN_KEY)
        if not server or not token:
            raise not_enrolled()
        agent, ca = self._user_agent(), state.get(CA_KEY)
        return QueueClient(server, token, timeout=timeout, user_agent=agent, ca=ca)

    def counter_number(self) -> int:
        """This counter's number in the ward (its enrolment's)."""
        return load_unit(self._db).counter_number

    def _record(self, values: dict[str, str]) -> None:
        with transaction(self._db):
            for key, value in values.items():
                outbox.put(self._db, key, value)

    def _user_agent(self) -> str:
        return f"counter-app/{self._app_version}" if self._app_version else "counter-app"

    # --- status ----------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """The state for ``sync --status`` and the window: no token, no personal data."""
        return sync_state.status(self._db, self._unit)


def _enrolment_code(code: str) -> str:
    text = code.strip()
    if not 4 <= len(text) <= 64 or not text.isprintable():
        raise DomainError(
            "enrolment_code_invalid", "an enrolment code has 4–64 characters, as the server gave it"
        )
    return text


def _numbered_elsewhere(numbered: set[str], ward: str | None) -> DomainError:
    codes = ", ".join(sorted(numbered))
    if ward is None:
        return DomainError(
            "enrolment_numbered_elsewhere",
            f"this installation numbered dossiers under {codes}: a sample or mixed history "
            "cannot join a ward; enrol a fresh installation (another data folder)",
        )
    return DomainError(
        "enrolment_numbered_elsewhere",
        f"the server enrols this counter for {ward}, but it numbered dossiers under {codes}: "
        "nothing was changed; ask the server's operator to revoke this device, then check the "
        "ward's code",
    )
