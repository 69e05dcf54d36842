"""A fee the unit has not set, as the counter window shows it: never free, set by the admin."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QPushButton

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.reception import parse_reception
from counter_app.domain.records import replace
from counter_app.storage import officers
from counter_app.storage.officers import Officer
from counter_app.ui.dossier_detail import DossierDetail
from counter_app.ui.fee_dialog import SetFeeDialog
from counter_app.ui.i18n import install_translator
from counter_app.ui.main_window import MainWindow
from tests.ui.tooltips import tip_text

PATERNITY = "1.001022"


@pytest.fixture(autouse=True)
def vietnamese(qapp: QApplication) -> Iterator[None]:
    assert install_translator(qapp, "vi") is not None
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.setParent(None)


def admin(services: Services) -> Officer:
    officer = officers.by_username(services.db, "admin")
    assert officer is not None
    return officer


def window(qtbot: Any, services: Services, officer: Officer) -> MainWindow:
    shown = MainWindow(services, officer)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_the_administrator_is_told_and_sets_the_fee(qtbot: Any, services: Services) -> None:
    main = window(qtbot, services, admin(services))
    assert main.missing_fees.isVisible()
    assert "1.001022 Đăng ký nhận cha, mẹ, con" in main.missing_fees.text.text()
    main.form.procedure_search.setText(PATERNITY)
    assert main.form.procedure_choice.currentData() == PATERNITY
    assert "chưa xác định" in main.form.summary.text()
    assert "0 đ" not in main.form.summary.text()

    dialog = SetFeeDialog(services, "admin", main)
    qtbot.addWidget(dialog)
    assert dialog.procedure.currentData() == (PATERNITY, "fee")
    assert "10.000–15.000" in dialog.note.text()
    dialog.amount.setValue(0)
    dialog.save()
    assert dialog.error.isVisibleTo(dialog)
    assert "đồng" in dialog.error.text()
    dialog.amount.setValue(15_000)
    dialog.accepted.connect(main._fee_set)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not main.missing_fees.isVisible()
    assert "15.000 đ" in main.form.summary.text()
    main.close()


def test_the_amount_and_the_calendar_read_the_vietnamese_way(
    qtbot: Any, services: Services
) -> None:
    """Whatever the PC's own locale (often English, or C): in Vietnamese a comma is the
    decimal mark, so "99,999,999 đ" reads wrong; đồng are grouped with dots, as on every
    other screen, and the calendar names its months and days in Vietnamese."""
    dialog = SetFeeDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.amount.setValue(99_999_999)
    assert dialog.amount.text() == "99.999.999 đ"
    calendar = dialog.start.calendarWidget()
    assert calendar.locale().standaloneMonthName(11) == "Tháng 11"
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) == "Thứ 2"


def test_an_officer_sees_no_banner_but_the_form_says_not_determined(
    qtbot: Any, services: Services
) -> None:
    main = window(qtbot, services, replace(admin(services), role="officer"))
    assert not main.missing_fees.isVisible()
    main.form.procedure_search.setText(PATERNITY)
    assert "chưa xác định" in main.form.summary.text()
    main.close()


def test_the_list_and_the_detail_never_show_it_as_zero(qtbot: Any, services: Services) -> None:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(procedure=PATERNITY, documents=None, fee=None)
    dossier = services.reception.receive(parse_reception(document), "admin")
    main = window(qtbot, services, admin(services))
    main.dossiers.refresh()
    model = main.dossiers.model
    assert model.data(model.index(0, 6)) == "chưa xác định"
    detail = DossierDetail(services, "admin", dossier, main)
    qtbot.addWidget(detail)
    assert "chưa xác định" in detail.summary.text()
    buttons = paper_buttons(detail)
    assert "Thu phí bằng QR" not in buttons and "Đã thu tiền mặt" not in buttons
    assert not buttons["Tính phí"].isEnabled()  # the amount is not set yet
    services.catalogue.set_fee(PATERNITY, 15_000, "admin")
    detail.show_dossier(services.dossiers.get(dossier.code))
    paper_buttons(detail)["Tính phí"].click()
    assert services.dossiers.get(dossier.code).fee_total == 15_000
    assert "15.000 đ" in detail.summary.text()
    assert "Thu phí bằng QR" in paper_buttons(detail)  # now there is a fee to take
    main.close()


def paper_buttons(detail: DossierDetail) -> dict[str, QPushButton]:
    found = (detail.papers.itemAt(i).widget() for i in range(detail.papers.count()))
    return {button.text(): button for button in found if isinstance(button, QPushButton)}


# A procedure's full name as the national catalogue writes some of them.
LONG_NAME = (
    "Đăng ký lại việc nhận cha, mẹ, con có yếu tố nước ngoài đối với trường hợp đã "
    "đăng ký tại cơ quan có thẩm quyền của Việt Nam trước đây"
)


def edit_field(combo: Any) -> int:
    """The width the closed box has for its text."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return int(field.width())


def test_the_procedure_and_its_fee_are_read_whole(qtbot: Any, services: Services) -> None:
    """The closed box cut "1.001022 Đăng ký nhận cha, mẹ, con — Lệ phí đăng ký nhậ": the
    dialog is as wide as the name needs (within the screen), so it reads whole."""
    from tests.ui.test_screen_fit import fits

    dialog = SetFeeDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.procedure
    text = combo.currentText()
    assert text.endswith("— Lệ phí đăng ký nhận cha, mẹ, con")
    assert combo.fontMetrics().horizontalAdvance(text) <= edit_field(combo)
    assert combo.displayed_text() == text and tip_text(combo.toolTip()) == text
    assert fits(dialog), dialog.size()


def test_a_name_longer_than_the_screen_is_elided_and_whole_in_its_tooltip(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A longer name than the dialog can take is cut in its middle in the closed box (its
    code and its fee stay), is whole in its tooltip, and the open list is as wide as the
    screen lets it be."""
    from PySide6.QtCore import Qt

    from tests.ui.test_screen_fit import fits

    (seed,) = services.catalogue.missing_fees()
    long = replace(seed, procedure=replace(seed.procedure, name=LONG_NAME))
    monkeypatch.setattr(services.catalogue, "missing_fees", lambda on=None: [long])
    dialog = SetFeeDialog(services, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.procedure
    text = combo.currentText()
    assert LONG_NAME in text and fits(dialog), dialog.size()
    shown = combo.displayed_text()
    start, end = shown.split("…")
    assert text.startswith(start) and text.endswith(end)
    assert start.startswith("1.001022 Đăng ký") and end.endswith("Lệ phí đăng ký nhận cha, mẹ, con")
    assert tip_text(combo.toolTip()) == text
    assert tip_text(combo.itemData(0, Qt.ItemDataRole.ToolTipRole)) == text
    assert combo.fontMetrics().horizontalAdvance(shown) <= edit_field(combo)
    combo.showPopup()
    screen = combo.screen().availableGeometry().width()
    wanted = min(combo.view().fontMetrics().horizontalAdvance(text), screen - 40)
    assert combo.view().width() >= wanted
    combo.hidePopup()


def test_a_name_with_markup_reads_as_written_in_its_tooltip(qtbot: Any) -> None:
    """The catalogue's names are data: "<b>" in one was read as markup in the tooltip."""
    from counter_app.ui.name_combo import NameComboBox

    name = "1.000001 <b>Đăng ký</b> khai sinh & nhận con <img src=x>"
    combo = NameComboBox()
    qtbot.addWidget(combo)
    combo.add_name(name)
    assert combo.currentText() == name and tip_text(combo.toolTip()) == name
