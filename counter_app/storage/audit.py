"""Reading the store for ``db check``: rows and events in id order, decoded column by column.

The check compares what the tables hold with what the event log says. Rows and
events are streamed (never all loaded at once) in the order of the id they are
grouped by and merged, so a dossier, its history and its events arrive together.
Each column is decoded the way the application reads it; a column that cannot be
read is named, and its content is never repeated (it holds personal data).
"""

from __future__ import annotations

import heapq
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from counter_app.domain.dossiers import CollectAt, Person, ReceivedDocument, Status
from counter_app.domain.fees import Channel
from counter_app.domain.payments import Method, PaidBy, PaymentState
from counter_app.domain.records import field, record
from counter_app.storage.connection import Database

Decoder = Callable[[Any], Any]
_MISSING = object()  # a column the table does not have: no decoder accepts it


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Every read inside sees one state of the file, even while a counter writes.

    A deferred transaction takes no write lock: the counter keeps working (WAL).
    """
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("ROLLBACK")  # nothing was written


class Unreadable(str):
    """Stored text that is not UTF-8, as the check reads it (:func:`text_marked`): an
    empty text every decoder refuses. Its bytes are never kept, for they may be a
    citizen's name or number."""


UNREADABLE = Unreadable()


def _marked_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return UNREADABLE


@contextmanager
def text_marked(db: Database) -> Iterator[None]:
    """Inside, a text column that is not UTF-8 reads as :data:`UNREADABLE` instead of
    failing the whole query with sqlite3's message, which carries the row's text."""
    previous = db.conn.text_factory
    db.conn.text_factory = _marked_text
    try:
        yield
    finally:
        db.conn.text_factory = previous


# --- events --------------------------------------------------------------------------


class LoggedEvent(NamedTuple):
    """One event as the check replays it; ``payload`` is None when it cannot be read."""

    seq: int
    id: str
    type: str
    aggregate_id: str
    created_at: str
    officer: str
    payload: dict[str, Any] | None


EVENT_COLUMNS = "seq, id, type, aggregate_id, created_at, officer, payload"  # LoggedEvent's


def _logged(row: tuple[Any, ...]) -> LoggedEvent:
    try:
        payload = json.loads(row[6])
    except (TypeError, ValueError):
        payload = None
    seq, event_id, kind, aggregate_id, created_at, officer = row[:6]
    readable = payload if isinstance(payload, dict) else None
    return LoggedEvent(seq, event_id, kind, aggregate_id, created_at, officer, readable)


def events_of_types(db: Database, types: tuple[str, ...]) -> Iterator[LoggedEvent]:
    """The events of these types, oldest first."""
    marks = ", ".join("?" * len(types))
    rows = db.conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE type IN ({marks}) ORDER BY seq", list(types)
    )
    for row in rows:
        yield _logged(row)


def _events_of(db: Database, aggregate_type: str) -> Iterator[tuple[str, LoggedEvent]]:
    # The aggregate index holds (aggregate_id, seq): no sort is needed.
    rows = db.conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE aggregate_type = ? ORDER BY aggregate_id, seq",
        [aggregate_type],
    )
    for row in rows:
        yield row[3], _logged(row)


def last_event(db: Database, event_type: str) -> LoggedEvent | None:
    row = db.conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE type = ? ORDER BY seq DESC LIMIT 1",
        [event_type],
    ).fetchone()
    return None if row is None else _logged(row)


# --- column decoders: each raises on a value the application could not use -------------


def _text(value: Any) -> str:
    if not isinstance(value, str) or value is UNREADABLE:
        raise TypeError("not text")
    return value


