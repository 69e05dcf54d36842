"""A test's language stays in that test. ``install_translator`` sets the locale that
widgets read their numbers, dates and month names from (``QLocale.setDefault``); the
fixtures removed the translators afterwards but left the locale, so every later test of
the process counted "99.999.999" and named "Tháng 11" whatever its language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from counter_app.ui.i18n import LOCALES


@pytest.fixture(scope="module")
def found() -> str:
    """The locale before this module's first test."""
    return QLocale().name()


def test_the_starting_locale_is_not_vietnamese(found: str) -> None:
    assert found != LOCALES["vi"].name()  # else the next two prove nothing


@pytest.mark.usefixtures("vietnamese")
def test_a_vietnamese_test_has_vietnamese_numbers(found: str, qtbot: QtBot) -> None:
    spin = QSpinBox(maximum=100_000_000, value=99_999_999, groupSeparatorShown=True)
    qtbot.addWidget(spin)
    assert spin.text() == "99.999.999"


def test_the_next_test_has_the_locale_found_before(found: str, qtbot: QtBot) -> None:
    assert QLocale().name() == found
    spin = QSpinBox(maximum=100_000_000, value=99_999_999, groupSeparatorShown=True)
    qtbot.addWidget(spin)
    assert spin.text() != "99.999.999"
