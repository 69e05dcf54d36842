"""A dossier in full: its data, its history (who, when, why) and the next steps.

Every action of the status machine is confirmed (with a reason where the law
wants one) before the service records it with its event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain.dossiers import REASON_REQUIRED, TRANSITIONS, Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.payments import Method, Payment, PaymentState
from counter_app.domain.records import record
from counter_app.services.dossiers import OPEN
from counter_app.ui.apology_dialog import ask_new_date
from counter_app.ui.background import run_in_background
from counter_app.ui.labels import form_label
from counter_app.ui.messages import error_label, error_text
from counter_app.ui.models import fee_label, status_label
from counter_app.ui.printer_words import printer_missing
from counter_app.ui.screen_fit import resize_to_fit
from counter_app.ui.tooltips import as_written


@record
class Asker:
    """How the dialog asks the officer; tests script the answers."""

    confirm: Callable[[QWidget, str, str], bool]
    reason: Callable[[QWidget, str, str], str | None]
    new_date: Callable[[QWidget, datetime], tuple[str, datetime] | None] = ask_new_date


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    # Our own button words: Qt's translations are not shipped with the app.
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(
        QCoreApplication.translate("DossierDetail", "Yes"), QMessageBox.ButtonRole.YesRole
    )
    box.addButton(QCoreApplication.translate("DossierDetail", "No"), QMessageBox.ButtonRole.NoRole)
    box.exec()
    return box.clickedButton() is yes


def _reason(parent: QWidget, title: str, prompt: str) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(prompt)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setOkButtonText(QCoreApplication.translate("DossierDetail", "Save"))
    dialog.setCancelButtonText(QCoreApplication.translate("DossierDetail", "Cancel"))
    return dialog.textValue() if dialog.exec() else None


ASK_PEOPLE = Asker(_confirm, _reason)


def open_in_viewer(path: Path) -> bool:
    """False when no viewer opened it (none installed, or it would not start)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def not_opened_text(path: Path) -> str:
    """What to do with a PDF that was saved but that no viewer opened."""
    return QCoreApplication.translate(
        "DossierDetail",
        "Saved as %1, but no PDF viewer opened it: open the file from that folder, "
        "or ask IT to install a PDF viewer.",
    ).replace("%1", str(path))


