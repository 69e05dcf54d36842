"""Words for values the domain keeps as codes: document forms, weekdays."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication


def form_label(form: str) -> str:
    labels = {
        "original": QCoreApplication.translate("Documents", "Original"),
        "certified_copy": QCoreApplication.translate("Documents", "Certified copy"),
        "copy": QCoreApplication.translate("Documents", "Copy"),
        "original_or_certified_copy": QCoreApplication.translate(
            "Documents", "Original or certified copy"
        ),
        "presented": QCoreApplication.translate("Documents", "Shown"),
    }
    return labels.get(form, form)


def weekday_name(day: date) -> str:
    names = [
        QCoreApplication.translate("Days", "Monday"),
        QCoreApplication.translate("Days", "Tuesday"),
        QCoreApplication.translate("Days", "Wednesday"),
        QCoreApplication.translate("Days", "Thursday"),
        QCoreApplication.translate("Days", "Friday"),
        QCoreApplication.translate("Days", "Saturday"),
        QCoreApplication.translate("Days", "Sunday"),
    ]
    return names[day.weekday()]


def role_label(role: str) -> str:
    labels = {
        "officer": QCoreApplication.translate("Roles", "Officer"),
        "head": QCoreApplication.translate("Roles", "Head of unit"),
        "admin": QCoreApplication.translate("Roles", "Administrator"),
    }
    return labels.get(role, role)


def permission_label(permission: str) -> str:
    """What a refused right covers, in the officer's words (services/permissions.py)."""
    labels = {
        "unit": QCoreApplication.translate("Rights", "change the unit's settings"),
        "printer": QCoreApplication.translate("Rights", "change the printer settings"),
        "scanner": QCoreApplication.translate("Rights", "change the scanner settings"),
        "bank_account": QCoreApplication.translate("Rights", "change the bank account"),
        "catalogue": QCoreApplication.translate("Rights", "change the fees"),
        "calendar": QCoreApplication.translate("Rights", "change the calendar"),
        "refund": QCoreApplication.translate("Rights", "refund a payment"),
        "confirm_payment": QCoreApplication.translate(
            "Rights", "confirm a transfer without the bank's notice"
        ),
        "others_dossiers": QCoreApplication.translate(
            "Rights", "close, reschedule or reassign another officer's dossier"
        ),
        "others_work": QCoreApplication.translate("Rights", "see other officers' work"),
        "accounts": QCoreApplication.translate("Rights", "manage accounts"),
        "enrolment": QCoreApplication.translate("Rights", "enrol this counter"),
        "queue_settings": QCoreApplication.translate("Rights", "change the rating scale"),
    }
    return labels.get(permission, permission)
