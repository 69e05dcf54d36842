"""Changes from the server applied to this counter: one page, one transaction, its cursor.

Each change goes through the same rules and storage functions as the counter's own
edits and writes its event (pushed up later like any other). A change that cannot
be applied is *held*: kept in ``sync_held`` with its reason and rolled back to its
own savepoint, never blocking the changes after it. Local work is never overwritten:

- a procedure version that dossiers were priced with, or that this counter made
  itself (``catalogue set-fee``), is not replaced by different content (only the
  last day of an in-use version may be set);
- an administrator's own calendar entry or year confirmation that says otherwise
  is kept, and the city's is held;
- an officer's password is never touched; the last administrator who can log in is
  not demoted or disabled;
- a dossier moves only by a transition the status machine allows from where it is
  now (its local, perhaps unsent, changes included);
- a counter's new number block never starts below numbers already given today: it
  is held and tried again at each sync until that is no longer so (the next day).

A change of a kind this version does not know (a newer server's) is held too, with
its payload, so the pull goes on and nothing is lost. Two pulls may run at once (the
worker and ``sync --once``): a page is applied against the cursor stored when its
transaction begins, so a change at or below it is not applied again and a page that
commits late never moves the cursor back.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from counter_app.domain.calendar import CalendarOverride
from counter_app.domain.calendar_facts import DayFact
from counter_app.domain.clock import Clock
from counter_app.domain.dossiers import SequenceBlock, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.limits import check_day
from counter_app.domain.payments import PaymentState
from counter_app.domain.procedures import Catalogue, Procedure
from counter_app.domain.records import record
from counter_app.domain.text import clean
from counter_app.domain.time_limits import WorkingHours
from counter_app.services.accounts import ROLES, check_username
from counter_app.services.catalogue import FEE_SET_EVENT
from counter_app.services.dossiers import DossierService
from counter_app.services.payments import PaymentService
from counter_app.services.reference import HOURS_KEY
from counter_app.services.sync_state import CURSOR_KEY, read_cursor
from counter_app.services.unit import set_counter, stored_block
from counter_app.storage import events, officers, outbox, reference, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction
from counter_app.storage.reference import ADMINISTRATOR_ORIGIN, ConfirmationRow, OverrideRow
from counter_app.sync.wire import Change, ChangeKind

LOG = logging.getLogger(__name__)

# The officer named on the events of reference data that came from the server.
CENTRAL_OFFICER = "central"
CITY_ORIGIN = "city"
APPLIED, UNCHANGED, HELD = "applied", "unchanged", "held"
UNKNOWN_KIND = "change_kind_unknown"  # held: a newer server's kind; the counter needs updating
# What a payload may hold wrongly: held as unreadable, not a bug of ours.
UNREADABLE = (LookupError, TypeError, ValueError, AttributeError, sqlite3.IntegrityError)
# The highest number given under an agency on a day (database and unit ledger).
Numbering = Callable[[str, date], int | None]


class Held(Exception):
    """This counter cannot apply the change; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@record
class PageResult:
    applied: int = 0
    unchanged: int = 0
    held: int = 0
    payments_paid: int = 0
    dossiers_moved: int = 0

    def add(self, other: PageResult) -> None:
        for name in ("applied", "unchanged", "held", "payments_paid", "dossiers_moved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def block_conflict(
    numbering: Numbering,
    agency_id: str,
    today: date,
    current: SequenceBlock,
    block: SequenceBlock,
) -> int | None:
    """The number given today that ``block`` could go below; None when it is safe.

    ``ReceptionService`` continues above today's last number when the block holds it
    and starts a block afresh otherwise. So a block that ends below today's last
    number would hand out numbers given already; and while today's numbers are in the
    ``current`` block, the program running now may go on up to its end before it is
    restarted with the new block, so the new block must not end below that either.
    """
    last = numbering(agency_id, today)
    if last is None:
        return None
    if last > block.last:
        return last
    if current.first <= last <= current.last and current.last > block.last:
        return last
    return None


