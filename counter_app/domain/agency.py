"""Agency ids: the electronic code of the unit whose dossier codes begin with it.

Every agency has an electronic identifier (mã định danh điện tử) under Decision
20/2020/QĐ-TTg, amended by Decision 09/2025/QĐ-TTg: at most 35 characters of 0–9,
A–Z and ".". Dossier codes begin with it (Circular 01/2018/TT-VPCP art. 19). The app
keeps the four-group form of QCVN 102:2016, ``V1V2V3.Z1Z2.Y1Y2.MX1X2``, read from the
right: ``MX1X2`` is the level-1 unit (M a letter A–Y: H01–H63 the provincial People's
Committees, G the ministries, ...), ``Y1Y2`` level 2, ``Z1Z2`` level 3 and ``V1V2V3``
level 4. Lower groups all zero name the level-1 unit itself: ``000.00.00.H26`` is the
Hà Nội People's Committee, never a ward. The dossier code and the VietQR transfer
reference (``payment_reference``) depend on this form.

Two checks: :func:`check_agency_id` is the form alone, for any stored code and any
dossier code read back; :func:`check_ward_agency_id` is what setup accepts as a ward's
own code. How wards are coded since the two-level reform of 1 July 2025 could not be
verified, so the ward check refuses only what is certainly not a ward's code.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.domain.errors import DomainError

SHAPE = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}"  # [0-9], not \d: ASCII digits only
_AGENCY_ID = re.compile(SHAPE)
# The level-1 letter runs A–Y only, so Z is no agency at all: the sample lives there.
FICTIONAL_LETTER = "Z"
SAMPLE_AGENCY_ID = "000.00.00.Z99"
# A ward's or commune's one-stop counter belongs to its People's Committee, which sits
# under the provincial People's Committee: H and the province's two digits.
WARD_LETTER = "H"
LEVEL_ONE_ITSELF = "000.00.00."
SHAPE_TEXT = (
    "four groups separated by dots: 3 digits, 2 digits, 2 digits, "
    "then a capital letter and 2 digits"
)


def _shown(text: str) -> str:
    """The refused input for a one-line message: quoted, escaped and short."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def check_agency_id(agency_id: str) -> str:
    """Any agency id in the four-group form, exactly as written (no normalising)."""
    if not _AGENCY_ID.fullmatch(agency_id):
        raise DomainError(
            "agency_id_invalid",
            f"{_shown(agency_id)} is not an agency id: it has {SHAPE_TEXT}.",
            agency_id=agency_id,
        )
    return agency_id


def is_level_one_itself(agency_id: str) -> bool:
    """``000.00.00.H26``: the level-1 unit (here a provincial People's Committee) itself."""
    return agency_id.startswith(LEVEL_ONE_ITSELF)


def check_ward_agency_id(text: str, *, allow_fictional: bool = False) -> str:
    """The ward's own agency id as typed at setup: NFC, trimmed, upper case, checked.

    Refused: nothing typed; not the four-group form; the sample; a code whose level-1
    unit is not a provincial People's Committee (``allow_fictional`` lets the made-up
    Z tree through, for demonstrations); a level-1 unit's own code.
    """
    typed = unicodedata.normalize("NFC", text).strip()
    if not typed:
        raise DomainError("agency_id_empty", "Enter the ward's own agency id.", agency_id="")
    # Upper case only ASCII: "ſ".upper() is "S", and no look-alike may slip through.
    agency_id = check_agency_id(typed.upper() if typed.isascii() else typed)
    letter = agency_id[-3]
    if agency_id == SAMPLE_AGENCY_ID:
        raise DomainError(
            "agency_id_sample",
            f"{agency_id} is this app's sample agency id, not a real agency: "
            "enter the ward's own code.",
            agency_id=agency_id,
        )
    if letter != WARD_LETTER and not (allow_fictional and letter == FICTIONAL_LETTER):
        raise DomainError(
            "agency_id_not_ward",
            f"{agency_id} is not under a provincial People's Committee: a ward's agency id "
            f"ends in {WARD_LETTER} and the province's two digits (e.g. H26, Hà Nội).",
            agency_id=agency_id,
        )
    if is_level_one_itself(agency_id):
        raise DomainError(
            "agency_id_province",
            f"{agency_id} is the code of the provincial People's Committee itself, "
            "not of a ward: enter the ward's own code.",
            agency_id=agency_id,
        )
    return agency_id
