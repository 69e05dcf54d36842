"""The administrator's side of the procedure catalogue: fees this unit has not set yet.

Fees are set by each province (DOMAIN.md §5), so the seed catalogue may ship a rule
whose amount is not known (kind ``unset``). Such a fee is "not determined", never
0 đ; the administrator is told which procedures lack a fee until one is set here.
Setting an amount publishes a new version of the procedure from a given day (the
catalogue is versioned data), so dossiers already received keep the version they
were priced with.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import MAX_AMOUNT, FeeKind, FeeRule
from counter_app.domain.limits import check_day
from counter_app.domain.procedures import Procedure
from counter_app.domain.records import record
from counter_app.services.permissions import Guard, Permission
from counter_app.services.reference import ReferenceService
from counter_app.storage import events, reference
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

FEE_SET_EVENT = "catalogue.fee_set"


@record(frozen=True)
class MissingFee:
    """A procedure in force whose fee has rules without an amount."""

    procedure: Procedure
    rules: tuple[FeeRule, ...]


class CatalogueService:
    def __init__(
        self, db: Database, clock: Clock, device_id: str, reference_data: ReferenceService
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._reference = reference_data
        self._guard = Guard(db, clock, device_id)

    def missing_fees(self, on: date | None = None) -> list[MissingFee]:
        """Procedures in force on ``on`` (today) whose fee is not set, by code."""
        day = on or self._clock.now().date()
        found = [
            MissingFee(procedure, procedure.fees.unset_rules())
            for procedure in self._reference.catalogue().in_force(day)
            if procedure.fees.unset_rules()
        ]
        return sorted(found, key=lambda item: item.procedure.code)

    def set_fee(
        self,
        code: str,
        amount: int,
        officer: str,
        *,
        rule_id: str | None = None,
        effective_from: date | None = None,
    ) -> Procedure:
        """Give an amount (per case) to a fee rule of ``code`` from ``effective_from`` on.

        Without ``rule_id`` the procedure's only unset rule is meant. The result is a
        new version of the procedure, or, when the version in force starts that same
        day and no dossier was priced with it yet, that version corrected.
        """
        self._guard.require(officer, Permission.CATALOGUE, code)
        today = self._clock.now().date()
        start = check_day(effective_from or today, "from")  # not from the year 9999
        if start < today:
            raise DomainError(
                "fee_start_in_past",
                f"A fee applies from today or a later day, not from {start.isoformat()}.",
            )
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
            raise DomainError(
                "fee_amount_invalid",
                f"The amount must be whole đồng from 1 to {MAX_AMOUNT}.",
                amount=amount,
            )
        with transaction(self._db):
            current = self._reference.catalogue().get(code, start)
            rule = _chosen_rule(current, rule_id)
            record = _with_amount(current.to_data(), rule.id, amount)
            record = self._placed(current, record, start)
            Procedure.from_data(record)  # refuse before storing what would not load
            reference.upsert_procedure(self._db, record)
            payload = {
                "code": code,
                "version": record["version"],
                "rule": rule.id,
                "amount": amount,
                "effective_from": start.isoformat(),
            }
            events.append(
                self._db,
                events.EventContext(self._device_id, officer),
                FEE_SET_EVENT,
                ("procedure", code),
                payload,
                self._clock.now(),
            )
        self._reference.invalidate()
        return self._reference.catalogue().get(code, start)

    def _placed(self, current: Procedure, record: dict[str, Any], start: date) -> dict[str, Any]:
        """The changed record as a version of its own, from ``start`` on."""
        if current.effective_from == start:
            if reference.dossiers_priced_with(self._db, current.code, current.version):
                raise DomainError(
                    "fee_version_in_use",
                    f"Dossiers were already received under the version of {current.code} "
                    f"that starts on {start.isoformat()}; give the new fee from a later day.",
                )
            return record  # a same-day correction of a version nobody was priced with
        versions = [p for p in self._reference.catalogue().versions() if p.code == current.code]
        later = [p.effective_from for p in versions if p.effective_from > start]
        if later:
            raise DomainError(
                "fee_version_later_exists",
                f"A later version of {current.code} starts on {min(later).isoformat()}; "
                "set the fee on that one.",
            )
        record = {
            **record,
            "version": max(p.version for p in versions) + 1,
            "effective_from": start.isoformat(),
        }
        if current.effective_to is not None:
            # The version in force had a last day of its own: it now ends the day
            # before, and the new version keeps that last day.
            ended = {**current.to_data(), "effective_to": (start - timedelta(days=1)).isoformat()}
            reference.upsert_procedure(self._db, ended)
        return record


def fee_not_set_error(procedure: Procedure) -> DomainError:
    """The refusal of a price that needs a fee this unit has not set."""
    return DomainError(
        "fee_not_set",
        f"the fee of procedure {procedure.code} ({procedure.name}) is not set for this unit "
        f"yet; an administrator sets it with 'counter-app catalogue set-fee {procedure.code} "
        "AMOUNT'",
        procedure=procedure.code,
    )


def _chosen_rule(procedure: Procedure, rule_id: str | None) -> FeeRule:
    rules = procedure.fees.rules
    if rule_id is not None:
        for rule in rules:
            if rule.id == rule_id:
                if rule.kind not in (FeeKind.UNSET, FeeKind.FLAT):
                    raise DomainError(
                        "fee_rule_not_flat",
                        f"Rule {rule_id} of {procedure.code} is a {rule.kind} fee; "
                        "only a fee per case is set here.",
                    )
                return rule
        raise DomainError(
            "fee_rule_unknown", f"Procedure {procedure.code} has no fee rule {rule_id!r}."
        )
    unset = procedure.fees.unset_rules()
    if len(unset) == 1:
        return unset[0]
    if not unset and len(rules) == 1:
        return _chosen_rule(procedure, rules[0].id)  # the one fee, changed
    ids = ", ".join(rule.id for rule in (unset or rules))
    raise DomainError(
        "fee_rule_ambiguous",
        f"Say which fee rule of {procedure.code} to set ({ids}).",
    )


def _with_amount(record: dict[str, Any], rule_id: str, amount: int) -> dict[str, Any]:
    rules = []
    for rule in record["fees"]["rules"]:
        if rule["id"] == rule_id:
            rule = {**rule, "kind": str(FeeKind.FLAT), "amount": amount}
        rules.append(rule)
    return {**record, "fees": {**record["fees"], "rules": rules}}
