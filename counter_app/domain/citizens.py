"""Citizen identity cards (CCCD / Căn cước): the 12-digit number and the chip-card QR.

The officer scans the QR printed on the card instead of typing the citizen's
details; a mistyped or mangled scan must be refused with a reason, never stored.
The number itself carries the province of birth registration, the gender and the
birth year (Decree 137/2015/NĐ-CP, codes of Circular 07/2016/TT-BCA), which gives
a cheap cross-check of the card data. What the card's own rules make impossible
(dates, ages, names) is checked against the caller's ``today`` in
:mod:`counter_app.domain.card_rules`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from counter_app.domain import card_rules
from counter_app.domain.errors import DomainError
from counter_app.domain.lost_letters import check_letters_kept
from counter_app.domain.records import record
from counter_app.domain.text import fold, tidy


class Gender(StrEnum):
    """Gender as printed on the card ("Nam" / "Nữ") and encoded in the number."""

    MALE = "male"
    FEMALE = "female"


PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)
"""The 63 legacy province-of-birth-registration codes (first three digits of a CCCD).

Cards issued before the 2025 province mergers keep these codes for life, so all
63 stay valid.
"""

ID_LENGTH = 12
"""Digits in a CCCD number: province (3), century+gender (1), year (2), serial (6)."""

MAX_QR_LENGTH = 2048
"""Longest scan we look at: a real card QR is a few hundred characters (three times
that when mojibake), so anything longer is not a card and is refused before parsing."""

_DIGITS = re.compile(r"[0-9]+")
_WHITESPACE = re.compile(r"\s+")
_OLD_ID_LENGTHS = (9, 12)  # 9-digit CMND, or a 12-digit CMND issued 2012–2016
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}


@record(frozen=True)
class IdNumber:
    """A syntactically valid CCCD number and what its digits say about the holder."""

    number: str
    province_code: str
    gender: Gender
    birth_year: int

    @property
    def province_name(self) -> str:
        """Name of the province where the birth was registered (legacy 63-province list)."""
        return PROVINCE_CODES[self.province_code]


def _is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²" and Arabic-Indic digits."""
    return _DIGITS.fullmatch(text) is not None


