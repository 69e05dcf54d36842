"""Receiving a dossier: validate, price, promise a time, number it, save it with its event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.dossiers import (
    Dossier,
    HistoryEntry,
    ReceivedDocument,
    Status,
    dossier_code,
    new_lookup_secret,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeQuote, FeeRequest
from counter_app.domain.procedures import Procedure
from counter_app.domain.reception import ReceptionRequest, check_identity_on
from counter_app.domain.records import record
from counter_app.services.catalogue import fee_not_set_error
from counter_app.services.reference import ReferenceService
from counter_app.services.unit import Unit
from counter_app.storage import dossiers, drafts, events
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction
from counter_app.storage.ledger import LedgerKeeper

RECEIVED_EVENT = "dossier.received"
FEE_DETERMINED_EVENT = "dossier.fee_determined"
DRAFT_KIND = "reception"


@record(frozen=True)
class Preview:
    procedure: Procedure
    quote: FeeQuote
    received_at: datetime
    due_at: datetime
    # Days counted over that are only expected (a year not yet announced): the
    # promised time may move, and the form says "dự kiến".
    expected_days: tuple[date, ...] = ()

    @property
    def due_is_expected(self) -> bool:
        return bool(self.expected_days)


class ReceptionService:
    """Receives dossiers and numbers them.

    Every number is covered by the unit ledger's reservation (``storage/ledger.py``)
    before the commit that hands it out, and the first number of a day in this
    program goes above the ledger's reservation too: a lost, restored or older
    database can never make a code repeat.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        reference_data: ReferenceService,
        unit: Unit,
        ledger: LedgerKeeper,
    ) -> None:
        self._db = db
        self._clock = clock
        self._reference = reference_data
        self._unit = unit
        self._ledger = ledger

    def receive(
        self, request: ReceptionRequest, officer: str, clear_draft: bool = False
    ) -> Dossier:
        """Save one dossier and its event in one transaction: all of it or nothing.

        ``clear_draft``: the officer's reception draft goes in the same transaction,
        so it is kept exactly until the dossier is safely saved.
        """
        with transaction(self._db):
            before = self._numbering()
            dossier = self._receive(request, officer)
            if clear_draft:
                drafts.delete(self._db, officer, DRAFT_KIND)
            self._ledger.save(*before, self._clock.now())
        self._ledger.committed()
        return dossier

    def preview(
        self, procedure_code: str, fee: FeeRequest, received_at: datetime | None = None
    ) -> Preview:
        """Fee and promised time as the form changes, before anything is saved."""
        received = received_at or self._clock.now().replace(second=0, microsecond=0)
        procedure = self._reference.catalogue().get(procedure_code, received.date())
        quote = procedure.fees.quote(fee)
        calendar = self._reference.calendar()
        due = calendar.due_time(received, procedure.time_limit)
        expected = tuple(calendar.expected_days_between(received.date(), due.date()))
        return Preview(procedure, quote, received, due, expected)

    def save_draft(self, officer: str, data: dict[str, Any]) -> None:
        with transaction(self._db):
            drafts.save(self._db, officer, DRAFT_KIND, data, self._clock.now().isoformat())

    def load_draft(self, officer: str) -> dict[str, Any] | None:
        return drafts.load(self._db, officer, DRAFT_KIND)

    def discard_draft(self, officer: str) -> None:
        with transaction(self._db):
            drafts.delete(self._db, officer, DRAFT_KIND)

    def receive_many(self, requests: Iterable[ReceptionRequest], officer: str) -> list[Dossier]:
        """Bulk reception in one transaction (demo data, imports of paper registers)."""
        with transaction(self._db):
            before = self._numbering()
            received = [self._receive(request, officer) for request in requests]
            self._ledger.save(*before, self._clock.now())
        self._ledger.committed()
        return received

    def release_numbers(self) -> None:
        """At a clean close: the ledger's unused reservations go back, so the next start
        does not skip them. A failure here only leaves a gap in the numbers."""
        if not self._ledger.holds_reservations:
            return
        with transaction(self._db):
            self._ledger.release(
                lambda agency, day: dossiers.last_sequence(self._db, agency, day),
                dossiers.row_counts(self._db),
                self._clock.now(),
            )

    def _numbering(self) -> tuple[int, int]:
        """Start numbering in a transaction: the rows committed so far, for the ledger."""
        self._ledger.discard()
        return dossiers.row_counts(self._db)

    def _receive(self, request: ReceptionRequest, officer: str) -> Dossier:
        received = self._received_at(request)
        check_identity_on(request, received.date())
        procedure = self._reference.catalogue().get(request.procedure_code, received.date())
        quote = procedure.fees.quote(request.fee)
        due = self._reference.calendar().due_time(received, procedure.time_limit)
        code = self._next_code(received)
        dossier = Dossier(
            id=str(uuid.uuid4()),
            code=code,
            lookup_secret=new_lookup_secret(),
            procedure_code=procedure.code,
            procedure_version=procedure.version,
            procedure_name=procedure.name,
            applicant=request.applicant,
            delegate=request.delegate,
            documents=request.documents or _required_documents(procedure),
            sets=request.sets,
            channel=request.channel.value,
            collect_at=request.collect_at,
            fee_total=quote.total,
            fee=_fee_data(quote, request.fee),
            received_at=received,
            due_at=due,
            status=Status.RECEIVED,
            officer=officer,
            note=request.note,
            history=(HistoryEntry(received, officer, None, Status.RECEIVED),),
        )
        context = events.EventContext(self._unit.device_id, officer)
        event_id = events.append(
            self._db,
            context,
            RECEIVED_EVENT,
            ("dossier", dossier.id),
            dossier.to_data(),
            self._clock.now(),
        )
        dossiers.insert(self._db, dossier, event_id)
        return dossier

    def determine_fee(self, code: str, officer: str) -> Dossier:
        """Price a dossier whose fee was not set when it was received, now that it is.

        The same facts (pages, copies, age, lateness, exemption, channel) are priced
        with the procedure's version in force today; the change is an event.
        """
        with transaction(self._db):
            dossier = dossiers.by_code(self._db, code.strip().upper())
            if dossier is None:
                raise DomainError("dossier_not_found", f"No dossier has the code {code}.")
            if dossier.fee_determined:
                raise DomainError(
                    "fee_already_determined", f"The fee of {dossier.code} is already known."
                )
            now = self._clock.now()
            procedure = self._reference.catalogue().get(dossier.procedure_code, now.date())
            request = _stored_fee_request(dossier)
            quote = procedure.fees.quote(request)
            if quote.total is None:
                raise fee_not_set_error(procedure)
            fee = _fee_data(quote, request)
            payload = {
                "code": dossier.code,
                "total": quote.total,
                "procedure_version": procedure.version,
                **fee,
            }
            context = events.EventContext(self._unit.device_id, officer)
            events.append(
                self._db, context, FEE_DETERMINED_EVENT, ("dossier", dossier.id), payload, now
            )
            dossiers.set_fee(self._db, dossier.id, quote.total, fee, now)
        found = dossiers.by_code(self._db, dossier.code)
        assert found is not None  # it was there inside the transaction
        return found

    def _received_at(self, request: ReceptionRequest) -> datetime:
        now = self._clock.now()
        if request.received_at is None:
            return now.replace(microsecond=0)
        received = request.received_at
        if received.tzinfo is None:
            received = received.replace(tzinfo=VIETNAM)
        if received > now:
            raise DomainError(
                "received_in_future",
                "received_at: the time of receipt cannot be in the future.",
                field="received_at",
            )
        return received.astimezone(VIETNAM)

    def _next_code(self, received: datetime) -> str:
        agency, day = self._unit.agency_id, received.date()
        block = self._unit.block
        stored = _in_block(dossiers.last_sequence(self._db, agency, day), self._unit)
        fence = _in_block(self._ledger.fence(agency, day), self._unit)
        # The codes themselves too: a sequence row lowered by hand (or lost) must not
        # make the next reception collide with a dossier already numbered.
        held = dossiers.highest_stored(self._db, agency, day, block.first, block.last)
        last = max((n for n in (stored, fence, held) if n is not None), default=None)
        sequence = block.next_after(last)
        dossiers.store_sequence(self._db, agency, day, sequence)
        self._ledger.note(agency, day, sequence, block.last)
        return dossier_code(agency, day, sequence)


