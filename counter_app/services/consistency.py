"""The tables against the event log: the second half of ``db check``.

Dossiers (with their search index entry), their status history and payments are
projections of the event log: each row must be what the replay of its events
(:mod:`counter_app.services.replay`) says, no row may lack its events and no event
its row. The ward's bank account settings must be what the last ``bank_account.set``
event gave: they decide where citizens' money goes.

Each difference is one line that names the row (dossier code, payment reference,
history entry id) and the field; values are shown only where they are no personal
data (a status, an amount, a time, a code), never a name, number, address or reason.

The unit's agency id, counter number and block of dossier numbers must be what the
events that set them say (setup, enrolment, a counter change from the server, a
start-over): a hand edit would give the next dossiers another unit's or counter's codes.

Not compared: print jobs (a queue whose states move without events by design; only
their queueing is logged), officers (password hashes and lockout counters change
without events), the catalogue and calendar (reference data, seeded and edited in
place by their own rules), the other settings, and ``updated_at`` columns.
"""

from __future__ import annotations

from collections.abc import Iterator

from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.services.payments import ACCOUNT_KEY, BANK_ACCOUNT_EVENT, BIN_KEY, NAME_KEY
from counter_app.services.replay import (
    Replay,
    UnsetRules,
    replay_dossier,
    replay_payment,
    same,
)
from counter_app.services.unit import UNIT_KEYS, stored_block, unit_from_settings
from counter_app.storage import audit, settings
from counter_app.storage.connection import Database
from counter_app.storage.errors import StorageError

# Values that may be printed: no personal data.
SHOWN = frozenset(
    {
        "code",
        "status",
        "fee_total",
        "fee_determined",
        "procedure_code",
        "procedure_version",
        "channel",
        "collect_at",
        "sets",
        "received_at",
        "due_at",
        "at",
        "from_status",
        "to_status",
        "amount",
        "method",
        "state",
        "paid_by",
        "created_at",
        "expires_at",
        "paid_at",
        "receipt_number",
    }
)
NESTED = frozenset({"applicant", "delegate", "fee"})  # compared field by field
LABELS = {"search_index": "search index entry"}
BANK_SETTINGS = {"bin": BIN_KEY, "account": ACCOUNT_KEY, "name": NAME_KEY}
_UNREAD = object()


def problems(db: Database) -> Iterator[str]:
    """Every difference between the tables and the event log, streamed."""
    unset = audit.unset_rules(db)
    for dossier in audit.dossier_rows(db):
        yield from dossier_problems(dossier, unset)
    for payment in audit.payment_rows(db):
        yield from payment_problems(payment)
    yield from bank_account_problems(db)
    yield from unit_problems(db)


# --- dossiers ------------------------------------------------------------------------


def dossier_problems(rows: audit.DossierRows, unset: UnsetRules) -> list[str]:
    replay = replay_dossier(rows.events, unset)
    row = rows.row
    name = f"dossier {_name(replay, row, 'code', rows.id)}"
    found = [f"{name}: {line}" for line in replay.problems]
    if row is None:
        if replay.started:
            found.append(f"{name}: its events say it was received but it has no row")
    else:
        found += [f"{name}: the {column} column cannot be read" for column in row.unreadable]
        if not replay.started:
            found.append(f"{name} has no reception event")
        elif not replay.broken:
            found += [f"{name}: {line}" for line in field_differences(replay.fields, row)]
    if not replay.broken:
        lines = history_differences(replay, rows.history, report_missing=row is not None)
        found += [f"{name}: {line}" for line in lines]
    return found


def _name(replay: Replay, row: audit.StoredRow | None, key: str, fallback: str) -> str:
    """The row's code or reference as its events give it, else as the table does."""
    stored = row.fields.get(key) if row is not None else None
    return replay.label(key) or (stored if isinstance(stored, str) else fallback)


def field_differences(expected: dict[str, object], row: audit.StoredRow) -> list[str]:
    lines: list[str] = []
    for key in _differing(expected, row):
        want, have = expected[key], row.fields[key]
        if key in NESTED and isinstance(want, dict) and isinstance(have, dict):
            subkeys = sorted(want.keys() | have.keys())
            lines += [
                f"{key} {sub} differs from its events"
                for sub in subkeys
                if want.get(sub) != have.get(sub)
            ]
        else:
            lines.append(difference(key, have, want, "its events"))
    return lines


def _differing(expected: dict[str, object], row: audit.StoredRow) -> Iterator[str]:
    """The fields whose stored value is not what the events say; a column that could
    not be read is reported as such, not compared."""
    stored = row.fields
    for key, want in expected.items():
        have = stored.get(key, _UNREAD)
        if want == have or have is _UNREAD:  # the common case first: equal plain values
            continue
        if not same(want, have):
            yield key


def difference(key: str, have: object, want: object, source: str) -> str:
    label = LABELS.get(key, key)
    if key in SHOWN:
        return f"{label} is {_shown(have)} in the table but {_shown(want)} by {source}"
    return f"{label} differs from {source}"


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return repr(value.isoformat())
    return repr(str(value))


def history_differences(
    replay: Replay, stored: list[audit.StoredRow], report_missing: bool
) -> list[str]:
    """History rows against the entries their events make: changed, extra, missing."""
    lines: list[str] = []
    matched: set[str] = set()
    for entry in stored:
        name = f"history entry {entry.key}"
        lines += [f"{name}: the {column} column cannot be read" for column in entry.unreadable]
        if "event_id" in entry.unreadable:
            continue
        event_id = entry.fields["event_id"]
        expected = replay.history.get(event_id)
        if expected is None:
            lines.append(f"{name} has no event")
        elif event_id in matched:
            lines.append(f"{name} repeats the entry of event {expected.seq}")
        else:
            matched.add(event_id)
            lines += [
                f"{name}: {difference(key, entry.fields[key], expected.fields[key], 'its event')}"
                for key in _differing(expected.fields, entry)
            ]
    if report_missing:
        lines += [
            f"the history entry of event {expected.seq} ({_move(expected.fields)}) is missing"
            for event_id, expected in replay.history.items()
            if event_id not in matched
        ]
    return lines