def parse_id_number(text: str) -> IdNumber:
    """Parse a typed or scanned CCCD number; whitespace anywhere is ignored.

    Officers often type the number in groups ("001 090 123456"), so spaces are
    dropped; anything else that is not an ASCII digit is refused.
    """
    number = _WHITESPACE.sub("", text)
    if not number:
        raise DomainError("id_empty", "The ID number is empty.")
    if not _is_digits(number):
        raise DomainError("id_not_digits", "The ID number must contain only the digits 0-9.")
    if len(number) != ID_LENGTH:
        raise DomainError(
            "id_length",
            f"The ID number has {len(number)} digits; a CCCD number has {ID_LENGTH}.",
            length=len(number),
        )
    province_code = number[:3]
    if province_code not in PROVINCE_CODES:
        raise DomainError(
            "id_province_unknown",
            f"The ID number starts with {province_code}, which is not a province code.",
            province_code=province_code,
        )
    # Decree 137/2015 art. 7: even digit = male, odd = female; each pair is a century
    # starting at 1900 (0/1 = 1900s, 2/3 = 2000s, ... 8/9 = 2300s).
    century_digit = int(number[3])
    return IdNumber(
        number=number,
        province_code=province_code,
        gender=Gender.FEMALE if century_digit % 2 else Gender.MALE,
        birth_year=1900 + (century_digit // 2) * 100 + int(number[4:6]),
    )


def check_id_matches(id_number: IdNumber, birth_date: date, gender: Gender) -> None:
    """Refuse card data that the ID number's century/gender digit and year contradict.

    A mismatch means a misread scan or a typo in one of the two; either way the
    officer must look at the card again.
    """
    if id_number.birth_year != birth_date.year:
        raise DomainError(
            "id_birth_year_mismatch",
            "The year of birth in the ID number is not the birth date's year.",
            id_year=id_number.birth_year,
            birth_year=birth_date.year,
        )
    if id_number.gender != gender:
        raise DomainError(
            "id_gender_mismatch",
            f"The ID number is that of a {id_number.gender} citizen but the card says {gender}.",
            id_gender=str(id_number.gender),
            gender=str(gender),
        )


@record(frozen=True)
class CardData:
    """What the chip-card QR says about the citizen; the address is the one at issue time."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date
    gender: Gender
    address: str
    issue_date: date | None

    @property
    def expires_on(self) -> date | None:
        """The expiry day the card's rules give (printed "Có giá trị đến" on the card).

        None when the card never expires (issued from age 58) or has no issue date to tell.
        """
        if self.issue_date is None:
            return None
        return card_rules.card_expiry(self.birth_date, self.issue_date)

    def to_json(self) -> dict[str, str | None]:
        """Plain JSON-ready form with ISO dates, for storage and the sync payload."""
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat(),
            "gender": str(self.gender),
            "address": self.address,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
        }


# --- garbled scanner input -------------------------------------------------------------
#
# USB scanners type the QR as keystrokes; with the wrong keyboard code page, the UTF-8
# bytes come out decoded as CP1252 or Latin-1 ("Nguyễn" → "Nguyá»…n"). Such text is a
# UTF-8 lead byte followed by continuation bytes, each shown as a Latin-1/CP1252 char.


def _byte_chars(byte: int) -> set[str]:
    """Characters a scanner may show for one byte: its Latin-1 and CP1252 readings."""
    # 0x81, 0x8D, 0x8F, 0x90, 0x9D have no CP1252 character: "ignore" yields "".
    return {chr(byte), bytes([byte]).decode("cp1252", errors="ignore")} - {""}


@functools.cache
def _mojibake() -> re.Pattern[str]:
    """A lead byte and its continuation bytes, each read as a character. Compiled on
    the first scan: its large character classes cost more than the rest of the module."""
    continuation = set().union(*(_byte_chars(b) for b in range(0x80, 0xC0)))
    cont = f"[{re.escape(''.join(sorted(continuation)))}]"
    return re.compile(
        f"[\u00c2-\u00df]{cont}|[\u00e0-\u00ef]{cont}{{2}}|[\u00f0-\u00f4]{cont}{{3}}"
    )


_REPLACEMENT_MARKS = ("\ufffd", "?")  # lost characters: decoder's U+FFFD, keyboard's "?"


def _garbled() -> DomainError:
    return DomainError(
        "qr_garbled",
        "The scanned text is garbled (the scanner mangled the Vietnamese letters); "
        "scan again or type the data in.",
    )


def _char_byte(char: str) -> bytes:
    """The byte a mojibake character stood for, or raise if it stood for none."""
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        return char.encode("latin-1")


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-CP1252/Latin-1, or refuse when the text cannot be undone."""
    if not _mojibake().search(text):
        return text
    try:
        repaired = b"".join(_char_byte(char) for char in text).decode("utf-8")
    except UnicodeError:  # mixed with genuine non-Latin letters, or bytes lost
        raise _garbled() from None
    if _mojibake().search(repaired):
        raise _garbled()
    return repaired


def _normalised_scan(text: str) -> str:
    """NFC text of the scan with BOMs, stray spaces and scanner damage dealt with."""
    if len(text) > MAX_QR_LENGTH:
        raise DomainError(
            "qr_too_long",
            f"The scanned text is {len(text)} characters long; "
            f"a card QR has at most {MAX_QR_LENGTH}.",
            length=len(text),
        )
    text = _repair_mojibake(text.replace("\ufeff", "")).replace("\ufeff", "")
    text = unicodedata.normalize("NFC", text).strip()
    if any(mark in text for mark in _REPLACEMENT_MARKS) or _has_control_chars(text):
        raise _garbled()
    return text


def _has_control_chars(text: str) -> bool:
    """True for control characters other than line breaks and tabs (scanner noise)."""
    return any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text)


# --- the QR layout ---------------------------------------------------------------------


class _RawFields(NamedTuple):
    """The QR's fields as cleaned text, before any of them is interpreted."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: str
    gender: str
    address: str
    issue_date: str


def _split_fields(text: str) -> _RawFields:
    """Split the scan into its fields, whichever of the known layouts it uses.

    The usual layout has 7 fields with the old CMND second (possibly empty); some
    cards/scanners omit that slot (6 fields) or add a trailing field (8), which is
    ignored. The slot is told apart by content: an old ID is empty or digits, a
    name never is.
    """
    if "|" not in text:
        raise DomainError(
            "qr_not_card", "The scanned text is not a card QR: it has no '|' separators."
        )
    # Hidden characters stay, to be refused: a name or address with one is a bad scan.
    fields = [tidy(field) for field in text.split("|")]
    has_old_slot = fields[1] == "" or _is_digits(fields[1])
    base = 7 if has_old_slot else 6
    if len(fields) > base and fields[-1] == "":
        fields.pop()  # a trailing "|"
    if len(fields) != base and not (has_old_slot and len(fields) == base + 1):
        raise DomainError(
            "qr_field_count",
            f"The card QR has {len(fields)} fields; expected 7 (6 without the old ID, "
            "8 with an extra one).",
            count=len(fields),
        )
    if not has_old_slot:
        fields.insert(1, "")
    return _RawFields(fields[0], fields[1] or None, *fields[2:7])


_DATE_LABELS = {"birth_date": "birth date", "issue_date": "issue date"}


def _parse_date(value: str, field: str) -> date:
    """Parse the card's ddmmyyyy date; ``field`` names it in the error."""
    if len(value) == 8 and _is_digits(value):
        try:
            return date(int(value[4:]), int(value[2:4]), int(value[:2]))
        except ValueError:
            pass
    raise DomainError(
        "qr_bad_date",
        f"The {_DATE_LABELS[field]} is not a valid date in ddmmyyyy form.",
        field=field,
        value=value,
    )


