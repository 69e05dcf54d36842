"""Print jobs: queued until the printer has taken them, then done; never deleted."""

from __future__ import annotations

from counter_app.domain.records import record
from counter_app.storage.connection import Database

QUEUED, PRINTING, DONE = "queued", "printing", "done"
COLUMNS = (
    "id, kind, title, dossier_id, profile, state, attempts, last_error, created_at, updated_at"
)


@record(frozen=True)
class PrintJob:
    id: str
    kind: str
    title: str
    dossier_id: str | None
    profile: str
    state: str
    attempts: int
    last_error: str | None
    created_at: str
    updated_at: str


def insert(db: Database, job: PrintJob, data: bytes, officer: str) -> None:
    db.execute(
        "INSERT INTO print_jobs (id, kind, title, dossier_id, profile, data, state, attempts,"
        " officer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        [
            job.id,
            job.kind,
            job.title,
            job.dossier_id,
            job.profile,
            data,
            job.state,
            officer,
            job.created_at,
            job.updated_at,
        ],
    )


def next_queued(db: Database) -> tuple[PrintJob, bytes] | None:
    row = db.execute(
        f"SELECT {COLUMNS}, data FROM print_jobs WHERE state = ? ORDER BY seq LIMIT 1", [QUEUED]
    ).fetchone()
    return None if row is None else (PrintJob(*row[:-1]), bytes(row[-1]))


def mark(db: Database, job_id: str, state: str, error: str | None, at: str) -> None:
    db.execute(
        "UPDATE print_jobs SET state = ?, last_error = ?, updated_at = ?,"
        " attempts = attempts + (CASE WHEN ? = 'printing' THEN 1 ELSE 0 END) WHERE id = ?",
        [state, error, at, state, job_id],
    )


def recent(db: Database, limit: int = 50) -> list[PrintJob]:
    rows = db.execute(
        f"SELECT {COLUMNS} FROM print_jobs ORDER BY seq DESC LIMIT ?", [limit]
    ).fetchall()
    return [PrintJob(*row) for row in rows]


def for_dossier(db: Database, dossier_id: str) -> list[PrintJob]:
    """The papers printed (or waiting) for one dossier, oldest first; without their bytes."""
    rows = db.execute(
        f"SELECT {COLUMNS} FROM print_jobs WHERE dossier_id = ? ORDER BY seq", [dossier_id]
    ).fetchall()
    return [PrintJob(*row) for row in rows]


def waiting(db: Database) -> int:
    row = db.execute(
        "SELECT count(*) FROM print_jobs WHERE state IN (?, ?)", [QUEUED, PRINTING]
    ).fetchone()
    return int(row[0])


def requeue_interrupted(db: Database, at: str) -> None:
    """A job left 'printing' by a crash is sent again: a duplicate beats a lost receipt."""
    db.execute(
        "UPDATE print_jobs SET state = ?, updated_at = ? WHERE state = ?", [QUEUED, at, PRINTING]
    )
