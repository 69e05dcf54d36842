"""The counter main window over a real installation, driven with pytest-qt."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTranslator
from PySide6.QtGui import QBrush, QImage
from PySide6.QtWidgets import QApplication

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import VIETNAM, FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.reception import parse_reception
from counter_app.ui.i18n import install_translator
from counter_app.ui.main import screenshot
from counter_app.ui.main_window import MainWindow

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
CODE, APPLICANT, PROCEDURE, RECEIVED, DUE, STATUS, FEE = range(7)


@pytest.fixture(autouse=True)
def no_translator_left(qapp: QApplication) -> Iterator[None]:
    """Each test starts and ends in English: translators are global to the application."""
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.setParent(None)


@pytest.fixture
def vietnamese(qapp: QApplication) -> None:
    assert install_translator(qapp, "vi") is not None


def receive(services: Services, **changes: Any) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return services.reception.receive(parse_reception(document), "admin")


def second_applicant(services: Services) -> Dossier:
    # 250 pages × 6 copies, each copy capped at 200,000 đ: 1,200,000 đ.
    return receive(
        services,
        applicant={
            "full_name": "Trần Thị Bình",
            "id_number": "001190123457",
            "birth_date": "1990-05-05",
            "gender": "female",
        },
        fee={"pages": 250, "copies": 6},
    )


@pytest.fixture
def window(qtbot: Any, services: Services) -> MainWindow:
    shown = MainWindow(services)
    qtbot.addWidget(shown)
    return shown


def cell(window: MainWindow, row: int, column: int, role: int = DISPLAY) -> object:
    return window.dossiers.data(window.dossiers.index(row, column), role)


def column_texts(window: MainWindow, column: int) -> list[object]:
    return [cell(window, row, column) for row in range(window.dossiers.rowCount())]


def test_headers_are_vietnamese_with_the_translator(
    vietnamese: None, window: MainWindow, services: Services
) -> None:
    horizontal = Qt.Orientation.Horizontal
    assert window.dossiers.headerData(CODE, horizontal) == "Mã hồ sơ"
    assert window.procedures.headerData(0, horizontal) == "Mã"
    assert window.dossier_heading.text() == "Tiếp nhận hôm nay: 0 hồ sơ"


def test_headers_are_english_without_a_translator(window: MainWindow) -> None:
    horizontal = Qt.Orientation.Horizontal
    assert window.dossiers.headerData(CODE, horizontal) == "Code"
    assert window.dossiers.headerData(FEE, horizontal) == "Fee"
    assert window.dossier_heading.text() == "Received today: 0"


def test_todays_dossiers_are_listed(qtbot: Any, services: Services) -> None:
    first = receive(services)
    second = second_applicant(services)
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert window.dossiers.rowCount() == 2
    assert column_texts(window, CODE) == [first.code, second.code]
    assert column_texts(window, APPLICANT) == ["Nguyễn Văn An", "Trần Thị Bình"]
    # (2 × 2,000 + 1,000) × 2 copies, and the million grouped twice.
    assert column_texts(window, FEE) == ["10.000 đ", "1.200.000 đ"]
    assert cell(window, 0, RECEIVED) == "09:00 23/11/2026"
    assert cell(window, 0, DUE) == "17:00 23/11/2026"
    assert cell(window, 0, STATUS) == "Received"
    assert window.dossier_heading.text() == "Received today: 2"


def test_a_dossier_of_another_day_is_not_listed(qtbot: Any, services: Services) -> None:
    receive(services, received_at="2026-11-20T09:00")  # the Friday before
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert window.dossiers.rowCount() == 0


def test_search_without_diacritics_filters(
    qtbot: Any, services: Services, window: MainWindow
) -> None:
    receive(services)
    second_applicant(services)
    window.refresh()
    assert window.dossiers.rowCount() == 2
    qtbot.keyClicks(window.search, "nguyen van an")
    assert column_texts(window, APPLICANT) == ["Nguyễn Văn An"]
    assert window.dossier_heading.text() == "Found: 1"
    window.search.clear()
    assert window.dossiers.rowCount() == 2


def test_an_overlong_search_shows_the_error(services: Services, window: MainWindow) -> None:
    receive(services)
    window.search.setText("an")
    assert window.dossiers.rowCount() == 1
    assert window.message.isHidden()
    window.search.setText("an" + "a" * 199)
    assert not window.message.isHidden()
    assert window.message.text() == "A search is at most 200 characters."
    # No stale results under the error.
    assert (window.dossiers.rowCount(), window.dossier_heading.text()) == (0, "")
    window.search.setText("a" * 200)
    assert window.message.isHidden()
    assert window.dossier_heading.text() == "Found: 0"


def test_models_pass_the_model_tester(
    qtmodeltester: Any, services: Services, window: MainWindow
) -> None:
    receive(services)
    second_applicant(services)
    window.refresh()
    qtmodeltester.check(window.dossiers)
    qtmodeltester.check(window.procedures)
    assert window.procedures.rowCount() == 14


def test_an_overdue_open_dossier_is_highlighted(
    services: Services, clock: FakeClock, window: MainWindow
) -> None:
    still_open = receive(services)
    returned = receive(services)
    for status in (Status.IN_PROCESSING, Status.RESULT_READY, Status.RETURNED):
        services.dossiers.change_status(returned.code, status, "", "admin")
    window.refresh()
    assert cell(window, 0, CODE) == still_open.code
    assert cell(window, 0, CODE, BACKGROUND) is None  # due 17:00, it is 09:00

    clock.set(datetime(2026, 11, 23, 17, 1, tzinfo=VIETNAM))
    window.refresh()
    brush = cell(window, 0, FEE, BACKGROUND)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == "#fde2e1"
    assert cell(window, 1, CODE) == returned.code
    assert cell(window, 1, STATUS) == "Returned"
    assert cell(window, 1, FEE, BACKGROUND) is None


def test_invalid_index_has_no_data(window: MainWindow) -> None:
    assert window.dossiers.data(QModelIndex()) is None


def test_screenshot_writes_pngs(qapp: QApplication, services: Services, tmp_path: Path) -> None:
    receive(services)
    written = screenshot(services, tmp_path / "shots", "vi")
    assert [path.name for path in written] == [
        "main-window-vi.png",
        "main-window-search-vi.png",
    ]
    for path in written:
        image = QImage(str(path))
        assert not image.isNull()
        assert (image.width(), image.height()) == (1366, 768)
