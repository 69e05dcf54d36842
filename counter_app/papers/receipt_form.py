"""Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 03/2025/TT-VPCP, Phụ lục I).

Two copies: "Liên 1: Lưu" stays with the dossier, "Liên 2: Giao người nộp" goes
home with the citizen. They are printed either as the two halves of one A4 sheet
(cut along the dashed line) or as two A5 pages. Each copy must fit its half or its
page, so the body size steps down from the legal 13 pt until it does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    FrameBreak,
    KeepInFrame,
    PageBreak,
    Spacer,
    Table,
)

from counter_app.domain.dossiers import Dossier, lookup_payload
from counter_app.domain.records import record
from counter_app.papers import legal_text as words
from counter_app.papers.pdf_base import (
    FAMILY,
    ITALIC,
    SIGN_HINT,
    Margins,
    QrCode,
    Styles,
    UnitHeader,
    flush_style,
    frame,
    grid,
    header,
    para,
    register_fonts,
    render,
    signatures,
    text,
)

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPIES = ("Liên 1: Lưu", "Liên 2: Giao người nộp")
ReceiptLayout = Literal["a4_two_copies", "a5"]

HALF_A4 = Margins(left=20 * mm, right=15 * mm, top=7 * mm, bottom=6 * mm)
A5_PAGE = Margins(left=18 * mm, right=10 * mm, top=10 * mm, bottom=8 * mm)
QR_SIZE = 18 * mm
SIZES = {"a4_two_copies": (12, 11.5, 11, 10.5, 10), "a5": (13, 12.5, 12, 11.5, 11, 10.5, 10)}


@record(frozen=True)
class RegisterRef:
    """Where the dossier is entered in the register book (Sổ theo dõi hồ sơ)."""

    book: str  # "Quyển số"
    number: int  # "Số thứ tự"


@record(frozen=True)
class ReceiptDetails:
    """Everything on form 01 that the Dossier itself does not hold."""

    register: RegisterRef | None = None
    fee_qr: str | None = None
    time_limit_text: str | None = None
    officer_name: str | None = None


def form_01_receipt(
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    *,
    register: RegisterRef | None = None,
    layout: ReceiptLayout = "a4_two_copies",
    fee_qr: str | None = None,
    today: date | None = None,
    time_limit_text: str | None = None,
    officer_name: str | None = None,
) -> bytes:
    """The receipt and appointment slip, both copies, as a PDF.

    `time_limit_text` is the legal processing time ("03 ngày làm việc"); `officer_name`
    is printed under the receiving officer's signature; `today` defaults to the day
    the dossier was received.
    """
    if layout not in SIZES:
        raise ValueError(f"Unknown receipt layout {layout!r}; use 'a4_two_copies' or 'a5'.")
    register_fonts(fonts)
    details = ReceiptDetails(register, fee_qr, time_limit_text, officer_name)
    day = today or dossier.received_at.date()
    if layout == "a5":
        return _a5(dossier, unit, day, details)
    return _a4_halves(dossier, unit, day, details)


def _a4_halves(dossier: Dossier, unit: UnitHeader, day: date, details: ReceiptDetails) -> bytes:
    m = HALF_A4
    width, half = A4[0] - m.left - m.right, A4[1] / 2
    height = half - m.top - m.bottom
    frames = [
        frame(m.left, half + m.bottom, width, height, "copy1"),
        frame(m.left, m.bottom, width, height, "copy2"),
    ]
    story: list[Flowable] = []
    for index, copy in enumerate(COPIES):
        story.append(_fitted(dossier, unit, day, details, copy, width, height, "a4_two_copies"))
        if index == 0:
            story.append(FrameBreak())
    return render(story, title=TITLE, pagesize=A4, margins=m, frames=frames, on_page=_cut_line)


def _a5(dossier: Dossier, unit: UnitHeader, day: date, details: ReceiptDetails) -> bytes:
    m = A5_PAGE
    width, height = A5[0] - m.left - m.right, A5[1] - m.top - m.bottom
    story: list[Flowable] = []
    for index, copy in enumerate(COPIES):
        story.append(_fitted(dossier, unit, day, details, copy, width, height, "a5"))
        if index == 0:
            story.append(PageBreak())
    return render(story, title=TITLE, pagesize=A5, margins=m)


def _cut_line(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The dashed line the two copies are cut apart along."""
    middle = A4[1] / 2
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.line(8 * mm, middle, A4[0] - 8 * mm, middle)
    canvas.setFont(ITALIC, 7)
    canvas.drawRightString(A4[0] - 8 * mm, middle + 1.5 * mm, "Cắt theo đường này")
    canvas.restoreState()


def _fitted(
    dossier: Dossier,
    unit: UnitHeader,
    day: date,
    details: ReceiptDetails,
    copy: str,
    width: float,
    height: float,
    layout: ReceiptLayout,
) -> Flowable:
    """One copy at the largest body size that fits; shrunk as a last resort."""
    content: list[Flowable] = []
    for size in SIZES[layout]:
        content = _copy(dossier, unit, day, details, copy, width, Styles(size, size - 1))
        if _height(content, width, height) <= height:
            break
    return KeepInFrame(width, height, content, mode="shrink")


def _height(flowables: list[Flowable], width: float, height: float) -> float:
    total = 0.0
    for item in flowables:
        total += item.wrap(width, height)[1] + item.getSpaceBefore() + item.getSpaceAfter()
    return total


