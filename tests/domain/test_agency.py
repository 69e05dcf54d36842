"""Agency ids: the stored form, and what setup accepts as a ward's own code."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain import agency, payment_reference
from counter_app.domain.dossiers import dossier_code, parse_dossier_code
from counter_app.domain.errors import DomainError


def refusal(text: str, **options: bool) -> DomainError:
    with pytest.raises(DomainError) as caught:
        agency.check_ward_agency_id(text, **options)
    return caught.value


def test_the_sample_is_no_agency_and_still_numbers_dossiers() -> None:
    sample = agency.SAMPLE_AGENCY_ID
    assert sample[-3] not in "ABCDEFGHIJKLMNOPQRSTUVWXY"  # level-1 letters run A–Y
    code = dossier_code(sample, date(2026, 11, 23), 1000)
    assert code == "000.00.00.Z99-261123-1000"
    assert parse_dossier_code(code) == (sample, date(2026, 11, 23), 1000)
    reference = payment_reference.transfer_reference(code)
    assert payment_reference.read_transfer_reference(reference) == (code, 0)


def test_the_sample_is_refused_as_a_wards_code() -> None:
    error = refusal("000.00.00.Z99")
    assert error.code == "agency_id_sample"
    assert "sample" in error.message
    assert refusal(" 000.00.00.z99 ").code == "agency_id_sample"


def test_a_province_peoples_committee_is_not_a_ward() -> None:
    error = refusal("000.00.00.H26")  # the Hà Nội People's Committee itself
    assert error.code == "agency_id_province"
    assert error.params["agency_id"] == "000.00.00.H26"
    assert "provincial People's Committee itself" in error.message
    assert refusal("000.00.00.h01").code == "agency_id_province"


@pytest.mark.parametrize(
    "text",
    [
        "000.00.00.G12",  # a ministry
        "000.00.01.A01",  # the Party
        "000.00.01.K26",  # a provincial People's Council
        "000.00.01.Z99",  # made up: only with allow_fictional
    ],
)
def test_a_ward_sits_under_a_provincial_peoples_committee(text: str) -> None:
    error = refusal(text)
    assert error.code == "agency_id_not_ward"
    assert "ends in H" in error.message


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("000.00.05.H26", "000.00.05.H26"),
        ("000.00.05.h26", "000.00.05.H26"),  # lower case is normalised
        ("  000.12.34.H26\n", "000.12.34.H26"),  # so is the space around it
        ("001.00.00.H26", "001.00.00.H26"),  # not all lower groups zero: not the province
        (unicodedata.normalize("NFD", "000.00.05.H26"), "000.00.05.H26"),
    ],
)
def test_a_wards_code_is_accepted_normalised(typed: str, stored: str) -> None:
    assert agency.check_ward_agency_id(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "agency_id_empty"),
        ("   \t ", "agency_id_empty"),
        ("000.00.05 .H26", "agency_id_invalid"),  # a space inside
        ("000 00 05 H26", "agency_id_invalid"),
        ("000.00.05.H26.000", "agency_id_invalid"),
        ("000.00.05.H26" + "0" * 1000, "agency_id_invalid"),  # far too long
        ("000.00.0A.H26", "agency_id_invalid"),  # a letter where a digit goes
        ("000.00.05.126", "agency_id_invalid"),  # a digit where the letter goes
        ("000.00.05.HH6", "agency_id_invalid"),
        ("00.000.05.H26", "agency_id_invalid"),
        ("000.00.05.H26-261123-1000", "agency_id_invalid"),  # a dossier code
        ("000.00.05.H\u030226", "agency_id_invalid"),  # NFD: a combining mark stays
        ("000.00.05.Ĥ26", "agency_id_invalid"),
        ("００0.00.05.H26", "agency_id_invalid"),  # full-width digits
        ("٠٠٠.٠٠.٠٥.H٢٦", "agency_id_invalid"),  # Arabic-Indic digits match \\d, not 0-9
        ("000.00.05.H2\x006", "agency_id_invalid"),  # control characters
        ("000.00.05.H26\x1b[2J", "agency_id_invalid"),
        ("000.00.05.ſ26", "agency_id_invalid"),  # "ſ".upper() is "S"
        ("mã phường", "agency_id_invalid"),
    ],
)
def test_malformed_codes_are_refused(typed: str, code: str) -> None:
    error = refusal(typed)
    assert error.code == code
    assert len(error.message) < 200 and "\n" not in error.message and "\x00" not in error.message


def test_the_made_up_tree_serves_demonstrations_only() -> None:
    assert agency.check_ward_agency_id("000.00.01.z99", allow_fictional=True) == "000.00.01.Z99"
    assert refusal("000.00.00.Z99", allow_fictional=True).code == "agency_id_sample"
    assert refusal("000.00.00.Z12", allow_fictional=True).code == "agency_id_province"


@pytest.mark.parametrize("text", ["000.00.00.G12", "999.99.99.Z99", "000.00.00.H26"])
def test_the_stored_form_takes_any_four_group_code(text: str) -> None:
    assert agency.check_agency_id(text) == text


@pytest.mark.parametrize(
    "text", ["000.00.00.h26", "000.00.00.H26\n", " 000.00.00.H26", "000.00.00.H2٦", ""]
)
def test_the_stored_form_is_exact(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        agency.check_agency_id(text)
    assert caught.value.code == "agency_id_invalid"


def test_dossier_codes_take_ascii_digits_only() -> None:
    with pytest.raises(DomainError) as caught:
        parse_dossier_code("000.00.01.H26-٢٦١١٢٣-1000")
    assert caught.value.code == "dossier_code_invalid"


@given(st.from_regex(r"[0-9]{6}", fullmatch=True))
def test_the_day_of_a_code_is_read_as_strptime_reads_it(yymmdd: str) -> None:
    """Every six digits: the same day as ``strptime("%y%m%d")`` (00-68 the 2000s), or
    refused as it refuses them (a 13th month, 30 February)."""
    code = f"000.00.00.Z99-{yymmdd}-1000"
    try:
        expected = datetime.strptime(yymmdd, "%y%m%d").date()
    except ValueError:
        with pytest.raises(DomainError):
            parse_dossier_code(code)
    else:
        assert parse_dossier_code(code)[1] == expected


def test_the_century_of_a_code_turns_where_strptime_turns_it() -> None:
    assert parse_dossier_code("000.00.00.Z99-680229-1000")[1] == date(2068, 2, 29)
    assert parse_dossier_code("000.00.00.Z99-690101-1000")[1] == date(1969, 1, 1)
