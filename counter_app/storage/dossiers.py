"""Dossier rows, their status history, the daily sequence and the search index.

Functions here run inside the caller's transaction; the services decide where a
transaction starts and ends (one per business change, with its event).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from counter_app.domain.dossiers import (
    CollectAt,
    Dossier,
    HistoryEntry,
    Person,
    ReceivedDocument,
    Status,
)
from counter_app.domain.records import record
from counter_app.domain.text import fold
from counter_app.storage import errors
from counter_app.storage.connection import Database

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from typing import Any

SEARCH_LIMIT = 50


def last_sequence(db: Database, agency_id: str, day: date) -> int | None:
    row = db.execute(
        "SELECT last_used FROM dossier_sequences WHERE agency_id = ? AND day = ?",
        [agency_id, day.isoformat()],
    ).fetchone()
    return None if row is None else int(row[0])


def highest_stored(db: Database, agency_id: str, day: date, first: int, last: int) -> int | None:
    """The highest sequence between ``first`` and ``last`` that a stored dossier of the
    agency and day carries (codes have four digits: their order is the numbers')."""
    prefix = f"{agency_id}-{day:%y%m%d}-"
    row = db.execute(
        "SELECT max(code) FROM dossiers WHERE code BETWEEN ? AND ? AND code GLOB ?",
        [f"{prefix}{first:04d}", f"{prefix}{last:04d}", f"{prefix}[0-9][0-9][0-9][0-9]"],
    ).fetchone()
    return None if row is None or row[0] is None else int(str(row[0])[-4:])


def store_sequence(db: Database, agency_id: str, day: date, value: int) -> None:
    db.execute(
        "INSERT INTO dossier_sequences (agency_id, day, last_used) VALUES (?, ?, ?)"
        " ON CONFLICT (agency_id, day) DO UPDATE SET last_used = excluded.last_used",
        [agency_id, day.isoformat(), value],
    )


def all_sequences(db: Database) -> list[tuple[str, date, int]]:
    """Every agency's last number of every day (one row a day: small at any size)."""
    # Texts read as bytes: one that is not UTF-8 names its row instead of failing the query.
    rows = db.execute(
        "SELECT rowid, CAST(agency_id AS BLOB), typeof(day), CAST(day AS BLOB), last_used"
        " FROM dossier_sequences"
    )
    found: list[tuple[str, date, int]] = []
    for row_id, agency, kind, day, last in rows.fetchall():
        try:  # edited by hand, or damaged: named by its row, never echoed
            text = bytes(day).decode("utf-8")
            if not (agency and kind == "text" and len(text) == 10 and isinstance(last, int)):
                raise ValueError("not an agency, a YYYY-MM-DD day and a number")
            found.append((bytes(agency).decode("utf-8"), date.fromisoformat(text), last))
        except (TypeError, ValueError):
            raise errors.row_damaged("dossier_sequences", row_id) from None
    return found


def search_text(dossier: Dossier) -> str:
    """What the search index holds for a dossier, folded."""
    people = [dossier.applicant, *([dossier.delegate] if dossier.delegate else [])]
    return search_text_of(dossier.code, [person.to_data() for person in people])


def search_text_of(code: str, people: Iterable[Mapping[str, Any]]) -> str:
    """The same from a dossier's data: its code and its people as ``Person.to_data()``."""
    parts = [code]
    for person in people:
        parts += [person["full_name"], person.get("id_number") or "", person.get("phone") or ""]
    return fold(" ".join(part for part in parts if part))


def insert(db: Database, dossier: Dossier, event_id: str) -> None:
    cursor = db.execute(
        "INSERT INTO dossiers (id, code, lookup_secret, procedure_code, procedure_version,"
        " procedure_name, applicant_name, applicant_id_number, applicant_phone, applicant,"
        " delegate, documents, sets, channel, collect_at, fee_total, fee_determined, fee,"
        " received_at, due_at, status, officer, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _row_values(dossier),
    )
    db.execute(
        "INSERT INTO dossier_search (rowid, text) VALUES (?, ?)",
        [cursor.lastrowid, search_text(dossier)],
    )
    first = dossier.history[0]
    add_history(db, dossier.id, first, event_id)


def _row_values(d: Dossier) -> list[Any]:
    return [
        d.id,
        d.code,
        d.lookup_secret,
        d.procedure_code,
        d.procedure_version,
        d.procedure_name,
        d.applicant.full_name,
        d.applicant.id_number,
        d.applicant.phone,
        _json(d.applicant.to_data()),
        _json(d.delegate.to_data()) if d.delegate else None,
        _json([doc.to_data() for doc in d.documents]),
        d.sets,
        d.channel,
        d.collect_at.value,
        d.fee_total or 0,  # the column keeps 0 for "not determined": fee_determined says
        int(d.fee_total is not None),
        _json(d.fee),
        d.received_at.isoformat(),
        d.due_at.isoformat(),
        d.status.value,
        d.officer,
        d.note,
        d.received_at.isoformat(),
    ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def add_history(db: Database, dossier_id: str, entry: HistoryEntry, event_id: str) -> None:
    db.execute(
        "INSERT INTO dossier_history (dossier_id, at, officer, from_status, to_status,"
        " reason, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            dossier_id,
            entry.at.isoformat(),
            entry.officer,
            entry.from_status.value if entry.from_status else None,
            entry.to_status.value,
            entry.reason,
            event_id,
        ],
    )


def set_fee(db: Database, dossier_id: str, total: int, fee: dict[str, Any], at: datetime) -> None:
    """The fee of a dossier whose amount was not determined at reception."""
    db.execute(
        "UPDATE dossiers SET fee_total = ?, fee_determined = 1, fee = ?, updated_at = ?"
        " WHERE id = ?",
        [total, _json(fee), at.isoformat(), dossier_id],
    )


def set_status(db: Database, dossier_id: str, status: Status, at: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET status = ?, updated_at = ? WHERE id = ?",
        [status.value, at.isoformat(), dossier_id],
    )


def set_due(db: Database, dossier_id: str, due: datetime, at: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET due_at = ?, updated_at = ? WHERE id = ?",
        [due.isoformat(), at.isoformat(), dossier_id],
    )


def set_officer(db: Database, dossier_id: str, officer: str, at: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET officer = ?, updated_at = ? WHERE id = ?",
        [officer, at.isoformat(), dossier_id],
    )


def by_code(db: Database, code: str) -> Dossier | None:
    rows = _rows(db, "SELECT * FROM dossiers WHERE code = ?", [code])
    return _dossier(db, rows[0]) if rows else None


def received_between(db: Database, start: datetime, end: datetime) -> list[Dossier]:
    rows = _rows(
        db,
        "SELECT * FROM dossiers WHERE received_at >= ? AND received_at < ? ORDER BY seq",
        [start.isoformat(), end.isoformat()],
    )
    return [_dossier(db, row, with_history=False) for row in rows]


@record(frozen=True)
class DossierFilter:
    """What the dossier list shows; every part is optional and they all must hold."""

    text: str = ""
    statuses: frozenset[Status] = frozenset()
    officer: str | None = None
    received_from: datetime | None = None
    received_before: datetime | None = None
    due_before: datetime | None = None  # with open statuses: overdue at that moment
    limit: int = 500


def find(db: Database, wanted: DossierFilter) -> list[Dossier]:
    """The dossiers matching the filter, newest first."""
    where, params = _conditions(wanted)
    source, order = "dossiers d", "d.seq"
    query = fts_query(wanted.text)
    if query:
        # Ordered by the index's own rowid (= d.seq), the FTS scan runs newest
        # first and stops at the limit; "ORDER BY d.seq" would fetch and sort
        # every match (a common name: tens of thousands of rows at a million).
        source, order = "dossier_search s JOIN dossiers d ON d.seq = s.rowid", "s.rowid"
        where.append("dossier_search MATCH ?")
        params.append(query)
    elif wanted.text.strip():
        return []  # only punctuation: nothing can match
    sql = f"SELECT d.* FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = _rows(db, f"{sql} ORDER BY {order} DESC LIMIT ?", [*params, wanted.limit])
    return [_dossier(db, row, with_history=False) for row in rows]


def _conditions(wanted: DossierFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if wanted.statuses:
        where.append(f"d.status IN ({', '.join('?' for _ in wanted.statuses)})")
        params += sorted(status.value for status in wanted.statuses)
    bounds = [
        ("d.officer = ?", wanted.officer),
        ("d.received_at >= ?", wanted.received_from),
        ("d.received_at < ?", wanted.received_before),
        ("d.due_at < ?", wanted.due_before),
    ]
    for condition, value in bounds:
        if value is not None:
            where.append(condition)
            params.append(value.isoformat() if isinstance(value, datetime) else value)
    if wanted.received_from is not None:
        # The list runs newest first along seq and stops at the limit; with fewer matches
        # than that (today's dossiers) it would read every older dossier as well. The
        # lowest seq received since then, found in the received_at index, ends the walk
        # there. Exact whatever the order of receipt: no match has a lower seq. ("+seq":
        # min(seq) alone would be looked for along the rowids, from the oldest.)
        where.append("d.seq >= (SELECT min(+seq) FROM dossiers WHERE received_at >= ?)")
        params.append(wanted.received_from.isoformat())
    return where, params


def search(db: Database, text: str, limit: int = SEARCH_LIMIT) -> list[Dossier]:
    """Newest first: every folded word of the query must start a word of the dossier."""
    query = fts_query(text)
    if not query:
        return []
    rows = _rows(
        db,
        "SELECT d.* FROM dossier_search s JOIN dossiers d ON d.seq = s.rowid"
        " WHERE dossier_search MATCH ? ORDER BY s.rowid DESC LIMIT ?",
        [query, limit],
    )
    return [_dossier(db, row, with_history=False) for row in rows]


def of_person(db: Database, id_number: str) -> list[Dossier]:
    """Every dossier whose applicant or delegate has this ID number, oldest first, with
    its history. The search index finds the candidates (the number is one of its
    words); the stored people decide, so a number that only starts another never counts."""
    rows = _rows(
        db,
        "SELECT d.* FROM dossier_search s JOIN dossiers d ON d.seq = s.rowid"
        " WHERE dossier_search MATCH ? ORDER BY d.seq",
        [f'"{fold(id_number)}"'],
    )
    found = [_dossier(db, row) for row in rows]
    return [d for d in found if id_number in _numbers(d)]


def _numbers(dossier: Dossier) -> set[str | None]:
    return {dossier.applicant.id_number, dossier.delegate.id_number if dossier.delegate else None}


def fts_query(text: str) -> str:
    """Each folded token as a quoted prefix term, ANDed: no FTS syntax gets through."""
    tokens = [t for t in _tokens(fold(text)) if t]
    return " ".join(f'"{token}"*' for token in tokens)


def _tokens(folded: str) -> list[str]:
    # The same split as the unicode61 tokenizer: letters and digits only.
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()


def _person(data: dict[str, Any]) -> Person:
    birth = data.get("birth_date")
    values = {**data, "birth_date": date.fromisoformat(birth) if birth else None}
    return Person(**values)


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of a dossier query; a row whose text is not UTF-8 is named, not shown.

    (Python's sqlite3 would put the row's text, a citizen's name and ID number, into
    its error message.)
    """
    try:
        return list(db.query(sql, params))
    except sqlite3.OperationalError as error:
        if not str(error).startswith(errors.DECODE_FAILURE):
            raise
        raise _undecodable(db, sql, params, str(error)) from None


def _undecodable(db: Database, sql: str, params: list[Any], message: str) -> errors.StorageError:
    """Read the same rows as bytes to find which one is damaged."""
    conn = db.conn
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        for row in db.query(sql, params):
            if any(errors.not_utf8(value) for value in row.values()):
                code = row.get("code")
                name = code.decode("ascii", "replace") if isinstance(code, bytes) else None
                return errors.row_damaged("dossiers", row.get("seq") or "?", name)
    finally:
        conn.text_factory = previous
    return errors.undecodable(message)


def _dossier(db: Database, row: dict[str, Any], with_history: bool = True) -> Dossier:
    """The dossier of a row; a row that cannot be read back is named by code and row id."""
    try:
        return _decoded(db, row, with_history)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise errors.row_damaged("dossiers", row.get("seq") or "?", row.get("code")) from None


def _decoded(db: Database, row: dict[str, Any], with_history: bool) -> Dossier:
    history = tuple(_history(db, row)) if with_history else ()
    delegate = json.loads(row["delegate"]) if row["delegate"] else None
    return Dossier(
        id=row["id"],
        code=row["code"],
        lookup_secret=row["lookup_secret"],
        procedure_code=row["procedure_code"],
        procedure_version=row["procedure_version"],
        procedure_name=row["procedure_name"],
        applicant=_person(json.loads(row["applicant"])),
        delegate=_person(delegate) if delegate else None,
        documents=tuple(ReceivedDocument(**d) for d in json.loads(row["documents"])),
        sets=row["sets"],
        channel=row["channel"],
        collect_at=CollectAt(row["collect_at"]),
        fee_total=row["fee_total"] if row["fee_determined"] else None,
        fee=json.loads(row["fee"]),
        received_at=datetime.fromisoformat(row["received_at"]),
        due_at=datetime.fromisoformat(row["due_at"]),
        status=Status(row["status"]),
        officer=row["officer"],
        note=row["note"],
        history=history,
    )


def _history(db: Database, dossier: dict[str, Any]) -> list[HistoryEntry]:
    sql = (
        "SELECT at, officer, from_status, to_status, reason FROM dossier_history"
        " WHERE dossier_id = ? ORDER BY id"
    )
    try:
        rows = list(db.query(sql, [dossier["id"]]))
    except sqlite3.OperationalError as error:
        if not str(error).startswith(errors.DECODE_FAILURE):
            raise
        raise errors.row_damaged("dossier_history", dossier["seq"], dossier["code"]) from None
    return [
        HistoryEntry(
            at=datetime.fromisoformat(r["at"]),
            officer=r["officer"],
            from_status=Status(r["from_status"]) if r["from_status"] else None,
            to_status=Status(r["to_status"]),
            reason=r["reason"],
        )
        for r in rows
    ]


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def row_counts(db: Database) -> tuple[int, int]:
    """The highest dossier and event row ids, found in an instant at any size: no
    dossier or event is ever deleted, so they count what the database holds."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(seq), 0) FROM dossiers),"
        " (SELECT coalesce(max(seq), 0) FROM events)"
    ).fetchone()
    return int(row[0]), int(row[1])
