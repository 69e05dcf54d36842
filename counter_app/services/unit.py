"""The unit (đơn vị) this installation belongs to, and its first run.

On first start the database gets an embedded default unit, a device id, the
administrator account and the seed catalogue, so the app opens on something
real. The default unit is a sample that is nobody: its agency id
``000.00.00.Z99`` cannot be a real agency's (level-1 letters run A–Y). The
setup dialog (the counter GUI) asks for the ward's own code and replaces it.
"""

from __future__ import annotations

from counter_app.domain.agency import SAMPLE_AGENCY_ID, check_agency_id, check_ward_agency_id
from counter_app.domain.dossiers import SequenceBlock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.storage import settings
from counter_app.storage.connection import Database

DEFAULT_SETTINGS = {
    "agency_id": SAMPLE_AGENCY_ID,
    "unit_name": "Bộ phận Một cửa (cài đặt mẫu)",
    "place": "Hà Nội",
    "counter_number": "1",
}
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
    values = settings.get_all(db)
    counter = int(values["counter_number"])
    first, last = values.get("sequence_first"), values.get("sequence_last")
    block = (
        SequenceBlock(int(first), int(last))
        if first and last
        else SequenceBlock.for_counter(counter)
    )
    return Unit(
        agency_id=check_agency_id(values["agency_id"]),
        name=values["unit_name"],
        place=values["place"],
        counter_number=counter,
        device_id=values["device_id"],
        block=block,
    )


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
