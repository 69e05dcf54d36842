"""Every parser of the domain against hostile input (tests/hostile/strategies.py).

Whatever it is given, a parser answers with a valid result that reads back the same,
or with its typed refusal (:class:`DomainError`): never another exception. The plain
``st.text()`` properties of test_citizens.py and the round trips of test_vietqr.py stay
there; these add lone surrogates, escape sequences, invisible characters, NFD, huge
sizes, 5,000-digit numbers and impossible dates.
"""

from __future__ import annotations

import json
import string
import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counter_app.cli.example import EXAMPLE_RECEPTION
from counter_app.domain import card_rules, citizens, limits, reception, vietqr
from counter_app.domain.errors import DomainError
from counter_app.domain.serial_speeds import stored_baudrate
from counter_app.domain.text import clean, fold, visible, whole_number
from tests.hostile.strategies import (
    SPECIALS,
    deeply_nested,
    hostile_json,
    hostile_text,
    shaped_like,
)

FEW = settings(max_examples=60)
TODAYS = st.dates(date(limits.MIN_YEAR, 1, 1), date(limits.MAX_YEAR, 12, 31))
VALID_QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 12 phố Huế, Hà Nội|15042021"
VALID_PAYLOAD = vietqr.build("970436", account="1017595600", amount=180000, purpose="HS 1")


