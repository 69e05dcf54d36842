"""What the officer reads when the domain refuses something: one sentence, and what to do.

The domain raises :class:`DomainError` with a stable code and English text; this is
where the code becomes a translated sentence (Vietnamese by default), for every window
of the counter, the queue's strip included. A code with no entry here falls back to a
general sentence with the English detail: ``tests/ui/test_refusal_messages.py`` fails
for any code the screens can meet that has none (and lists those only the command line
meets).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from counter_app.domain.errors import DomainError
from counter_app.services.installation import StorageError
from counter_app.ui.labels import permission_label


def _messages() -> dict[str, str]:
    return {
        "id_empty": QCoreApplication.translate("Errors", "Enter the ID number."),
        "id_not_digits": QCoreApplication.translate("Errors", "An ID number has digits only."),
        "id_length": QCoreApplication.translate(
            "Errors", "The ID number has %1 digits; a CCCD number has 12."
        ),
        "id_province_unknown": QCoreApplication.translate(
            "Errors", "The first three digits are not a province code: check the number."
        ),
        "id_birth_year_mismatch": QCoreApplication.translate(
            "Errors", "The ID number does not match the birth year: check the card."
        ),
        "id_gender_mismatch": QCoreApplication.translate(
            "Errors", "The ID number does not match the gender: check the card."
        ),
        "qr_not_card": QCoreApplication.translate(
            "Errors", "This is not the QR code of a citizen identity card."
        ),
        "qr_field_count": QCoreApplication.translate(
            "Errors", "The card QR was read incompletely: scan it again."
        ),
        "qr_garbled": QCoreApplication.translate(
            "Errors", "The scanner garbled the text: set it to UTF-8 or type the details."
        ),
        "qr_too_long": QCoreApplication.translate(
            "Errors", "The scanned text is too long for a card QR."
        ),
        "qr_letters_lost": QCoreApplication.translate(
            "Errors",
            "The scanner dropped the Vietnamese letters (“%fragment”), so the form "
            "was not filled. Set the scanner to its serial mode (USB-COM), then Counter → "
            "Scanner…, or type the details in.",
        ),
        "scanner_port_invalid": QCoreApplication.translate(
            "Errors", "Choose the scanner's port from the list (e.g. COM4 or /dev/ttyACM0)."
        ),
        "scanner_baudrate_invalid": QCoreApplication.translate(
            "Errors", "Choose one of the listed speeds."
        ),
        "qr_bad_date": QCoreApplication.translate(
            "Errors", "The card QR has an invalid date: scan it again."
        ),
        "qr_bad_gender": QCoreApplication.translate(
            "Errors", "The card QR has an unknown gender: scan it again."
        ),
        "qr_bad_old_id": QCoreApplication.translate(
            "Errors", "The old ID number on the card QR is invalid."
        ),
        "qr_empty_name": QCoreApplication.translate(
            "Errors", "The card QR has no name: scan it again."
        ),
        "qr_empty_address": QCoreApplication.translate(
            "Errors", "The card QR has no address: scan it again."
        ),
        "qr_issue_before_birth": QCoreApplication.translate(
            "Errors", "The card's issue date is before the birth date."
        ),
        "id_birth_year_future": QCoreApplication.translate(
            "Errors", "The ID number says born in %id_year, a year still to come: check it."
        ),
        "id_birth_year_too_old": QCoreApplication.translate(
            "Errors", "The ID number says born in %id_year, over 120 years ago: check it."
        ),
        "qr_birth_in_future": QCoreApplication.translate(
            "Errors", "The birth date on the card QR is after today: scan it again."
        ),
        "qr_birth_too_old": QCoreApplication.translate(
            "Errors", "The birth date on the card QR is over 120 years ago: scan it again."
        ),
        "qr_issue_in_future": QCoreApplication.translate(
            "Errors", "The card's issue date is after today: scan it again."
        ),
        "qr_issue_before_chip_cards": QCoreApplication.translate(
            "Errors", "The issue date is before 2021, when cards with a QR code began."
        ),
        "qr_issued_under_14": QCoreApplication.translate(
            "Errors", "Before 1 July 2024 a card was issued from age 14, not at %age: check it."
        ),
        "qr_name_invalid": QCoreApplication.translate(
            "Errors", "The name on the card QR contains '%char', which no name has: scan again."
        ),
        "qr_name_too_short": QCoreApplication.translate(
            "Errors", "The name on the card QR is too short: scan it again."
        ),
        "qr_name_too_long": QCoreApplication.translate(
            "Errors", "The name on the card QR is too long: scan it again."
        ),
        "qr_address_no_letter": QCoreApplication.translate(
            "Errors", "The address on the card QR has no letters: scan it again."
        ),
        "qr_address_too_long": QCoreApplication.translate(
            "Errors", "The address on the card QR is too long: scan it again."
        ),
        "qr_old_id_zeros": QCoreApplication.translate(
            "Errors", "The old ID number on the card QR is all zeros."
        ),
        "person_birth_in_future": QCoreApplication.translate(
            "Errors", "The birth date is after the day of receipt."
        ),
        "person_name_required": QCoreApplication.translate("Errors", "Enter the full name."),
        "person_phone_invalid": QCoreApplication.translate(
            "Errors", "Not a Vietnamese phone number (e.g. 0912345678)."
        ),
        "person_email_invalid": QCoreApplication.translate("Errors", "Not an e-mail address."),
        "procedure_required": QCoreApplication.translate("Errors", "Choose a procedure."),
        "procedure_unknown": QCoreApplication.translate(
            "Errors", "This procedure is not in the catalogue."
        ),
        "procedure_not_in_force": QCoreApplication.translate(
            "Errors", "This procedure is not in force on that day."
        ),
        "fee_pages_required": QCoreApplication.translate(
            "Errors", "Enter the number of pages per copy."
        ),
        "fee_pages_invalid": QCoreApplication.translate(
            "Errors", "Pages must be from %low to %high."
        ),
        "fee_copies_invalid": QCoreApplication.translate(
            "Errors", "Copies must be from %low to %high."
        ),
        "fee_age_required": QCoreApplication.translate(
            "Errors", "Enter the age: the fee depends on it."
        ),
        "fee_age_invalid": QCoreApplication.translate("Errors", "Age must be from %low to %high."),
        "fee_exemption_unknown": QCoreApplication.translate(
            "Errors", "This exemption does not apply to the procedure."
        ),
        "fee_not_set": QCoreApplication.translate(
            "Errors", "The unit has not set this fee's amount yet: ask the administrator."
        ),
        "bank_account_missing": QCoreApplication.translate(
            "Errors",
            "The account receiving the fees is not set up: an administrator sets it "
            '(menu "Account receiving the fees…").',
        ),
        "bank_account_invalid": QCoreApplication.translate(
            "Errors", "An account number has 6–19 digits."
        ),
        "bank_account_name_invalid": QCoreApplication.translate(
            "Errors", "Enter the account name as the bank writes it: capitals without diacritics."
        ),
        "payment_nothing_to_pay": QCoreApplication.translate(
            "Errors", "This dossier has no fee to pay."
        ),
        "payment_already_paid": QCoreApplication.translate(
            "Errors", "The fee of this dossier is already paid."
        ),
        "payment_expired": QCoreApplication.translate(
            "Errors", "This QR code has expired: only the bank's notice can pay it. Make a new QR."
        ),
        "payment_reason_required": QCoreApplication.translate(
            "Errors", "Enter the reason for this change of the payment."
        ),
        "payment_not_paid": QCoreApplication.translate(
            "Errors", "A fee receipt is issued once the fee is paid."
        ),
        "payment_transition_invalid": QCoreApplication.translate(
            "Errors", "This payment cannot be changed that way in the state it is in."
        ),
        "payment_fee_not_set": QCoreApplication.translate(
            "Errors", "The fee of this dossier is not determined yet: no payment can be taken."
        ),
        "fee_already_determined": QCoreApplication.translate(
            "Errors", "The fee of this dossier is already known."
        ),
        "fee_amount_invalid": QCoreApplication.translate(
            "Errors", "Enter the amount in đồng (at least 1 đồng)."
        ),
        "fee_start_in_past": QCoreApplication.translate(
            "Errors", "A fee applies from today or a later day."
        ),
        "fee_version_in_use": QCoreApplication.translate(
            "Errors", "Dossiers were already priced with the fee of that day: choose a later day."
        ),
        "fee_version_later_exists": QCoreApplication.translate(
            "Errors", "A later version of this procedure exists: set the fee on that one."
        ),
        "sets_invalid": QCoreApplication.translate(
            "Errors", "The number of sets must be from 1 to 100."
        ),
        "document_count_invalid": QCoreApplication.translate(
            "Errors", "A document count is from 1 to 100."
        ),
        "received_in_future": QCoreApplication.translate(
            "Errors", "The time of receipt cannot be in the future."
        ),
        "sequence_exhausted": QCoreApplication.translate(
            "Errors",
            "This counter has used all its dossier numbers for today: ask the administrator.",
        ),
        "status_reason_required": QCoreApplication.translate("Errors", "Enter the reason."),
        "form_04_needs_date": QCoreApplication.translate(
            "Errors", "Enter why the result is late and choose the new date."
        ),
        "reschedule_not_later": QCoreApplication.translate(
            "Errors", "The new date must be after the promised one."
        ),
        "reschedule_closed": QCoreApplication.translate(
            "Errors", "Only a dossier still being handled gets a new date."
        ),
        "form_reason_missing": QCoreApplication.translate(
            "Errors", "The dossier has no reason recorded for this form: move it with a reason."
        ),
        "register_range_invalid": QCoreApplication.translate(
            "Errors",
            "Choose a range of at most one year, the first day not after the last.",
        ),
        "status_reason_too_long": QCoreApplication.translate(
            "Errors", "A reason is at most %limit characters."
        ),
        "printer_url_invalid": QCoreApplication.translate(
            "Errors", "The printer port is a name like COM3 or /dev/ttyUSB0."
        ),
        "date_out_of_range": QCoreApplication.translate(
            "Errors", "Enter a date from the year %low to %high."
        ),
        "status_transition_invalid": QCoreApplication.translate(
            "Errors", "The dossier cannot go to that state now."
        ),
        "dossier_not_found": QCoreApplication.translate("Errors", "No dossier has this code."),
        "dossier_code_invalid": QCoreApplication.translate("Errors", "Not a dossier code."),
        "search_too_long": QCoreApplication.translate(
            "Errors", "A search is at most 200 characters."
        ),
        "login_failed": QCoreApplication.translate("Errors", "Wrong user name or password."),
        "login_locked": QCoreApplication.translate(
            "Errors", "Too many failed attempts: try again after %until."
        ),
        "password_weak": QCoreApplication.translate(
            "Errors", "A password has at least 8 characters and no spaces around it."
        ),
        "username_invalid": QCoreApplication.translate(
            "Errors", "3–32 lower-case letters or digits, starting with a letter."
        ),
        "username_taken": QCoreApplication.translate("Errors", "This user name is already in use."),
        "agency_id_empty": QCoreApplication.translate(
            "Errors", "Enter the ward's own agency id (its electronic identifier)."
        ),
        "agency_id_invalid": QCoreApplication.translate(
            "Errors",
            "An agency id is four groups separated by dots: 3 digits, 2 digits, 2 digits, "
            "then a capital letter and 2 digits.",
        ),
        "agency_id_sample": QCoreApplication.translate(
            "Errors", "%agency_id is the sample code of this software, not any agency's code."
        ),
        "agency_id_province": QCoreApplication.translate(
            "Errors",
            "%agency_id is the code of the provincial People's Committee itself, "
            "not of a ward or commune.",
        ),
        "agency_id_not_ward": QCoreApplication.translate(
            "Errors",
            "%agency_id is not under a provincial People's Committee: a ward's code ends in H "
            "and the province's two digits (e.g. H26 for Hà Nội).",
        ),
        "unit_name_invalid": QCoreApplication.translate("Errors", "Enter the unit's name."),
        "place_invalid": QCoreApplication.translate(
            "Errors", "Enter the place written on forms (e.g. Hà Nội)."
        ),
        "counter_number_invalid": QCoreApplication.translate(
            "Errors", "A counter number is from 1 to 9."
        ),
        "full_name_invalid": QCoreApplication.translate("Errors", "Enter the officer's full name."),
        "setup_admin_password": QCoreApplication.translate(
            "Errors", "Enter the administrator's current password to change the unit."
        ),
        "setup_already_done": QCoreApplication.translate(
            "Errors", "This installation is already set up."
        ),
        "not_permitted": QCoreApplication.translate(
            "Errors",
            "Your account may not %permission. Ask the head of the unit or the administrator.",
        ),
        "password_wrong": QCoreApplication.translate("Errors", "The current password is wrong."),
        "password_same": QCoreApplication.translate(
            "Errors", "Choose a new password, not the one in use."
        ),
        "officer_unknown": QCoreApplication.translate("Errors", "There is no such account."),
        "role_invalid": QCoreApplication.translate("Errors", "Choose one of the roles."),
        "last_admin": QCoreApplication.translate(
            "Errors", "The unit keeps one active administrator: name another one first."
        ),
        "reassign_reason_required": QCoreApplication.translate(
            "Errors", "Say why the dossier changes hands (at most 500 characters)."
        ),
        "reassign_same": QCoreApplication.translate(
            "Errors", "The dossier is already this officer's."
        ),
        "lock_minutes_invalid": QCoreApplication.translate(
            "Errors", "The window locks after 1 to 60 minutes."
        ),
        **_reception_messages(),
        **_fee_and_payment_messages(),
        **_printer_messages(),
        **_queue_messages(),
        "setup_no_admin": QCoreApplication.translate(
            "Errors",
            "This installation has no administrator account left. Ask the IT person to give "
            "one account the administrator role (counter-app account set --role admin).",
        ),
    }


def _reception_messages() -> dict[str, str]:
    """The reception form's refusals that no field of its own prevents."""
    return {
        "field_too_long": QCoreApplication.translate("Errors", "At most %limit characters here."),
        "field_bad_date": QCoreApplication.translate("Errors", "This is not a date."),
        "field_bad_datetime": QCoreApplication.translate(
            "Errors", "The time of receipt is not a date and time."
        ),
        "person_gender_invalid": QCoreApplication.translate(
            "Errors", "Choose the gender from the list."
        ),
        "document_name_required": QCoreApplication.translate(
            "Errors", "Enter the name of each document received."
        ),
        "document_form_invalid": QCoreApplication.translate(
            "Errors", "Choose the document's form from the list (original, copy…)."
        ),
        "channel_invalid": QCoreApplication.translate(
            "Errors", "Choose how the dossier was submitted from the list."
        ),
        "collect_at_invalid": QCoreApplication.translate(
            "Errors", "Choose where the result is collected from the list."
        ),
        "calendar_year_unsupported": QCoreApplication.translate(
            "Errors",
            "The app has no holidays for the year %year, so it cannot count the working days. "
            "Ask the administrator to enter that year's days off.",
        ),
        "calendar_no_working_day": QCoreApplication.translate(
            "Errors",
            "The holiday calendar has no working day for a long time after this day: ask the "
            "administrator to check the days off.",
        ),
    }


