"""Tests of CCCD numbers and chip-card QR parsing. All people here are synthetic."""

from __future__ import annotations

import contextlib
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain import records
from counter_app.domain.citizens import (
    PROVINCE_CODES,
    CardData,
    Gender,
    IdNumber,
    check_id_matches,
    parse_card_qr,
    parse_id_number,
    read_card_qr,
)
from counter_app.domain.errors import DomainError

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "cccd-qr-samples.tsv"
TODAY = date(2026, 11, 30)  # every card is read on this day unless a test says otherwise

NAME = "Nguyễn Văn An"
ADDRESS = "Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội"
QR7 = f"001090123456|012345678|{NAME}|01011990|Nam|{ADDRESS}|15042021"
EXPECTED7 = CardData(
    id_number="001090123456",
    old_id_number="012345678",
    full_name=NAME,
    birth_date=date(1990, 1, 1),
    gender=Gender.MALE,
    address=ADDRESS,
    issue_date=date(2021, 4, 15),
)


def qr(
    number: str = "001090123456",
    birth: str = "01011990",
    gender: str = "Nam",
    issue: str = "15042021",
    name: str = NAME,
) -> str:
    """A 7-field card QR with the given fields replaced."""
    return f"{number}|012345678|{name}|{birth}|{gender}|Hà Nội|{issue}"


def parse(text: str, today: date = TODAY) -> CardData:
    return parse_card_qr(text, today)


def refused(text: str, today: date = TODAY) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse_card_qr(text, today)
    return caught.value


