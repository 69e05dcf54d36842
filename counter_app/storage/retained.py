"""The rows a retention purge may touch, found and removed (``services/retention.py``).

Each kind has a finder (what is past its period, from the caller's cut-off time)
and a remover; both run inside the caller's transaction, so what was counted is
what goes. Times are compared as moments, parsed from their ISO text: a row
written by another clock's offset is not misplaced by a string comparison.

Only these tables: never ``events``, ``dossiers``, ``dossier_history`` nor
``payments``.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.storage.connection import Database


def _before(moment: str, cutoff: datetime) -> bool:
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return False  # a time that cannot be read is kept, not guessed at
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=cutoff.tzinfo)
    return parsed <= cutoff


def stale_drafts(db: Database, cutoff: datetime) -> list[tuple[str, str]]:
    """Drafts last saved at or before ``cutoff``: (officer, kind)."""
    rows = db.execute("SELECT officer, kind, updated_at FROM drafts").fetchall()
    return [(str(o), str(k)) for o, k, at in rows if _before(str(at), cutoff)]


def delete_drafts(db: Database, keys: list[tuple[str, str]]) -> None:
    for officer, kind in keys:
        db.execute("DELETE FROM drafts WHERE officer = ? AND kind = ?", [officer, kind])


def printed_bytes(db: Database, cutoff: datetime) -> list[str]:
    """Print jobs done at or before ``cutoff`` that still hold their bytes: ids."""
    rows = db.execute(
        "SELECT id, updated_at FROM print_jobs WHERE state = 'done' AND length(data) > 0"
    ).fetchall()
    return [str(job_id) for job_id, at in rows if _before(str(at), cutoff)]


def blank_bytes(db: Database, job_ids: list[str]) -> None:
    """The job stays (what, when, for which dossier); only its rendered bytes go."""
    for job_id in job_ids:
        db.execute("UPDATE print_jobs SET data = X'' WHERE id = ? AND state = 'done'", [job_id])


def synced_tickets(db: Database, cutoff: datetime, aggregate_type: str) -> list[str]:
    """Walk-in tickets taken at or before ``cutoff`` whose every event (of
    ``aggregate_type``) the ward server has acknowledged (``events.sent_at``): ids. A
    ticket with an event still waiting to be sent is kept, however old."""
    rows = db.execute(
        "SELECT t.id, t.taken_at FROM walkin_tickets AS t"
        " WHERE EXISTS (SELECT 1 FROM events AS e WHERE e.aggregate_id = t.id"
        "   AND e.aggregate_type = ?)"
        " AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.aggregate_id = t.id"
        "   AND e.aggregate_type = ? AND e.sent_at IS NULL)",
        [aggregate_type, aggregate_type],
    ).fetchall()
    return [str(ticket_id) for ticket_id, at in rows if _before(str(at), cutoff)]


def delete_tickets(db: Database, ticket_ids: list[str]) -> None:
    for ticket_id in ticket_ids:
        db.execute("DELETE FROM walkin_tickets WHERE id = ?", [ticket_id])
