"""The unit (đơn vị) this installation belongs to, and its first run.

On first start the database gets an embedded default unit, a device id, the
administrator account and the seed catalogue, so the app opens on something
real. The default unit is a sample that is nobody: its agency id
``000.00.00.Z99`` cannot be a real agency's (level-1 letters run A–Y). The
setup dialog (the counter GUI) asks for the ward's own code and replaces it.
"""

from __future__ import annotations

from collections.abc import Callable

from counter_app.domain.agency import SAMPLE_AGENCY_ID, check_agency_id, check_ward_agency_id
from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.domain.text import whole_number
from counter_app.storage import errors, settings
from counter_app.storage.connection import Database

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from datetime import datetime
    from typing import TypeVar

    from counter_app.storage.events import EventContext

    Value = TypeVar("Value")

DEFAULT_SETTINGS = {
    "agency_id": SAMPLE_AGENCY_ID,
    "unit_name": "Bộ phận Một cửa (cài đặt mẫu)",
    "place": "Hà Nội",
    "counter_number": "1",
}
# What decides the codes a counter gives (``db check`` compares them with the events).
UNIT_KEYS = ("agency_id", "counter_number", "sequence_first", "sequence_last")
ADMIN_USERNAME = "admin"
SYSTEM_OFFICER = "system"


@record(frozen=True)
class Unit:
    agency_id: str
    name: str
    place: str
    counter_number: int
    device_id: str
    block: SequenceBlock


def load_unit(db: Database) -> Unit:
    """The unit as stored. A value that does not read (the settings table edited by
    hand, a damaged row) is a ``row_damaged`` failure naming its key: one line and the
    way back, never a traceback, and never a unit made up in its place (its dossier
    numbers could repeat ones already given)."""
    return unit_from_settings(settings.get_all(db))


def unit_from_settings(values: dict[str, str]) -> Unit:
    """The unit the settings' values describe (``load_unit``, without a connection:
    a backup's values too); ``row_damaged`` for the first key that does not read."""
    return Unit(
        agency_id=_setting(values, "agency_id", check_agency_id),
        name=_setting(values, "unit_name", str),
        place=_setting(values, "place", str),
        counter_number=_setting(values, "counter_number", whole_number),
        device_id=_setting(values, "device_id", str),
        block=stored_block(values),
    )


def stored_block(values: dict[str, str]) -> SequenceBlock:
    """The counter's block of dossier numbers as the settings give it: the one an
    enrolment or a restore wrote, else its counter number's default."""
    given = bool(values.get("sequence_first") or values.get("sequence_last"))
    key = "sequence_last" if given else "counter_number"
    try:
        if given:
            first = _setting(values, "sequence_first", whole_number)
            return SequenceBlock(first, _setting(values, "sequence_last", whole_number))
        return SequenceBlock.for_counter(_setting(values, "counter_number", whole_number))
    except DomainError:  # a block out of 1-9999, a counter number without a default block
        raise errors.row_damaged("settings", key) from None


def _setting(values: dict[str, str], key: str, read: Callable[[str], Value | None]) -> Value:
    """``values[key]`` as ``read`` reads it; ``row_damaged`` when it is missing or does
    not read (``read`` raises or gives None)."""
    try:
        value = read(values[key])
    except (KeyError, ValueError, DomainError):
        value = None
    if value is None:
        raise errors.row_damaged("settings", key)
    return value


def agency_problem(db: Database) -> DomainError | None:
    """Why the stored agency id is not a ward's own code; None when it is.

    Besides the sample this catches installations set up before setup checked the
    code, such as those that kept the old default ``000.00.00.H26`` (the Hà Nội
    People's Committee itself). The made-up Z tree of a demonstration is let through.
    """
    try:
        check_ward_agency_id(settings.get(db, "agency_id") or "", allow_fictional=True)
    except DomainError as problem:
        return problem
    return None


def agency_in_use(db: Database) -> bool:
    """Whether a dossier was numbered with the stored agency id: its codes are then
    printed on receipts and in transfer references, and the code must not change
    without the administrator knowing."""
    agency = settings.get(db, "agency_id") or ""
    prefix = f"{agency}-"
    row = db.execute(
        "SELECT 1 FROM dossiers WHERE substr(code, 1, ?) = ? LIMIT 1", [len(prefix), prefix]
    ).fetchone()
    return row is not None


COUNTER_CHANGED_EVENT = "unit.counter_changed"


def set_counter(
    db: Database,
    context: EventContext,
    number: int,
    block: SequenceBlock,
    now: datetime,
    change_id: int | None = None,
) -> None:
    """The counter's number and block of dossier numbers, with the event that says so
    (``db check`` compares the settings with it). In the caller's transaction.
    ``change_id``: the server's change that gave them."""
    from counter_app.storage import events  # a change of counter only

    values = settings.get_all(db)
    previous = [
        values.get("counter_number"),
        values.get("sequence_first"),
        values.get("sequence_last"),
    ]
    settings.put(db, "counter_number", str(number))
    settings.put(db, "sequence_first", str(block.first))
    settings.put(db, "sequence_last", str(block.last))
    data = {
        "counter_number": number,
        "sequence_block": [block.first, block.last],
        "from": {"counter_number": previous[0], "sequence_block": previous[1:]},
        "change": change_id,
    }
    events.append(db, context, COUNTER_CHANGED_EVENT, ("unit", context.device_id), data, now)
