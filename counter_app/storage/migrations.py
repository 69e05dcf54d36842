"""Numbered schema migrations, plain functions applied in order.

Never edit a migration that has shipped: add the next number.

sqlite-utils' ``Migrations`` applies them (each in a transaction with its record in
``_sqlite_migrations``). Which ones are pending is read from that table with plain
SQL, so a start with nothing to migrate does not load sqlite-utils at all
(``storage/connection.py`` says why that matters).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from counter_app.domain.records import record
from counter_app.storage.connection import Database

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any

    from sqlite_utils.migrations import Migrations

    Step = Callable[[Any], None]  # takes a connection with execute(): ours or sqlite-utils'


@record(frozen=True)
class Migration:
    name: str
    fn: Step


@record(frozen=True)
class AppliedMigration:
    name: str
    applied_at: str


class MigrationSet:
    """The numbered migrations of one set, registered with ``@MIGRATIONS(name=...)``."""

    table = "_sqlite_migrations"  # sqlite-utils' own record of what was applied

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[Migration] = []

    def __call__(self, *, name: str) -> Callable[[Step], Step]:
        def register(fn: Step) -> Step:
            if any(step.name == name for step in self.steps):
                raise ValueError(f"migration {name} is registered twice")
            self.steps.append(Migration(name, fn))
            return fn

        return register

    def applied(self, db: Database) -> list[AppliedMigration]:
        """What the database says was applied, in order (read-only)."""
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [self.table]
        ).fetchone()
        if exists is None:
            return []
        rows = db.execute(
            f"SELECT name, applied_at FROM {self.table} WHERE migration_set = ? ORDER BY rowid",
            [self.name],
        ).fetchall()
        return [AppliedMigration(str(name), str(at)) for name, at in rows]

    def pending(self, db: Database) -> list[Migration]:
        done = {migration.name for migration in self.applied(db)}
        return [step for step in self.steps if step.name not in done]

    def apply(self, db: Database, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply what is pending through sqlite-utils, on the same connection."""
        if not self.pending(db):
            return
        from sqlite_utils import Database as UtilsDatabase  # only when there is work

        self._engine().apply(UtilsDatabase(db.conn, execute_plugins=False), stop_before=stop_before)

    def _engine(self) -> Migrations:
        from sqlite_utils.migrations import Migrations

        engine = Migrations(self.name)
        for step in self.steps:
            engine(name=step.name)(step.fn)
        return engine


