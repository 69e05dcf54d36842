"""Alembic's migrations of the server's schema (run by ``central.database.upgrade``)."""

from __future__ import annotations

import re
from pathlib import Path

# `revision = "0002"` (an annotation allowed): what every Alembic script declares.
_REVISION = re.compile(
    r"^(down_revision|revision)\s*(?::[^=\n]+)?=\s*['\"]?([\w-]+|None)['\"]?\s*$", re.M
)


def head() -> str:
    """The newest revision of the scripts in ``versions/``, read without loading Alembic
    (a database already there is then checked, not upgraded, in a few milliseconds);
    tests/central/test_schema.py checks that Alembic agrees."""
    revisions: set[str] = set()
    replaced: set[str] = set()
    for script in (Path(__file__).parent / "versions").glob("v*.py"):
        text = script.read_text("utf-8")
        found = {match[1]: match[2] for match in _REVISION.finditer(text)}
        revisions.add(found["revision"])
        replaced.add(found.get("down_revision", "None"))
    (newest,) = revisions - replaced
    return newest
