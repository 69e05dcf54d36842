"""The reception form on the office's screens: at 1366×768 (the most common) and at
1920×1080, with the procedure that has the most documents after a card scan, the
queue's strip and the fee banner showing, nothing needs scrolling and no column is cut."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from counter_app.app import Services
from counter_app.storage import officers
from counter_app.ui.main import CARD, OFFICE_SCREENS
from counter_app.ui.main_window import MainWindow
from counter_app.ui.queue_panel import show_demo
from tests.ui.queue_areas import MANY_AREAS
from tests.ui.tooltips import tip_text

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    shown = MainWindow(services, admin)
    qtbot.addWidget(shown)
    show_demo(shown.queue_panel)
    shown.show()
    yield shown
    shown.close()


def _in_sight(widget: QWidget, area: QScrollArea) -> bool:
    viewport = area.viewport()
    corner = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(corner, widget.size()))


@pytest.mark.parametrize("size", OFFICE_SCREENS)
def test_the_whole_reception_is_in_sight(
    window: MainWindow, services: Services, size: tuple[int, int]
) -> None:
    most = max(services.reference.catalogue().versions(), key=lambda p: len(p.documents))
    form = window.form
    form.procedure_search.setText(most.code)
    form.apply_scan(CARD)
    window.resize(*size)
    QApplication.processEvents()
    assert window.missing_fees.isVisible() and window.queue_panel.isVisible()
    area = form.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    assert area.verticalScrollBar().maximum() == 0
    assert area.horizontalScrollBar().maximum() == 0
    table = form.documents
    assert table.rowCount() == len(most.documents) >= 6
    assert table.verticalScrollBar().maximum() == 0  # every document without scrolling
    columns = sum(table.horizontalHeader().sectionSize(c) for c in range(3))
    assert columns <= table.viewport().width()  # the form and count columns not cut
    for widget in (
        form.applicant.full_name,
        form.applicant.address,
        form.applicant.email,
        form.exemption,
        form.summary,
        form.save_button,
        table,
    ):
        assert _in_sight(widget, area), widget
    assert "Hẹn trả" in form.summary.text() and "Lệ phí" in form.summary.text()


def _with_the_strip(qtbot: Any, services: Services, language: str) -> MainWindow:
    """The administrator's window in ``language`` with the queue's strip, not shown yet."""
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    shown = MainWindow(services, admin)
    qtbot.addWidget(shown)
    shown.set_language(language)
    show_demo(shown.queue_panel)
    return shown


@pytest.mark.parametrize("offline", [False, True], ids=["queue", "walk-in"])
def test_the_queue_strip_fits_the_usual_screen(
    window: MainWindow, services: Services, offline: bool
) -> None:
    """The strip with the demo's five areas (and, without the ward server, the walk-in
    bar) keeps the window at 1366 wide: no action button beyond the screen's edge."""
    if offline:
        from counter_app.services.walkin import WalkInService
        from counter_app.ui.queue_panel import DEMO_COUNTER

        walk_in = WalkInService(services.db, services.clock, "device", counter=DEMO_COUNTER)
        window.queue_panel.show_walk_in_demo(walk_in)
    width, height = OFFICE_SCREENS[0]
    window.resize(width, height)
    QApplication.processEvents()
    assert window.width() == width
    panel = window.queue_panel
    for button in panel.buttons():
        corner = button.mapTo(window, QPoint(0, 0))
        assert QRect(corner, button.size()).right() < width, button.text()


SMALL_SCREEN = (1024, 600)  # a netbook, or an old office monitor


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_counter_without_a_queue_fits_a_small_screen(
    qtbot: Any, services: Services, language: str
) -> None:
    """Without the queue's strip the window is no wider than a 1024×600 screen, in
    either language: the form scrolls, the list keeps its last columns in reach."""
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    shown = MainWindow(services, admin)
    qtbot.addWidget(shown)
    shown.set_language(language)
    shown.form.apply_scan(CARD)
    shown.resize(*SMALL_SCREEN)
    shown.show()
    QApplication.processEvents()
    assert (shown.width(), shown.height()) == SMALL_SCREEN
    assert shown.minimumSizeHint().width() <= SMALL_SCREEN[0]
    shown.close()