def _fee_and_payment_messages() -> dict[str, str]:
    """Working out the fee, setting its amount, and taking it."""
    return {
        "fee_no_rule": QCoreApplication.translate(
            "Errors",
            "The catalogue has no fee for this case of the procedure: ask the administrator.",
        ),
        "fee_rule_unknown": QCoreApplication.translate(
            "Errors", "This procedure has no such fee: choose one from the list."
        ),
        "fee_rule_not_flat": QCoreApplication.translate(
            "Errors",
            "This fee is counted by page, copy or age, not one amount per case: it is set in "
            "the catalogue, not here.",
        ),
        "fee_rule_ambiguous": QCoreApplication.translate(
            "Errors", "This procedure has several fees without an amount: choose which one."
        ),
        "payment_unknown": QCoreApplication.translate(
            "Errors", "No payment has this reference: open the dossier again."
        ),
        "payment_reference_attempt": QCoreApplication.translate(
            "Errors",
            "Too many QR codes were made for this dossier: take the fee in cash, or ask the "
            "administrator.",
        ),
        "vietqr_bin_unknown": QCoreApplication.translate(
            "Errors", "This bank is not in the list of banks a QR code can pay into."
        ),
        "vietqr_bin": QCoreApplication.translate(
            "Errors", "A bank's code (BIN) has 6 digits: choose the bank from the list."
        ),
        "vietqr_account": QCoreApplication.translate(
            "Errors",
            "The account number cannot go into a QR code: the administrator checks the account "
            "receiving the fees.",
        ),
        "vietqr_amount": QCoreApplication.translate(
            "Errors", "This amount cannot be paid by QR code: take the fee in cash."
        ),
    }


