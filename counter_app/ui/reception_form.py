"""The reception form: procedure, applicant (from the card or typed), documents, fee, save.

The form holds the same plain data as the JSON reception document; the domain
checks it, and each refusal is shown next to the field it names. The fee and
the promised time follow every change; what is typed is kept as a draft until
the dossier is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.app import Services
from counter_app.domain import card_rules, citizens
from counter_app.domain.citizens import CardReading, read_card_qr
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeRequest
from counter_app.domain.procedures import Procedure
from counter_app.domain.reception import parse_reception
from counter_app.services.installation import StorageError
from counter_app.ui.labels import form_label, weekday_name
from counter_app.ui.messages import ERROR_STYLE, error_label, error_text, store_error_text
from counter_app.ui.models import fee_label
from counter_app.ui.name_combo import ElidingComboBox
from counter_app.ui.person_fields import PersonFields

# The documents table grows with its rows up to this; a longer list scrolls.
MAX_DOCUMENTS_HEIGHT = 300
# The procedure and exemption drop-downs' widths, in characters, whatever their names:
# the form's width never depends on a catalogue's text or on when it was filled (a
# restored draft's longest exemption pushed the form past a 1024-wide screen's pane).
PROCEDURE_LENGTH = 24
EXEMPTION_LENGTH = 12


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class ReceptionForm(QWidget):
    """One reception, from the first key to the saved dossier code."""

    received = Signal(object)  # the saved Dossier
    edited = Signal()  # the officer changed something (not a programme's fill or clear)

    def __init__(self, services: Services, officer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._officer = officer
        self._procedure: Procedure | None = None
        self._loading = False
        self._draft_timer = QTimer(self, singleShot=True, interval=400)
        self._draft_timer.timeout.connect(self.save_draft)
        self._build()
        self._connect()
        self._show_fee_fields(None)
        self._fill_procedures("")
        self._restore_draft()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._procedure_box())
        self.card_info = QLabel()
        self.card_info.setWordWrap(True)
        self.card_info.hide()
        layout.addWidget(self.card_info)
        self.card_expired = error_label()  # a warning: the reception goes on
        layout.addWidget(self.card_expired)
        self.applicant = PersonFields(self.tr("Applicant (Alt+2)"))
        layout.addWidget(self.applicant)
        self.has_delegate = QCheckBox(self.tr("Submitted by a delegate"))
        layout.addWidget(self.has_delegate)
        self.delegate = PersonFields(self.tr("Delegate"))
        self.delegate.hide()
        layout.addWidget(self.delegate)
        layout.addWidget(self._documents_box())
        layout.addWidget(self._summary_box())
        layout.addStretch(1)

    def _procedure_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Procedure (Alt+1)"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.procedure_search = QLineEdit()
        self.procedure_search.setPlaceholderText(self.tr("Code or name, without diacritics"))
        self.procedure_choice = ElidingComboBox(PROCEDURE_LENGTH)
        self.procedure_error = error_label()
        row.addWidget(self.procedure_search, 1)
        row.addWidget(self.procedure_choice, 1)
        column.addLayout(row)
        column.addWidget(self.procedure_error)
        return box

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Documents and fee (Alt+3)"))
        grid = QGridLayout(box)
        self.documents = QTableWidget(0, 3)
        self.documents.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Form"), self.tr("Count")]
        )
        self.documents.horizontalHeader().setStretchLastSection(False)
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.verticalHeader().hide()
        self.documents.setWordWrap(True)
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid.addWidget(self.documents, 0, 0, 1, 4)
        self.sets, self.pages, self.copies = _spin(1, 100, 1), _spin(0, 10000, 0), _spin(1, 1000, 1)
        self.age = _spin(-1, 150, -1)
        self.age.setSpecialValueText(" ")
        self.channel = QComboBox()
        for label, value in (
            (self.tr("At the counter"), Channel.DIRECT),
            (self.tr("Online"), Channel.ONLINE),
            (self.tr("By post"), Channel.POSTAL),
        ):
            self.channel.addItem(label, value.value)
        self.late = QCheckBox(self.tr("Registered late"))
        self.exemption = ElidingComboBox(EXEMPTION_LENGTH)
        self.fee_error = error_label()
        self._fee_labels: dict[str, QLabel] = {}
        self._lay_out_fee_fields(grid)
        self._fit_documents()
        return box

    def _lay_out_fee_fields(self, grid: QGridLayout) -> None:
        """Two fields a row under the documents, the two every procedure asks first; the
        exemption, whose names are long ("Gia đình có công với cách mạng (thân nhân liệt
        sĩ, …)"), on a row of its own, where it shows most of the name without widening
        the form."""
        cells = [
            ("sets", self.tr("Sets"), self.sets),
            ("channel", self.tr("Channel"), self.channel),
            ("pages", self.tr("Pages per copy"), self.pages),
            ("copies", self.tr("Copies"), self.copies),
            ("age", self.tr("Age"), self.age),
        ]
        for index, (key, text, widget) in enumerate(cells):
            grid.addWidget(self._fee_label(key, text, widget), 1 + index // 2, (index % 2) * 2)
            grid.addWidget(widget, 1 + index // 2, (index % 2) * 2 + 1)
        row = 1 + (len(cells) + 1) // 2  # under the pairs
        grid.addWidget(self._fee_label("exemption", self.tr("Exemption"), self.exemption), row, 0)
        grid.addWidget(self.exemption, row, 1, 1, 3)
        grid.addWidget(self.late, row + 1, 0, 1, 2)
        grid.addWidget(self.fee_error, row + 2, 0, 1, 4)

    def _fee_label(self, key: str, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        self._fee_labels[key] = label
        return label

    def _summary_box(self) -> QWidget:
        """Fee and promised time in large type, then the two buttons, then the outcome."""
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 2)
        self.save_button = QPushButton(self.tr("Receive (Ctrl+S)"))
        self.save_button.setToolTip(self.tr("Save the dossier and give its code (Ctrl+S)"))
        self.save_button.setStyleSheet("font-weight: bold; padding: 6px 14px;")
        self.clear_button = QPushButton(self.tr("New (F2)"))
        self.clear_button.setToolTip(self.tr("Start a new reception (F2)"))
        self.general_error = error_label()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet(
            "background: #e3f2fd; padding: 6px; font-size: 12pt; border-radius: 4px;"
        )
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        line = QHBoxLayout()  # the fee and the time beside the buttons: one row less
        line.addWidget(self.summary, 1)
        line.addLayout(buttons)
        wrapper = QWidget()
        column = QVBoxLayout(wrapper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(line)
        column.addWidget(self.general_error)
        column.addWidget(self.result)
        return wrapper

    # --- behaviour ----------------------------------------------------------------------

    def _connect(self) -> None:
        self.procedure_search.textChanged.connect(self._fill_procedures)
        self.procedure_search.returnPressed.connect(self.applicant.id_number.setFocus)
        self.procedure_choice.currentIndexChanged.connect(self._procedure_chosen)
        self.has_delegate.toggled.connect(self.delegate.setVisible)
        for spin in (self.sets, self.pages, self.copies, self.age):
            spin.valueChanged.connect(self._changed)
        for combo in (self.channel, self.exemption):
            combo.currentIndexChanged.connect(self._changed)
        self.late.toggled.connect(self._changed)
        self.documents.itemChanged.connect(self._changed)
        for person in (self.applicant, self.delegate):
            for edit in (
                person.full_name,
                person.id_number,
                person.address,
                person.phone,
                person.email,
            ):
                edit.textChanged.connect(self._changed)
            person.birth_date.dateChanged.connect(self._changed)
            person.gender.currentIndexChanged.connect(self._changed)
        self.applicant.id_number.editingFinished.connect(self._check_id_typed)
        self.save_button.clicked.connect(self.submit)
        self.clear_button.clicked.connect(self.clear)
        for keys, slot in (
            ("Ctrl+Return", self.submit),
            ("Alt+1", self.procedure_search.setFocus),
            ("Alt+2", self.applicant.id_number.setFocus),
            ("Alt+3", self.documents.setFocus),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)

    def _fill_procedures(self, text: str) -> None:
        today = self._services.clock.now().date()
        found = self._services.reference.catalogue().search(text, today)
        current = self._procedure.code if self._procedure else None
        self.procedure_choice.blockSignals(True)
        self.procedure_choice.clear()
        self.procedure_choice.add_name(self.tr("— choose a procedure —"), None)
        for procedure in found:
            self.procedure_choice.add_name(f"{procedure.code} · {procedure.name}", procedure.code)
        index = self.procedure_choice.findData(current) if current else -1
        if index < 0 and text.strip() and found:
            index = 1  # the best match, so that typing and Enter is enough
        self.procedure_choice.setCurrentIndex(max(index, 0))
        self.procedure_choice.blockSignals(False)
        self._procedure_chosen()

    def _procedure_chosen(self) -> None:
        code = self.procedure_choice.currentData()
        today = self._services.clock.now().date()
        procedure = self._services.reference.catalogue().get(code, today) if code else None
        if procedure != self._procedure:
            self._procedure = procedure
            self._show_documents(procedure)
            self._show_fee_fields(procedure)
        self._changed()

    def _show_documents(self, procedure: Procedure | None) -> None:
        self.documents.blockSignals(True)
        documents = procedure.documents if procedure else ()
        self.documents.setRowCount(len(documents))
        for row, document in enumerate(documents):
            item = QTableWidgetItem(document.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(
                Qt.CheckState.Unchecked if document.optional else Qt.CheckState.Checked
            )
            item.setData(Qt.ItemDataRole.UserRole, document.form.value)
            self.documents.setItem(row, 0, item)
            form = QTableWidgetItem(form_label(document.form.value))
            form.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.documents.setItem(row, 1, form)
            self.documents.setItem(row, 2, QTableWidgetItem(str(document.count)))
        self._fit_documents()
        self.documents.blockSignals(False)

    def _fit_documents(self) -> None:
        """The table as tall as its rows (the longest list of the catalogue has six): the
        officer ticks every document without scrolling; the name column takes the width
        left by the form and count columns, wrapping long names."""
        header = self.documents.horizontalHeader()
        for column in (1, 2):
            self.documents.resizeColumnToContents(column)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        # The form column wraps too ("Bản chính hoặc bản sao có chứng thực" on one line
        # left the names a word a line on a 1024-wide screen): at most a third of the table.
        most = self.documents.width() // 3
        if most > 0 and self.documents.columnWidth(1) > most:
            self.documents.setColumnWidth(1, most)
        self.documents.resizeRowsToContents()
        rows = sum(self.documents.rowHeight(r) for r in range(self.documents.rowCount()))
        frame = 2 * self.documents.frameWidth()
        height = header.height() + max(rows, self.documents.fontMetrics().height() * 2) + frame
        self.documents.setFixedHeight(min(height, MAX_DOCUMENTS_HEIGHT))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.documents.rowCount():  # names wrap differently at another width
            QTimer.singleShot(0, self._fit_documents)

    def _show_fee_fields(self, procedure: Procedure | None) -> None:
        fees = procedure.fees if procedure else None
        shown = {
            "pages": bool(fees and fees.needs_pages()),
            "copies": bool(fees and fees.depends_on_copies()),
            "age": bool(fees and fees.depends_on_age()),
            "exemption": bool(fees and fees.exemptions),
        }
        for key, visible in shown.items():
            self._fee_labels[key].setVisible(visible)
            getattr(self, key).setVisible(visible)
        self.late.setVisible(bool(fees and fees.depends_on_lateness()))
        self.exemption.blockSignals(True)
        self.exemption.clear()
        self.exemption.add_name(self.tr("None"), None)
        for exemption in fees.exemptions if fees else ():
            self.exemption.add_name(exemption.label, exemption.code)
        self.exemption.blockSignals(False)

    def _changed(self) -> None:
        if self._loading:
            return
        self.edited.emit()
        self.result.hide()
        self._update_preview()
        self._draft_timer.start()

    def _fee_request(self) -> FeeRequest:
        return FeeRequest(
            pages=self.pages.value() or None,
            copies=self.copies.value(),
            channel=Channel(self.channel.currentData()),
            age=None if self.age.value() < 0 else self.age.value(),
            late=self.late.isChecked(),
            exemption=self.exemption.currentData(),
        )

    def refresh_preview(self) -> None:
        """Price again: the catalogue changed (a fee was set)."""
        self._update_preview()

    def _update_preview(self) -> None:
        self.fee_error.hide()
        if self._procedure is None:
            self.summary.setText(self.tr("Choose a procedure to see the fee and the date."))
            return
        try:
            preview = self._services.reception.preview(self._procedure.code, self._fee_request())
        except DomainError as error:
            self.summary.setText(self.tr("Fee: —"))
            self.fee_error.setText(error_text(error))
            self.fee_error.show()
            return
        due = preview.due_at
        fee = fee_label(preview.quote.total)
        if preview.quote.total is None:
            fee = self.tr("%1 (the unit has not set this fee yet)").replace("%1", fee)
        when = f"{due:%H:%M} {weekday_name(due.date())} {due:%d/%m/%Y}"
        if preview.due_is_expected:
            # Counted over days off the government has not announced yet (Tết of a
            # coming year): the officer says the date may move.
            when += "<br><small>" + self.tr(
                "expected: the days off of %1 are not announced yet"
            ).replace("%1", ", ".join(sorted({str(d.year) for d in preview.expected_days})))
            when += "</small>"
        self.summary.setText(
            self.tr("Fee: %1<br>Return: %2").replace("%1", fee).replace("%2", when)
        )

    # --- data ---------------------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The form as a reception document (the JSON of ``dossier receive``)."""
        fee = self._fee_request()
        return {
            "procedure": self._procedure.code if self._procedure else None,
            "channel": fee.channel.value,
            "applicant": self.applicant.data(),
            "delegate": self.delegate.data() if self.has_delegate.isChecked() else None,
            "documents": self._documents_data(),
            "sets": self.sets.value(),
            "fee": {
                "pages": fee.pages,
                "copies": fee.copies,
                "age": fee.age,
                "late": fee.late,
                "exemption": fee.exemption,
            },
            "collect_at": "counter",
            "note": "",
        }

    def _documents_data(self) -> list[dict[str, Any]]:
        documents = []
        for row in range(self.documents.rowCount()):
            item = self.documents.item(row, 0)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            count_text = (self.documents.item(row, 2) or QTableWidgetItem("1")).text()
            documents.append(
                {
                    "name": item.text(),
                    "form": item.data(Qt.ItemDataRole.UserRole),
                    "count": int(count_text) if count_text.strip().isdigit() else 0,
                }
            )
        return documents

    def set_data(self, data: dict[str, Any]) -> None:
        """Fill the form from a draft."""
        self._loading = True
        try:
            self.procedure_search.clear()
            self.procedure_choice.setCurrentIndex(
                max(self.procedure_choice.findData(data.get("procedure")), 0)
            )
            self._procedure_chosen()
            self.applicant.set_data(data.get("applicant") or {})
            delegate = data.get("delegate")
            self.has_delegate.setChecked(delegate is not None)
            self.delegate.set_data(delegate or {})
            fee = data.get("fee") or {}
            self.sets.setValue(data.get("sets") or 1)
            self.pages.setValue(fee.get("pages") or 0)
            self.copies.setValue(fee.get("copies") or 1)
            self.age.setValue(-1 if fee.get("age") is None else fee["age"])
            self.late.setChecked(bool(fee.get("late")))
            self.channel.setCurrentIndex(max(self.channel.findData(data.get("channel")), 0))
            self.exemption.setCurrentIndex(max(self.exemption.findData(fee.get("exemption")), 0))
            self._check_documents(data.get("documents"))
        finally:
            self._loading = False
        self._update_preview()

    def _check_documents(self, documents: list[dict[str, Any]] | None) -> None:
        if documents is None:
            return
        ticked = {document["name"]: document for document in documents}
        for row in range(self.documents.rowCount()):
            item = self.documents.item(row, 0)
            chosen = ticked.get(item.text())
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            if chosen:
                self.documents.item(row, 2).setText(str(chosen.get("count", 1)))

    # --- saving -------------------------------------------------------------------------

    def submit(self) -> Dossier | None:
        """Check and save; refusals go next to their fields and nothing is saved."""
        self._clear_errors()
        try:
            request = parse_reception(self.data())
            dossier = self._services.reception.receive(request, self._officer, clear_draft=True)
        except DomainError as error:
            self._show_error(error)
            return None
        except StorageError as error:  # a full disk, a lock...: nothing saved, the form kept
            self.general_error.setText(store_error_text(error))
            self.general_error.show()
            return None
        self._draft_timer.stop()
        self._reset()
        self.result.setText(
            self.tr("Received: <b>%1</b> · secret %2 · fee %3 · return %4")
            .replace("%1", dossier.code)
            .replace("%2", dossier.lookup_secret)
            .replace("%3", fee_label(dossier.fee_total))
            .replace("%4", f"{dossier.due_at:%H:%M %d/%m/%Y}")
        )
        self.result.show()
        self.received.emit(dossier)
        return dossier

    def _show_error(self, error: DomainError) -> None:
        field = str(error.params.get("field", ""))
        text = error_text(error)
        person, _, key = field.partition(".")
        if person in {"applicant", "delegate"} and getattr(self, person).show_error(key, text):
            return
        if field == "procedure" or error.code.startswith("procedure_"):
            self.procedure_error.setText(text)
            self.procedure_error.show()
        elif field.startswith("fee") or error.code.startswith("fee_"):
            self.fee_error.setText(text)
            self.fee_error.show()
        else:
            self.general_error.setText(text)
            self.general_error.show()

    def _clear_errors(self) -> None:
        for label in (self.procedure_error, self.fee_error, self.general_error):
            label.hide()
        self.applicant.clear_errors()
        self.delegate.clear_errors()

    def warn(self, text: str) -> None:
        """Under the form, what went wrong once the dossier was saved (its receipt not printed)."""
        self.general_error.setText(text)
        self.general_error.show()

    def clear(self) -> None:
        """A new, empty reception (the draft goes too)."""
        self._reset()
        self._services.reception.discard_draft(self._officer)
        self.procedure_search.setFocus()

    def _reset(self) -> None:
        self.set_data({})
        self._clear_errors()
        self.applicant.clear_card_marks()
        self.card_info.hide()
        self.card_expired.hide()
        self.result.hide()

    # --- the card and the draft -----------------------------------------------------------

    def apply_scan(self, text: str) -> None:
        """A card QR arrived from the scanner: fill the applicant, say what came from it."""
        self.card_info.show()
        self.card_expired.hide()
        try:
            reading = read_card_qr(text, self._services.clock.now().date())
        except DomainError as error:
            self.card_info.setStyleSheet(ERROR_STYLE)
            self.card_info.setText(self.tr("Card not read: %1").replace("%1", error_text(error)))
            return
        self.applicant.fill_from_card(reading)
        if reading.mismatch is not None:
            self.card_info.setStyleSheet("color: #8a4b00; background: #fff3e0; padding: 3px;")
            self.card_info.setText(
                self.tr("Read from the card, but: %1").replace("%1", error_text(reading.mismatch))
            )
        else:
            self.card_info.setStyleSheet("color: #1b5e20;")
            self.card_info.setText(
                self.tr("Filled from the card: name, ID number, birth date, gender, address.")
            )
        self._show_expiry(reading)
        self.applicant.phone.setFocus()

    def _show_expiry(self, reading: CardReading) -> None:
        """An expired card still says who the citizen is; the officer is told, not stopped."""
        if reading.expired and reading.expires_on is not None:
            day = reading.expires_on.strftime("%d/%m/%Y")
            self.card_expired.setText(self.tr("The card expired on %1.").replace("%1", day))
            self.card_expired.show()

    def _check_id_typed(self) -> None:
        """Typed by hand: say at once what is wrong with the number."""
        self.applicant.errors["id_number"].hide()
        text = self.applicant.id_number.text().strip()
        if not text:
            return
        person = self.applicant.data()
        try:
            number = citizens.parse_id_number(text)
            today = self._services.clock.now().date()
            card_rules.check_id_birth_year(number.birth_year, today)
            if person["birth_date"] and person["gender"]:
                birth = date.fromisoformat(person["birth_date"])
                citizens.check_id_matches(number, birth, citizens.Gender(person["gender"]))
        except DomainError as error:
            self.applicant.show_error("id_number", error_text(error))

    def save_draft(self) -> None:
        """Keep what is typed now (also called on close and language switch)."""
        self._draft_timer.stop()
        try:
            self._services.reception.save_draft(self._officer, self.data())
        except StorageError as error:  # the form keeps what is typed; say why it is not kept
            self.general_error.setText(store_error_text(error))
            self.general_error.show()

    def _restore_draft(self) -> None:
        draft = self._services.reception.load_draft(self._officer)
        if draft:
            self.set_data(draft)
        else:
            self._update_preview()
