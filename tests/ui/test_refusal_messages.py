"""Every refusal the counter's screens can show has its own sentence.

A code with no sentence reached the officer as "Dữ liệu không hợp lệ (…English…)"; about
a hundred did. The codes are read from the source (``tests/refusal_codes.py``): a new
refusal fails here until it is given a sentence in ``ui/messages.py`` or is listed below
as one only the command line (or the sync, which parks it for the administrator) meets.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.domain.errors import DomainError
from counter_app.ui.messages import error_text, known_codes
from tests.refusal_codes import refusal_codes

PACKAGE = Path(__file__).resolve().parents[2] / "counter_app"
FALLBACK_VI = "Dữ liệu không hợp lệ"

# Worded by the kiosk's own window (ui/kiosk.py): the citizen reads them, not an officer.
KIOSK = {"kiosk_printer", "kiosk_no_printer"}

_JSON = "a reception document's shape (counter-app dossier receive); the form sends the right one"
_CATALOGUE = "catalogue data from the sync (parked) or the seed: what is stored passed it"
_CALENDAR = "the holiday calendar (counter-app holidays, or the sync, which parks it)"
_ENROL = "enrolment (counter-app enrol, sync, queue); the window's sync line says its state"
_BANK = "a bank's notification relayed by the sync (parked), never an officer's act"
_QR_READ = "reading a VietQR payload (counter-app vietqr parse/image)"
COMMAND_LINE_ONLY = {
    "reception_not_object": _JSON,
    "field_unknown": _JSON,
    "field_not_object": _JSON,
    "field_not_text": _JSON,
    "field_not_integer": _JSON,
    "field_not_boolean": _JSON,
    "documents_invalid": _JSON,
    "catalogue_invalid": _CATALOGUE,
    "catalogue_format_unsupported": _CATALOGUE,
    "catalogue_duplicate_version": _CATALOGUE,
    "catalogue_versions_overlap": _CATALOGUE,
    "catalogue_versions_out_of_order": _CATALOGUE,
    "procedure_invalid": _CATALOGUE,
    "time_limit_invalid": _CATALOGUE,
    "working_hours_invalid": _CATALOGUE,
    "fee_rule_invalid": _CATALOGUE,
    "fee_schedule_invalid": _CATALOGUE,
    "fee_exemption_invalid": _CATALOGUE,
    "calendar_entry_invalid": _CALENDAR,
    "calendar_entry_missing": _CALENDAR,
    "calendar_override_invalid": _CALENDAR,
    "calendar_override_duplicate": _CALENDAR,
    "calendar_source_invalid": _CALENDAR,
    "calendar_year_announced": _CALENDAR,
    "calendar_year_confirmed": _CALENDAR,
    "year_invalid": _CALENDAR,
    "retention_unknown": "counter-app db retention",
    "retention_syntax": "counter-app db retention",
    "retention_not_days": "counter-app db retention",
    "retention_out_of_range": "counter-app db retention",
    "demo_size_invalid": "counter-app demo-data",
    "display_config_invalid": "counter-app display/kiosk/board, before a window opens",
    "display_not_enrolled": "counter-app display/kiosk/board, before a window opens",
    "enrolment_code_invalid": _ENROL,
    "enrolment_device_mismatch": _ENROL,
    "enrolment_numbered_elsewhere": _ENROL,
    "server_url_invalid": _ENROL,
    "server_ca_invalid": _ENROL,
    "sync_not_enrolled": _ENROL,
    "sync_event_invalid": "the sync's own check of an event before sending: parked, a bug",
    "sequence_block_invalid": "a sequence block from enrolment or the sync, parked",
    "setup_needed": "counter-app unit set-agency-id before the setup",
    "agency_id_unchanged": "counter-app unit set-agency-id",
    "form_unknown": "counter-app form; the window offers only the forms there are",
    "payment_not_pending": _BANK,
    "payment_amount_mismatch": _BANK,
    "payment_reference_invalid": _BANK,
    "vietqr_banks": "the shipped resources/banks.json, checked at start",
    "vietqr_crc": _QR_READ,
    "vietqr_country": _QR_READ,
    "vietqr_currency": _QR_READ,
    "vietqr_duplicate": _QR_READ,
    "vietqr_format": _QR_READ,
    "vietqr_missing": _QR_READ,
    "vietqr_not_napas": _QR_READ,
    "vietqr_service": _QR_READ,
    "vietqr_unexpected_key": _QR_READ,
    "vietqr_length": "a VietQR field too long: read, or built from the app's own reference",
    "vietqr_non_ascii": "a VietQR field not ASCII: read, or built from the app's own reference",
}


@pytest.fixture(scope="module")
def raised() -> dict[str, set[str]]:
    return refusal_codes(PACKAGE, exclude=("ui", "cli"))


def test_the_scan_follows_each_way_a_code_is_given(raised: dict[str, set[str]]) -> None:
    assert {
        "qr_letters_lost",  # DomainError("...") itself
        "person_phone_invalid",  # a helper's parameter: _refuse(field, code, message)
        "fee_pages_invalid",  # an f-string over a helper's argument
        "queue_called_elsewhere",  # a table of codes (the queue's CONFLICTS)
        "calendar_override_invalid",  # a name bound to the code
        "calendar_entry_invalid",  # a module's constant through a helper's default
    } <= raised.keys()


def test_every_refusal_the_screens_can_show_has_a_sentence(
    qapp: QApplication, raised: dict[str, set[str]]
) -> None:
    missing = raised.keys() - known_codes() - KIOSK - COMMAND_LINE_ONLY.keys()
    assert not sorted(missing), {code: sorted(raised[code]) for code in missing}


def test_the_command_line_list_is_current(qapp: QApplication, raised: dict[str, set[str]]) -> None:
    """Each code listed is still raised, and has no sentence (it would be shown then)."""
    assert not sorted(COMMAND_LINE_ONLY.keys() - raised.keys())
    assert not sorted(COMMAND_LINE_ONLY.keys() & known_codes())


@pytest.mark.usefixtures("vietnamese")
def test_each_sentence_reads_in_vietnamese() -> None:
    for code in sorted(known_codes()):
        text = error_text(DomainError(code, "English detail"))
        assert FALLBACK_VI not in text and "English detail" not in text, code
        assert text == unicodedata.normalize("NFC", text), code