def _parse_gender(value: str) -> Gender:
    """Accept "Nam"/"Nữ" in any case or normal form, and "Nu" typed without marks."""
    gender = _GENDERS.get(fold(value))
    if gender is None:
        raise DomainError("qr_bad_gender", "The gender is neither 'Nam' nor 'Nữ'.", value=value)
    return gender


def _check_old_id(old_id: str | None) -> None:
    """The old CMND is 9 digits, or 12 for those issued 2012–2016, and never all zeros."""
    if old_id is not None and len(old_id) not in _OLD_ID_LENGTHS:
        raise DomainError(
            "qr_bad_old_id",
            f"The old ID number has {len(old_id)} digits; it should have 9 or 12.",
            length=len(old_id),
        )
    if old_id is not None and old_id.strip("0") == "":
        raise DomainError("qr_old_id_zeros", "The old ID number is all zeros.")


def _require(value: str, code: str, message: str) -> str:
    if not value:
        raise DomainError(code, message)
    return value


@record(frozen=True)
class CardReading:
    """A scan that could be read, with the number/card disagreement if there is one.

    The counter shows a mismatch to the officer instead of hiding the card's data:
    the officer looks at the card and decides. Scripts use :func:`parse_card_qr`,
    which refuses it. An expired card is read all the same: it is a warning, the
    citizen is still who the card says.
    """

    card: CardData
    mismatch: DomainError | None
    expired: bool  # on the ``today`` it was read: its expiry day has come

    @property
    def expires_on(self) -> date | None:
        return self.card.expires_on


def read_card_qr(text: str, today: date) -> CardReading:
    """Read a chip card's QR text on ``today``; every other doubt is refused as a DomainError.

    Besides the syntax, each field is checked against the card's own rules
    (:mod:`counter_app.domain.card_rules`): what no real card can say is refused, and
    so is a scan whose Vietnamese letters a keyboard-mode scanner dropped
    (:mod:`counter_app.domain.lost_letters`).
    """
    scanned = _normalised_scan(text)
    raw = _split_fields(scanned)
    check_letters_kept(scanned)  # before the fields: "Phm" is no name to judge
    id_number = parse_id_number(raw.id_number)
    card_rules.check_id_birth_year(id_number.birth_year, today)
    _check_old_id(raw.old_id_number)
    birth_date = _parse_date(raw.birth_date, "birth_date")
    card_rules.check_birth_date(birth_date, today)
    gender = _parse_gender(raw.gender)
    issue_date = _parse_date(raw.issue_date, "issue_date") if raw.issue_date else None
    if issue_date is not None:
        card_rules.check_issue_date(birth_date, issue_date, today)
    full_name = _require(raw.full_name, "qr_empty_name", "The card QR has no full name.")
    address = _require(raw.address, "qr_empty_address", "The card QR has no address.")
    card = CardData(
        id_number=id_number.number,
        old_id_number=raw.old_id_number,
        full_name=card_rules.check_full_name(full_name),
        birth_date=birth_date,
        gender=gender,
        address=card_rules.check_address(address),
        issue_date=issue_date,
    )
    expired = card_rules.is_expired(card.expires_on, today)
    try:
        check_id_matches(id_number, birth_date, gender)
    except DomainError as mismatch:
        return CardReading(card, mismatch, expired)
    return CardReading(card, None, expired)


def parse_card_qr(text: str, today: date) -> CardData:
    """Parse the text a scanner read from a chip card's QR on ``today``, refusing any doubt.

    Every refusal is a :class:`DomainError`; the officer can then scan again or
    type the details by hand. An expired card is not refused (see ``expires_on``).
    """
    reading = read_card_qr(text, today)
    if reading.mismatch is not None:
        raise reading.mismatch
    return reading.card
