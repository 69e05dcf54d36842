"""Event ids: UUID version 7, sorting by the millisecond they carry."""

from __future__ import annotations

import time
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.ids import time_ordered_id

LAST_MS = 2**48 - 1


def carried_ms(text: str) -> int:
    return int(uuid.UUID(text).hex[:12], 16)


@pytest.mark.parametrize("ms", [0, 1, 1_764_547_200_000, LAST_MS])
def test_an_id_is_a_version_7_uuid_in_its_usual_text_form(ms: int) -> None:
    text = time_ordered_id(ms)
    parsed = uuid.UUID(text)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert str(parsed) == text  # lower case, 8-4-4-4-12
    assert carried_ms(text) == ms


def test_an_id_carries_the_current_millisecond_by_default() -> None:
    before = time.time_ns() // 1_000_000
    text = time_ordered_id()
    after = time.time_ns() // 1_000_000
    assert before <= carried_ms(text) <= after


@given(st.integers(0, LAST_MS), st.integers(0, LAST_MS))
def test_ids_sort_as_text_by_their_milliseconds(first: int, second: int) -> None:
    if first != second:
        earlier, later = sorted((first, second))
        assert time_ordered_id(earlier) < time_ordered_id(later)


def test_ids_of_one_millisecond_differ_in_their_random_bits() -> None:
    ids = {time_ordered_id(1_764_547_200_000) for _ in range(20_000)}
    assert len(ids) == 20_000
    # 74 random bits: the version and variant digits are fixed, everything after varies
    tails = {uuid.UUID(text).int & ((1 << 62) - 1) for text in ids}
    assert len(tails) == 20_000
    rand_a = {uuid.UUID(text).int >> 64 & 0xFFF for text in ids}
    assert len(rand_a) > 4000  # 12 bits: nearly all of the 4,096 values turn up


@pytest.mark.parametrize("ms", [-1, 2**48])
def test_a_time_a_uuid_version_7_cannot_hold_is_refused(ms: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*48"):
        time_ordered_id(ms)
