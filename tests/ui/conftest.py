"""Fixtures of the windows: the Vietnamese translation, a ward server; and every test's
language left as it found it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_translator
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward


@pytest.fixture(autouse=True)
def language_as_found() -> Iterator[None]:
    """Translators and the default locale are global to the process: a test that switches
    the language (the ``vietnamese`` fixture, a window's Language menu) would leave both
    to every later test. After each test, none of its translators stays and the locale
    is the one found before it."""
    found = QLocale()
    yield
    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.setParent(None)
    QLocale.setDefault(found)


@pytest.fixture
def vietnamese(qapp: QApplication) -> None:
    """The windows in Vietnamese for this test (``language_as_found`` undoes it)."""
    assert install_translator(qapp, "vi") is not None


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    """A ward server process with ward A."""
    one = server()
    add_ward(one, WARD_A)
    return one
