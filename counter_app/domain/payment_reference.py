"""The payment reference in a VietQR's transfer content (62/08), derived from the dossier code."""

from __future__ import annotations

from datetime import date

from counter_app.domain.dossiers import dossier_code, parse_dossier_code
from counter_app.domain.errors import DomainError


def _fail(code: str, message: str, **params: object) -> DomainError:
    return DomainError(code, message, **params)


def _is_digits(text: str) -> bool:
    return bool(text) and set(text) <= set("0123456789")


_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
AGENCY_WIDTH, ATTEMPT_WIDTH = 7, 2
MAX_ATTEMPT = 36**ATTEMPT_WIDTH - 1
REFERENCE_LENGTH = 6 + 4 + AGENCY_WIDTH + ATTEMPT_WIDTH  # 19


def _base36(number: int, width: int) -> str:
    digits = ""
    for _ in range(width):
        number, digit = divmod(number, 36)
        digits = _BASE36[digit] + digits
    return digits


def _agency_number(agency_id: str) -> int:
    """``DDD.DD.DD.LDD`` as a number below 26·10⁹ (fits 7 base-36 digits), one-to-one."""
    digits = agency_id.replace(".", "")
    letter = next(ch for ch in digits if ch.isalpha())
    return (ord(letter) - ord("A")) * 10**9 + int(digits.replace(letter, ""))


def transfer_reference(dossier_code: str, attempt: int = 0) -> str:
    """The payment reference put in 62/08: 19 characters of A–Z and 0–9.

    Scheme: ``YYMMDD`` ``XXXX`` ``AAAAAAA`` ``NN`` —
    the day and the sequence of the dossier code as written (readable at a glance next
    to the code), the agency id ``DDD.DD.DD.LDD`` packed one-to-one into 7 base-36
    digits (letter index × 10⁹ + the nine digits), and the attempt (0 for the first QR,
    1 for the second…) as 2 base-36 digits (0–1295). The mapping is injective, so two
    dossiers, two agencies or two attempts never share a reference, and
    :func:`read_transfer_reference` gives the dossier code and attempt back. Banks keep
    such content intact: no spaces, no punctuation, no diacritics, ≤ 19 characters.
    """
    agency, day, sequence = parse_dossier_code(dossier_code)
    if isinstance(attempt, bool) or not isinstance(attempt, int) or not 0 <= attempt <= MAX_ATTEMPT:
        raise _fail(
            "payment_reference_attempt",
            f"The payment attempt must be 0 to {MAX_ATTEMPT}, not {attempt!r}.",
            attempt=attempt,
        )
    packed = _base36(_agency_number(agency), AGENCY_WIDTH)
    return f"{day:%y%m%d}{sequence:04d}{packed}{_base36(attempt, ATTEMPT_WIDTH)}"


def read_transfer_reference(reference: str) -> tuple[str, int]:
    """The dossier code and attempt a :func:`transfer_reference` was made from."""
    text = reference.strip().upper()
    refused = _fail(
        "payment_reference_invalid",
        f"{reference!r} is not a payment reference of this app.",
        reference=reference,
    )
    if len(text) != REFERENCE_LENGTH or not set(text) <= set(_BASE36):
        raise refused
    day_text, sequence, packed, attempt = text[:6], text[6:10], text[10:17], text[17:]
    letter_index, digits = divmod(int(packed, 36), 10**9)
    if not (_is_digits(day_text + sequence) and letter_index < 26):
        raise refused
    nine = f"{digits:09d}"
    agency = f"{nine[:3]}.{nine[3:5]}.{nine[5:7]}.{chr(ord('A') + letter_index)}{nine[7:]}"
    try:
        day = date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
    except ValueError:
        raise refused from None
    return dossier_code(agency, day, int(sequence)), int(attempt, 36)
