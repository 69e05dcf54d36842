"""Settings against hostile input: the unit, the printer, the citizen's rating scale.

Each is either taken clean (NFC, nothing hidden, within its size) and reads back the
same, or refused with its DomainError, and then nothing was stored.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import app
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import replace
from counter_app.services.accounts import AccountService
from counter_app.services.printing import BAUD_RATES, MAX_PRINTER_URL
from counter_app.services.queue import parse_rating_scale, scale_to_json
from counter_app.storage import settings as stored_settings
from tests.hostile.strategies import hostile_json, hostile_text, shaped_like
from tests.services.test_accounts import FAST, SETUP

FEW = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
SCALE = {
    "choices": [
        {"key": "tot", "label": "Tốt", "unhappy": False},
        {"key": "chua_tot", "label": "Chưa tốt", "unhappy": True},
    ],
    "reasons": ["Chờ lâu"],
}


def assert_clean(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text), text
    assert text == text.strip()


@pytest.fixture(scope="module")
def one_installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[app.Services]:
    """One installation for many examples: a refused example must leave it as it was."""
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=VIETNAM))
    built = app.build(Path(tmp_path_factory.mktemp("hostile")) / "data", clock)
    yield built
    built.close()


# --- the citizen's rating scale ----------------------------------------------------------


def _check_scale(text: str) -> None:
    try:
        scale = parse_rating_scale(text)
    except DomainError as refusal:
        assert refusal.code == "rating_scale_invalid"
        return
    assert 2 <= len(scale.choices) <= 7
    for label in [choice.label for choice in scale.choices] + list(scale.reasons):
        assert_clean(label)
        assert 1 <= len(label) <= 40
    assert parse_rating_scale(scale_to_json(scale)) == scale


@settings(max_examples=60)
@given(shaped_like(SCALE))
def test_a_scale_with_hostile_values_is_taken_clean_or_refused(document: dict[str, Any]) -> None:
    _check_scale(json.dumps(document, ensure_ascii=False))


@settings(max_examples=40)
@given(st.one_of(hostile_text(200), hostile_json().map(json.dumps)))
def test_any_text_is_a_scale_or_refused(text: str) -> None:
    _check_scale(text)


@pytest.mark.parametrize(
    "label",
    ["\u200b\u200c", "\x1b[2J", " \u00a0 ", ["Tốt"], 5, None, float("nan"), "x" * 41],
)
def test_labels_that_are_no_text_are_refused(label: Any) -> None:
    scale = json.loads(json.dumps(SCALE))
    scale["choices"][0]["label"] = label
    with pytest.raises(DomainError) as refused:
        parse_rating_scale(json.dumps(scale))
    assert refused.value.code == "rating_scale_invalid"


def test_unhappy_must_be_true_or_false() -> None:
    scale = json.loads(json.dumps(SCALE))
    scale["choices"][0]["unhappy"] = "no"
    with pytest.raises(DomainError):
        parse_rating_scale(json.dumps(scale))


# --- the printer -------------------------------------------------------------------------


@FEW
@given(
    st.one_of(st.none(), hostile_text(300)),
    st.one_of(st.sampled_from(BAUD_RATES), st.integers()),
    st.one_of(st.just("epson-tm-t82"), hostile_text(20)),
)
def test_printer_settings_are_stored_clean_or_refused(
    one_installation: app.Services, url: str | None, baudrate: int, profile: str
) -> None:
    printing = one_installation.printing
    before = printing.settings()
    try:
        printing.configure(url, baudrate, profile, "admin")
    except DomainError as refusal:
        assert refusal.code.startswith("printer_")
        assert printing.settings() == before
        return
    stored = printing.settings().url or ""  # none given: no port
    assert stored == (url or "").strip()
    assert len(stored) <= MAX_PRINTER_URL
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in stored)


@pytest.mark.parametrize("url", ["\x1b[2JCOM3", "COM3\u200b", "COM\x003", "C" * 201])
def test_a_printer_port_with_hidden_characters_or_too_long_is_refused(
    services: app.Services, url: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.printing.configure(url, 9600, "epson-tm-t82", "admin")
    assert refused.value.code == "printer_url_invalid"


# --- the unit ----------------------------------------------------------------------------


@pytest.fixture
def accounts(services: app.Services, clock: FakeClock) -> AccountService:
    return AccountService(services.db, clock, services.unit.device_id, FAST)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"unit_name": "\u200b\u200c\u200d\u2060\ufeff"}, "unit_name_invalid"),
        ({"unit_name": "\x1b[2J\x07"}, "unit_name_invalid"),
        ({"unit_name": "U" * 100_000}, "unit_name_invalid"),
        ({"place": "\u202e\u200b"}, "place_invalid"),
        ({"admin_full_name": "\x00\x00\x00"}, "full_name_invalid"),
        ({"agency_id": "\x1b[2J000.00.01.H26"}, "agency_id_invalid"),
        ({"counter_number": 10**40}, "counter_number_invalid"),
    ],
)
def test_a_unit_of_invisible_or_huge_values_is_refused_and_nothing_stored(
    accounts: AccountService, services: app.Services, change: dict[str, Any], code: str
) -> None:
    before = stored_settings.get_all(services.db)
    with pytest.raises(DomainError) as refused:
        accounts.complete_setup(replace(SETUP, **change))
    assert refused.value.code == code
    assert stored_settings.get_all(services.db) == before
    assert accounts.needs_setup()


def test_a_unit_name_is_stored_without_its_escape_sequences(
    accounts: AccountService, services: app.Services
) -> None:
    accounts.complete_setup(replace(SETUP, unit_name="\x1b[1mUBND\x1b[0m Phường\u200b Một"))
    assert stored_settings.get(services.db, "unit_name") == "UBND Phường Một"


@pytest.mark.parametrize("port", ["COM\t3", "/dev/tty\nUSB0", "COM3\x85x", "COM\x1f4"])
def test_a_port_with_a_line_break_or_tab_inside_is_refused(
    one_installation: app.Services, port: str
) -> None:
    """Whitespace controls pass ``visible`` (they are text's spaces) but are no port's."""
    for configure, code in (
        (
            lambda: one_installation.printing.configure(port, 9600, "epson-tm-t82", "admin"),
            "printer_url_invalid",
        ),
        (lambda: one_installation.scanning.configure(port, 9600, "admin"), "scanner_port_invalid"),
    ):
        with pytest.raises(DomainError) as refused:
            configure()
        assert refused.value.code == code
