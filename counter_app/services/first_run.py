"""The first run of an installation: the embedded defaults, the administrator, the seed.

Kept apart from ``unit.py`` so that an ordinary start, which only reads the unit,
does not load what only the first start writes with.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from counter_app.domain.clock import Clock
from counter_app.services.unit import ADMIN_USERNAME, DEFAULT_SETTINGS, SYSTEM_OFFICER
from counter_app.storage import events, officers, reference, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction


def first_run(db: Database, clock: Clock, catalogue_file: Path) -> bool:
    """Create the embedded defaults once; True when this was the first run."""
    if settings.get(db, "device_id") is not None:
        return False
    now = clock.now()
    device_id = str(uuid.uuid4())
    context = events.EventContext(device_id=device_id, officer=SYSTEM_OFFICER)
    with transaction(db):
        for key, value in {**DEFAULT_SETTINGS, "device_id": device_id}.items():
            settings.put(db, key, value)
        admin = officers.Officer(str(uuid.uuid4()), ADMIN_USERNAME, "Quản trị viên", "admin", True)
        officers.insert(db, admin, now.isoformat())
        events.append(db, context, "unit.installed", ("unit", device_id), DEFAULT_SETTINGS, now)
        seed_catalogue(db, context, catalogue_file, clock)
    return True


def seed_catalogue(
    db: Database, context: events.EventContext, catalogue_file: Path, clock: Clock
) -> int:
    """Add the shipped procedure versions the database does not have yet."""
    data = json.loads(catalogue_file.read_text(encoding="utf-8"))
    known = {(r["code"], r["version"]) for r in reference.procedure_records(db)}
    added = [r for r in data["procedures"] if (r["code"], r["version"]) not in known]
    for record in added:
        reference.upsert_procedure(db, record)
    if added:
        payload = {"versions": [[r["code"], r["version"]] for r in added]}
        events.append(
            db, context, "catalogue.seeded", ("catalogue", "procedures"), payload, clock.now()
        )
    return len(added)