def _copy(
    dossier: Dossier,
    unit: UnitHeader,
    day: date,
    details: ReceiptDetails,
    copy: str,
    width: float,
    st: Styles,
) -> list[Flowable]:
    gap = st.size * 0.3
    italic = ParagraphStyle("copy", st.center, fontName=ITALIC)
    return [
        header(unit, day, st, width),
        Spacer(1, gap * 1.5),
        para(TITLE, st.title),
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", st.center, markup=True),
        para(f"({copy})", italic),
        Spacer(1, gap),
        _with_lookup_qr(dossier, _applicant(dossier, unit, st), st, width),
        para("1. Thành phần hồ sơ nộp gồm:", st.body),
        _documents(dossier, st, width),
        *_items(dossier, details, copy, st),
        Spacer(1, gap),
        _signing(dossier, details, copy, st, width),
    ]


def _with_lookup_qr(dossier: Dossier, lines: list[Flowable], st: Styles, width: float) -> Table:
    """The applicant's block with the lookup QR beside it, where it costs no height."""
    payload = lookup_payload(dossier.code, dossier.lookup_secret)
    caption = ["Tra cứu hồ sơ", f"Mã tra cứu: {dossier.lookup_secret}"]
    qr = _qr_cell(payload, caption, st)
    qr_w = max(QR_SIZE, stringWidth(caption[1], FAMILY, st.size - 3)) + 4 * mm
    table = Table([[lines, qr]], colWidths=[width - qr_w, qr_w])
    table.setStyle(flush_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def _line(label: str, value: str, st: Styles) -> Flowable:
    return para(f"{text(label)} {text(value)}", st.body, markup=True)


def _applicant(dossier: Dossier, unit: UnitHeader, st: Styles) -> list[Flowable]:
    person = dossier.applicant
    lines = [
        _line("Bộ phận tiếp nhận và trả kết quả:", f"{unit.name}, {unit.parent_name}", st),
        para(f"Tiếp nhận hồ sơ của: <b>{text(person.full_name)}</b>", st.body, markup=True),
    ]
    if dossier.delegate is not None:
        lines.append(_line("Người nộp thay:", dossier.delegate.full_name, st))
    lines += [
        _line("Địa chỉ:", words.optional(person.address), st),
        _line(
            "Số điện thoại:",
            f"{words.optional(person.phone)}{words.TAB}Email: {words.optional(person.email)}",
            st,
        ),
        para(
            f"Nội dung yêu cầu giải quyết: <b>{text(dossier.procedure_name)}</b>",
            st.body,
            markup=True,
        ),
    ]
    return lines


def _documents(dossier: Dossier, st: Styles, width: float) -> Table:
    head = [para(h, st.cell_head) for h in ("STT", "Tên giấy tờ", "Hình thức", "Số lượng")]
    rows = [head]
    for number, doc in enumerate(dossier.documents, start=1):
        rows.append(
            [
                para(str(number), st.cell_center),
                para(doc.name, st.cell),
                para(words.document_form(doc.form), st.cell),
                para(f"{doc.count:02d}", st.cell_center),
            ]
        )
    if not dossier.documents:
        rows.append([para("", st.cell), para(words.BLANK, st.cell), "", ""])
    form_w = 40 * mm if width > 140 * mm else 30 * mm
    widths = [10 * mm, width - 10 * mm - form_w - 17 * mm, form_w, 17 * mm]
    return grid(
        rows,
        widths,
        extra=[("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
    )


def _items(dossier: Dossier, details: ReceiptDetails, copy: str, st: Styles) -> list[Flowable]:
    register = details.register
    book = text(register.book) if register else words.BLANK
    number = f"{register.number:02d}" if register else words.BLANK
    fee = words.fee_text(dossier)
    fee_line = f"7. Phí, lệ phí: <b>{text(fee)}</b>"
    if details.fee_qr and dossier.fee_payable and copy == COPIES[1]:
        fee_line += ". Quét mã QR để nộp phí"
    lines = [
        f"2. Số lượng hồ sơ: {dossier.sets:02d} (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định: "
        + text(words.optional(details.time_limit_text)),
        f"4. Thời gian nhận hồ sơ: {words.long_time(dossier.received_at)}",
        f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{words.long_time(dossier.due_at)}</b>",
        f"6. Nơi nhận kết quả: {words.COLLECT_AT[dossier.collect_at]}",
        fee_line,
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {book}{words.TAB}Số thứ tự: {number}",
    ]
    return [para(line, st.body, markup=True) for line in lines]


def _signing(
    dossier: Dossier, details: ReceiptDetails, copy: str, st: Styles, width: float
) -> Table:
    middle: Flowable | None = None
    # The payment code only matters on the copy the citizen takes home.
    if details.fee_qr and dossier.fee_payable and copy == COPIES[1]:
        middle = _qr_cell(details.fee_qr, ["Nộp phí"], st)
    return signatures(
        st,
        width,
        ("NGƯỜI NỘP HỒ SƠ", SIGN_HINT, words.submitter_name(dossier)),
        ("NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN_HINT, details.officer_name or ""),
        middle=middle,
        space=st.size * 2.5,
    )


def _qr_cell(payload: str, caption: list[str], st: Styles) -> Table:
    small = ParagraphStyle("qr", st.center, fontSize=st.size - 3, leading=st.size - 2)
    cells = [[QrCode(payload, QR_SIZE)], *([para(line, small)] for line in caption)]
    table = Table(cells)
    table.setStyle(flush_style(("ALIGN", (0, 0), (-1, -1), "CENTER")))
    return table
