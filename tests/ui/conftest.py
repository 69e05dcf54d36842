"""Fixtures of the queue's windows: the Vietnamese translation, a ward server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_translator
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[None]:
    """The windows in Vietnamese, the translator removed afterwards."""
    assert install_translator(qapp, "vi") is not None
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.setParent(None)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    """A ward server process with ward A."""
    one = server()
    add_ward(one, WARD_A)
    return one