def hidden(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs")}


def assert_clean_text(text: str | None) -> None:
    """Stored text: NFC, nothing hidden, no spaces around it."""
    if text is None:
        return
    assert unicodedata.is_normalized("NFC", text)
    assert not hidden(text), text
    assert text == text.strip()


# --- text --------------------------------------------------------------------------------


@FEW
@given(hostile_text())
def test_clean_leaves_nothing_hidden_and_is_stable(text: str) -> None:
    cleaned = clean(text)
    assert_clean_text(cleaned)
    assert "  " not in cleaned
    assert clean(cleaned) == cleaned
    assert fold(text) == fold(text).strip()


def test_the_hidden_table_is_every_control_and_format_character() -> None:
    kept = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if (unicodedata.category(chr(cp)) in ("Cf", "Cs"))
        or (unicodedata.category(chr(cp)) == "Cc" and not chr(cp).isspace())
        if visible(chr(cp))
    ]
    assert kept == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[2J\x1b[31mNguyễn\x1b[0m Văn An", "Nguyễn Văn An"),
        ("\u200bAn\u200d\ufeff", "An"),
        ("\x1b]0;owned\x07Lan", "Lan"),
        ("\u202eriA", "riA"),
        ("\x00\x07\x7f", ""),
        ("a\ud800b", "ab"),
        (unicodedata.normalize("NFD", "Trần\tThị\u00a0Hoa"), "Trần Thị Hoa"),
    ],
)
def test_clean_drops_escapes_and_invisible_characters(text: str, expected: str) -> None:
    assert clean(text) == expected


@FEW
@given(st.dates())
def test_only_days_of_the_sane_range_pass(day: date) -> None:
    try:
        assert limits.check_day(day, "birth_date") == day
    except DomainError as refusal:
        assert refusal.code == "date_out_of_range"
        assert refusal.params["field"] == "birth_date"
        assert not limits.MIN_YEAR <= day.year <= limits.MAX_YEAR
    else:
        assert limits.MIN_YEAR <= day.year <= limits.MAX_YEAR


# --- CCCD card QR ------------------------------------------------------------------------


def _qr_of(card: citizens.CardData) -> str:
    issue = f"{card.issue_date:%d%m%Y}" if card.issue_date else ""
    gender = "Nam" if card.gender is citizens.Gender.MALE else "Nữ"
    fields = [card.id_number, card.old_id_number or "", card.full_name,
              f"{card.birth_date:%d%m%Y}", gender, card.address, issue]  # fmt: skip
    return "|".join(fields)


def _check_reading(text: str, today: date) -> None:
    try:
        reading = citizens.read_card_qr(text, today)
    except DomainError as refusal:
        assert refusal.code and refusal.message
        return
    card = reading.card
    for value in (card.full_name, card.address, card.old_id_number):
        assert_clean_text(value)
    assert len(card.id_number) == 12 and card.id_number.isascii() and card.id_number.isdigit()
    assert card.birth_date <= today
    # What was read reads back the same from its canonical QR text.
    assert citizens.read_card_qr(_qr_of(card), today).card == card


@FEW
@given(hostile_text(200), TODAYS)
def test_any_scan_is_read_or_refused(text: str, today: date) -> None:
    _check_reading(text, today)


@FEW
@given(st.lists(st.sampled_from(SPECIALS), min_size=1, max_size=4), st.data())
def test_a_real_scan_with_hostile_pieces_is_read_clean_or_refused(
    pieces: list[str], data: st.DataObject
) -> None:
    text = VALID_QR
    for piece in pieces:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    _check_reading(text, date(2026, 11, 30))


@FEW
@given(
    st.sampled_from(["001", "079", "038"]),
    st.sampled_from("0123"),
    st.text(string.digits, min_size=2, max_size=2),
    st.text(string.digits, min_size=2, max_size=2),
    st.text(string.digits, min_size=2, max_size=2),
    st.text(string.digits, min_size=4, max_size=4),
    TODAYS,
)
def test_impossible_dates_on_a_card_are_refused(
    province: str, century: str, year: str, day: str, month: str, issue_year: str, today: date
) -> None:
    born = ("19" if century in "01" else "20") + year
    text = (
        f"{province}{century}{year}123456||Lê Thị Hoa|{day}{month}{born}|"
        f"{'Nam' if century in '02' else 'Nữ'}|Hà Nội|{day}{month}{issue_year}"
    )
    _check_reading(text, today)


@FEW
@given(hostile_text(60))
def test_any_id_number_is_twelve_digits_or_refused(text: str) -> None:
    try:
        number = citizens.parse_id_number(text)
    except DomainError:
        return
    assert len(number.number) == 12 and set(number.number) <= set(string.digits)
    assert number.province_code in citizens.PROVINCE_CODES


@FEW
@given(hostile_text(150))
def test_names_and_addresses_are_kept_or_refused(text: str) -> None:
    for check in (card_rules.check_full_name, card_rules.check_address):
        try:
            checked = check(clean(text))
        except DomainError:
            continue
        assert_clean_text(checked)
        assert any(ch.isalpha() for ch in checked)


# --- VietQR ------------------------------------------------------------------------------


def _check_payload(payload: str) -> None:
    try:
        code = vietqr.parse(payload)
    except DomainError as refusal:
        assert refusal.code.startswith("vietqr_")
        return
    assert payload.isascii() and payload.isprintable()
    card = code.service == vietqr.SERVICE_CARD
    rebuilt = vietqr.build(
        code.bin,
        card=code.account if card else None,
        account=None if card else code.account,
        amount=code.amount,
        bill_number=code.bill_number,
        purpose=code.purpose,
        static=not code.dynamic,
    )
    again = vietqr.parse(rebuilt)
    assert (again.bin, again.account, again.amount, again.bill_number, again.purpose) == (
        code.bin,
        code.account,
        code.amount,
        code.bill_number,
        code.purpose,
    )


@FEW
@given(hostile_text(300))
def test_any_payload_is_read_or_refused(payload: str) -> None:
    _check_payload(payload)


@FEW
@given(st.lists(st.sampled_from(SPECIALS), min_size=1, max_size=3), st.data())
def test_a_real_payload_with_hostile_pieces_and_a_right_crc_is_read_or_refused(
    pieces: list[str], data: st.DataObject
) -> None:
    body = VALID_PAYLOAD[:-4]
    for piece in pieces:
        at = data.draw(st.integers(0, len(body) - 4))
        body = body[:at] + piece + body[at:]
    _check_payload(body + vietqr.crc16(body))


@FEW
@given(
    hostile_text(12),
    hostile_text(25),
    st.one_of(st.none(), st.integers(), st.sampled_from([10**5000 // 10**4990, -1, 0, True])),
    st.one_of(st.none(), hostile_text(30)),
    st.booleans(),
)
def test_build_from_any_arguments_makes_a_readable_code_or_refuses(
    bin_code: str, account: str, amount: Any, purpose: str | None, card: bool
) -> None:
    try:
        payload = vietqr.build(
            bin_code,
            account=None if card else account,
            card=account if card else None,
            amount=amount,
            purpose=purpose,
        )
    except DomainError as refusal:
        assert refusal.code.startswith("vietqr_")
        return
    assert vietqr.parse(payload).account == account


# --- reception documents -----------------------------------------------------------------


def _check_request(document: Any) -> None:
    try:
        request = reception.parse_reception(document)
    except DomainError as refusal:
        assert refusal.code and refusal.message
        return
    for person in (request.applicant, request.delegate):
        if person is None:
            continue
        for value in (person.full_name, person.address, person.phone, person.email):
            assert_clean_text(value)
        assert person.full_name
        if person.birth_date is not None:
            assert limits.MIN_YEAR <= person.birth_date.year <= limits.MAX_YEAR
    assert_clean_text(request.note or None)
    assert 1 <= request.sets <= reception.MAX_SETS
    if request.received_at is not None:
        assert limits.MIN_YEAR <= request.received_at.year <= limits.MAX_YEAR
    for document_ in request.documents or ():
        assert_clean_text(document_.name)
        assert 1 <= document_.count <= 100


@FEW
@given(shaped_like(EXAMPLE_RECEPTION))
def test_a_reception_document_with_hostile_values_is_taken_clean_or_refused(
    document: dict[str, Any],
) -> None:
    _check_request(document)


@FEW
@given(hostile_json())
def test_any_json_value_is_refused_unless_it_is_a_reception(document: Any) -> None:
    _check_request(document)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"applicant": {"full_name": "\u200b\u200c\ufeff"}}, "person_name_required"),
        ({"applicant": {"full_name": "\x1b[2J\x00"}}, "person_name_required"),
        ({"applicant": {"full_name": "An", "birth_date": "9999-01-01"}}, "date_out_of_range"),
        ({"applicant": {"full_name": "An", "birth_date": "0001-01-01"}}, "date_out_of_range"),
        ({"applicant": {"full_name": "An", "birth_date": "1990-02-30"}}, "field_bad_date"),
        ({"received_at": "0001-01-01T00:00:00+14:00"}, "date_out_of_range"),
        ({"received_at": "9999-12-31T23:59:59"}, "date_out_of_range"),
        ({"documents": [{"name": "\u2060\u200b"}]}, "document_name_required"),
        ({"note": deeply_nested()}, "field_not_text"),
        ({"sets": float("nan")}, "field_not_integer"),
        ({"sets": 10**5000 // 10**4000}, "sets_invalid"),
        ({"fee": {"pages": float("inf")}}, "field_not_integer"),
    ],
)
def test_hostile_reception_values_are_refused_with_their_reason(
    change: dict[str, Any], code: str
) -> None:
    document = {**json.loads(json.dumps(EXAMPLE_RECEPTION)), **change}
    with pytest.raises(DomainError) as refused:
        reception.parse_reception(document)
    assert refused.value.code == code


def test_a_name_with_escape_sequences_is_kept_without_them() -> None:
    document = {**EXAMPLE_RECEPTION, "applicant": {"full_name": "\x1b[31mNguyễn\x1b[0m\u200b An"}}
    assert reception.parse_reception(document).applicant.full_name == "Nguyễn An"


@FEW
@given(hostile_text(40))
def test_a_hostile_procedure_code_is_refused_or_clean(code: str) -> None:
    assume(code)
    try:
        request = reception.parse_reception({**EXAMPLE_RECEPTION, "procedure": code})
    except DomainError:
        return
    assert_clean_text(request.procedure_code)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("0042", 42),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1_000", None),
        ("\u00b2", None),
        ("\u0661\u0662", None),
        ("\uff11", None),
        ("1.0", None),
    ],
)
def test_a_whole_number_is_ascii_digits_only(text: str, number: int | None) -> None:
    assert whole_number(text) == number


@pytest.mark.parametrize(
    ("stored", "speed"),
    [
        ("19200", 19200),
        ("115200", 115200),
        (None, 9600),
        ("", 9600),
        ("x", 9600),
        ("\u00b2", 9600),  # passes str.isdigit, fails int()
        ("\u0669\u0666\u0660\u0660", 9600),  # Arabic-Indic digits: int() reads them
        ("9601", 9600),
        ("-9600", 9600),
        ("9" * 40, 9600),
    ],
)
def test_a_stored_serial_speed_is_one_of_the_speeds_or_the_default(
    stored: str | None, speed: int
) -> None:
    assert stored_baudrate(stored) == speed
