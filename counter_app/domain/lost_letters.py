"""A card scan that lost its Vietnamese letters on the way in: told apart from a real one.

A scanner in keyboard mode sends key codes, and most keyboard layouts have no key
for "ạ" or "Đ": the letters are dropped and "Phạm Quang Đức" arrives as
"Phm Quang c". Such text parses as a card, so it must be caught before it fills
the form with a wrong name. The checks are conservative (a real card never
trips them; docs/scanners.md says how to avoid the loss):

- Every Vietnamese syllable has a vowel, between at most three consonants before
  ("ngh") and two after ("ng", "ch"). A word of one to five plain ASCII letters
  without a, e, i, o, u or y ("Phm", "c", "Th") in the name is what is left of a
  syllable whose vowels were dropped; so is "N" for the gender "Nữ". Ê Đê names
  ("H'Hen") are spared: a word with an apostrophe is not judged.
- In the address, abbreviations are common ("TP", "KP", "Tp.", block "C"), so
  only a word with a small letter and no vowel that is not a known abbreviation
  counts ("Xm" for "Xóm", "ng" for "ngõ" or "Đông").
- A field of plain ASCII with two spaces in a row, or a space before a comma,
  lost a whole word ("Hà Nội, Đà Nẵng" → "H Ni,  Nng"). A field that kept its
  Vietnamese letters did not lose them this way and is not judged by this rule.
"""

from __future__ import annotations

import re

from counter_app.domain.errors import DomainError

VOWELS = frozenset("aeiouyAEIOUY")
APOSTROPHES = frozenset("'’ʼ")
ADDRESS_ABBREVIATIONS = frozenset(
    {"tp", "tx", "tt", "kp", "tdp", "kdc", "kcn", "ccn", "ql", "tl", "km", "hcm", "tphcm", "brvt"}
)
"""Written in small letters on some cards (``Tp``, ``Kp``): thành phố, thị xã, thị
trấn, khu phố, tổ dân phố, khu dân cư, khu/cụm công nghiệp, quốc lộ, tỉnh lộ, and the
kilometre of a road ("Km 15, QL 1A")."""

_REMNANT = re.compile(r"[A-Za-z]{1,5}")  # the consonants of one syllable at most
_WORD_EDGES = ',;:()[]"“”-/'
_LOST_WORD = re.compile(r"\S\s{2,}\S|\s[,;]")


def _words(field: str) -> list[str]:
    return [word.strip(_WORD_EDGES) for word in field.split()]


def _vowelless(word: str) -> bool:
    """A syllable's consonants in plain ASCII, no vowel: what a dropped vowel leaves."""
    return _REMNANT.fullmatch(word) is not None and not VOWELS.intersection(word)


def _name_loss(field: str) -> str | None:
    for word in _words(field):
        if not APOSTROPHES.intersection(word) and _vowelless(word):
            return word
    return None


def _address_loss(field: str) -> str | None:
    for word in _words(field):
        abbreviation = word.endswith(".") or word.casefold() in ADDRESS_ABBREVIATIONS
        if not abbreviation and _vowelless(word) and not word.isupper():
            return word
    return None


def _word_loss(field: str) -> str | None:
    """Two spaces in a row or a space before a comma, in a field of plain ASCII."""
    if not field.isascii():
        return None
    shown = field.strip()
    return shown[:60] if _LOST_WORD.search(shown) else None


def lost_fragment(name: str, gender: str, address: str) -> str | None:
    """What shows that letters were lost (the first such word), or None.

    Takes the fields as the scanner sent them, before spaces are tidied.
    """
    for found in (
        _name_loss(name),
        gender.strip() if gender.strip() in ("N", "n") else None,  # "Nữ" without its "ữ"
        _address_loss(address),
        _word_loss(name),
        _word_loss(address),
    ):
        if found is not None:
            return found
    return None


def letter_fields(text: str) -> tuple[str, str, str] | None:
    """The name, gender and address of a card QR's text as sent: the first three of its
    "|"-separated fields that hold a letter (the numbers and dates hold none)."""
    with_letters = [field for field in text.split("|") if any(c.isalpha() for c in field)]
    if len(with_letters) < 3:
        return None
    name, gender, address = with_letters[:3]
    return name, gender, address


def check_letters_kept(text: str) -> None:
    """Refuse a card QR whose Vietnamese letters were dropped (``qr_letters_lost``)."""
    fields = letter_fields(text)
    fragment = lost_fragment(*fields) if fields is not None else None
    if fragment is not None:
        raise DomainError(
            "qr_letters_lost",
            f"The scan lost its Vietnamese letters ('{fragment}'): the scanner types them "
            "as keys the keyboard does not have. Set it to its serial (USB-COM) mode "
            "(docs/scanners.md) or type the details in.",
            fragment=fragment,
        )
