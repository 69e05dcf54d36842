"""The dossier detail: data, history, and status actions with scripted answers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.dossiers import Status
from counter_app.domain.reception import parse_reception
from counter_app.ui.dossier_detail import Asker, DossierDetail
from tests.ui.tooltips import tip_text


class Script:
    """Answers the dialog's questions the way the test says, and remembers them."""

    def __init__(self, confirm: bool = True, reason: str | None = "") -> None:
        self.answer, self.text, self.asked = confirm, reason, []
        self.later: tuple[str, datetime] | None = None

    def asker(self) -> Asker:
        def confirm(parent: Any, title: str, text: str) -> bool:
            self.asked.append(text)
            return self.answer

        def reason(parent: Any, title: str, prompt: str) -> str | None:
            self.asked.append(prompt)
            return self.text

        def new_date(parent: Any, due: datetime) -> tuple[str, datetime] | None:
            self.asked.append(due.isoformat())
            return self.later

        return Asker(confirm, reason, new_date)


def detail(qtbot: Any, services: Services, script: Script) -> DossierDetail:
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(services, "admin", dossier, ask=script.asker())
    qtbot.addWidget(shown)
    return shown


def test_shows_the_dossier_and_its_next_steps(qtbot: Any, services: Services) -> None:
    shown = detail(qtbot, services, Script())
    assert "Nguyễn Văn An" in shown.summary.text()
    assert "10.000 đ" in shown.summary.text()
    assert shown.history.rowCount() == 1
    assert set(shown.buttons) == {
        Status.IN_PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.RESULT_READY,
        Status.REFUSED,
        Status.WITHDRAWN,
    }


def test_a_confirmed_action_is_recorded(qtbot: Any, services: Services) -> None:
    script = Script(confirm=True)
    shown = detail(qtbot, services, script)
    changes: list[None] = []
    shown.changed.connect(lambda: changes.append(None))
    shown.buttons[Status.IN_PROCESSING].click()
    assert shown.dossier.status is Status.IN_PROCESSING
    assert shown.history.rowCount() == 2
    assert shown.history.item(1, 1).text() == "admin"
    assert changes == [None]
    assert shown.dossier.code in script.asked[0]


def test_a_cancelled_action_changes_nothing(qtbot: Any, services: Services) -> None:
    shown = detail(qtbot, services, Script(confirm=False))
    shown.buttons[Status.IN_PROCESSING].click()
    assert services.dossiers.get(shown.dossier.code).status is Status.RECEIVED


def test_a_supplement_request_keeps_what_is_missing(qtbot: Any, services: Services) -> None:
    script = Script(reason="Thiếu bản chính giấy khai sinh")
    shown = detail(qtbot, services, script)
    shown.buttons[Status.SUPPLEMENT_REQUESTED].click()
    assert shown.history.item(1, 3).text() == "Thiếu bản chính giấy khai sinh"
    assert shown.error.isHidden()


def test_an_empty_reason_is_refused_with_a_message(qtbot: Any, services: Services) -> None:
    shown = detail(qtbot, services, Script(reason="   "))
    assert shown.move_to(Status.REFUSED) is False
    assert not shown.error.isHidden()
    assert services.dossiers.get(shown.dossier.code).status is Status.RECEIVED


def test_reprint_queues_the_receipt(qtbot: Any, services: Services) -> None:
    from printers.virtual import VirtualPrinter

    shown = detail(qtbot, services, Script())
    signals: list[None] = []
    shown.printed.connect(lambda: signals.append(None))
    with VirtualPrinter(services.printing.profiles()["epson-tm-t82"]) as printer:
        services.printing.configure(printer.url, 9600, "epson-tm-t82", "admin")
        shown.print_receipt()
    jobs = services.printing.jobs()
    assert [job.kind for job in jobs] == ["receipt"] and jobs[0].state == "queued"
    assert shown.dossier.code in jobs[0].title
    assert signals == [None]


def test_form_01_is_drawn_in_the_background_and_opened(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    opened: list[Path] = []
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(services, "admin", dossier, ask=Script().asker(), open_file=opened.append)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        shown.open_form("01")
    assert len(opened) == 1 and opened[0].name == f"{dossier.code}-01.pdf"
    assert opened[0].read_bytes().startswith(b"%PDF")


def test_a_form_that_no_viewer_opens_says_where_it_was_saved(
    qtbot: Any, services: Services
) -> None:
    """A PC without a PDF viewer (or one that refuses to start): the button did nothing
    the officer could see; now the dialog says where the form is."""
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(
        services, "admin", dossier, ask=Script().asker(), open_file=lambda _path: False
    )
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000) as written:
        shown.open_form("01")
    saved = written.args[0]
    assert saved.exists()
    assert not shown.error.isHidden()
    assert str(saved) in shown.error.text()
    assert "no PDF viewer" in shown.error.text()