def _printer_messages() -> dict[str, str]:
    return {
        "printer_profile_unknown": QCoreApplication.translate(
            "Errors", "Choose the printer model from the list."
        ),
        "printer_baudrate_invalid": QCoreApplication.translate(
            "Errors", "Choose one of the listed speeds."
        ),
        "printer_encoding_unknown": QCoreApplication.translate(
            "Errors", "Choose how this model writes Vietnamese from the list (see the test page)."
        ),
    }


def _queue_messages() -> dict[str, str]:
    """The ward's queue and this counter's walk-in tickets (the strip above the form)."""
    return {
        "queue_offline": QCoreApplication.translate(
            "QueuePanel", "Cannot reach the queue server: check the network; retrying…"
        ),
        "queue_not_enrolled": QCoreApplication.translate(
            "QueuePanel", "This counter is not connected to a ward server."
        ),
        "queue_not_allowed": QCoreApplication.translate(
            "QueuePanel",
            "The ward server no longer accepts this counter: "
            "ask the administrator to enrol it again.",
        ),
        "queue_refused": QCoreApplication.translate(
            "QueuePanel", "The queue server refused this action."
        ),
        "queue_invalid": QCoreApplication.translate(
            "QueuePanel", "The queue server could not take this request: try again."
        ),
        "queue_no_current": QCoreApplication.translate(
            "QueuePanel", "No ticket is called at this counter."
        ),
        "queue_skip_serving": QCoreApplication.translate(
            "QueuePanel", "A ticket being served cannot be skipped: finish it."
        ),
        "queue_already_serving": QCoreApplication.translate(
            "QueuePanel", "This ticket is already being served."
        ),
        "queue_called_elsewhere": QCoreApplication.translate(
            "QueuePanel", "Another counter called that ticket: call the next again."
        ),
        "queue_cannot_call": QCoreApplication.translate(
            "QueuePanel", "That ticket cannot be called now."
        ),
        "queue_no_area": QCoreApplication.translate(
            "QueuePanel", "The ward has no such service area."
        ),
        "queue_no_counter": QCoreApplication.translate(
            "QueuePanel", "The ward's queue has no such counter: ask the administrator."
        ),
        "queue_same_counter": QCoreApplication.translate(
            "QueuePanel", "The ticket is at this counter already."
        ),
        "queue_rated_already": QCoreApplication.translate(
            "QueuePanel", "This ticket was rated already."
        ),
        "queue_not_finished_here": QCoreApplication.translate(
            "QueuePanel", "That ticket was not finished at this counter."
        ),
        "rating_unknown": QCoreApplication.translate(
            "QueuePanel", "That answer is not on the rating scale."
        ),
        "rating_scale_invalid": QCoreApplication.translate(
            "QueuePanel",
            "The rating scale stored for this ward cannot be used: ask the administrator.",
        ),
        "walk_in_no_prefix": QCoreApplication.translate(
            "WalkInBar", "This counter's number has no walk-in prefix: ask the administrator."
        ),
    }


