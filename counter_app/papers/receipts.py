"""Thermal papers: the receipt and appointment slip, the queue ticket, the fee receipt.

They are printed templates, so the Vietnamese lives here. The receipt shows the
applicant's ID number masked except its last four digits, next to the name, so the
citizen can see the paper is theirs (Decree 13/2023: the minimum on paper); the queue
ticket carries no name and no number. The legal forms (``papers/forms.py``) are the
full record.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.dossiers import CollectAt, Dossier, lookup_payload
from counter_app.domain.personal_data import mask_id_number
from counter_app.domain.records import record
from printers.document import Align, Columns, Cut, Document, Feed, QrCode, Rule, Text

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
FORMS = {
    "original": "bản chính",
    "copy": "bản sao",
    "certified_copy": "bản sao chứng thực",
    "original_or_certified_copy": "bản chính/sao CT",
    "presented": "xuất trình",
}


@record(frozen=True)
class PaperUnit:
    """Who prints: the unit's name, its counter, the place written on papers."""

    name: str
    counter_number: int
    place: str


def money(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def when(moment: datetime) -> str:
    return f"{moment:%H:%M} {WEEKDAYS[moment.weekday()]} {moment:%d/%m/%Y}"


def _header(unit: PaperUnit, title: str) -> list[Text]:
    return [
        Text(unit.name.upper(), Align.CENTER, bold=True),
        Text(f"Quầy số {unit.counter_number}", Align.CENTER),
        Text(title, Align.CENTER, bold=True),
    ]


def receipt(
    dossier: Dossier, unit: PaperUnit, officer_name: str, fee_qr: str | None = None
) -> Document:
    """The receipt and appointment slip handed to the citizen (essentials of form 01)."""
    paper = Document().add(*_header(unit, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), Rule())
    paper.add(
        Text(f"Mã hồ sơ: {dossier.code}", bold=True),
        Text(f"Người nộp: {dossier.applicant.full_name}"),
    )
    masked = mask_id_number(dossier.applicant.id_number)
    if masked:
        paper.add(Text(f"Số định danh: {masked}"))
    paper.add(Text(f"Thủ tục: {dossier.procedure_name}"), Text("Giấy tờ đã nhận:"))
    for number, document in enumerate(dossier.documents, 1):
        form = FORMS.get(document.form, document.form)
        paper.add(Text(f" {number}. {document.name} ({form}, {document.count})"))
    collect = "tại Bộ phận Một cửa" if dossier.collect_at is CollectAt.COUNTER else "qua bưu chính"
    paper.add(
        Columns("Số bộ hồ sơ:", str(dossier.sets)),
        Columns("Nhận lúc:", f"{dossier.received_at:%H:%M %d/%m/%Y}"),
        Text(f"Hẹn trả: {when(dossier.due_at)}", bold=True),
        Text(f"Nhận kết quả {collect}"),
        Rule(),
    )
    _fee_lines(paper, dossier, fee_qr)
    paper.add(
        Rule(),
        QrCode(lookup_payload(dossier.code, dossier.lookup_secret), size=5),
        Text(f"Tra cứu hồ sơ - mã tra cứu: {dossier.lookup_secret}", Align.CENTER),
        Text(f"Cán bộ tiếp nhận: {officer_name}"),
        Feed(2),
        Cut(),
    )
    return paper


def _fee_lines(paper: Document, dossier: Dossier, fee_qr: str | None) -> None:
    if dossier.fee_total is None:
        # The unit has not set this fee's amount yet: never printed as free.
        paper.add(Columns("Phí, lệ phí:", "Chưa xác định", bold=True))
        return
    if dossier.fee_total == 0:
        paper.add(Columns("Phí, lệ phí:", "Miễn phí", bold=True))
        return
    paper.add(Columns("Phí, lệ phí:", money(dossier.fee_total), bold=True))
    if fee_qr is None:
        return
    paper.add(
        Text("Quét mã để nộp phí (chuyển khoản)", Align.CENTER),
        QrCode(fee_qr, size=5),
    )


def queue_ticket(number: str, area: str, issued: datetime, ahead: int, unit: PaperUnit) -> Document:
    """The kiosk ticket: a big number and no personal data."""
    return Document().add(
        Text(unit.name.upper(), Align.CENTER, bold=True),
        Text(area, Align.CENTER),
        Feed(1),
        Text(number, Align.CENTER, bold=True, size=4),
        Text(f"Số người đang chờ trước bạn: {ahead}", Align.CENTER),
        Text(f"{issued:%H:%M} {issued:%d/%m/%Y}", Align.CENTER),
        Text("Vui lòng chờ gọi số", Align.CENTER),
        Feed(2),
        Cut(),
    )


@record(frozen=True)
class FeeReceiptInfo:
    """One payment of a dossier's fee, as the fee receipt states it."""

    number: str
    paid_at: datetime
    amount: int
    method: str  # "Tiền mặt" / "Chuyển khoản"
    payer: str


def fee_receipt(dossier: Dossier, unit: PaperUnit, info: FeeReceiptInfo, officer: str) -> Document:
    """Biên lai thu phí, lệ phí (a summary; the finance-regulated receipt is the PDF)."""
    paper = Document().add(*_header(unit, "BIÊN LAI THU PHÍ, LỆ PHÍ"), Rule())
    paper.add(
        Columns("Số biên lai:", info.number),
        Text(f"Người nộp: {info.payer}"),
        Text(f"Mã hồ sơ: {dossier.code}"),
        Text(f"Nội dung: {dossier.procedure_name}"),
    )
    lines = dossier.fee.get("lines")
    for line in lines if isinstance(lines, list) else []:
        paper.add(Columns(f" {line['label']}", money(int(line["amount"]))))
    paper.add(
        Rule(),
        Columns("Tổng cộng:", money(info.amount), bold=True),
        Text(f"Bằng chữ: {amount_in_words(info.amount)}"),
        Columns("Hình thức:", info.method),
        Columns("Thời gian:", f"{info.paid_at:%H:%M %d/%m/%Y}"),
        Text(f"Người thu: {officer}"),
        Feed(2),
        Cut(),
    )
    return paper


DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", " nghìn", " triệu", " tỷ"]


def amount_in_words(amount: int) -> str:
    """10500 → "Mười nghìn năm trăm đồng" (the wording receipts use)."""
    if amount == 0:
        return "Không đồng"
    groups: list[int] = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        full = index < len(groups) - 1  # a lower group says its hundreds ("không trăm")
        words.append(_three_digits(value, full) + GROUPS[index])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


def _three_digits(value: int, full: bool) -> str:
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    parts: list[str] = []
    if hundreds or full:
        parts.append(f"{DIGITS[hundreds]} trăm")
    if tens == 0 and units and (hundreds or full):
        parts.append("lẻ")
    elif tens == 1:
        parts.append("mười")
    elif tens > 1:
        parts.append(f"{DIGITS[tens]} mươi")
    if units:
        parts.append(_unit_word(tens, units))
    return " ".join(parts)


def _unit_word(tens: int, units: int) -> str:
    if units == 1 and tens > 1:
        return "mốt"
    if units == 5 and tens > 0:
        return "lăm"
    return DIGITS[units]
