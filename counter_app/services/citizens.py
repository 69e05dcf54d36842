"""A citizen's access request (Decree 13/2023/NĐ-CP art. 14): everything this counter
holds about the person with an ID number, as one JSON document.

The export is itself recorded: an event ``citizen.exported`` names the dossiers and
the officer, never the number or the name (the event log goes to the ward server).
"""

from __future__ import annotations

import uuid
from typing import Any

from counter_app.domain.citizens import parse_id_number
from counter_app.domain.clock import Clock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.payments import Payment, payment_data
from counter_app.storage import dossiers, drafts, events, payments, print_jobs
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

EXPORTED_EVENT = "citizen.exported"
FORMAT = "counter-app citizen export 1"
NOTHING_HELD = "This counter holds no dossier and no draft with this ID number."
WITHHELD = "withheld: another person's personal data"


class CitizenService:
    def __init__(self, db: Database, clock: Clock, device_id: str) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id

    def export(self, id_number: str, officer: str) -> dict[str, Any]:
        """The citizen's data as stored, and the event that says it was given out.

        A malformed number is a ``DomainError`` (nothing is looked up or recorded);
        an unknown one gives an export with no dossier and a note saying so.
        """
        number = parse_id_number(id_number).number
        now = self._clock.now()
        found = dossiers.of_person(self._db, number)
        document: dict[str, Any] = {
            "format": FORMAT,
            "id_number": number,
            "exported_at": now.isoformat(timespec="seconds"),
            "exported_by": officer,
            "device_id": self._device_id,
            "dossiers": [self._dossier(d, number) for d in found],
            "drafts": [
                {"officer": who, "kind": kind, "data": data, "updated_at": at}
                for who, kind, data, at in drafts.mentioning(self._db, number)
            ],
        }
        if not document["dossiers"] and not document["drafts"]:
            document["note"] = NOTHING_HELD
        payload = {"dossiers": [d.code for d in found], "officer": officer}
        with transaction(self._db):
            context = events.EventContext(self._device_id, officer)
            aggregate = ("citizen_export", str(uuid.uuid4()))
            events.append(self._db, context, EXPORTED_EVENT, aggregate, payload, now)
        return document

    def _dossier(self, dossier: Dossier, number: str) -> dict[str, Any]:
        data = dossier.to_data()
        roles = []
        if dossier.applicant.id_number == number:
            roles.append("applicant")
        if dossier.delegate is not None and dossier.delegate.id_number == number:
            roles.append("delegate")
        data["roles"] = roles
        # Another person's data is theirs: only their name, which says who acted with whom.
        if "applicant" not in roles:
            data["applicant"] = _other(dossier.applicant.full_name)
        if dossier.delegate is not None and "delegate" not in roles:
            data["delegate"] = _other(dossier.delegate.full_name)
        data["payments"] = [
            _payment(p, payments.receipt_number(self._db, p.id))
            for p in payments.for_dossier(self._db, dossier.id)
        ]
        data["papers"] = [
            {"kind": j.kind, "title": j.title, "state": j.state, "created_at": j.created_at}
            for j in print_jobs.for_dossier(self._db, dossier.id)
        ]
        data["events"] = [
            {"type": e.type, "at": e.created_at, "officer": e.officer}
            for e in events.for_aggregate(self._db, dossier.id)
        ]
        return data


def _other(full_name: str) -> dict[str, str]:
    return {"full_name": full_name, "other_fields": WITHHELD}


def _payment(payment: Payment, receipt: str | None) -> dict[str, Any]:
    return {**payment_data(payment), "receipt_number": receipt}