def error_text(error: DomainError) -> str:
    """The translated sentence for a refusal, with its parameters filled in."""
    text = _messages().get(error.code)
    if text is None:
        return QCoreApplication.translate("Errors", "The data is not valid (%1).").replace(
            "%1", error.message
        )
    for name, value in error.params.items():
        if name == "permission":
            value = permission_label(str(value))
        text = text.replace(f"%{name}", str(value)[11:16] if name == "until" else str(value))
    return text.replace("%1", str(error.params.get("length", "")))


def _store_messages() -> dict[str, str]:
    """The store's failures (``storage/errors.py``): what happened, and who does what."""
    return {
        "database_busy": QCoreApplication.translate(
            "Errors",
            "The data is locked by another program for more than %waited s: close it (another "
            "counter window, a database viewer) and try again.",
        ),
        "database_read_only": QCoreApplication.translate(
            "Errors",
            "The data cannot be saved: the database file, its folder or the disk is "
            "read-only. Ask the IT person to give write access.",
        ),
        "database_disk_full": QCoreApplication.translate(
            "Errors",
            "The disk is full: nothing was saved. Free some space (or ask the IT person), "
            "then save again.",
        ),
        "database_corrupt": QCoreApplication.translate(
            "Errors",
            "The database is damaged. Ask the IT person to restore the latest backup "
            "(counter-app db restore --latest).",
        ),
        "database_not_database": QCoreApplication.translate(
            "Errors",
            "The file counter.db is not a database. Ask the IT person to restore the latest "
            "backup (counter-app db restore --latest).",
        ),
        "database_foreign": QCoreApplication.translate(
            "Errors",
            "The file counter.db belongs to another program. Ask the IT person to move it "
            "away and restore the latest backup (counter-app db restore --latest).",
        ),
        "database_is_directory": QCoreApplication.translate(
            "Errors",
            "There is a folder where the database file counter.db should be. Ask the IT "
            "person to move it away and restore the latest backup.",
        ),
        "database_side_is_directory": QCoreApplication.translate(
            "Errors",
            "There is a folder named %name beside the database file counter.db, where the "
            "database keeps a file of its own, so nothing can be saved. Nothing is lost: ask "
            "the IT person to move that folder away, then open the program again.",
        ),
        "database_cannot_open": QCoreApplication.translate(
            "Errors", "The database cannot be opened. Ask the IT person to check the data folder."
        ),
        "database_io": QCoreApplication.translate(
            "Errors",
            "The disk failed while reading or writing the data. Ask the IT person to check "
            "the disk.",
        ),
        "row_damaged": QCoreApplication.translate(
            "Errors",
            "Some stored data is damaged and cannot be shown. Ask the IT person to check the "
            "database (counter-app db check).",
        ),
        "dossier_damaged": QCoreApplication.translate(
            "Errors",
            "The stored data of dossier %dossier is damaged and cannot be shown. Ask the IT "
            "person to check the database (counter-app db check).",
        ),
        "ledger_damaged": QCoreApplication.translate(
            "Errors",
            "The counter's record of the codes it gave out (backups/unit-ledger.json) cannot "
            "be read. Ask the IT person to check it.",
        ),
        "database_replaced": QCoreApplication.translate(
            "Errors",
            "The database was restored or replaced while the window was open: close the "
            "program and open it again.",
        ),
    }


def store_error_text(error: StorageError) -> str:
    """The translated sentence for a failure of the store, with its next step."""
    damaged_dossier = error.code == "row_damaged" and "dossier" in error.params
    text = _store_messages().get("dossier_damaged" if damaged_dossier else error.code)
    if text is None:
        return QCoreApplication.translate(
            "Errors", "The data could not be read or saved (%1). Ask the IT person."
        ).replace("%1", error.message)
    for name, value in error.params.items():
        text = text.replace(f"%{name}", str(value))
    return text


def known_codes() -> set[str]:
    return set(_messages())


ERROR_STYLE = "color: #b00020;"


def error_label() -> QLabel:
    """The line under a field (or a form) that says what is wrong; hidden until then."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label
