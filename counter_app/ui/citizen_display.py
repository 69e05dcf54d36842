"""The screen turned to the citizen: welcome, then the fee to pay by QR, then "Đã thanh toán".

It opens on the second monitor when there is one. Everything on it is large and in
Vietnamese; it never shows more personal data than the citizen's own name and ID
number masked but its last four digits (Decree 13/2023), above the page from the
reception until the next citizen, so they can check that the dossier is theirs. On a counter
with the ward's queue the welcome says which ticket is being served ("Đang phục vụ số
A012"), and after the officer finishes a ticket the screen asks for a rating
(``ui/rating.py``), which :attr:`CitizenDisplay.rated` hands to the counter window.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from counter_app.app import Services
from counter_app.domain.dossiers import Dossier
from counter_app.domain.payments import Payment, PaymentState
from counter_app.domain.personal_data import mask_id_number
from counter_app.ui.models import money
from counter_app.ui.qr_image import qr_pixmap
from counter_app.ui.rating import RATING_IDLE_MS, RatingView

PAID_SHOWN_MS = 15_000
PAID_STYLE = "color: #1b5e20; font-size: 40pt; font-weight: bold;"


def _label(text: str = "", size: int = 16, bold: bool = False) -> QLabel:
    """Plain text: a unit's, a bank account's or a citizen's name is shown as written,
    never read as markup ("<b>" in a name made the rest bold and vanished)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    weight = "bold" if bold else "normal"
    label.setStyleSheet(f"font-size: {size}pt; font-weight: {weight};")
    return label


QR_LARGEST, QR_SMALLEST = 360, 200  # px: the fee's QR, scanned from a phone at arm's length


