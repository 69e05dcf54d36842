"""A ward's service areas and counters: the defaults a new ward starts with, and the
administrator's replacement of them (``PUT /v1/queue/setup``, ``counter-central queue``).

The defaults: one area per field of the shipped catalogue, the field with the most
procedures first (A Hộ tịch, B Chứng thực, ...), then an area for handing back results;
counters 1–10, each calling every area. A fresh install works at once.
"""

from __future__ import annotations

import json
import string
from collections import Counter as Tally
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from central import schema
from central.errors import Refused
from counter_app.domain.text import clean, clean_within
from counter_app.sync.queue_wire import Area, Counter, QueueSetup

RESULTS_AREA = "Trả kết quả"
DEFAULT_COUNTERS = 10


@cache
def default_setup() -> QueueSetup:
    from counter_app.paths import resource_dir

    catalogue = json.loads((resource_dir() / "catalogue" / "procedures.json").read_text("utf-8"))
    by_field: dict[str, list[str]] = {}
    for procedure in catalogue["procedures"]:
        codes = by_field.setdefault(procedure["field"], [])
        if procedure["code"] not in codes:
            codes.append(procedure["code"])
    sizes = Tally({field: len(codes) for field, codes in by_field.items()})
    fields = sorted(sizes, key=lambda field: (-sizes[field], field))
    names = [*fields, RESULTS_AREA][: len(string.ascii_uppercase)]
    areas = [
        Area(prefix=letter, name=name, procedures=sorted(by_field.get(name, [])))
        for letter, name in zip(string.ascii_uppercase, names, strict=False)
    ]
    prefixes = [area.prefix for area in areas]
    counters = [
        Counter(number=number, name=f"Quầy {number}", areas=prefixes)
        for number in range(1, DEFAULT_COUNTERS + 1)
    ]
    return QueueSetup(areas=areas, counters=counters)


def install_defaults(conn: Connection, ward_id: int) -> None:
    _write(conn, ward_id, default_setup())


def read(conn: Connection, ward_id: int) -> QueueSetup:
    a, c = schema.queue_areas, schema.queue_counters
    areas = [
        Area(prefix=row.prefix, name=row.name, procedures=list(row.procedures))
        for row in conn.execute(select(a).where(a.c.ward_id == ward_id).order_by(a.c.position))
    ]
    counters = [
        Counter(number=row.number, name=row.name, areas=list(row.areas))
        for row in conn.execute(select(c).where(c.c.ward_id == ward_id).order_by(c.c.number))
    ]
    return QueueSetup(areas=areas, counters=counters)


def replace(conn: Connection, ward_id: int, setup: QueueSetup) -> None:
    """The ward's areas and counters become ``setup`` (checked first, whole)."""
    check(setup)
    conn.execute(delete(schema.queue_areas).where(schema.queue_areas.c.ward_id == ward_id))
    conn.execute(delete(schema.queue_counters).where(schema.queue_counters.c.ward_id == ward_id))
    _write(conn, ward_id, setup)


def check(setup: QueueSetup) -> None:
    prefixes = [area.prefix for area in setup.areas]
    if len(set(prefixes)) != len(prefixes):
        raise Refused("an area prefix appears twice")
    if any(not clean(area.name) for area in setup.areas):  # zero-width spaces are no name
        raise Refused("every area needs a name")
    numbers = [counter.number for counter in setup.counters]
    if len(set(numbers)) != len(numbers):
        raise Refused("a counter number appears twice")
    for counter in setup.counters:
        unknown = sorted(set(counter.areas) - set(prefixes))
        if unknown:
            raise Refused(f"counter {counter.number} calls unknown areas: {', '.join(unknown)}")
        if not counter.areas:
            raise Refused(f"counter {counter.number} calls no area")


def _write(conn: Connection, ward_id: int, setup: QueueSetup) -> None:
    areas: list[dict[str, Any]] = [
        {
            "ward_id": ward_id,
            "prefix": area.prefix,
            "name": clean_within(area.name, schema.TEXT),
            "procedures": list(area.procedures),
            "position": position,
        }
        for position, area in enumerate(setup.areas)
    ]
    counters: list[dict[str, Any]] = [
        {
            "ward_id": ward_id,
            "number": c.number,
            "name": clean_within(c.name, schema.TEXT),
            "areas": list(c.areas),
        }
        for c in setup.counters
    ]
    conn.execute(insert(schema.queue_areas), areas)
    conn.execute(insert(schema.queue_counters), counters)