def _optional(decode: Decoder) -> Decoder:
    return lambda value: None if value is None else decode(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def _flag(value: Any) -> bool:
    if _integer(value) not in (0, 1):
        raise ValueError("not 0 or 1")
    return bool(value)


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(_text(value))


def _choice(kind: type[StrEnum]) -> Decoder:
    allowed = frozenset(member.value for member in kind)

    def read(value: Any) -> str:
        if _text(value) not in allowed:
            raise ValueError(f"not a {kind.__name__}")
        return str(value)

    return read


def _json(value: Any) -> Any:
    return json.loads(_text(value))


def _person(value: Any) -> dict[str, Any]:
    data = _json(value)
    if not isinstance(data, dict) or not _text(data.get("full_name")):
        raise ValueError("not a person")
    if any(v is not None and not isinstance(v, str) for v in data.values()):
        raise TypeError("not text")
    birth = data.get("birth_date")
    Person(**{**data, "birth_date": date.fromisoformat(birth) if birth else None})
    return data


def _documents(value: Any) -> list[dict[str, Any]]:
    data = _json(value)
    if not isinstance(data, list):
        raise TypeError("not a list")
    for item in data:
        document = ReceivedDocument(**item)
        _text(document.name)
        _text(document.form)
        _integer(document.count)
    return data


def _fee(value: Any) -> dict[str, Any]:
    data = _json(value)
    if not isinstance(data, dict) or not isinstance(data.get("lines", []), list):
        raise TypeError("not a fee")
    if not all(isinstance(line, dict) for line in data.get("lines", [])):
        raise TypeError("not a fee line")
    return data


DOSSIER_COLUMNS: dict[str, Decoder] = {
    "code": _text,
    "lookup_secret": _text,
    "procedure_code": _text,
    "procedure_version": _integer,
    "procedure_name": _text,
    "applicant_name": _text,
    "applicant_id_number": _optional(_text),
    "applicant_phone": _optional(_text),
    "applicant": _person,
    "delegate": _optional(_person),
    "documents": _documents,
    "sets": _integer,
    "channel": _choice(Channel),
    "collect_at": _choice(CollectAt),
    "fee_total": _integer,
    "fee_determined": _flag,
    "fee": _fee,
    "received_at": _moment,
    "due_at": _moment,
    "status": _choice(Status),
    "officer": _text,
    "note": _text,
    "search_index": _optional(_text),  # the folded text in dossier_search, None: no entry
}
HISTORY_COLUMNS: dict[str, Decoder] = {
    "event_id": _text,
    "at": _moment,
    "officer": _text,
    "from_status": _optional(_choice(Status)),
    "to_status": _choice(Status),
    "reason": _text,
}
PAYMENT_COLUMNS: dict[str, Decoder] = {
    "reference": _text,
    "dossier_id": _text,
    "amount": _integer,
    "method": _choice(Method),
    "state": _choice(PaymentState),
    "qr_payload": _optional(_text),
    "created_at": _moment,
    "expires_at": _optional(_moment),
    "paid_at": _optional(_moment),
    "paid_by": _optional(_choice(PaidBy)),
    "confirmed_by": _optional(_text),
    "reason": _text,
    "bank_transaction": _optional(_text),
    "officer": _text,
    "receipt_number": _optional(_text),
}


class StoredRow(NamedTuple):
    """A row as the application would read it, and the columns it could not read."""

    key: Any  # the row's id (history: its integer id)
    fields: dict[str, Any]
    unreadable: tuple[str, ...] = ()


def decoded(
    db: Database, sql: str, columns: dict[str, Decoder], group: str = "id"
) -> Iterator[tuple[Any, StoredRow]]:
    """The rows of a query, decoded, each with the value of its ``group`` column."""
    cursor = db.conn.execute(sql)
    names = [description[0] for description in cursor.description]
    # Positions found once; a column missing from the table reads as unreadable.
    plan = [
        (name, names.index(name) if name in names else -1, read) for name, read in columns.items()
    ]
    at_id, at_group = names.index("id"), names.index(group)
    for row in cursor:
        yield row[at_group], _decode(row, plan, at_id)


def _decode(row: tuple[Any, ...], plan: list[tuple[str, int, Decoder]], at_id: int) -> StoredRow:
    fields: dict[str, Any] = {}
    unreadable: list[str] = []
    for name, position, read in plan:
        value = row[position] if position >= 0 else _MISSING
        try:
            if value is UNREADABLE:
                raise ValueError("not UTF-8")
            fields[name] = read(value)
        except (TypeError, ValueError, LookupError, AttributeError):
            unreadable.append(name)
    return StoredRow(row[at_id], fields, tuple(unreadable))


# --- the merged streams ----------------------------------------------------------------


def _grouped(stream: Iterable[tuple[Any, Any]], index: int) -> Iterator[tuple[str, int, list[Any]]]:
    for key, items in itertools.groupby(stream, key=operator.itemgetter(0)):
        # str(): an id edited into a number must not stop the merge
        yield str(key), index, [item for _, item in items]


def merge_by_key(*streams: Iterable[tuple[Any, Any]]) -> Iterator[tuple[str, list[list[Any]]]]:
    """Streams sorted by key, merged: each key once, with the items of every stream.

    SQLite orders text by its UTF-8 bytes, which is Python's order of code points.
    """
    grouped = [_grouped(stream, index) for index, stream in enumerate(streams)]
    merged = heapq.merge(*grouped, key=operator.itemgetter(0))
    for key, group in itertools.groupby(merged, key=operator.itemgetter(0)):
        parts: list[list[Any]] = [[] for _ in streams]
        for _, index, items in group:
            parts[index] += items
        yield key, parts


@record(frozen=True)
class DossierRows:
    """One dossier id: its row (None: no row), history rows and events, in order."""

    id: str
    row: StoredRow | None
    history: list[StoredRow] = field(default_factory=list)
    events: list[LoggedEvent] = field(default_factory=list)


def dossier_rows(db: Database) -> Iterator[DossierRows]:
    rows = decoded(
        db,
        "SELECT d.*, s.text AS search_index FROM dossiers d"
        " LEFT JOIN dossier_search s ON s.rowid = d.seq ORDER BY d.id",
        DOSSIER_COLUMNS,
    )
    history = decoded(
        db, "SELECT * FROM dossier_history ORDER BY dossier_id, id", HISTORY_COLUMNS, "dossier_id"
    )
    for key, (found, entries, logged) in merge_by_key(rows, history, _events_of(db, "dossier")):
        yield DossierRows(key, found[0] if found else None, entries, logged)


@record(frozen=True)
class PaymentRows:
    id: str
    row: StoredRow | None
    events: list[LoggedEvent] = field(default_factory=list)


def payment_rows(db: Database) -> Iterator[PaymentRows]:
    rows = decoded(db, "SELECT * FROM payments ORDER BY id", PAYMENT_COLUMNS)
    for key, (found, logged) in merge_by_key(rows, _events_of(db, "payment")):
        yield PaymentRows(key, found[0] if found else None, logged)


def unset_rules(db: Database) -> dict[tuple[str, int], frozenset[str]]:
    """The fee rules of each stored procedure version whose amount is not set."""
    found: dict[tuple[str, int], frozenset[str]] = {}
    for code, version, data in db.execute("SELECT code, version, data FROM procedures"):
        try:
            rules = json.loads(data)["fees"]["rules"]
            ids = frozenset(r["id"] for r in rules if r.get("kind") == "unset")
        except (TypeError, ValueError, KeyError, AttributeError):
            continue  # a catalogue record that cannot be read fails the catalogue load
        found[(code, version)] = ids
    return found
