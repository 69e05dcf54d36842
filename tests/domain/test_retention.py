"""The retention periods' declarations and the reading of ``KEY=DAYS``."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.retention import (
    PURGED,
    RULES,
    check_days,
    from_settings,
    parse_assignment,
)


def test_every_default_is_within_its_bounds_and_the_register_is_no_key() -> None:
    for rule in RULES.values():
        assert 1 <= rule.least <= rule.default <= rule.most
    assert len({rule.setting for rule in RULES.values()}) == len(RULES)
    assert set(PURGED) < set(RULES)
    for kept in ("events", "dossiers", "dossier_history", "payments"):
        assert kept not in RULES


@pytest.mark.parametrize(
    ("text", "expected"),
    [("drafts=14", ("drafts", 14)), (" daily_backups = 2 ", ("daily_backups", 2))],
)
def test_an_assignment_is_read(text: str, expected: tuple[str, int]) -> None:
    assert parse_assignment(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("drafts", "retention_syntax"),
        ("=7", "retention_unknown"),
        ("drafts\u200b=7", "retention_unknown"),
        ("\x1b[2J=7", "retention_unknown"),
        ("A" * 100_000 + "=7", "retention_unknown"),
        ("drafts=7 days", "retention_not_days"),
        ("drafts=+7", "retention_not_days"),
        ("drafts=７", "retention_not_days"),  # a full-width digit
        ("drafts=1e1", "retention_not_days"),
        ("drafts=" + "9" * 5000, "retention_not_days"),
        ("print_bytes=366", "retention_out_of_range"),
        ("drafts=0", "retention_out_of_range"),
    ],
)
def test_a_bad_assignment_is_refused(text: str, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_assignment(text)
    assert refused.value.code == code
    assert len(str(refused.value)) < 200  # a huge input is not echoed back whole


def test_bounds_are_checked_for_a_known_key_only() -> None:
    assert check_days("walkin_tickets", 365) == 365
    with pytest.raises(DomainError):
        check_days("events", 30)


def test_stored_values_are_read_with_defaults_for_the_missing_and_the_bad() -> None:
    stored = {
        "retention_drafts_days": "14",
        "retention_print_bytes_days": "0",
        "retention_walkin_tickets_days": "thirty",
    }
    assert from_settings(stored) == {
        "drafts": 14,
        "print_bytes": 30,
        "walkin_tickets": 30,
        "daily_backups": 7,
    }
