"""Half-typed forms, one per officer and kind, so a crash or a closed window loses nothing."""

from __future__ import annotations

import json
from typing import Any

from counter_app.storage.connection import Database


def save(db: Database, officer: str, kind: str, data: dict[str, Any], at: str) -> None:
    db.execute(
        "INSERT INTO drafts (officer, kind, data, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (officer, kind) DO UPDATE SET data = excluded.data,"
        " updated_at = excluded.updated_at",
        [officer, kind, json.dumps(data, ensure_ascii=False), at],
    )


def load(db: Database, officer: str, kind: str) -> dict[str, Any] | None:
    """The draft, or None; also None for one that does not read (edited by hand, a
    damaged row): a draft is only a half-typed form, and the next one replaces it."""
    row = db.execute(
        "SELECT data FROM drafts WHERE officer = ? AND kind = ?", [officer, kind]
    ).fetchone()
    return None if row is None else _read(row[0])


def _read(text: object) -> dict[str, Any] | None:
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def delete(db: Database, officer: str, kind: str) -> None:
    db.execute("DELETE FROM drafts WHERE officer = ? AND kind = ?", [officer, kind])


def mentioning(db: Database, text: str) -> list[tuple[str, str, dict[str, Any], str]]:
    """Every draft whose data holds ``text`` (an ID number): officer, kind, data, when."""
    rows = db.execute(
        "SELECT officer, kind, data, updated_at FROM drafts WHERE instr(data, ?) > 0"
        " ORDER BY updated_at",
        [text],
    ).fetchall()
    # A draft that does not read is still handed over, as its text: it holds the number.
    return [(str(o), str(k), _read(d) or {"unreadable": str(d)}, str(at)) for o, k, d, at in rows]
