"""What a chip ID card can say, by its own rules: impossible data is refused, expiry is told.

A scan that parses is not yet a card: a birth date next year, a card "issued" in
2019 with a QR code, or a ten-year-old holder of a 2022 card cannot be. Each
rule here refuses one such impossibility as a :class:`DomainError` with its own
code. Nothing here reads the system time: the caller passes ``today``.

Sources (see docs/cards.md for what could not be verified):

- Luật Căn cước công dân 2014 (in force 1/1/2016): the 12-digit number; a card from
  age 14 (Điều 19 khoản 1); renewal at 25, 40 and 60, and a card issued, renewed or
  re-issued within the 2 years before such an age stays valid until the next one
  (Điều 21).
- Thông tư 06/2021/TT-BCA: the chip card with the QR code, issued from January 2021.
- Luật Căn cước 2023 (in force 1/7/2024): a card may be issued under 14 on request;
  renewal at 14, 25, 40 and 60 with the same 2-year rule (Điều 21).
- Nghị định 137/2015/NĐ-CP, Thông tư 07/2016/TT-BCA: the century/gender digit.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from counter_app.domain.errors import DomainError
from counter_app.domain.text import counted

QR_CARDS_FROM = date(2021, 1, 1)
"""No card with a QR code was issued before this day (Thông tư 06/2021/TT-BCA)."""

UNDER_14_FROM = date(2024, 7, 1)
"""From this day a card may be issued under 14 (Luật Căn cước 2023); before, from 14 only."""

MIN_AGE_BEFORE_2024 = 14
RENEWAL_AGES = (14, 25, 40, 60)
"""Ages at which a card must be renewed; the 14 only matters for cards issued under 14."""

RENEWAL_WINDOW_YEARS = 2
"""A card issued within this many years before a renewal age is valid until the next one."""

MAX_AGE = 120
"""Older than this is taken for a misread birth date, not a living applicant."""

MIN_NAME_LETTERS = 2
MAX_NAME_LENGTH = 100
MAX_ADDRESS_LENGTH = 200

_NAME_PUNCTUATION = frozenset(" '’ʼ-")  # "H'Hen Niê" (Ê Đê names); a hyphen in some names


def anniversary(birth: date, years: int) -> date:
    """The day someone born on ``birth`` turns ``years`` old (``years`` may be negative).

    Born on 29 February: 28 February in a common year (the last day of that month).
    """
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return birth.replace(year=birth.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    """Whole years completed on ``day``."""
    years = day.year - birth.year
    return years if anniversary(birth, years) <= day else years - 1


def card_expiry(birth: date, issue: date) -> date | None:
    """The card's expiry day (the date printed as "Có giá trị đến"), or None if it has none.

    The card expires on the birthday of the first renewal age that was more than
    two years ahead at issue; issued from the 58th birthday on, it never expires.
    """
    for age in RENEWAL_AGES:
        if issue < anniversary(birth, age - RENEWAL_WINDOW_YEARS):
            return anniversary(birth, age)
    return None


def is_expired(expires_on: date | None, today: date) -> bool:
    """The expiry day printed on the card is the first day it is no longer valid."""
    return expires_on is not None and today >= expires_on


def check_id_birth_year(birth_year: int, today: date) -> None:
    """The birth year the number's century digit and two digits spell must be possible today."""
    if birth_year > today.year:
        raise DomainError(
            "id_birth_year_future",
            "The year of birth in the ID number is still to come.",
            id_year=birth_year,
            year=today.year,
        )
    if birth_year < today.year - MAX_AGE:
        raise DomainError(
            "id_birth_year_too_old",
            f"The year of birth in the ID number is more than {MAX_AGE} years ago.",
            id_year=birth_year,
            year=today.year,
        )


def check_birth_date(birth: date, today: date) -> None:
    """Born at the latest today, and not more than :data:`MAX_AGE` years ago."""
    if birth > today:
        raise DomainError(
            "qr_birth_in_future",
            f"The birth date {birth.isoformat()} is after today ({today.isoformat()}).",
            birth_date=birth.isoformat(),
            today=today.isoformat(),
        )
    if birth < anniversary(today, -MAX_AGE):
        raise DomainError(
            "qr_birth_too_old",
            f"The birth date {birth.isoformat()} is more than {MAX_AGE} years ago.",
            birth_date=birth.isoformat(),
            today=today.isoformat(),
        )


def check_issue_date(birth: date, issue: date, today: date) -> None:
    """Issued after birth, by today, in the QR-card era, and from age 14 before 1/7/2024."""
    dates = {"birth_date": birth.isoformat(), "issue_date": issue.isoformat()}
    if issue <= birth:
        raise DomainError(
            "qr_issue_before_birth",
            f"The issue date {issue.isoformat()} is not after the birth date {birth.isoformat()}.",
            **dates,
        )
    if issue > today:
        raise DomainError(
            "qr_issue_in_future",
            f"The issue date {issue.isoformat()} is after today ({today.isoformat()}).",
            today=today.isoformat(),
            **dates,
        )
    if issue < QR_CARDS_FROM:
        raise DomainError(
            "qr_issue_before_chip_cards",
            f"The issue date {issue.isoformat()} is before {QR_CARDS_FROM.isoformat()}, "
            "when cards with a QR code began.",
            **dates,
        )
    if issue < UNDER_14_FROM and age_on(birth, issue) < MIN_AGE_BEFORE_2024:
        raise DomainError(
            "qr_issued_under_14",
            f"The card was issued at age {age_on(birth, issue)}; before "
            f"{UNDER_14_FROM.isoformat()} a card was issued from age {MIN_AGE_BEFORE_2024}.",
            age=age_on(birth, issue),
            **dates,
        )


def _name_char_allowed(char: str) -> bool:
    """A letter of the Latin alphabet (Vietnamese letters are all precomposed in NFC)."""
    if char in _NAME_PUNCTUATION:
        return True
    is_letter = unicodedata.category(char).startswith("L")
    return is_letter and unicodedata.name(char, "").startswith("LATIN ")


def check_full_name(name: str) -> str:
    """A name in Vietnamese letters: no digits or symbols, neither too short nor too long."""
    bad = next((char for char in name if not _name_char_allowed(char)), None)
    if bad is not None:
        shown = bad if bad.isprintable() else f"U+{ord(bad):04X}"
        raise DomainError(
            "qr_name_invalid",
            f"The full name contains '{shown}', which no name on a card has.",
            char=shown,
        )
    letters = sum(char.isalpha() for char in name)
    if letters < MIN_NAME_LETTERS:
        raise DomainError(
            "qr_name_too_short",
            f"The full name has {counted(letters, 'letter')}; "
            f"a name has at least {MIN_NAME_LETTERS}.",
            letters=letters,
        )
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(
            "qr_name_too_long",
            f"The full name has {len(name)} characters; at most {MAX_NAME_LENGTH} fit.",
            length=len(name),
        )
    return name


def check_address(address: str) -> str:
    """An address has letters (not only digits and signs) and fits on the card."""
    if not any(char.isalpha() for char in address):
        raise DomainError("qr_address_no_letter", "The address on the card QR has no letters.")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in address):
        raise DomainError(
            "qr_garbled",
            "The address on the card QR holds invisible characters: the scan is garbled; "
            "scan again or type the data in.",
        )
    if len(address) > MAX_ADDRESS_LENGTH:
        raise DomainError(
            "qr_address_too_long",
            f"The address has {len(address)} characters; at most {MAX_ADDRESS_LENGTH} fit.",
            length=len(address),
        )
    return address