def test_a_counter_calling_nine_areas_still_fits(window: MainWindow) -> None:
    """A merged ward's counter that calls every one of its nine areas: the area names
    give way ("…", whole in their tooltips) rather than the action buttons."""
    from counter_app.queue.demo import demo_status
    from counter_app.sync.queue_wire import AreaStatus
    from counter_app.ui.queue_panel import DEMO_COUNTER
    from counter_app.ui.status_label import StatusLabel

    status = demo_status()
    prefixes = [chr(ord("A") + i) for i in range(len(MANY_AREAS))]
    areas = [
        AreaStatus(prefix=prefix, name=name, waiting=10 + i, priority_waiting=i % 2, last_number=40)
        for i, (prefix, name) in enumerate(zip(prefixes, MANY_AREAS, strict=True))
    ]
    counters = [c.model_copy(update={"areas": prefixes}) for c in status.counters]
    panel = window.queue_panel
    panel.show_demo(status.model_copy(update={"areas": areas, "counters": counters}), DEMO_COUNTER)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the demo's five tiles
    width, height = OFFICE_SCREENS[0]
    window.resize(width, height)
    QApplication.processEvents()
    assert window.width() == width
    for button in panel.buttons():
        assert QRect(button.mapTo(window, QPoint(0, 0)), button.size()).right() < width
    names = panel.findChildren(StatusLabel, "areaName")
    whole = [f"{prefix} · {name}" for prefix, name in zip(prefixes, MANY_AREAS, strict=True)]
    assert [tip_text(name.toolTip()) for name in names] == whole
    for name in names:
        shown = name.shown_text()
        assert shown == name.text() or shown.endswith("…"), shown