def _move(fields: dict[str, object]) -> str:
    return f"{fields['from_status'] or 'new'} → {fields['to_status']}"


# --- payments ------------------------------------------------------------------------


def payment_problems(rows: audit.PaymentRows) -> list[str]:
    replay = replay_payment(rows.events)
    row = rows.row
    name = f"payment {_name(replay, row, 'reference', rows.id)}"
    found = [f"{name}: {line}" for line in replay.problems]
    if row is None:
        if replay.started:
            found.append(f"{name}: its events say it was made but it has no row")
        return found
    found += [f"{name}: the {column} column cannot be read" for column in row.unreadable]
    if not replay.started:
        found.append(f"{name} has no event that made it")
    elif not replay.broken:
        found += [f"{name}: {line}" for line in field_differences(replay.fields, row)]
    return found


# --- the ward's bank account -----------------------------------------------------------


def bank_account_problems(db: Database) -> list[str]:
    stored = settings.get_all(db)
    last = audit.last_event(db, BANK_ACCOUNT_EVENT)
    if last is None:
        return [
            f"settings: {key} is set but no event set it"
            for key in BANK_SETTINGS.values()
            if key in stored
        ]
    payload = last.payload
    if payload is None:
        return [f"settings: event {last.seq} ({last.type}) cannot be read"]
    return [
        f"settings: {key} differs from its last event"
        for field, key in BANK_SETTINGS.items()
        if stored.get(key) != payload.get(field)
    ]


# --- the unit's numbering --------------------------------------------------------------

UNIT_EVENTS = (
    "unit.installed",
    "unit.set_up",
    "unit.agency_changed",
    "unit.enrolled",
    "unit.counter_changed",
    "database.started_over",
)
UNKNOWN = None  # a value no event of this database says (an older start-over, unreadable)


def unit_problems(db: Database) -> list[str]:
    """The stored agency id, counter number and block against the last events that set
    them; a value no event says is not compared."""
    expected: dict[str, str | None] = {}
    for event in audit.events_of_types(db, UNIT_EVENTS):
        try:
            expected.update(_unit_set_by(event))
        except (KeyError, TypeError, IndexError, AttributeError):  # an unreadable payload
            expected = dict.fromkeys(UNIT_KEYS, UNKNOWN)
    stored = settings.get_all(db)
    try:
        unit_from_settings(stored)
    except StorageError:
        return []  # the settings check names the row that does not read
    found = [
        f"settings: {key} is {stored.get(key)}, but its last event set {want}"
        for key in ("agency_id", "counter_number")
        if (want := expected.get(key, UNKNOWN)) is not UNKNOWN and stored.get(key) != want
    ]
    want_block = _block(expected)
    if want_block is not None:
        have = stored_block(stored)
        if (have.first, have.last) != want_block:
            found.append(
                f"settings: the block of dossier numbers is {have.first:04d}–{have.last:04d},"
                f" but its last event set {want_block[0]:04d}–{want_block[1]:04d}"
            )
    return found


def _unit_set_by(event: audit.LoggedEvent) -> dict[str, str | None]:
    """The unit's values an event sets (raises on a payload without them)."""
    payload = event.payload
    if payload is None:
        return dict.fromkeys(UNIT_KEYS, UNKNOWN)
    if event.type == "unit.installed":
        values = {"agency_id": payload["agency_id"], "counter_number": payload["counter_number"]}
        return {**values, "sequence_first": "", "sequence_last": ""}
    if event.type == "unit.set_up":
        return {key: str(payload[key]) for key in ("agency_id", "counter_number")}
    if event.type == "unit.agency_changed":
        return {"agency_id": str(payload["to"])}
    if event.type == "unit.enrolled":
        values = {"agency_id": str(payload["ward"]["code"])}
        if payload.get("block_deferred"):
            return values  # the block waits for a later day: a counter change sets it
        block = payload["sequence_block"]
        return {
            **values,
            "counter_number": str(payload["counter_number"]),
            "sequence_first": str(block["first"]),
            "sequence_last": str(block["last"]),
        }
    if event.type == "unit.counter_changed":
        first, last = payload["sequence_block"]
        return {
            "counter_number": str(payload["counter_number"]),
            "sequence_first": str(first),
            "sequence_last": str(last),
        }
    unit = payload.get("unit")  # database.started_over: the unit it kept, if it says
    if not isinstance(unit, dict):
        return dict.fromkeys(UNIT_KEYS, UNKNOWN)
    return {key: (str(unit[key]) if unit.get(key) is not None else "") for key in UNIT_KEYS}


def _block(expected: dict[str, str | None]) -> tuple[int, int] | None:
    """The block the events set: given, or the counter number's default; None unknown."""
    first, last = expected.get("sequence_first"), expected.get("sequence_last")
    if first is UNKNOWN or last is UNKNOWN:
        return None
    if first and last:
        return int(first), int(last)
    counter = expected.get("counter_number")
    if counter is UNKNOWN:
        return None
    try:
        block = SequenceBlock.for_counter(int(counter))
    except (ValueError, DomainError):
        return None
    return block.first, block.last
