"""Impossible chip cards are refused by their own rules; expiry is computed and told.

All people here are synthetic. Cards are read on a fixed ``today``; nothing reads
the system time.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from counter_app.domain.card_rules import (
    age_on,
    anniversary,
    card_expiry,
    check_id_birth_year,
    is_expired,
)
from counter_app.domain.citizens import CardData, parse_card_qr, read_card_qr
from counter_app.domain.errors import DomainError

TODAY = date(2026, 11, 30)


def card(
    number: str = "001090123456",
    birth: str = "01011990",
    issue: str = "15042021",
    *,
    old_id: str = "012345678",
    name: str = "Nguyễn Văn An",
    gender: str = "Nam",
    address: str = "Số 12 phố Hàng Bạc, Hà Nội",
) -> str:
    """A 7-field card QR text with the given fields."""
    return f"{number}|{old_id}|{name}|{birth}|{gender}|{address}|{issue}"


def parse(text: str, today: date = TODAY) -> CardData:
    return parse_card_qr(text, today)


def refused(text: str, today: date = TODAY) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse_card_qr(text, today)
    assert caught.value.message.endswith("."), caught.value.message
    return caught.value


# --- impossible cards: each refused with its own code -----------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Born after today (the number's year 2026 is still possible).
        (card("001226123456", "15122026", ""), "qr_birth_in_future"),
        # Born more than 120 years before today.
        (card("001006123456", "29111906"), "qr_birth_too_old"),
        # The number's century digit and year say a year still to come.
        (card("001227123456", "01012027", ""), "id_birth_year_future"),
        (card("001290123456"), "id_birth_year_future"),
        # ... or more than 120 years back.
        (card("001005123456", "01011905"), "id_birth_year_too_old"),
        # Issued after today.
        (card(issue="01122026"), "qr_issue_in_future"),
        # A QR card issued before chip cards existed.
        (card(issue="31122020"), "qr_issue_before_chip_cards"),
        (card(issue="15042016"), "qr_issue_before_chip_cards"),
        # Issued on or before the birth date.
        (card(issue="01011990"), "qr_issue_before_birth"),
        # Issued at 13 before 1/7/2024, when a card was issued from 14 only.
        (card("001208123456", "10032008", "09032022"), "qr_issued_under_14"),
        (card("001215123456", "05052015", "30062024"), "qr_issued_under_14"),
        # Names no card has.
        (card(name="Nguyễn Văn 4n"), "qr_name_invalid"),
        (card(name="Nguyễn Văn An!"), "qr_name_invalid"),
        (card(name="<script>alert(1)</script>"), "qr_name_invalid"),
        (card(name="Nguyễn_Văn_An"), "qr_name_invalid"),
        (card(name="阮文安"), "qr_name_invalid"),
        (card(name="Нгуен Ван Ан"), "qr_name_invalid"),
        (card(name="Nguyễn Văn An 🙂"), "qr_name_invalid"),
        (card(name="Nguyễn\u200bVăn An"), "qr_name_invalid"),
        (card(name="A"), "qr_name_too_short"),
        (card(name="'-'"), "qr_name_too_short"),
        (card(name="Nguyễn " * 20), "qr_name_too_long"),
        # Addresses no card has.
        (card(address="12/34/56"), "qr_address_no_letter"),
        (card(address="- , ."), "qr_address_no_letter"),
        (card(address="Số 1 " + "phố Hàng Bạc " * 20), "qr_address_too_long"),
        # Old ID numbers no card has.
        (card(old_id="000000000"), "qr_old_id_zeros"),
        (card(old_id="000000000000"), "qr_old_id_zeros"),
        (card(old_id="12345"), "qr_bad_old_id"),
    ],
)
def test_impossible_card_is_refused(text: str, code: str) -> None:
    assert refused(text).code == code


def test_refusals_carry_their_values() -> None:
    assert refused(card(issue="01122026")).params == {
        "today": "2026-11-30",
        "birth_date": "1990-01-01",
        "issue_date": "2026-12-01",
    }
    under_age = refused(card("001208123456", "10032008", "09032022"))
    assert under_age.params["age"] == 13
    assert "age 13" in under_age.message
    assert refused(card(name="Nguyễn Văn 4n")).params == {"char": "4"}
    # An invisible character is named by its code point, not printed.
    assert refused(card(name="Nguyễn\u200bVăn An")).params == {"char": "U+200B"}
    assert refused(card("001405123456", "01012105")).params == {"id_year": 2105, "year": 2026}


@pytest.mark.parametrize("digit", "456789")
def test_century_digits_of_later_centuries_are_refused_today(digit: str) -> None:
    gender = "Nữ" if int(digit) % 2 else "Nam"
    error = refused(card(f"001{digit}05123456", "01012005", gender=gender))
    assert error.code == "id_birth_year_future"


def test_the_same_card_is_possible_once_its_day_has_come() -> None:
    text = card(issue="01122026")
    assert refused(text).code == "qr_issue_in_future"
    assert parse(text, date(2026, 12, 1)).issue_date == date(2026, 12, 1)


# --- boundary days ------------------------------------------------------------------------


def test_born_today_is_possible_without_an_issue_date() -> None:
    born_today = parse(card("001226123456", "30112026", ""))
    assert born_today.birth_date == TODAY
    assert born_today.expires_on is None


def test_born_exactly_120_years_ago_is_possible() -> None:
    assert parse(card("001006123456", "30111906")).birth_date == date(1906, 11, 30)


def test_issued_today_is_possible() -> None:
    assert parse(card(issue="30112026")).issue_date == TODAY


def test_issued_on_the_first_day_of_chip_cards() -> None:
    assert parse(card(issue="01012021")).issue_date == date(2021, 1, 1)


def test_issued_on_the_fourteenth_birthday_before_july_2024() -> None:
    issued = parse(card("001208123456", "10032008", "10032022"))
    assert issued.issue_date == date(2022, 3, 10)
    assert issued.expires_on == date(2033, 3, 10)  # valid until 25


def test_issued_under_14_from_july_2024() -> None:
    child = parse(card("001215123456", "05052015", "01072024", old_id=""))
    assert child.expires_on == date(2029, 5, 5)  # renewed at 14


def test_name_rules_accept_real_vietnamese_names() -> None:
    for name in ("H'Hen Niê", "Y’Moan Êban", "Nguyễn Thị Mai-Anh", "NGUYỄN VĂN ĐỨC", "Lê"):
        assert parse(card(name=name)).full_name == name
    decomposed = unicodedata.normalize("NFD", "Đặng Thị Hương")
    assert parse(card(name=decomposed)).full_name == "Đặng Thị Hương"


def test_longest_name_and_address_still_fit() -> None:
    name = "Nguyễn Văn " + "A" * 89
    assert len(name) == 100
    assert parse(card(name=name)).full_name == name
    assert refused(card(name=name + "n")).code == "qr_name_too_long"
    address = "Thôn " + "x" * 195
    assert parse(card(address=address)).address == address
    assert refused(card(address=address + "x")).code == "qr_address_too_long"


def test_an_old_id_with_zeros_in_it_is_fine() -> None:
    assert parse(card(old_id="000000001")).old_id_number == "000000001"


# --- the number/card mismatch stays a mismatch ---------------------------------------------


def test_a_possible_mismatch_is_shown_by_reading_and_refused_by_parsing() -> None:
    text = card("001091123456")  # the number says 1991, the card 1990
    reading = read_card_qr(text, TODAY)
    assert reading.mismatch is not None
    assert reading.mismatch.code == "id_birth_year_mismatch"
    assert refused(text).code == "id_birth_year_mismatch"


# --- expiry ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "issue", "expires"),
    [
        # Issued at 14 (CCCD law 2014): valid until 25.
        (date(2000, 6, 15), date(2014, 6, 15), date(2025, 6, 15)),
        # One day before the 23rd birthday: still valid only until 25 ...
        (date(2000, 6, 15), date(2023, 6, 14), date(2025, 6, 15)),
        # ... on it, within 2 years before 25: valid until 40.
        (date(2000, 6, 15), date(2023, 6, 15), date(2040, 6, 15)),
        (date(2000, 6, 15), date(2024, 12, 1), date(2040, 6, 15)),
        # Before the 38th birthday: until 40; from it: until 60.
        (date(1985, 2, 14), date(2023, 2, 13), date(2025, 2, 14)),
        (date(1985, 2, 14), date(2023, 2, 14), date(2045, 2, 14)),
        # Before the 58th birthday: until 60; from it: no expiry.
        (date(1966, 3, 1), date(2024, 2, 29), date(2026, 3, 1)),
        (date(1966, 3, 1), date(2024, 3, 1), None),
        (date(1940, 3, 1), date(2021, 3, 1), None),
        # Under 14 (Căn cước law 2023): before 12 until 14, from 12 until 25.
        (date(2015, 5, 5), date(2024, 7, 1), date(2029, 5, 5)),
        (date(2012, 7, 2), date(2024, 7, 1), date(2026, 7, 2)),
        (date(2012, 7, 1), date(2024, 7, 1), date(2037, 7, 1)),
        (date(2024, 8, 1), date(2024, 9, 1), date(2038, 8, 1)),
        # Born on 29 February: the birthday falls on 28 February in a common year.
        (date(2004, 2, 29), date(2021, 4, 15), date(2029, 2, 28)),
    ],
)
def test_card_expiry(birth: date, issue: date, expires: date | None) -> None:
    assert card_expiry(birth, issue) == expires


def test_expired_is_from_the_expiry_day_on() -> None:
    expiry = date(2025, 2, 14)
    assert not is_expired(expiry, date(2025, 2, 13))
    assert is_expired(expiry, date(2025, 2, 14))
    assert not is_expired(None, TODAY)


def test_an_expired_card_is_read_and_says_so() -> None:
    # Born 14/02/1985, issued at 37 (before the 38th birthday): valid until 40.
    text = card("001185012345", "14021985", "10052022", name="Nguyễn Thị Thu Hà", gender="Nữ")
    reading = read_card_qr(text, TODAY)
    assert reading.mismatch is None
    assert reading.expires_on == date(2025, 2, 14)
    assert reading.expired
    assert parse(text).expires_on == date(2025, 2, 14)  # not refused for expiry
    assert not read_card_qr(text, date(2025, 2, 13)).expired


def test_a_card_without_issue_date_has_no_known_expiry() -> None:
    reading = read_card_qr(card(issue=""), TODAY)
    assert reading.expires_on is None
    assert not reading.expired


def test_age_and_anniversary_on_29_february() -> None:
    assert anniversary(date(2008, 2, 29), 14) == date(2022, 2, 28)
    assert anniversary(date(2026, 11, 30), -120) == date(1906, 11, 30)
    assert age_on(date(2008, 2, 29), date(2022, 2, 27)) == 13
    assert age_on(date(2008, 2, 29), date(2022, 2, 28)) == 14
    assert age_on(date(2008, 3, 10), date(2022, 3, 9)) == 13


def test_check_id_birth_year_bounds() -> None:
    check_id_birth_year(2026, TODAY)
    check_id_birth_year(1906, TODAY)
    for year, code in ((2027, "id_birth_year_future"), (1905, "id_birth_year_too_old")):
        with pytest.raises(DomainError) as caught:
            check_id_birth_year(year, TODAY)
        assert caught.value.code == code
