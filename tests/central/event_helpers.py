"""Events as a counter writes them, at chosen times: receptions, status changes,
reschedules and payments with the payloads of the counter's services (the statistics'
and the dashboard's data sets)."""

from __future__ import annotations

import uuid
from typing import Any

from counter_app.domain.event_chain import GENESIS, canonical, event_hash
from counter_app.domain.payment_reference import transfer_reference
from tests.central.bank_helpers import payment_payload
from tests.central.sync_helpers import Counter


def write(counter: Counter, kind: str, payload: dict[str, Any], at: str, aggregate: str) -> None:
    """An event written at ``at`` (the counter's clock), chained like the counter's log."""
    prev = counter.log[-1]["hash"] if counter.log else GENESIS
    event: dict[str, Any] = {
        "seq": len(counter.log) + 1,
        "id": str(uuid.uuid4()),
        "type": kind,
        "aggregate_type": kind.split(".")[0],
        "aggregate_id": aggregate,
        "payload": canonical(payload),
        "created_at": at,
        "device_id": counter.device_id,
        "officer": "can.bo",
        "prev_hash": prev,
    }
    event["hash"] = event_hash(prev, event)
    counter.log.append(event)


def received(counter: Counter, code: str, at: str, due: str) -> None:
    payload = {"code": code, "status": "received", "received_at": at, "due_at": due}
    write(counter, "dossier.received", payload, at, code)


def moved(counter: Counter, code: str, to: str, at: str) -> None:
    write(counter, "dossier.status_changed", {"code": code, "to": to, "reason": "x"}, at, code)


def payment(counter: Counter, code: str, amount: int, at: str, *then: tuple[str, str]) -> None:
    """Started at ``at``, then each (state, time): the payload is the whole payment."""
    reference = transfer_reference(code)
    write(counter, "payment.started", payment_payload(reference, amount, "pending"), at, code)
    for state, when in then:
        more = {"paid_at": when, "paid_by": "bank"} if state == "paid" else {}
        write(
            counter,
            f"payment.{state}",
            payment_payload(reference, amount, state, **more),
            when,
            code,
        )


def t(day: str, clock: str) -> str:
    return f"{day}T{clock}:00+07:00"