def test_a_refusal_form_needs_a_refusal(qtbot: Any, services: Services) -> None:
    shown = detail(qtbot, services, Script())
    shown.open_form("03")
    assert not shown.error.isHidden()


def test_a_late_dossier_gets_a_new_date_and_form_04(qtbot: Any, services: Services) -> None:
    from counter_app.domain.clock import VIETNAM

    opened: list[Path] = []
    script = Script()
    new_due = datetime(2026, 11, 25, 10, 0, tzinfo=VIETNAM)
    script.later = ("Chờ xác minh của cơ quan khác", new_due)
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    shown = DossierDetail(services, "admin", dossier, ask=script.asker(), open_file=opened.append)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        assert shown.reschedule() is True
    assert services.dossiers.get(dossier.code).due_at == new_due
    assert opened[0].name.endswith("-04.pdf")
    events = services.db.execute(
        "SELECT count(*) FROM events WHERE type = 'dossier.rescheduled'"
    ).fetchone()[0]
    assert events == 1


def test_a_new_date_must_be_later(qtbot: Any, services: Services) -> None:
    from counter_app.domain.clock import VIETNAM

    script = Script()
    script.later = ("Lý do", datetime(2026, 11, 23, 8, 0, tzinfo=VIETNAM))
    shown = detail(qtbot, services, script)
    assert shown.reschedule() is False
    assert not shown.error.isHidden()


def test_fee_by_qr_then_cash_is_refused_once_paid(qtbot: Any, services: Services) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
    shown = detail(qtbot, services, Script(confirm=True))
    started: list[object] = []
    shown.payment_started.connect(lambda payment, dossier: started.append(payment))
    shown.start_qr()
    assert len(started) == 1
    assert "waiting for the transfer" in shown.summary.text()
    shown.take_cash()
    assert "paid (cash)" in shown.summary.text()
    assert (
        services.payments.report(services.clock.now(), "admin")["paid_total_by_method"]["cash"]
        == 10_000
    )


def test_a_seen_transfer_needs_a_reason(qtbot: Any, services: Services) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
    script = Script(reason="Công dân đưa biên lai chuyển khoản")
    shown = detail(qtbot, services, script)
    payment = services.payments.start_qr(shown.dossier.code, "admin")
    shown.confirm_transfer(payment.reference)
    assert "paid (transfer)" in shown.summary.text()
    assert services.payments.get(payment.reference).reason == "Công dân đưa biên lai chuyển khoản"


