"""Which counter numbers which dossiers: every block a counter was given, from the day.

Enrolment gives a counter its block (``central.enrolment``) and ``device set-counter`` may
give it another (``central.back_office.set_counter``); each is recorded here with the day
(Asia/Ho_Chi_Minh) it was given. A device holds every block it was given, from that day
on: a counter moved to another block may still number from the old one until it starts
again, and a revoked device pushes nothing more, so nothing is taken back.

Ingest uses this to refuse squatting: a reception whose code falls in a block another
device of the ward held on the code's day, and in none the pushing device held, is
parked (``not_its_block``) instead of claiming the code before its counter pushes it.
Codes outside every block (a counter's numbers from before it enrolled, or the ward
server's 0001–0999) are claimed by the first device that pushes them, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert, select

from central import schema
from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import SequenceBlock


class Held(NamedTuple):
    device_id: str
    first: int
    last: int
    from_day: date

    def covers(self, day: date, sequence: int) -> bool:
        return self.from_day <= day and self.first <= sequence <= self.last


def record(
    conn: Connection, device_id: str, ward_id: int, block: SequenceBlock, now: datetime
) -> None:
    """``device_id`` holds ``block`` from today, unless it was given it before (the
    caller holds the ward's lock and commits)."""
    table = schema.device_blocks
    known = select(table.c.device_id).where(
        table.c.device_id == device_id,
        table.c.sequence_first == block.first,
        table.c.sequence_last == block.last,
    )
    if conn.execute(known).first() is not None:
        return
    conn.execute(
        insert(table).values(
            device_id=device_id,
            sequence_first=block.first,
            sequence_last=block.last,
            ward_id=ward_id,
            from_day=now.astimezone(VIETNAM).date(),
        )
    )


def of_ward(conn: Connection, ward_id: int) -> list[Held]:
    """Every block given in the ward (a few per counter: one query per pushed batch)."""
    table = schema.device_blocks
    rows = conn.execute(
        select(
            table.c.device_id, table.c.sequence_first, table.c.sequence_last, table.c.from_day
        ).where(table.c.ward_id == ward_id)
    )
    return [Held(*row) for row in rows]


def holders(held: Iterable[Held], day: date, sequence: int) -> set[str]:
    """The devices whose blocks held number ``sequence`` on ``day``."""
    return {block.device_id for block in held if block.covers(day, sequence)}