def scanner_mojibake(text: str) -> str:
    """What a keyboard-wedge scanner on a Windows-1252 layout types for UTF-8 text."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


# --- the sample file (tests/data) ------------------------------------------------------------

EXPECTED_SAMPLES = {
    "001090123456": EXPECTED7,
    "079301004321": CardData(
        id_number="079301004321",
        old_id_number=None,
        full_name="Trần Thị Bích Ngọc",
        birth_date=date(2001, 7, 23),
        gender=Gender.FEMALE,
        address="Ấp 3, Xã Tân Nhựt, TP Hồ Chí Minh",
        issue_date=date(2022, 11, 2),
    ),
    "038189000777": CardData(
        id_number="038189000777",
        old_id_number=None,
        full_name="Lê Thị Hoa",
        birth_date=date(1989, 12, 12),
        gender=Gender.FEMALE,
        address="Thôn Đông, Xã Quảng Xương, Thanh Hóa",
        issue_date=date(2021, 6, 30),
    ),
}


def _sample_rows() -> list[tuple[str, str, str]]:
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return [(expect, text, note) for expect, text, note in rows]


@pytest.fixture(scope="module")
def sample_rows() -> list[tuple[str, str, str]]:
    return _sample_rows()


def test_sample_ok_rows_parse_to_expected_fields(
    sample_rows: list[tuple[str, str, str]],
) -> None:
    ok_rows = [(text, note) for expect, text, note in sample_rows if expect == "ok"]
    assert len(ok_rows) == len(EXPECTED_SAMPLES)
    for text, note in ok_rows:
        card = parse(text)
        assert card == EXPECTED_SAMPLES[card.id_number], note


def test_sample_error_rows_are_refused(sample_rows: list[tuple[str, str, str]]) -> None:
    error_rows = [(text, note) for expect, text, note in sample_rows if expect == "error"]
    assert error_rows
    for text, note in error_rows:
        with pytest.raises(DomainError) as caught:
            parse(text)
        assert caught.value.code and caught.value.message.endswith("."), note


def test_sample_file_has_only_known_expectations(
    sample_rows: list[tuple[str, str, str]],
) -> None:
    assert {expect for expect, _, _ in sample_rows} <= {"ok", "error"}


# --- layouts and tolerated noise ---------------------------------------------------------


def test_seven_fields() -> None:
    assert parse(QR7) == EXPECTED7


def test_to_json() -> None:
    assert parse(QR7).to_json() == {
        "id_number": "001090123456",
        "old_id_number": "012345678",
        "full_name": NAME,
        "birth_date": "1990-01-01",
        "gender": "male",
        "address": ADDRESS,
        "issue_date": "2021-04-15",
    }


def test_to_json_without_issue_date() -> None:
    card = parse(f"001090123456||{NAME}|01011990|Nam|{ADDRESS}|")
    assert card.issue_date is None
    assert card.to_json()["issue_date"] is None
    assert card.to_json()["old_id_number"] is None


def test_six_fields_without_old_id_slot() -> None:
    card = parse(f"001090123456|{NAME}|01011990|Nam|{ADDRESS}|15042021")
    assert card == records.replace(EXPECTED7, old_id_number=None)


def test_eight_fields_extra_trailing_field_ignored() -> None:
    assert parse(QR7 + "|15042046") == EXPECTED7
    assert parse(QR7 + "|") == EXPECTED7


def test_trailing_pipe_after_six_fields() -> None:
    card = parse(f"001090123456|{NAME}|01011990|Nam|{ADDRESS}|15042021|")
    assert card.old_id_number is None
    assert card.issue_date == date(2021, 4, 15)


def test_nine_fields_refused() -> None:
    error = refused(QR7 + "|x|y")
    assert error.code == "qr_field_count"
    assert error.params == {"count": 9}


def test_too_few_fields_refused() -> None:
    assert refused("001090123456|012345678|An|01011990|Nam").code == "qr_field_count"


def test_nfd_input_is_normalised() -> None:
    card = parse(unicodedata.normalize("NFD", QR7))
    assert card == EXPECTED7
    assert unicodedata.is_normalized("NFC", card.full_name)


def test_stray_whitespace_crlf_and_bom() -> None:
    messy = "\ufeff  " + QR7.replace("|", " \t| ").replace(NAME, "Nguyễn  Văn\tAn") + "\r\n"
    assert parse(messy) == EXPECTED7


def test_bom_alone_is_stripped() -> None:
    assert parse("\ufeff" + QR7) == EXPECTED7


@pytest.mark.parametrize("spelling", ["Nữ", "nữ", "NỮ", "Nu", "nu", "NU", "Nữ "])
def test_female_spellings(spelling: str) -> None:
    card = parse(qr(number="001190123456", gender=spelling))
    assert card.gender is Gender.FEMALE


def test_female_in_nfd() -> None:
    card = parse(qr(number="001190123456", gender=unicodedata.normalize("NFD", "Nữ")))
    assert card.gender is Gender.FEMALE


@pytest.mark.parametrize("spelling", ["Nam", "NAM", "nam"])
def test_male_spellings(spelling: str) -> None:
    assert parse(qr(gender=spelling)).gender is Gender.MALE


# --- garbled scanner input ---------------------------------------------------------------


def test_mojibake_is_repaired() -> None:
    garbled = scanner_mojibake(QR7)
    assert "á»" in garbled
    assert parse(garbled) == EXPECTED7


def test_latin1_mojibake_is_repaired() -> None:
    assert parse(QR7.encode("utf-8").decode("latin-1")) == EXPECTED7


def test_mojibake_mixed_with_real_letters_refused() -> None:
    error = refused(qr(name="Nguyá»…n Văn An"))
    assert error.code == "qr_garbled"


def test_replacement_character_refused() -> None:
    assert refused(qr(name="Nguy\ufffdn V\ufffdn An")).code == "qr_garbled"


def test_question_marks_from_keyboard_wedge_refused() -> None:
    assert refused(qr(name="Nguy?n V?n An")).code == "qr_garbled"


def test_control_characters_refused() -> None:
    assert refused(qr(name="Nguyễn\x00Văn An")).code == "qr_garbled"


# --- refused field values ----------------------------------------------------------------


def test_thirty_first_february_refused() -> None:
    error = refused(qr(birth="31021990"))
    assert error.code == "qr_bad_date"
    assert error.params["field"] == "birth_date"
    assert "birth date" in error.message


@pytest.mark.parametrize("issue", ["32132021", "1504202", "15-04-2021", "abcdefgh"])
def test_bad_issue_date_refused(issue: str) -> None:
    error = refused(qr(issue=issue))
    assert error.code == "qr_bad_date"
    assert error.params["field"] == "issue_date"


def test_unicode_digits_in_date_refused() -> None:
    assert refused(qr(birth="０１０１１９９０")).code == "qr_bad_date"


def test_issue_before_birth_refused() -> None:
    assert refused(qr(issue="01011980")).code == "qr_issue_before_birth"
    assert refused(qr(issue="01011990")).code == "qr_issue_before_birth"


def test_bad_gender_refused() -> None:
    error = refused(qr(gender="X"))
    assert error.code == "qr_bad_gender"
    assert error.params == {"value": "X"}


def test_empty_name_refused() -> None:
    assert refused(f"001090123456|012345678| |01011990|Nam|{ADDRESS}|15042021").code == (
        "qr_empty_name"
    )


def test_empty_address_refused() -> None:
    assert refused(f"001090123456|012345678|{NAME}|01011990|Nam||15042021").code == (
        "qr_empty_address"
    )


def test_bad_old_id_length_refused() -> None:
    error = refused(f"001090123456|1234|{NAME}|01011990|Nam|{ADDRESS}|15042021")
    assert error.code == "qr_bad_old_id"


def test_twelve_digit_old_id_accepted() -> None:
    card = parse(f"001090123456|001090000001|{NAME}|01011990|Nam|{ADDRESS}|15042021")
    assert card.old_id_number == "001090000001"


@pytest.mark.parametrize("text", ["", "   ", "\r\n", "\ufeff", "hello world"])
def test_empty_or_non_card_text_refused(text: str) -> None:
    assert refused(text).code == "qr_not_card"


def test_hostile_long_input_refused_quickly() -> None:
    hostile = (QR7 + "|") * (100_000 // len(QR7))
    started = time.perf_counter()
    error = refused(hostile)
    assert error.code == "qr_too_long"
    # Refused before any parsing: seconds would mean a quadratic path (the
    # bound is loose on purpose; speed itself is measured in bench/).
    assert time.perf_counter() - started < 2
    assert len(error.message) < 200


def test_hostile_long_id_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(DomainError) as caught:
        parse_id_number("1" * 100_000)
    assert caught.value.params == {"length": 100_000}
    assert time.perf_counter() - started < 2


# --- ID number ---------------------------------------------------------------------------


def test_parse_id_number() -> None:
    assert parse_id_number(" 001 090 123456\n") == IdNumber(
        number="001090123456", province_code="001", gender=Gender.MALE, birth_year=1990
    )


def test_province_name() -> None:
    assert parse_id_number("096090123456").province_name == "Cà Mau"


@pytest.mark.parametrize(
    ("digit", "gender", "year"),
    [
        ("0", Gender.MALE, 1905),
        ("1", Gender.FEMALE, 1905),
        ("2", Gender.MALE, 2005),
        ("3", Gender.FEMALE, 2005),
        ("4", Gender.MALE, 2105),
        ("5", Gender.FEMALE, 2105),
        ("6", Gender.MALE, 2205),
        ("7", Gender.FEMALE, 2205),
        ("8", Gender.MALE, 2305),
        ("9", Gender.FEMALE, 2305),
    ],
)
def test_century_and_gender_digit(digit: str, gender: Gender, year: int) -> None:
    parsed = parse_id_number(f"001{digit}05123456")
    assert (parsed.gender, parsed.birth_year) == (gender, year)


def test_card_of_woman_born_in_2000s() -> None:
    card = parse(qr(number="001304123456", birth="29022004", gender="Nữ"))
    assert (card.gender, card.birth_date) == (Gender.FEMALE, date(2004, 2, 29))


@pytest.mark.parametrize(("text", "length"), [("00109012345", 11), ("0010901234567", 13), ("0", 1)])
def test_wrong_length_refused(text: str, length: int) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(text)
    assert caught.value.code == "id_length"
    assert caught.value.params == {"length": length}
    assert f"has {length} digit" in caught.value.message


def test_eleven_digit_message() -> None:
    with pytest.raises(DomainError, match=r"^The ID number has 11 digits; a CCCD number has 12\.$"):
        parse_id_number("00109012345")


@pytest.mark.parametrize(
    "text", ["00109012345a", "001-090-123456", "００１０９０１２３４５６", "²" * 12]
)
def test_non_digits_refused(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(text)
    assert caught.value.code == "id_not_digits"


@pytest.mark.parametrize("text", ["", "  ", "\t\n"])
def test_empty_id_refused(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(text)
    assert caught.value.code == "id_empty"


@pytest.mark.parametrize("code", ["000", "099", "003", "097"])
def test_unknown_province_refused(code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_id_number(f"{code}090123456")
    assert caught.value.code == "id_province_unknown"
    assert caught.value.params == {"province_code": code}


def test_unknown_province_in_qr_refused() -> None:
    assert refused(qr(number="099090123456")).code == "id_province_unknown"


def test_province_codes_table() -> None:
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert all(unicodedata.is_normalized("NFC", name) for name in PROVINCE_CODES.values())
    assert len(set(PROVINCE_CODES.values())) == 63


# --- cross-checks ------------------------------------------------------------------------


def test_check_id_matches_accepts_agreement() -> None:
    check_id_matches(parse_id_number("001301123456"), date(2001, 5, 6), Gender.FEMALE)


def test_birth_year_mismatch() -> None:
    with pytest.raises(DomainError) as caught:
        check_id_matches(parse_id_number("001290123456"), date(1990, 1, 1), Gender.MALE)
    assert caught.value.code == "id_birth_year_mismatch"
    assert caught.value.params == {"id_year": 2090, "birth_year": 1990}


def test_gender_mismatch() -> None:
    with pytest.raises(DomainError) as caught:
        check_id_matches(parse_id_number("001090123456"), date(1990, 1, 1), Gender.FEMALE)
    assert caught.value.code == "id_gender_mismatch"


def test_qr_gender_digit_mismatch() -> None:
    assert refused(qr(gender="Nữ")).code == "id_gender_mismatch"


def test_qr_two_digit_year_mismatch() -> None:
    assert refused(qr(birth="01011991")).code == "id_birth_year_mismatch"


def test_qr_century_mismatch_for_girl_born_2020() -> None:
    # Digit 1 + "20" = a woman born in 1920; the card says 2020 (issued under 14 after 7/2024).
    error = refused(qr(number="079120004321", birth="23072020", gender="Nữ", issue="01082024"))
    assert error.code == "id_birth_year_mismatch"
    assert error.params == {"id_year": 1920, "birth_year": 2020}


def test_qr_century_digit_of_1901_is_refused_as_too_old() -> None:
    # Digit 1 + "01" = born in 1901, 125 years before today: no living holder.
    error = refused(qr(number="079101004321", birth="23072001", gender="Nữ"))
    assert error.code == "id_birth_year_too_old"


# --- properties --------------------------------------------------------------------------

_FIELD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20) | st.sampled_from(
    ["", "Nam", "Nữ", "01011990", "31021990", "001090123456", "012345678", "á»…", "\ufeff"]
)


@given(st.text())
def test_arbitrary_text_only_raises_domain_error(text: str) -> None:
    with contextlib.suppress(DomainError):
        parse(text)


@given(st.lists(_FIELD_TEXT, min_size=1, max_size=10).map("|".join))
def test_arbitrary_fields_only_raise_domain_error(text: str) -> None:
    try:
        card = parse(text)
    except DomainError:
        return
    assert unicodedata.is_normalized("NFC", card.full_name)
    assert len(card.id_number) == 12


@given(st.text())
def test_arbitrary_id_only_raises_domain_error(text: str) -> None:
    with contextlib.suppress(DomainError):
        parse_id_number(text)


def test_reading_shows_a_mismatch_instead_of_refusing() -> None:
    # The number says 1991, the card 1990: both possible, one of them misread.
    text = "001091123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021"
    reading = read_card_qr(text, TODAY)
    assert reading.card.full_name == "Nguyễn Văn An"
    assert reading.mismatch is not None
    assert reading.mismatch.code == "id_birth_year_mismatch"
    good = read_card_qr(text.replace("001091", "001090"), TODAY)
    assert good.mismatch is None


def test_a_number_of_a_year_still_to_come_is_refused_not_shown() -> None:
    # Century digit 2 + "90" = born in 2090: no card can say that, mismatch or not.
    with pytest.raises(DomainError) as caught:
        read_card_qr("001290123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021", TODAY)
    assert caught.value.code == "id_birth_year_future"
    assert caught.value.params == {"id_year": 2090, "year": 2026}