class QrLabel(QLabel):
    """The fee's QR, as large as the page leaves room for, up to ``QR_LARGEST``: on a
    1024×600 customer display a fixed 360 px pushed the transfer content and the
    countdown below the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._payload = ""

    def sizeHint(self) -> QSize:
        return QSize(QR_LARGEST, QR_LARGEST)

    def minimumSizeHint(self) -> QSize:  # not the pixmap's size: the layout decides it
        return QSize(QR_SMALLEST, QR_SMALLEST)

    def show_code(self, payload: str) -> None:
        self._payload = payload
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._draw()

    def _draw(self) -> None:
        if not self._payload:
            return
        side = max(QR_SMALLEST, min(QR_LARGEST, self.width(), self.height()))
        if self.pixmap().isNull() or self.pixmap().width() != side:
            self.setPixmap(qr_pixmap(self._payload, side))


class CitizenDisplay(QWidget):
    """Four pages: welcome, the fee QR, paid, the rating. The counter window drives it."""

    rated = Signal(str, str, str)  # the ticket's label, the scale's key, the reason

    def __init__(self, services: Services, rating_idle_ms: int = RATING_IDLE_MS) -> None:
        super().__init__()
        self._services = services
        self.payment: Payment | None = None
        self.serving_label = ""
        self.setWindowTitle(self.tr("Quầy Một Cửa — for the citizen"))
        self.setStyleSheet("background: white; color: #1a237e;")
        self.applicant = _label("", 18)
        self.applicant.hide()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._welcome_page())
        self.pages.addWidget(self._fee_page())
        self.pages.addWidget(self._paid_page())
        self.rating = RatingView(services.queue.rating_scale(), rating_idle_ms)
        self.rating.answered.connect(self._answered)
        self.rating.done.connect(self.welcome)
        self.pages.addWidget(self.rating)
        layout = QVBoxLayout(self)
        layout.addWidget(self.applicant)
        layout.addWidget(self.pages)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.tick)
        self._back_to_welcome = QTimer(self, singleShot=True, interval=PAID_SHOWN_MS)
        self._back_to_welcome.timeout.connect(self.welcome)
        self.resize(1024, 768)

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        unit = self._services.unit
        column.addStretch(1)
        column.addWidget(_label(self.tr("Welcome"), 36, bold=True))
        column.addWidget(_label(unit.name, 22))
        column.addWidget(_label(self.tr("Counter %1").replace("%1", str(unit.counter_number)), 28))
        self.serving = _label("", 30, bold=True)
        column.addWidget(self.serving)
        column.addStretch(1)
        return page

    def _fee_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.fee_title = _label(self.tr("Please pay the fee by bank transfer"), 22, bold=True)
        self.fee_lines = _label("", 15)
        self.amount = _label("", 34, bold=True)
        self.qr = QrLabel()
        self.bank = _label("", 16)
        self.content = _label("", 18, bold=True)
        self.countdown = _label("", 16)
        for widget in (
            self.fee_title,
            self.fee_lines,
            self.amount,
            self.qr,
            self.bank,
            self.content,
            self.countdown,
        ):
            column.addWidget(widget)
        return page

    def _paid_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        self.paid = _label(self.tr("Paid"), 40, bold=True)
        self.paid.setStyleSheet(PAID_STYLE)
        self.paid_amount = _label("", 24)
        column.addWidget(self.paid)
        column.addWidget(self.paid_amount)
        column.addWidget(_label(self.tr("Thank you."), 22))
        column.addStretch(1)
        return page

    # --- what the counter tells it ---------------------------------------------------

    def welcome(self) -> None:
        self.payment = None
        self._show_applicant(None)
        self._timer.stop()
        self._back_to_welcome.stop()
        self.rating.stop()
        self.pages.setCurrentIndex(0)

    def set_serving(self, label: str) -> None:
        """The ticket at the counter ("" for none), on the welcome page."""
        self.serving_label = label
        text = self.tr("Now serving number %1").replace("%1", label) if label else ""
        self.serving.setText(text)

    def show_received(self, dossier: Dossier) -> None:
        """The dossier just received, on the welcome page: its code, whose it is."""
        self.welcome()
        self._show_applicant(dossier)

    def _show_applicant(self, dossier: Dossier | None) -> None:
        """The line above the pages: the dossier's code, the applicant's name and
        masked ID number; hidden when there is no dossier at the counter."""
        if dossier is None:
            self.applicant.clear()
            self.applicant.hide()
            return
        person = dossier.applicant
        text = (
            self.tr("Dossier %1 · %2").replace("%1", dossier.code).replace("%2", person.full_name)
        )
        masked = mask_id_number(person.id_number)
        if masked:
            text += " · " + self.tr("ID number %1").replace("%1", masked)
        self.applicant.setText(text)
        self.applicant.show()

    def ask_rating(self, label: str) -> None:
        """Ask the citizen whose ticket ``label`` was just finished to rate the service."""
        self.payment = None
        self._show_applicant(None)
        self._timer.stop()
        self._back_to_welcome.stop()
        self.rating.ask(label)
        self.pages.setCurrentWidget(self.rating)

    def _answered(self, rating: str, reason: str) -> None:
        self.rated.emit(self.rating.label, rating, reason)

    def show_payment(self, payment: Payment, dossier: Dossier) -> None:
        """The fee lines, a large QR with the amount, bank, account name and content."""
        if payment.qr_payload is None:
            return
        self.rating.stop()
        self.payment = payment
        self._show_applicant(dossier)
        lines = dossier.fee.get("lines")
        rows = [
            f"{line['label']}: {money(int(line['amount']))}"
            for line in (lines if isinstance(lines, list) else [])
        ]
        self.fee_lines.setText("\n".join(rows))
        self.amount.setText(money(payment.amount))
        self.qr.show_code(payment.qr_payload)
        account = self._services.payments.bank_account()
        bank = self._bank_name(account.bin if account else "")
        name = account.name if account else ""
        number = account.account if account else ""
        self.bank.setText(
            self.tr("%1 · account %2 · %3")
            .replace("%1", bank)
            .replace("%2", number)
            .replace("%3", name)
        )
        self.content.setText(self.tr("Transfer content: %1").replace("%1", payment.reference))
        self.pages.setCurrentIndex(1)
        self.tick()
        self._timer.start()

    def _bank_name(self, bin_code: str) -> str:
        for bank in self._services.payments.banks():
            if bank.bin == bin_code:
                return bank.short_name
        return bin_code

    def tick(self) -> None:
        """Follow the payment: the countdown, and "Đã thanh toán" the moment it is paid."""
        if self.payment is None:
            return
        self._services.payments.expire()
        current = self._services.payments.get(self.payment.reference)
        if current.state is PaymentState.PAID:
            self.show_paid(current)
        elif current.state is PaymentState.PENDING and current.expires_at is not None:
            self.countdown.setText(self._left(current.expires_at))
        else:
            self.countdown.setText(self.tr("This code has expired: please ask the officer."))
            self._timer.stop()

    def _left(self, expires: datetime) -> str:
        seconds = max(int((expires - self._services.clock.now()).total_seconds()), 0)
        return (
            self.tr("The code is valid for %1:%2")
            .replace("%1", f"{seconds // 60:02d}")
            .replace("%2", f"{seconds % 60:02d}")
        )

    def show_paid(self, payment: Payment) -> None:
        """ "Đã thanh toán" for a while, then the welcome page for the next citizen."""
        self._timer.stop()
        self.rating.stop()
        self.payment = payment
        self.paid_amount.setText(money(payment.amount))
        self.pages.setCurrentIndex(2)
        self._back_to_welcome.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()  # it asks the database every second
        self._back_to_welcome.stop()
        self.rating.stop()
        super().closeEvent(event)

    def place_on_second_screen(self) -> None:
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].availableGeometry())
            self.showFullScreen()
        else:
            self.show()