def _in_block(last: int | None, unit: Unit) -> int | None:
    # A counter renumbered to another block starts that block afresh.
    if last is None or not unit.block.first <= last <= unit.block.last:
        return None
    return last


def _required_documents(procedure: Procedure) -> tuple[ReceivedDocument, ...]:
    return tuple(
        ReceivedDocument(name=d.name, form=d.form.value, count=d.count)
        for d in procedure.documents
        if not d.optional
    )


def _stored_fee_request(dossier: Dossier) -> FeeRequest:
    stored = dossier.fee.get("request")
    facts: dict[str, Any] = stored if isinstance(stored, dict) else {}
    return FeeRequest(
        pages=facts.get("pages"),
        copies=facts.get("copies") or 1,
        channel=Channel(dossier.channel),
        age=facts.get("age"),
        late=bool(facts.get("late")),
        exemption=facts.get("exemption"),
    )


def _fee_data(quote: FeeQuote, request: FeeRequest) -> dict[str, object]:
    return {
        "lines": [
            {
                "rule": line.rule_id,
                "label": line.label,
                "quantity": line.quantity,
                "unit_amount": line.unit_amount,
                "amount": line.amount,
            }
            for line in quote.lines
        ],
        "exempted_by": quote.exempted_by,
        "unset": list(quote.unset),
        "request": {
            "pages": request.pages,
            "copies": request.copies,
            "age": request.age,
            "late": request.late,
            "exemption": request.exemption,
        },
    }
