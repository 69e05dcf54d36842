"""What the officer reads when the domain refuses something: one sentence, and what to do.

The domain raises :class:`DomainError` with a stable code and English text; this is
where the code becomes a translated sentence (Vietnamese by default). A code with no
entry here falls back to a general sentence with the English detail.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.errors import DomainError


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def _messages() -> dict[str, str]:
    tr = QCoreApplication.translate
    return {
        "id_empty": tr("Errors", "Enter the ID number."),
        "id_not_digits": tr("Errors", "An ID number has digits only."),
        "id_length": tr("Errors", "The ID number has %1 digits; a CCCD number has 12."),
        "id_province_unknown": tr(
            "Errors", "The first three digits are not a province code: check the number."
        ),
        "id_birth_year_mismatch": tr(
            "Errors", "The ID number does not match the birth year: check the card."
        ),
        "id_gender_mismatch": tr(
            "Errors", "The ID number does not match the gender: check the card."
        ),
        "qr_not_card": tr("Errors", "This is not the QR code of a citizen identity card."),
        "qr_field_count": tr("Errors", "The card QR was read incompletely: scan it again."),
        "qr_garbled": tr(
            "Errors", "The scanner garbled the text: set it to UTF-8 or type the details."
        ),
        "qr_too_long": tr("Errors", "The scanned text is too long for a card QR."),
        "qr_bad_date": tr("Errors", "The card QR has an invalid date: scan it again."),
        "qr_bad_gender": tr("Errors", "The card QR has an unknown gender: scan it again."),
        "qr_bad_old_id": tr("Errors", "The old ID number on the card QR is invalid."),
        "qr_empty_name": tr("Errors", "The card QR has no name: scan it again."),
        "qr_empty_address": tr("Errors", "The card QR has no address: scan it again."),
        "qr_issue_before_birth": tr("Errors", "The card's issue date is before the birth date."),
        "person_name_required": tr("Errors", "Enter the full name."),
        "person_phone_invalid": tr("Errors", "Not a Vietnamese phone number (e.g. 0912345678)."),
        "person_email_invalid": tr("Errors", "Not an e-mail address."),
        "procedure_required": tr("Errors", "Choose a procedure."),
        "procedure_unknown": tr("Errors", "This procedure is not in the catalogue."),
        "procedure_not_in_force": tr("Errors", "This procedure is not in force on that day."),
        "fee_pages_required": tr("Errors", "Enter the number of pages per copy."),
        "fee_pages_invalid": tr("Errors", "Pages must be from %low to %high."),
        "fee_copies_invalid": tr("Errors", "Copies must be from %low to %high."),
        "fee_age_required": tr("Errors", "Enter the age: the fee depends on it."),
        "fee_age_invalid": tr("Errors", "Age must be from %low to %high."),
        "fee_exemption_unknown": tr("Errors", "This exemption does not apply to the procedure."),
        "sets_invalid": tr("Errors", "The number of sets must be from 1 to 100."),
        "document_count_invalid": tr("Errors", "A document count is from 1 to 100."),
        "received_in_future": tr("Errors", "The time of receipt cannot be in the future."),
        "sequence_exhausted": tr(
            "Errors",
            "This counter has used all its dossier numbers for today: ask the administrator.",
        ),
        "status_reason_required": tr("Errors", "Enter the reason."),
        "status_transition_invalid": tr("Errors", "The dossier cannot go to that state now."),
        "dossier_not_found": tr("Errors", "No dossier has this code."),
        "dossier_code_invalid": tr("Errors", "Not a dossier code."),
        "search_too_long": tr("Errors", "A search is at most 200 characters."),
        "login_failed": tr("Errors", "Wrong user name or password."),
        "login_locked": tr("Errors", "Too many failed attempts: try again after %until."),
        "password_weak": tr(
            "Errors", "A password has at least 8 characters and no spaces around it."
        ),
        "username_invalid": tr(
            "Errors", "3–32 lower-case letters or digits, starting with a letter."
        ),
        "username_taken": tr("Errors", "This user name is already in use."),
        "agency_id_invalid": tr("Errors", "An agency id looks like 000.00.01.H26."),
        "unit_name_invalid": tr("Errors", "Enter the unit's name."),
        "place_invalid": tr("Errors", "Enter the place written on forms (e.g. Hà Nội)."),
        "counter_number_invalid": tr("Errors", "A counter number is from 1 to 9."),
        "full_name_invalid": tr("Errors", "Enter the officer's full name."),
        "setup_already_done": tr("Errors", "This installation is already set up."),
    }


def error_text(error: DomainError) -> str:
    """The translated sentence for a refusal, with its parameters filled in."""
    text = _messages().get(error.code)
    if text is None:
        return _t("The data is not valid (%1).").replace("%1", error.message)
    for name, value in error.params.items():
        text = text.replace(f"%{name}", str(value)[11:16] if name == "until" else str(value))
    return text.replace("%1", str(error.params.get("length", "")))


def known_codes() -> set[str]:
    return set(_messages())