@pytest.mark.parametrize("offline", [False, True], ids=["queue", "walk-in"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_counter_with_the_queue_fits_a_small_screen(
    qtbot: Any, services: Services, language: str, offline: bool
) -> None:
    """The queue's strip held the window at 1,045 px (1,299 while walk-in tickets are
    issued) in one line: on a 1024×600 screen its actions ran off the edge. Where the
    line does not fit, the actions go under it; every one stays in sight."""
    from counter_app.services.walkin import WalkInService
    from counter_app.ui.queue_panel import DEMO_COUNTER

    shown = _with_the_strip(qtbot, services, language)
    panel = shown.queue_panel
    if offline:
        device = services.unit.device_id
        walk_in = WalkInService(services.db, services.clock, device, counter=DEMO_COUNTER)
        panel.show_walk_in_demo(walk_in)
    assert shown.minimumSizeHint().width() <= SMALL_SCREEN[0]
    shown.resize(*SMALL_SCREEN)
    shown.show()
    QApplication.processEvents()
    assert (shown.width(), shown.height()) == SMALL_SCREEN
    strip = QRect(panel.mapTo(shown, QPoint(0, 0)), panel.size())
    assert strip.right() < SMALL_SCREEN[0]
    for widget in [*panel.buttons(), panel.ticket, panel.caption, panel.ticket_state]:
        corner = widget.mapTo(shown, QPoint(0, 0))
        assert strip.contains(QRect(corner, widget.size())), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width()  # nothing cut
    shown.close()


def _nothing_squeezed(form: QWidget) -> None:
    """Each part of the form as tall as it needs at its width (a wrapped label's lines
    included), and the fee and time beside the buttons, not over them."""
    layout = form.layout()
    for index in range(layout.count()):
        part = layout.itemAt(index).widget()
        if part is None or part.isHidden():
            continue
        needed = part.minimumSizeHint().height()
        if part.hasHeightForWidth():
            needed = max(needed, part.heightForWidth(part.width()))
        assert part.height() >= needed, part
    summary = form.summary  # type: ignore[attr-defined]
    assert summary.height() >= summary.heightForWidth(summary.width())
    shown = QRect(summary.mapTo(form, QPoint(0, 0)), summary.size())
    for button in (form.save_button, form.clear_button):  # type: ignore[attr-defined]
        assert button.height() >= button.minimumSizeHint().height()
        assert not shown.intersects(QRect(button.mapTo(form, QPoint(0, 0)), button.size()))


@pytest.mark.parametrize("strip", [False, True], ids=["no-queue", "queue"])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", [SMALL_SCREEN, OFFICE_SCREENS[0]], ids=["1024x600", "1366x768"])
def test_the_form_scrolls_rather_than_squeezes(
    qtbot: Any, services: Services, size: tuple[int, int], language: str, strip: bool
) -> None:
    """Taller than the room it gets (a small screen, the queue's strip above it), the
    form keeps its height and the pane scrolls: empty, and with the longest procedure
    and a card's fields, in either language, the summary never runs over the buttons
    and "Receive" can be scrolled into sight."""
    admin = officers.by_username(services.db, "admin")
    assert admin is not None
    shown = MainWindow(services, admin)
    qtbot.addWidget(shown)
    shown.set_language(language)
    if strip:
        show_demo(shown.queue_panel)
    shown.resize(*size)
    shown.show()
    form = shown.form
    area = form.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()

    def laid_out() -> None:
        """The form as tall as it needs at its width, and the bar shown when there is
        anything to scroll (a turn of the event loop after its range is set)."""
        assert form.height() >= form.heightForWidth(form.width()), "the form is squeezed"
        assert bar.isVisible() == (bar.maximum() > 0)

    def scrolls_rather_than_squeezes() -> None:
        qtbot.waitUntil(laid_out)
        assert (shown.width(), shown.height()) == size
        assert bar.maximum() == max(form.height() - area.viewport().height(), 0)
        assert area.horizontalScrollBar().maximum() == 0
        _nothing_squeezed(form)
        area.ensureWidgetVisible(form.save_button)
        assert _in_sight(form.save_button, area)

    scrolls_rather_than_squeezes()
    most = max(services.reference.catalogue().versions(), key=lambda p: len(p.documents))
    form.procedure_search.setText(most.code)
    form.apply_scan(CARD)
    scrolls_rather_than_squeezes()
    shown.close()


def _longest_exemption(services: Services) -> tuple[str, str, str]:
    """The procedure in force whose exemption has the longest name: its code, and the
    exemption's code and name."""
    today = services.clock.now().date()
    found = [
        (procedure.code, exemption.code, exemption.label)
        for procedure in services.reference.catalogue().search("", today)
        for exemption in procedure.fees.exemptions
    ]
    return max(found, key=lambda one: len(one[2]))


def _within_width(widget: QWidget, area: QScrollArea) -> bool:
    right = widget.mapTo(area.viewport(), QPoint(widget.width(), 0)).x()
    return right <= area.viewport().width()


def _on_a_small_screen(
    qtbot: Any, services: Services, language: str
) -> tuple[MainWindow, QScrollArea]:
    """The administrator's window on a 1024×600 screen with the queue's strip, and the
    scroll area the reception form sits in."""
    shown = _with_the_strip(qtbot, services, language)
    shown.resize(*SMALL_SCREEN)
    shown.show()
    QApplication.processEvents()
    area = shown.form.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return shown, area


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_restored_draft_keeps_the_form_in_its_pane(
    qtbot: Any, services: Services, language: str
) -> None:
    """Restored as the window opened, a draft filled the exemption drop-down before it
    was first shown: it took the width of "Người thuộc gia đình có công với cách mạng",
    and on a 1024×600 screen with the queue's strip the form needed 596 px of a 432 px
    pane, its right side behind a scroll bar. Chosen once the window was open, the same
    box stayed narrow. The form is now as wide however and whenever its drop-downs are
    filled; the chosen exemption shows cut with "…", whole in its tooltip and the list."""
    code, exemption, name = _longest_exemption(services)

    def opened() -> tuple[MainWindow, QScrollArea]:
        return _on_a_small_screen(qtbot, services, language)

    first, _ = opened()
    form = first.form
    empty = form.minimumSizeHint().width()
    form.procedure_search.setText(code)
    choice = form.procedure_choice
    assert choice.currentData() == code
    corner = QPoint(1, 1)
    QApplication.sendEvent(
        choice, QHelpEvent(QEvent.Type.ToolTip, corner, choice.mapToGlobal(corner))
    )
    assert tip_text(choice.toolTip()) == choice.currentText()  # picked with signals blocked
    form.exemption.setCurrentIndex(form.exemption.findData(exemption))
    QApplication.processEvents()
    assert form.minimumSizeHint().width() == empty  # chosen in the open window
    form.save_draft()
    first.close()

    restored, area = opened()
    form = restored.form
    assert form.procedure_choice.currentData() == code
    assert form.exemption.currentData() == exemption and form.exemption.isVisible()
    assert form.minimumSizeHint().width() == empty
    assert empty <= area.viewport().width()
    assert area.horizontalScrollBar().maximum() == 0
    for widget in (
        form.procedure_choice,
        form.applicant.full_name,
        form.applicant.gender,
        form.exemption,
        form.documents,
    ):
        assert _within_width(widget, area), widget
    combo = form.exemption
    shown = combo.displayed_text()
    assert shown == name or (shown.endswith("…") and name.startswith(shown[:-1]))
    assert combo.fontMetrics().horizontalAdvance(shown) <= combo.width()
    assert tip_text(combo.toolTip()) == name
    combo.showPopup()
    assert combo.view().width() >= combo.view().fontMetrics().horizontalAdvance(name)
    combo.hidePopup()
    restored.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_document_names_keep_most_of_the_table_on_a_small_screen(
    qtbot: Any, services: Services, language: str
) -> None:
    """The form column took the one-line width of "Bản chính hoặc bản sao có chứng
    thực" (240 px): on a 1024×600 screen the documents' names had 76 px, a word a line,
    and the table scrolled inside itself. That column now wraps within about a third."""
    shown, _area = _on_a_small_screen(qtbot, services, language)
    code, _exemption, _name = _longest_exemption(services)
    shown.form.procedure_search.setText(code)
    qtbot.wait(50)  # the table is fitted again once the form has its width
    table = shown.form.documents
    assert table.rowCount() > 1
    assert table.columnWidth(0) >= table.width() // 3  # it was 76 of 412 px