def test_the_fee_receipt_is_numbered_once_and_opened(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
    opened: list[Path] = []
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    services.payments.record_cash(dossier.code, "admin")
    shown = DossierDetail(services, "admin", dossier, ask=Script().asker(), open_file=opened.append)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        shown.fee_receipt()
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        shown.fee_receipt()  # a reprint keeps its number
    assert [path.name for path in opened] == [
        f"{dossier.code}-bien-lai-0000001.pdf",
        f"{dossier.code}-bien-lai-0000001.pdf",
    ]
    assert opened[0].read_bytes().startswith(b"%PDF")
    issued = services.db.execute(
        "SELECT count(*) FROM events WHERE type = 'payment.receipt_issued'"
    ).fetchone()[0]
    assert issued == 1


def test_stopping_a_dossier_in_processing_offers_form_05(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    opened: list[Path] = []
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    services.dossiers.change_status(dossier.code, Status.IN_PROCESSING, "", "admin")
    script = Script(reason="Phát hiện giấy tờ giả mạo")
    shown = DossierDetail(services, "admin", dossier, ask=script.asker(), open_file=opened.append)
    qtbot.addWidget(shown)
    assert Status.REFUSED not in shown.buttons  # refusing is for the counter, before handling
    assert shown.action_label(Status.STOPPED) == "Stop handling"
    shown.buttons[Status.STOPPED].click()
    assert script.asked == ["Why does the handling of this dossier stop?"]
    assert shown.dossier.status is Status.STOPPED and "(8)" in shown.summary.text()
    labels = [shown.papers.itemAt(i).widget() for i in range(shown.papers.count())]
    texts = [w.text() for w in labels if w is not None and hasattr(w, "text")]
    assert "Notice of stop 05 (PDF)" in texts and "Control slip 06 (PDF)" in texts
    with qtbot.waitSignal(shown.pdf_ready, timeout=10_000):
        shown.open_form("05")
    assert opened[0].name == f"{dossier.code}-05.pdf"
    assert opened[0].read_bytes().startswith(b"%PDF")


def test_the_dossier_is_handed_to_another_officer(qtbot: Any, services: Services) -> None:
    services.accounts.add_officer("cb.lan", "Nguyễn Thị Lan", "officer", "mat-khau-dai", "admin")
    shown = detail(qtbot, services, Script())
    changes: list[None] = []
    shown.changed.connect(lambda: changes.append(None))
    shown.reassign()
    dialog = shown.reassign_dialog
    assert [dialog.to.itemData(i) for i in range(dialog.to.count())] == ["cb.lan"]
    dialog.reason.setText("\u200b")
    dialog.submit()
    assert not dialog.error.isHidden() and dialog.isVisible()
    dialog.reason.setText("Cán bộ nghỉ phép")
    dialog.submit()
    assert not dialog.isVisible() and changes == [None]
    assert shown.dossier.officer == "cb.lan" == services.dossiers.get(shown.dossier.code).officer


def test_with_nobody_to_hand_to_the_dialog_says_so_at_once(qtbot: Any, services: Services) -> None:
    shown = detail(qtbot, services, Script())
    shown.reassign()
    dialog = shown.reassign_dialog
    assert dialog.to.count() == 0 and not dialog.error.isHidden()
    assert "no other active officer" in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert not dialog.reason.isEnabled()
    code = shown.dossier.code
    dialog.submit()  # even if called, nothing changes
    assert services.dossiers.get(code).officer == "admin"


@pytest.mark.usefixtures("vietnamese")
def test_fee_refusals_are_told_in_vietnamese(qtbot: Any, services: Services) -> None:
    """The window's fee buttons refuse in the officer's language, never with the
    service's English sentence inside a Vietnamese frame."""
    shown = detail(qtbot, services, Script(confirm=True))
    shown.start_qr()
    assert shown.error.text().startswith("Chưa khai báo tài khoản nhận phí, lệ phí")
    shown.take_cash()
    shown.take_cash()
    assert shown.error.text() == "Phí, lệ phí của hồ sơ này đã được nộp."


@pytest.mark.usefixtures("vietnamese")
def test_a_new_date_refused_says_why_in_vietnamese(qtbot: Any, services: Services) -> None:
    """Form 04 without a reason, or with a date not after the promised one: one
    Vietnamese sentence, not "Dữ liệu không hợp lệ (Form 04 needs ...)"."""
    from datetime import timedelta

    script = Script()
    shown = detail(qtbot, services, script)
    due = shown.dossier.due_at
    script.later = ("", due + timedelta(days=1))
    assert not shown.reschedule()
    assert shown.error.text() == "Nhập lý do trễ hẹn và chọn ngày hẹn mới."
    script.later = ("Chờ xác minh của cơ quan khác", due)
    assert not shown.reschedule()
    assert shown.error.text() == "Ngày hẹn mới phải sau ngày đã hẹn."


@pytest.mark.usefixtures("vietnamese")
def test_a_register_range_refused_says_why_in_vietnamese(services: Services) -> None:
    from datetime import date

    from counter_app.domain.errors import DomainError
    from counter_app.ui.messages import error_text

    with pytest.raises(DomainError) as refused:
        services.forms.prepare_register(date(2026, 11, 20), date(2026, 11, 1))
    assert error_text(refused.value) == (
        "Chọn khoảng ngày không quá một năm, ngày đầu không sau ngày cuối."
    )


def test_a_long_reason_in_the_history_is_read_whole(qtbot: Any, services: Services) -> None:
    """A reason of a few hundred characters (up to 500 are kept): its row grows to show
    it rather than ending in "…" over an empty table."""
    reason = (
        "Thiếu bản sao giấy khai sinh có chứng thực của người con; giấy xác nhận tình trạng "
        "hôn nhân đã hết hạn 6 tháng; đề nghị bổ sung văn bản ủy quyền có công chứng. "
    ) * 2
    dossier = services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin")
    services.dossiers.change_status(
        dossier.code, Status.SUPPLEMENT_REQUESTED, reason.strip(), "admin"
    )
    shown = DossierDetail(services, "admin", dossier, ask=Script().asker())
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    history = shown.history
    (row,) = [r for r in range(history.rowCount()) if history.item(r, 3).text()]
    assert history.item(row, 3).text() == reason.strip()
    assert history.rowHeight(row) >= history.sizeHintForRow(row) > history.rowHeight(0)
    assert tip_text(history.item(row, 3).toolTip()) == reason.strip()
