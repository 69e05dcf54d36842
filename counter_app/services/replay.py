"""What the event log says each dossier and payment must be: a replay of their events.

``db check`` compares the tables with this replay. It knows what each event of a
dossier or a payment does to it (the services that write the events are the other
half of that knowledge: a new event type must be taught here, or the check names it
as unknown) and the one change ever made without an event: migration 0006, see
:func:`_as_migrated_by_0006`.

Times are compared as precisely as the event states them: the reception payload
gives the receipt and the promised time to the minute and its history entry to the
second; a status change, a new promised time and a payment's times are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from counter_app.domain.payments import Method, PaidBy, PaymentState
from counter_app.domain.records import field, record
from counter_app.services.dossiers import REASSIGNED_EVENT, RESCHEDULED_EVENT, STATUS_EVENT
from counter_app.services.payments import RECEIPT_EVENT
from counter_app.services.reception import FEE_DETERMINED_EVENT, RECEIVED_EVENT
from counter_app.storage.audit import LoggedEvent
from counter_app.storage.dossiers import search_text_of

MINUTES, SECONDS, EXACT = "minutes", "seconds", "exact"
UnsetRules = Mapping[tuple[str, int], frozenset[str]]
# What an event payload may lack or hold wrongly once its hash was made to match.
UNREADABLE = (LookupError, TypeError, ValueError, AttributeError)


@record(frozen=True)
class Moment:
    """A time as an event states it: to the minute, to the second, or exactly."""

    value: datetime
    precision: str = EXACT

    @classmethod
    def parse(cls, text: str, precision: str = EXACT) -> Moment:
        return cls(datetime.fromisoformat(text), precision)

    def matches(self, actual: object) -> bool:
        if not isinstance(actual, datetime):
            return False
        if self.precision == MINUTES:
            actual = actual.replace(second=0, microsecond=0)
        elif self.precision == SECONDS:
            actual = actual.replace(microsecond=0)
        return actual == self.value

    def __str__(self) -> str:
        spec = self.precision if self.precision in (MINUTES, SECONDS) else "auto"
        return self.value.isoformat(timespec=spec)


def same(expected: object, actual: object) -> bool:
    """Whether a stored value is what the events say (a time to their precision)."""
    if isinstance(expected, Moment):
        return expected.matches(actual)
    return expected == actual


class ExpectedEntry(NamedTuple):
    """A history row as its event says it must be."""

    seq: int
    fields: dict[str, object]


@record
class Replay:
    """The fields the events give a row (a field they do not state is absent), the
    history entries by event id (dossiers), and what is wrong in the events themselves."""

    fields: dict[str, object] = field(default_factory=dict)
    history: dict[str, ExpectedEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    started: bool = False  # the first event (reception, payment) was seen
    broken: bool = False  # an event could not be read: the fields are incomplete

    def label(self, key: str) -> str | None:
        value = self.fields.get(key)
        return value if isinstance(value, str) else None


# --- dossiers ------------------------------------------------------------------------


def replay_dossier(logged: Sequence[LoggedEvent], unset_rules: UnsetRules) -> Replay:
    replay = Replay()
    for event in logged:
        try:
            _apply_to_dossier(replay, event, unset_rules)
        except UNREADABLE:
            replay.problems.append(f"event {event.seq} ({event.type}) cannot be read")
            replay.broken = True  # what follows builds on what it said: not replayed
            break
    return replay


def _apply_to_dossier(replay: Replay, event: LoggedEvent, unset_rules: UnsetRules) -> None:
    payload = event.payload
    if payload is None:
        raise ValueError("payload")
    if event.type == RECEIVED_EVENT:
        if replay.started:
            replay.problems.append(f"event {event.seq} receives it a second time")
            return
        _received(replay, event, payload, unset_rules)
    elif not replay.started:
        replay.problems.append(f"event {event.seq} ({event.type}) comes before its reception")
    elif event.type == STATUS_EVENT:
        _status_changed(replay, event, payload)
    elif event.type == RESCHEDULED_EVENT:
        replay.fields["due_at"] = Moment.parse(payload["to"])
    elif event.type == REASSIGNED_EVENT:
        replay.fields["officer"] = payload["to"]
    elif event.type == FEE_DETERMINED_EVENT:
        _fee_determined(replay, payload)
    else:
        replay.problems.append(f"event {event.seq} has a type the check does not know")


def _received(
    replay: Replay, event: LoggedEvent, payload: dict[str, Any], unset_rules: UnsetRules
) -> None:
    procedure, fee, applicant = payload["procedure"], payload["fee"], payload["applicant"]
    replay.fields.update(
        code=payload["code"],
        lookup_secret=payload["lookup_secret"],
        procedure_code=procedure["code"],
        procedure_version=procedure["version"],
        procedure_name=procedure["name"],
        applicant=applicant,
        applicant_name=applicant["full_name"],
        applicant_id_number=applicant.get("id_number"),
        applicant_phone=applicant.get("phone"),
        delegate=payload["delegate"],
        documents=payload["documents"],
        sets=payload["sets"],
        channel=payload["channel"],
        collect_at=payload["collect_at"],
        fee_total=fee["total"] or 0,  # the column keeps 0 for "not determined"
        fee_determined=bool(fee.get("determined", True)),
        fee={key: value for key, value in fee.items() if key not in ("total", "determined")},
        received_at=Moment.parse(payload["received_at"], MINUTES),
        due_at=Moment.parse(payload["due_at"], MINUTES),
        status=payload["status"],
        officer=payload["officer"],
        note=payload["note"],
    )
    people = [applicant, *([payload["delegate"]] if payload["delegate"] else [])]
    replay.fields["search_index"] = search_text_of(payload["code"], people)
    first = payload["history"][0]  # the row keeps the reception's own entry
    replay.history[event.id] = _entry(event.seq, Moment.parse(first["at"], SECONDS), first)
    replay.started = True
    if "determined" not in fee:
        key = (procedure["code"], procedure["version"])
        _as_migrated_by_0006(replay.fields, unset_rules.get(key, frozenset()))


def _as_migrated_by_0006(fields: dict[str, object], unset: frozenset[str]) -> None:
    """What migration 0006 did, without an event, to a dossier received before it.

    Its reception event (written before 0006: its fee has no "determined") may
    show a 0 đ line of a rule that 0006 found to be a fee not set and made an
    ``unset`` rule of that procedure version. Unless the dossier was exempted,
    0006 took such lines out, listed their labels as ``unset`` and set
    ``fee_determined`` to 0 (``fee_total`` kept). The same rule is applied here
    to the event's fee, with the rules the stored version now marks ``unset``.
    """
    fee = fields["fee"]
    assert isinstance(fee, dict)
    lines = fee.get("lines") or []
    if fee.get("exempted_by") or not {line.get("rule") for line in lines} & unset:
        return
    fee["lines"] = [line for line in lines if line.get("rule") not in unset]
    fee["unset"] = [line.get("label", "") for line in lines if line.get("rule") in unset]
    fields["fee_determined"] = False


def _entry(seq: int, at: Moment, data: Mapping[str, Any]) -> ExpectedEntry:
    values = {
        "at": at,
        "officer": data["officer"],
        "from_status": data["from"],
        "to_status": data["to"],
        "reason": data["reason"],
    }
    return ExpectedEntry(seq, values)


def _status_changed(replay: Replay, event: LoggedEvent, payload: dict[str, Any]) -> None:
    before = replay.fields["status"]
    if payload["from"] != before:
        replay.problems.append(
            f"event {event.seq} moves the status from {payload['from']!r}, "
            f"but its events before had it {before!r}"
        )
    replay.fields["status"] = payload["to"]
    data = {**payload, "officer": event.officer}
    replay.history[event.id] = _entry(event.seq, Moment.parse(event.created_at), data)


def _fee_determined(replay: Replay, payload: dict[str, Any]) -> None:
    kept = ("code", "total", "procedure_version")  # the row keeps its received version
    replay.fields.update(
        fee_total=payload["total"],
        fee_determined=True,
        fee={key: value for key, value in payload.items() if key not in kept},
    )


# --- payments ------------------------------------------------------------------------

# Each payment event carries the whole payment as it then stood. Events written before
# the times, QR and bank transaction were added to the payload leave these out: what
# can be derived is (cash and an officer's confirmation are paid at the event's time,
# by its officer), the rest is not checked.
PAYMENT_STATE = ("reference", "dossier_id", "amount", "method", "state", "reason", "paid_by")
PAYMENT_TIMES = ("expires_at", "paid_at")
PAYMENT_LATER = ("qr_payload", "confirmed_by", "bank_transaction")


def replay_payment(logged: Sequence[LoggedEvent]) -> Replay:
    replay = Replay()
    for event in logged:
        try:
            _apply_to_payment(replay, event)
        except UNREADABLE:
            replay.problems.append(f"event {event.seq} ({event.type}) cannot be read")
            replay.broken = True  # what follows builds on what it said: not replayed
            break
    return replay


def _apply_to_payment(replay: Replay, event: LoggedEvent) -> None:
    payload = event.payload
    if payload is None:
        raise ValueError("payload")
    if event.type == RECEIPT_EVENT:
        replay.fields["receipt_number"] = payload["receipt_number"]
        return
    fields = replay.fields
    if not replay.started:
        fields.update(created_at=Moment.parse(event.created_at), officer=event.officer)
        fields.update(receipt_number=None, paid_at=None, confirmed_by=None, bank_transaction=None)
        if payload["method"] == Method.CASH.value:
            fields.update(expires_at=None, qr_payload=None)
        replay.started = True
    fields.update({key: payload[key] for key in PAYMENT_STATE})
    if "paid_at" in payload:
        fields.update({key: payload[key] for key in PAYMENT_LATER})
        for key in PAYMENT_TIMES:
            text = payload[key]
            fields[key] = None if text is None else Moment.parse(text)
    elif payload["state"] == PaymentState.PAID.value:
        _paid_before_payload_times(fields, event, payload["paid_by"])


def _paid_before_payload_times(fields: dict[str, object], event: LoggedEvent, by: str) -> None:
    if by in (PaidBy.CASH.value, PaidBy.OFFICER.value):
        fields.update(paid_at=Moment.parse(event.created_at), confirmed_by=event.officer)
    else:  # the bank's time and transaction were not logged
        for key in ("paid_at", "bank_transaction"):
            fields.pop(key, None)
