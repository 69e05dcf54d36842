"""Health of the local store: ``counter-app db check`` and the frozen build's self-check."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from counter_app.services.reception import RECEIVED_EVENT
from counter_app.storage import events, migrations


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database) -> CheckReport:
    report = CheckReport()
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems += [f"integrity: {line}" for line in integrity]
    foreign = db.execute("PRAGMA foreign_key_check").fetchall()
    report.problems += [f"foreign key: {row[0]} row {row[1]} -> {row[2]}" for row in foreign]
    pending = [m.name for m in migrations.MIGRATIONS.pending(db)]
    if pending:
        report.problems.append(f"migrations not applied: {', '.join(pending)}")
    report.facts["migrations"] = [m.name for m in migrations.MIGRATIONS.applied(db)]
    report.problems += events.verify_chain(db)
    report.problems += _dossiers_without_events(db)
    report.facts["dossiers"] = db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    report.facts["events"] = db.execute("SELECT count(*) FROM events").fetchone()[0]
    return report


def _dossiers_without_events(db: Database) -> list[str]:
    """Every dossier has its reception event and every history row its event."""
    problems = []
    rows = db.execute(
        "SELECT d.code FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM events e"
        " WHERE e.aggregate_id = d.id AND e.type = ?)",
        [RECEIVED_EVENT],
    ).fetchall()
    problems += [f"dossier {row[0]} has no reception event" for row in rows]
    rows = db.execute(
        "SELECT h.id FROM dossier_history h LEFT JOIN events e ON e.id = h.event_id"
        " WHERE e.id IS NULL"
    ).fetchall()
    problems += [f"history entry {row[0]} has no event" for row in rows]
    rows = db.execute(
        "SELECT e.aggregate_id FROM events e WHERE e.type = ? AND NOT EXISTS"
        " (SELECT 1 FROM dossiers d WHERE d.id = e.aggregate_id)",
        [RECEIVED_EVENT],
    ).fetchall()
    problems += [f"reception event for {row[0]} has no dossier" for row in rows]
    indexed = db.execute("SELECT count(*) FROM dossier_search").fetchone()[0]
    stored = db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    if indexed != stored:
        problems.append(f"search index holds {indexed} dossiers, the store {stored}")
    return problems