class DossierDetail(QDialog):
    changed = Signal()
    printed = Signal()
    payment_started = Signal(object, object)  # the Payment, the Dossier: to the citizen screen
    pdf_ready = Signal(object)  # the Path of a form just written

    def __init__(
        self,
        services: Services,
        officer: str,
        dossier: Dossier,
        parent: QWidget | None = None,
        ask: Asker = ASK_PEOPLE,
        open_file: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_file = open_file or open_in_viewer
        self._services = services
        self._officer = officer
        self._ask = ask
        resize_to_fit(self, 900, 640)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Officer"), self.tr("Change"), self.tr("Reason")]
        )
        self.history.verticalHeader().hide()
        # A row as high as its reason (up to 500 characters, wrapped), not cut at one line
        rows = self.history.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.error = error_label()
        self.actions = QHBoxLayout()
        self.papers = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("<b>History</b>")))
        layout.addWidget(self.history)
        layout.addWidget(self.error)
        layout.addLayout(self.papers)
        layout.addLayout(self.actions)
        self.show_dossier(services.dossiers.get(dossier.code))

    def show_dossier(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.setWindowTitle(self.tr("Dossier %1").replace("%1", dossier.code))
        self.summary.setText(self._summary_html(dossier))
        self._show_history(dossier)
        self._show_actions(dossier)
        self._show_papers(dossier)
        self.error.hide()

    def _summary_html(self, d: Dossier) -> str:
        person = d.applicant
        rows = [
            (self.tr("Status"), f"<b>{status_label(d.status)}</b> ({d.national_status})"),
            (self.tr("Procedure"), f"{d.procedure_code} · {escape(d.procedure_name)}"),
            (self.tr("Applicant"), escape(person.full_name)),
            (self.tr("ID number"), escape(person.id_number or "—")),
            (self.tr("Address"), escape(person.address or "—")),
            (self.tr("Phone"), escape(person.phone or "—")),
            (self.tr("Delegate"), escape(d.delegate.full_name) if d.delegate else "—"),
            (
                self.tr("Documents"),
                "<br>".join(
                    f"{i}. {escape(doc.name)} ({form_label(doc.form)}, {doc.count})"
                    for i, doc in enumerate(d.documents, 1)
                )
                or "—",
            ),
            (self.tr("Sets"), str(d.sets)),
            (self.tr("Fee"), f"{fee_label(d.fee_total)} · {self._fee_state(d)}"),
            (self.tr("Received"), f"{d.received_at:%H:%M %d/%m/%Y} · {escape(d.officer)}"),
            (self.tr("Return"), f"<b>{d.due_at:%H:%M %d/%m/%Y}</b>"),
            (self.tr("Lookup secret"), d.lookup_secret),
        ]
        cells = "".join(
            f"<tr><td style='padding-right:12px; color:#555'>{label}</td><td>{value}</td></tr>"
            for label, value in rows
        )
        return f"<h2>{d.code}</h2><table>{cells}</table>"

    def _fee_state(self, dossier: Dossier) -> str:
        if dossier.fee_total is None:
            return self.tr("the unit had not set this fee when the dossier was received")
        if dossier.fee_total == 0:
            return self.tr("nothing to pay")
        found = self._services.payments.for_dossier(dossier.code)
        paid = [p for p in found if p.state is PaymentState.PAID]
        if paid:
            how = self.tr("cash") if paid[-1].method is Method.CASH else self.tr("transfer")
            return self.tr("paid (%1)").replace("%1", how)
        if any(p.state is PaymentState.PENDING for p in found):
            return self.tr("waiting for the transfer")
        return self.tr("not paid")

    def _show_history(self, dossier: Dossier) -> None:
        self.history.setRowCount(len(dossier.history))
        for row, entry in enumerate(dossier.history):
            change = status_label(entry.to_status)
            if entry.from_status is not None:
                change = f"{status_label(entry.from_status)} → {change}"
            values = [f"{entry.at:%H:%M %d/%m/%Y}", entry.officer, change, entry.reason]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(as_written(value))  # a reason's "<b>" as typed
                self.history.setItem(row, column, item)
        self.history.resizeColumnsToContents()

    def _show_actions(self, dossier: Dossier) -> None:
        _clear(self.actions)
        self.buttons: dict[Status, QPushButton] = {}
        for target in sorted(TRANSITIONS[dossier.status], key=list(Status).index):
            button = QPushButton(self.action_label(target))
            button.clicked.connect(lambda _=False, target=target: self.move_to(target))
            self.actions.addWidget(button)
            self.buttons[target] = button
        if dossier.status in OPEN:
            hand = QPushButton(self.tr("Hand to another officer…"))
            hand.clicked.connect(self.reassign)
            self.actions.addWidget(hand)
        self.actions.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.actions.addWidget(close)

    def _show_papers(self, dossier: Dossier) -> None:
        _clear(self.papers)
        reprint = QPushButton(self.tr("Print the receipt"))
        reprint.clicked.connect(self.print_receipt)
        self.papers.addWidget(reprint)
        self._show_fee_buttons(dossier)
        forms = [("01", self.tr("Form 01 (PDF)")), ("06", self.tr("Control slip 06 (PDF)"))]
        reached = {entry.to_status for entry in dossier.history}
        if Status.SUPPLEMENT_REQUESTED in reached:
            forms.append(("02", self.tr("Supplement request 02 (PDF)")))
        if Status.REFUSED in reached:
            forms.append(("03", self.tr("Refusal 03 (PDF)")))
        if Status.STOPPED in reached:
            forms.append(("05", self.tr("Notice of stop 05 (PDF)")))
        if dossier.status in OPEN:
            late = QPushButton(self.tr("Apology, extension 04 (PDF)"))
            late.clicked.connect(self.reschedule)
            self.papers.addWidget(late)
        for number, label in forms:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, number=number: self.open_form(number))
            self.papers.addWidget(button)
        self.papers.addStretch(1)

    def reschedule(self) -> bool:
        """Form 04: the officer says why and until when; the dossier gets the new date."""
        answer = self._ask.new_date(self, self.dossier.due_at)
        if answer is None:
            return False
        reason, new_due = answer
        code = self.dossier.code
        try:
            draw = self._services.forms.prepare("04", code, reason=reason, new_due=new_due)
            updated = self._services.dossiers.reschedule(code, new_due, reason, self._officer)
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return False
        self.show_dossier(updated)
        self.changed.emit()
        self._write_and_open(draw, "04")
        return True

    def _show_fee_buttons(self, dossier: Dossier) -> None:
        if dossier.fee_total is None:
            self._show_determine_fee(dossier)
            return
        if dossier.fee_total == 0:
            return
        found = self._services.payments.for_dossier(dossier.code)
        if any(p.state is PaymentState.PAID for p in found):
            issue = QPushButton(self.tr("Fee receipt"))
            issue.clicked.connect(self.fee_receipt)
            self.papers.addWidget(issue)
            return
        pending = [p for p in found if p.state is PaymentState.PENDING]
        for label, slot in (
            (self.tr("Fee by QR"), self.start_qr),
            (self.tr("Cash received"), self.take_cash),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.papers.addWidget(button)
        if pending:
            confirm = QPushButton(self.tr("Transfer seen"))
            confirm.clicked.connect(lambda: self.confirm_transfer(pending[-1].reference))
            self.papers.addWidget(confirm)

    def _show_determine_fee(self, dossier: Dossier) -> None:
        """Price the dossier once the administrator has set the fee's amount."""
        button = QPushButton(self.tr("Work out the fee"))
        missing = {item.procedure.code for item in self._services.catalogue.missing_fees()}
        if dossier.procedure_code in missing:
            button.setEnabled(False)
            button.setToolTip(self.tr("The administrator has not set this fee's amount yet."))
        button.clicked.connect(self.determine_fee)
        self.papers.addWidget(button)

    def determine_fee(self) -> None:
        try:
            updated = self._services.reception.determine_fee(self.dossier.code, self._officer)
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.show_dossier(updated)
        self.changed.emit()

    def fee_receipt(self) -> None:
        """Biên lai thu phí, lệ phí: numbered once, printed on the counter printer, as PDF."""
        payment = self._services.payments.paid_payment(self.dossier.code)
        if payment is None:
            return
        number = self._services.payments.receipt_number(payment.reference, self._officer)
        if self._printer_ready():
            self._services.printing.print_fee_receipt(self.dossier, payment, number, self._officer)
            self.printed.emit()
        draw = self._services.forms.prepare_fee_receipt(
            self.dossier.code, payment, number, self._officer
        )
        self._write_and_open(draw, f"bien-lai-{number}")

    def start_qr(self) -> None:
        self._fee_action(lambda: self._services.payments.start_qr(self.dossier.code, self._officer))

    def take_cash(self) -> None:
        title = self.tr("Cash received")
        text = (
            self.tr("%1 in cash for %2?")
            .replace("%1", fee_label(self.dossier.fee_total))
            .replace("%2", self.dossier.code)
        )
        if self._ask.confirm(self, title, text):
            self._fee_action(
                lambda: self._services.payments.record_cash(self.dossier.code, self._officer)
            )

    def confirm_transfer(self, reference: str) -> None:
        """The bank has not reported it: the officer confirms, with why (reported apart)."""
        reason = self._ask.reason(
            self, self.tr("Transfer seen"), self.tr("How did you see the money arrive?")
        )
        if reason is not None:
            self._fee_action(
                lambda: self._services.payments.confirm(reference, self._officer, reason)
            )

    def _fee_action(self, action: Callable[[], Payment]) -> None:
        try:
            payment = action()
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.show_dossier(self._services.dossiers.get(self.dossier.code))
        self.payment_started.emit(payment, self.dossier)
        self.changed.emit()

    def print_receipt(self) -> None:
        if self._printer_ready():
            self._services.printing.print_receipt(self.dossier, self._officer)
            self.printed.emit()

    def _printer_ready(self) -> bool:
        """Whether the counter has a printer; if not, the dialog says so and where to set one."""
        missing = printer_missing(self._services.printing)
        self.error.setText(missing or "")
        self.error.setVisible(missing is not None)
        return missing is None

    def open_form(self, number: str) -> None:
        """Draw the PDF off the GUI thread, save it next to the data, open the viewer."""
        pending = self._services.payments.pending_payment(self.dossier.code)
        fee_qr = pending.qr_payload if pending else None
        try:
            draw = self._services.forms.prepare(number, self.dossier.code, fee_qr=fee_qr)
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self._write_and_open(draw, number)

    def _write_and_open(self, draw: Callable[[], bytes], number: str) -> None:
        target = self._services.path.parent / "papers" / f"{self.dossier.code}-{number}.pdf"

        def work() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(draw())
            return target

        run_in_background(self, work, self._pdf_written)

    def _pdf_written(self, path: Path) -> None:
        self.pdf_ready.emit(path)
        if self._open_file(path) is False:  # the button did nothing to be seen
            self.error.setText(not_opened_text(path))
            self.error.show()

    def action_label(self, target: Status) -> str:
        labels = {
            Status.IN_PROCESSING: self.tr("Send to processing"),
            Status.SUPPLEMENT_REQUESTED: self.tr("Request documents"),
            Status.RESULT_READY: self.tr("Result ready"),
            Status.RETURNED: self.tr("Return to the citizen"),
            Status.REFUSED: self.tr("Refuse"),
            Status.WITHDRAWN: self.tr("Withdraw"),
            Status.STOPPED: self.tr("Stop handling"),
            Status.RECEIVED: self.tr("Received"),
        }
        return labels[target]

    def reassign(self) -> None:
        from counter_app.ui.reassign_dialog import ReassignDialog

        self.reassign_dialog = ReassignDialog(self._services, self._officer, self.dossier, self)
        self.reassign_dialog.reassigned.connect(self._reassigned)
        self.reassign_dialog.open()

    def _reassigned(self, dossier: Dossier) -> None:
        self.show_dossier(dossier)
        self.changed.emit()

    def move_to(self, target: Status) -> bool:
        """Ask, then record; nothing changes when the officer cancels."""
        title = self.action_label(target)
        reason = ""
        if target in REASON_REQUIRED:
            prompts = {
                Status.SUPPLEMENT_REQUESTED: self.tr("What is missing, and why?"),
                Status.REFUSED: self.tr("Why is the dossier refused?"),
                Status.WITHDRAWN: self.tr("Why does the citizen withdraw it?"),
                Status.STOPPED: self.tr("Why does the handling of this dossier stop?"),
            }
            answer = self._ask.reason(self, title, prompts[target])
            if answer is None:
                return False
            reason = answer
        elif not self._ask.confirm(
            self, title, self.tr("%1: %2?").replace("%1", title).replace("%2", self.dossier.code)
        ):
            return False
        try:
            updated = self._services.dossiers.change_status(
                self.dossier.code, target, reason, self._officer
            )
        except DomainError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return False
        self.show_dossier(updated)
        self.changed.emit()
        return True


def _clear(row: QHBoxLayout) -> None:
    while row.count():
        item = row.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
