"""The ID number as people see it on paper and screens: masked but its last 4 digits."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.personal_data import mask_id_number


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("001090123456", "********3456"),  # a CCCD number
        ("001 090 123456", "********3456"),  # typed in groups
        ("\t001090123456\n", "********3456"),
        ("012345678", "*****5678"),  # a 9-digit CMND: still 4 shown
        ("12345678", "********"),  # too short to hide 8 digits: nothing shown
        ("1234", "****"),
        ("7", "*"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("00109012345X", "************"),  # not digits: nothing of it shown
        ("００１０９０１２３４５６", "************"),  # full-width digits
        ("٠٠١٠٩٠١٢٣٤٥٦", "************"),  # Arabic-Indic digits
        ("0" * 40, "*" * 36 + "0000"),  # oversized digits: the last 4, the rest hidden
        ("x" * 40, "*" * 12),  # oversized junk: never longer than a CCCD line
        ("1234\x1b@5678", "*" * 10),  # an ESC/POS command smuggled in
    ],
)
def test_mask_id_number(number: str | None, masked: str) -> None:
    assert mask_id_number(number) == masked


def test_an_nfd_or_accented_value_is_masked_whole() -> None:
    value = unicodedata.normalize("NFD", "Nguyễn0123")
    assert set(mask_id_number(value)) == {"*"}


@given(st.text(max_size=60))
def test_no_more_than_four_characters_ever_show(value: str) -> None:
    masked = mask_id_number(value)
    shown = masked.replace("*", "")
    assert len(shown) <= 4
    assert shown.isascii() and (shown == "" or shown.isdigit())
    assert masked.isascii()


@given(st.text(alphabet="0123456789", min_size=9, max_size=20))
def test_a_long_enough_number_keeps_its_length_and_last_four(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert masked.endswith(number[-4:]) and masked[:-4] == "*" * (len(number) - 4)
