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