MIGRATIONS = MigrationSet("counter_app")


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE officers (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            full_name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE procedures (
            code TEXT NOT NULL,
            version INTEGER NOT NULL,
            effective_from TEXT NOT NULL,
            effective_to TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (code, version)
        )"""
    )
    db.execute(
        """CREATE TABLE calendar_overrides (
            day TEXT PRIMARY KEY,
            working INTEGER NOT NULL,
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            officer TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE dossier_sequences (
            agency_id TEXT NOT NULL,
            day TEXT NOT NULL,
            last_used INTEGER NOT NULL,
            PRIMARY KEY (agency_id, day)
        )"""
    )
    _create_dossiers(db)
    _create_events(db)


def _create_dossiers(db: Database) -> None:
    # rowid is kept explicit (seq): the search index points at it.
    db.execute(
        """CREATE TABLE dossiers (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            code TEXT NOT NULL UNIQUE,
            lookup_secret TEXT NOT NULL,
            procedure_code TEXT NOT NULL,
            procedure_version INTEGER NOT NULL,
            procedure_name TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            applicant_id_number TEXT,
            applicant_phone TEXT,
            applicant TEXT NOT NULL,
            delegate TEXT,
            documents TEXT NOT NULL,
            sets INTEGER NOT NULL,
            channel TEXT NOT NULL,
            collect_at TEXT NOT NULL,
            fee_total INTEGER NOT NULL,
            fee TEXT NOT NULL,
            received_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            status TEXT NOT NULL,
            officer TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            FOREIGN KEY (procedure_code, procedure_version)
                REFERENCES procedures (code, version)
        )"""
    )
    db.execute("CREATE INDEX dossiers_received ON dossiers (received_at)")
    db.execute("CREATE INDEX dossiers_status_due ON dossiers (status, due_at)")
    db.execute(
        """CREATE TABLE dossier_history (
            id INTEGER PRIMARY KEY,
            dossier_id TEXT NOT NULL REFERENCES dossiers (id),
            at TEXT NOT NULL,
            officer TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            event_id TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX dossier_history_dossier ON dossier_history (dossier_id, id)")
    # Folded text (no diacritics, lower case, đ→d) of name, ID number, phone and
    # code; rowid = dossiers.seq. Every query word is a prefix term. Without a
    # prefix index of its exact length FTS5 merges the doclists of all matching
    # words before the first row comes out: ~35 ms per million dossiers for
    # "h26"* or "nguyen"*. Indexes for 1–6 characters cover every name word and
    # phone or ID beginnings, so "ng v nam" or a whole dossier code take about
    # 1 ms at a million dossiers (bench/README.md); they cost ~75 MB and ~6 µs a
    # dossier more.
    db.execute(
        """CREATE VIRTUAL TABLE dossier_search USING fts5 (
            text, tokenize='unicode61 remove_diacritics 0', prefix='1 2 3 4 5 6'
        )"""
    )


def _create_events(db: Database) -> None:
    # The outbox, the audit trail and the statistics source (DESIGN.md §5).
    # Append-only and hash-chained: hash = sha256(prev_hash + canonical event).
    db.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            aggregate_type TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            device_id TEXT NOT NULL,
            officer TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            sent_at TEXT
        )"""
    )
    db.execute("CREATE INDEX events_aggregate ON events (aggregate_id)")
    db.execute(
        """CREATE TRIGGER events_append_only_update BEFORE UPDATE OF
            id, type, aggregate_type, aggregate_id, payload, created_at, device_id,
            officer, prev_hash, hash ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
    )


@MIGRATIONS(name="0002_login_and_drafts")
def m0002_login_and_drafts(db: Database) -> None:
    # Lockout after repeated failures (DESIGN.md §10).
    db.execute("ALTER TABLE officers ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE officers ADD COLUMN locked_until TEXT")
    # What an officer was typing: a reception survives a crash or a closed window.
    db.execute(
        """CREATE TABLE drafts (
            officer TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (officer, kind)
        )"""
    )


@MIGRATIONS(name="0003_print_jobs")
def m0003_print_jobs(db: Database) -> None:
    # Papers to print, kept until printed: a printer that is out of paper or
    # unplugged never loses a receipt. The bytes are rendered when queued.
    db.execute(
        """CREATE TABLE print_jobs (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            dossier_id TEXT,
            profile TEXT NOT NULL,
            data BLOB NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            officer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX print_jobs_state ON print_jobs (state, seq)")


@MIGRATIONS(name="0004_payments")
def m0004_payments(db: Database) -> None:
    # Fee payments of dossiers: by VietQR transfer (paid when the bank's notice
    # matches, or when an officer confirms with a reason) or in cash.
    db.execute(
        """CREATE TABLE payments (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            dossier_id TEXT NOT NULL REFERENCES dossiers (id),
            reference TEXT NOT NULL UNIQUE,
            amount INTEGER NOT NULL,
            method TEXT NOT NULL,
            state TEXT NOT NULL,
            qr_payload TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            paid_at TEXT,
            paid_by TEXT,
            confirmed_by TEXT,
            reason TEXT NOT NULL DEFAULT '',
            bank_transaction TEXT,
            officer TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX payments_dossier ON payments (dossier_id, seq)")
    db.execute("CREATE INDEX payments_state ON payments (state, expires_at)")


@MIGRATIONS(name="0005_fee_receipt_numbers")
def m0005_fee_receipt_numbers(db: Database) -> None:
    # The fee receipt (biên lai) number, given once when the receipt is first issued
    # and printed again unchanged on every reprint.
    db.execute("ALTER TABLE payments ADD COLUMN receipt_number TEXT")
    db.execute(
        "CREATE UNIQUE INDEX payments_receipt_number ON payments (receipt_number)"
        " WHERE receipt_number IS NOT NULL"
    )


@MIGRATIONS(name="0006_fee_not_set")
def m0006_fee_not_set(db: Database) -> None:
    """A fee whose amount is not known is a state of its own, never 0 đ.

    The dossier keeps 0 in ``fee_total`` and says with ``fee_determined = 0`` that
    the amount was not set when it was received. Catalogue records that stored an
    unknown fee as a rule of 0 đ (the seed did so for 1.001022) become ``unset``
    rules, and the dossiers priced by such a rule without an exemption lose their
    false "free": they were received before the fee was known.
    """
    db.execute("ALTER TABLE dossiers ADD COLUMN fee_determined INTEGER NOT NULL DEFAULT 1")
    rows = db.execute("SELECT code, version, data FROM procedures").fetchall()
    for code, version, data in rows:
        record = json.loads(data)
        zero_rules = _zero_amount_rules(record)
        if not zero_rules:
            continue
        for rule in record["fees"]["rules"]:
            if rule.get("id") in zero_rules:
                for key in ("amount", "first_pages", "later_amount", "cap_per_copy"):
                    rule.pop(key, None)
                rule["kind"] = "unset"
        db.execute(
            "UPDATE procedures SET data = ? WHERE code = ? AND version = ?",
            [json.dumps(record, ensure_ascii=False, sort_keys=True), code, version],
        )
        _undetermine_dossiers(db, code, version, zero_rules)


def _zero_amount_rules(record: dict[str, Any]) -> set[str]:
    rules = record.get("fees", {}).get("rules", [])
    return {
        rule["id"]
        for rule in rules
        if rule.get("kind") in ("flat", "per_copy", "per_page") and rule.get("amount") == 0
    }


def _undetermine_dossiers(db: Database, code: str, version: int, rule_ids: set[str]) -> None:
    rows = db.execute(
        "SELECT id, fee FROM dossiers WHERE procedure_code = ? AND procedure_version = ?",
        [code, version],
    ).fetchall()
    for dossier_id, fee in rows:
        data = json.loads(fee)
        charged = {line.get("rule") for line in data.get("lines", [])}
        if data.get("exempted_by") or not charged & rule_ids:
            continue
        lines = data["lines"]
        data["lines"] = [line for line in lines if line.get("rule") not in rule_ids]
        data["unset"] = [line.get("label", "") for line in lines if line.get("rule") in rule_ids]
        db.execute(
            "UPDATE dossiers SET fee_determined = 0, fee = ? WHERE id = ?",
            [json.dumps(data, ensure_ascii=False), dossier_id],
        )


# The same-day cutoff of the field rules, by procedure code, as of this migration
# (a migration never reads resources: the shipped files change, it must not).
_CERTIFICATION_CUTOFF = "Nghị định 23/2015/NĐ-CP, Điều 7"
_CIVIL_STATUS_CUTOFF = "Luật Hộ tịch 2014, khoản 3 Điều 5"
_SAME_DAY_CUTOFFS_0007 = {
    "2.000815": _CERTIFICATION_CUTOFF,
    "2.000884": _CERTIFICATION_CUTOFF,
    "1.001193": _CIVIL_STATUS_CUTOFF,
    "1.000894": _CIVIL_STATUS_CUTOFF,
    "1.000656": _CIVIL_STATUS_CUTOFF,
    "2.000635": _CIVIL_STATUS_CUTOFF,
}


@MIGRATIONS(name="0007_calendar_facts")
def m0007_calendar_facts(db: Database) -> None:
    """Calendar rows say where they come from; confirmed years; the 15:00 cutoff moves
    from a setting of the unit to the same-day procedures whose field rules set it.

    Calendar entries get their source and origin ("administrator"; the city's rows
    later), and ``calendar_confirmations`` keeps each confirmed year's list of days.
    The stored same-day versions of the six codes above get ``cutoff`` 15:00 with its
    legal source (the rule they were already counted by); the unit-wide
    ``same_day_cutoff`` setting goes.
    """
    db.execute("ALTER TABLE calendar_overrides ADD COLUMN source TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE calendar_overrides ADD COLUMN origin TEXT NOT NULL DEFAULT 'administrator'"
    )
    db.execute(
        """CREATE TABLE calendar_confirmations (
            year INTEGER PRIMARY KEY,
            days TEXT NOT NULL,
            source TEXT NOT NULL,
            origin TEXT NOT NULL,
            officer TEXT NOT NULL,
            confirmed_at TEXT NOT NULL
        )"""
    )
    db.execute("DELETE FROM settings WHERE key = 'same_day_cutoff'")
    rows = db.execute("SELECT code, version, data FROM procedures").fetchall()
    for code, version, data in rows:
        record = json.loads(data)
        source = _SAME_DAY_CUTOFFS_0007.get(code)
        if source is None or record.get("time_limit") != {"same_day": True}:
            continue
        record["time_limit"] = {"same_day": True, "cutoff": "15:00", "cutoff_source": source}
        db.execute(
            "UPDATE procedures SET data = ? WHERE code = ? AND version = ?",
            [json.dumps(record, ensure_ascii=False, sort_keys=True), code, version],
        )


@MIGRATIONS(name="0008_sync")
def m0008_sync(db: Database) -> None:
    """The sync's local state (docs/sync-protocol.md, the counter's side).

    ``sync_state``: the server, the device token, the pull cursor and the last
    attempt, success and error, as keys. ``events.sent_at`` marks what the server
    acknowledged; the partial index keeps the waiting events (the outbox) one index
    range away however long the log grows. ``sync_parked``: events the server stored
    but kept aside, with its reason. ``sync_held``: changes from the server this
    counter could not apply, with why (a dossier moved on locally, a payment it does
    not know...), kept for the administrator and never blocking the others.
    """
    db.execute(
        """CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX events_unsent ON events (seq) WHERE sent_at IS NULL")
    db.execute(
        """CREATE TABLE sync_parked (
            event_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            parked_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sync_held (
            id INTEGER PRIMARY KEY,
            change_id INTEGER,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            payload TEXT NOT NULL,
            held_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS(name="0009_walk_in_tickets")
def m0009_walk_in_tickets(db: Database) -> None:
    """Walk-in tickets: the queue numbers this counter issues itself while the ward
    server cannot be reached (DESIGN.md §9), from its own prefix ("QC" for counter 3).

    One row per ticket: the columns the counter's queries need, and ``ticket``, the
    ticket as its last action left it (``queue_wire.Ticket`` as JSON). Every action is
    also an event of the log (``queue.taken``...), which the sync reports to the ward.
    """
    db.execute(
        """CREATE TABLE walkin_tickets (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            state TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            ticket TEXT NOT NULL,
            UNIQUE (day, prefix, number)
        )"""
    )
    db.execute("CREATE INDEX walkin_tickets_day_state ON walkin_tickets (day, state)")


@MIGRATIONS(name="0010_held_change_device")
def m0010_held_change_device(db: Database) -> None:
    """The device a held change was addressed to (``Change.device_id``; NULL: the
    ward's), so that a change held for a kind this version did not know is applied, once
    an update knows it, as it was sent: one addressed to this counter of a payment it
    does not know is held for the administrator, not left alone as another counter's.
    Rows held before this migration do not say and stay the ward's."""
    db.execute("ALTER TABLE sync_held ADD COLUMN device_id TEXT")