class ChangeApplier:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        device_id: str,
        dossiers: DossierService,
        payments: PaymentService,
        numbering: Numbering,
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._dossiers = dossiers
        self._payments = payments
        self._numbering = numbering
        # The device the change being applied names (this one), or None: the ward's.
        self._addressed_to: str | None = None
        # By the kind's text: a newer server's kind (plain text) finds no handler.
        self._handlers: dict[str, Callable[[int | None, dict[str, Any], PageResult], str]]
        self._handlers = {
            ChangeKind.PROCEDURE: self._procedure,
            ChangeKind.CALENDAR_DAY: self._calendar_day,
            ChangeKind.CALENDAR_DAY_CLEARED: self._calendar_day_cleared,
            ChangeKind.CALENDAR_YEAR: self._calendar_year,
            ChangeKind.OFFICE_HOURS: self._office_hours,
            ChangeKind.BANK_ACCOUNT: self._bank_account,
            ChangeKind.OFFICER: self._officer,
            ChangeKind.COUNTER: self._counter,
            ChangeKind.DOSSIER_STATUS: self._dossier_status,
            ChangeKind.PAYMENT_CONFIRMED: self._payment_confirmed,
        }

    def cursor(self) -> int:
        """The last change pulled; 0 (from the start: applying a change again changes
        nothing) when the stored one does not read."""
        stored = read_cursor(outbox.get(self._db, CURSOR_KEY))
        if stored is None:
            LOG.warning("the stored pull cursor is not a number: changes are pulled from the start")
            return 0
        return stored

    def apply_page(self, changes: Sequence[Change], cursor: int) -> PageResult:
        """Every change of the page after the stored cursor, and the cursor after the
        page, or nothing at all.

        Another pull of this database (the worker and ``sync --once``) may have applied
        this page, or a later one, since this one was asked for: a change the stored
        cursor covers was applied then (it counts as unchanged here), and the cursor
        never moves back.
        """
        result = PageResult()
        with transaction(self._db):  # BEGIN IMMEDIATE: no other pull commits meanwhile
            stored = read_cursor(outbox.get(self._db, CURSOR_KEY)) or 0  # unreadable: 0
            fresh = [change for change in changes if change.id > stored]
            if len(fresh) < len(changes):
                LOG.info("changes up to %d were applied by another pull already", stored)
            for change in fresh:
                if change.kind is ChangeKind.COUNTER:  # a newer one replaces any held
                    self._release_held(ChangeKind.COUNTER)
                self._addressed_to = change.device_id
                self._apply_one(change.id, change.kind, dict(change.payload), result)
            outbox.put(self._db, CURSOR_KEY, str(max(cursor, stored)))
        result.unchanged += len(changes) - len(fresh)
        return result

    def retry_held(self) -> PageResult:
        """Held changes tried again, at the start of each sync.

        - The newest held counter change (the day it was held may be over).
        - The changes an earlier version of this counter held because it did not know
          their kind, now that this version knows it: in the order they came, each
          through its kind's rules, so one that cannot be applied is held again with
          that reason. The changes after it were applied long ago; a change that
          depended on one of these had to wait for it (held) or did without it. Each
          is applied as it was addressed: to this counter, or to the ward (a dossier or
          payment this counter does not know is then left alone; so is a change held
          before migration 0010, whose row does not say).
        """
        result = PageResult()
        with transaction(self._db):
            for held in outbox.held(self._db, ChangeKind.COUNTER.value)[-1:]:
                self._addressed_to = held.device_id
                try:
                    self._counter(held.change_id, held.payload, result)
                except (Held, DomainError, *UNREADABLE):
                    continue
                outbox.release_held(self._db, held.id)
                result.applied += 1
            for held in outbox.held(self._db, reason=UNKNOWN_KIND, limit=None):
                if held.kind not in self._handlers:
                    continue  # still newer than this version
                LOG.info(
                    "change %s of kind %s, held before an update, applied",
                    held.change_id,
                    held.kind,
                )
                outbox.release_held(self._db, held.id)
                self._addressed_to = held.device_id
                self._apply_one(held.change_id, held.kind, held.payload, result)
        return result

    def _apply_one(
        self,
        change_id: int | None,
        kind: ChangeKind | str,
        payload: dict[str, Any],
        result: PageResult,
    ) -> None:
        handler = self._handlers.get(kind)
        if handler is None:
            self._hold_unknown(change_id, kind, payload)
            result.held += 1
            return
        self._db.execute("SAVEPOINT change")
        try:
            outcome = handler(change_id, payload, result)
        except Held as held:
            self._roll_back_change()
            self._hold(change_id, kind, held.reason, held.detail, payload)
            result.held += 1
            return
        except DomainError as error:
            self._roll_back_change()
            self._hold(change_id, kind, error.code, error.message, payload)
            result.held += 1
            return
        except UNREADABLE as error:
            self._roll_back_change()
            detail = f"{type(error).__name__}: {error}"
            self._hold(change_id, kind, "change_unreadable", detail, payload)
            result.held += 1
            return
        self._db.execute("RELEASE change")
        if outcome == APPLIED:
            result.applied += 1
        else:
            result.unchanged += 1

    def _roll_back_change(self) -> None:
        self._db.execute("ROLLBACK TO change")
        self._db.execute("RELEASE change")

    def _hold(
        self,
        change_id: int | None,
        kind: ChangeKind | str,
        reason: str,
        detail: str,
        payload: dict[str, Any],
    ) -> None:
        line = " ".join(detail.split())[:300]
        at = self._now_text()
        outbox.hold(self._db, change_id, str(kind), reason, line, payload, at, self._addressed_to)

    def _hold_unknown(self, change_id: int | None, kind: str, payload: dict[str, Any]) -> None:
        """A newer server's kind: kept with its payload for the version of the counter
        that knows it (nothing of it is applied), so the changes after it go on."""
        LOG.warning("change %s is of a kind this counter does not know: %s", change_id, kind)
        detail = f"a change of kind '{kind}', which this version of the counter does not know"
        self._hold(change_id, kind, UNKNOWN_KIND, f"{detail}: update the counter", payload)

    def _release_held(self, kind: ChangeKind) -> None:
        for held in outbox.held(self._db, kind.value, limit=1000):
            outbox.release_held(self._db, held.id)

    # --- reference data --------------------------------------------------------------

    def _procedure(self, change_id: int | None, payload: dict[str, Any], _: PageResult) -> str:
        procedure = Procedure.from_data(payload)
        code, version = procedure.code, procedure.version
        rows = self._db.execute(
            "SELECT version, data FROM procedures WHERE code = ?", [code]
        ).fetchall()
        stored = {int(v): json.loads(data) for v, data in rows}
        before = stored.get(version)
        if before == payload:
            return UNCHANGED
        if before is not None:
            self._check_replaceable(code, version, before, payload)
        stored[version] = payload
        Catalogue(Procedure.from_data(record) for record in stored.values())  # no overlaps
        reference.upsert_procedure(self._db, payload)
        event = {
            "code": code,
            "version": version,
            "effective_from": payload["effective_from"],
            "effective_to": payload.get("effective_to"),
            "change": change_id,
        }
        self._event("catalogue.procedure_received", ("procedure", code), event)
        return APPLIED

    def _check_replaceable(
        self, code: str, version: int, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        """Content of a version in use, or made on this counter, is never replaced."""
        if reference.dossiers_priced_with(self._db, code, version):
            if _without_end(before) != _without_end(after):
                raise Held(
                    "procedure_version_in_use",
                    f"dossiers were priced with {code} version {version}: only its last day "
                    "may change; the server must send a new version",
                )
            return
        made_here = self._db.execute(
            "SELECT 1 FROM events WHERE aggregate_id = ? AND type = ?"
            " AND json_extract(payload, '$.version') = ? LIMIT 1",
            [code, FEE_SET_EVENT, version],
        ).fetchone()
        if made_here is not None:
            raise Held(
                "procedure_version_local",
                f"{code} version {version} was made on this counter (a fee set here); "
                "the server's version of the same number is not put over it",
            )

    def _calendar_day(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        entry = CalendarOverride(
            check_day(date.fromisoformat(payload["day"]), "day"),  # as the administrator's
            payload["working"],
            payload["name"],
            payload.get("source", ""),
        )
        origin = str(payload.get("origin") or CITY_ORIGIN)
        existing = reference.calendar_overrides(self._db, entry.day)
        if existing:
            kept = existing[0]
            if kept.origin == ADMINISTRATOR_ORIGIN:
                if kept.working == entry.working:
                    return UNCHANGED  # the administrator said the same: their entry stays
                raise Held(
                    "calendar_day_set_locally",
                    f"the administrator of this counter set {entry.day.isoformat()} otherwise",
                )
            if (kept.working, kept.name, kept.source, kept.origin) == (
                entry.working,
                entry.name,
                entry.source,
                origin,
            ):
                return UNCHANGED
        row = OverrideRow(
            entry.day,
            entry.working,
            entry.name,
            entry.source,
            origin,
            CENTRAL_OFFICER,
            self._now_text(),
        )
        reference.put_calendar_override(self._db, row)
        day = entry.day.isoformat()
        data = {
            "day": day,
            "working": entry.working,
            "name": entry.name,
            "source": entry.source,
            "origin": origin,
        }
        self._event("calendar.day_set", ("calendar", day), data)
        return APPLIED

    def _calendar_day_cleared(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        day = date.fromisoformat(payload["day"])
        existing = reference.calendar_overrides(self._db, day)
        if not existing or existing[0].origin == ADMINISTRATOR_ORIGIN:
            return UNCHANGED  # nothing of the server's to clear; the administrator's stays
        removed = reference.delete_calendar_override(self._db, day)
        assert removed is not None
        data = {"day": day.isoformat(), "working": removed.working, "name": removed.name}
        self._event("calendar.day_cleared", ("calendar", day.isoformat()), data)
        return APPLIED

    def _calendar_year(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        year = payload["year"]
        if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2200:
            raise DomainError("year_invalid", f"{year!r} is not a year the calendar knows.")
        days = [DayFact.from_data(item).to_data() for item in payload["days"]]
        source = clean(str(payload.get("source", "")))[:200]
        origin = str(payload.get("origin") or CITY_ORIGIN)
        existing = [r for r in reference.calendar_confirmations(self._db) if r.year == year]
        if existing:
            kept = existing[0]
            if kept.days == days and (kept.origin == ADMINISTRATOR_ORIGIN or kept.source == source):
                return UNCHANGED
            if kept.origin == ADMINISTRATOR_ORIGIN:
                raise Held(
                    "calendar_year_confirmed_locally",
                    f"the administrator of this counter confirmed {year} with other days",
                )
            reference.delete_calendar_confirmation(self._db, year)
        now = self._now_text()
        row = ConfirmationRow(year, days, source, origin, CENTRAL_OFFICER, now)
        reference.put_calendar_confirmation(self._db, row)
        data = {"year": year, "source": source, "days": days, "origin": origin}
        self._event("calendar.year_confirmed", ("calendar", str(year)), data)
        return APPLIED

    def _office_hours(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        periods = payload["periods"]
        if not isinstance(periods, str):
            raise TypeError("periods must be text like 07:30-11:30,13:00-17:00")
        text = WorkingHours.parse(periods).to_text()
        if settings.get(self._db, HOURS_KEY) == text:
            return UNCHANGED
        settings.put(self._db, HOURS_KEY, text)
        self._event("calendar.hours_set", ("calendar", "hours"), {"periods": text})
        return APPLIED

    def _bank_account(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        bin_code, account, name = payload["bin"], payload["account"], payload["name"]
        if not all(isinstance(value, str) for value in (bin_code, account, name)):
            raise TypeError("bin, account and name are text")
        current = self._payments.bank_account()
        wanted = (bin_code, clean(account).replace(" ", ""), clean(name).upper())
        if current is not None and (current.bin, current.account, current.name) == wanted:
            return UNCHANGED
        self._payments.record_bank_account(bin_code, account, name, CENTRAL_OFFICER)
        return APPLIED

    # --- officers and the counter ----------------------------------------------------

    def _officer(self, _: int | None, payload: dict[str, Any], __: PageResult) -> str:
        username = check_username(str(payload["username"]))
        full_name = clean(str(payload["full_name"]))
        role, active = payload["role"], payload["active"]
        if not 2 <= len(full_name) <= 100:
            raise DomainError("full_name_invalid", "an officer's full name has 2–100 characters")
        if role not in ROLES or not isinstance(active, bool):
            raise DomainError("role_invalid", f"role is one of {', '.join(ROLES)}; active a flag")
        existing = officers.by_username(self._db, username)
        data = {"username": username, "full_name": full_name, "role": role, "active": active}
        if existing is None:
            officer = officers.Officer(str(uuid.uuid4()), username, full_name, role, active)
            officers.insert(self._db, officer, self._now_text())  # no password: an admin sets it
            self._event("officer.synced", ("officer", officer.id), {**data, "new": True})
            return APPLIED
        if (existing.full_name, existing.role, existing.active) == (full_name, role, active):
            return UNCHANGED
        if existing.role == "admin" and (role != "admin" or not active):
            self._keep_an_administrator(existing.id)
        officers.update_details(self._db, existing.id, full_name, role, active)
        self._event("officer.synced", ("officer", existing.id), {**data, "new": False})
        return APPLIED

    def _keep_an_administrator(self, leaving: str) -> None:
        others = [
            o
            for o in officers.all_officers(self._db)
            if o.id != leaving and o.role == "admin" and o.active and o.password_hash
        ]
        if not others:
            raise Held(
                "officer_last_administrator",
                "the change would leave this counter without an administrator who can log in",
            )

    def _counter(self, change_id: int | None, payload: dict[str, Any], _: PageResult) -> str:
        number = payload["counter_number"]
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
            raise DomainError("counter_number_invalid", "a counter number is 1–99")
        wanted = payload["sequence_block"]
        block = SequenceBlock(int(wanted["first"]), int(wanted["last"]))
        values = settings.get_all(self._db)
        current = (
            values.get("counter_number"),
            values.get("sequence_first"),
            values.get("sequence_last"),
        )
        if current == (str(number), str(block.first), str(block.last)):
            return UNCHANGED
        agency, today = values["agency_id"], self._clock.now().date()
        given = block_conflict(self._numbering, agency, today, stored_block(values), block)
        if given is not None:
            raise Held(
                "counter_block_below_today",
                f"the block {block.first:04d}–{block.last:04d} ends below numbers this counter "
                f"gives today (up to {given:04d} so far); it applies from a later day",
            )
        context = events.EventContext(self._device_id, CENTRAL_OFFICER)
        set_counter(self._db, context, number, block, self._clock.now(), change_id)
        return APPLIED

    # --- dossiers and payments -------------------------------------------------------

    def _dossier_status(
        self, change_id: int | None, payload: dict[str, Any], result: PageResult
    ) -> str:
        target = Status(payload["status"])
        code = str(payload["code"])
        if not self._addressed() and not self._known("dossiers", "code", code.strip().upper()):
            return UNCHANGED  # a change for the whole ward, of another counter's dossier
        dossier = self._dossiers.get(code)
        if dossier.status is target:
            return UNCHANGED  # delivered again, or the counter got there first
        officer = clean(str(payload.get("officer") or "")) or "back_office"
        origin = {"by": "back_office", "at": str(payload.get("at") or ""), "change": str(change_id)}
        reason = clean(str(payload.get("reason") or ""))
        self._dossiers.record_status(dossier, target, reason, officer[:64], origin)
        result.dossiers_moved += 1
        return APPLIED

    def _payment_confirmed(self, _: int | None, payload: dict[str, Any], result: PageResult) -> str:
        reference_text, amount = str(payload["reference"]), payload["amount"]
        transaction_id = str(payload["bank_transaction"])
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError("amount is whole đồng")
        paid_at = datetime.fromisoformat(str(payload["paid_at"]))
        if paid_at.tzinfo is None:
            raise ValueError("paid_at needs its offset")
        reference_text = reference_text.strip().upper()
        if not self._addressed() and not self._known("payments", "reference", reference_text):
            return UNCHANGED  # a change for the whole ward, of another counter's payment
        payment = self._payments.get(reference_text)
        if payment.state is PaymentState.PAID and payment.bank_transaction == transaction_id:
            return UNCHANGED  # the same notice again
        self._payments.record_bank_payment(reference_text, amount, transaction_id, paid_at)
        result.payments_paid += 1
        return APPLIED

    # --- shared ----------------------------------------------------------------------

    def _addressed(self) -> bool:
        """Whether the change being applied names this device (else it is the ward's)."""
        return self._addressed_to is not None

    def _known(self, table: str, column: str, value: str) -> bool:
        query = f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1"
        return self._db.execute(query, [value]).fetchone() is not None

    def _event(self, kind: str, aggregate: tuple[str, str], payload: dict[str, Any]) -> None:
        context = events.EventContext(self._device_id, CENTRAL_OFFICER)
        events.append(self._db, context, kind, aggregate, payload, self._clock.now())

    def _now_text(self) -> str:
        return self._clock.now().isoformat()


def _without_end(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "effective_to"}
