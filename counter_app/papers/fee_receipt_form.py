"""Biên lai thu phí, lệ phí: the finance-regulated receipt for a dossier's fee, on A5.

The thermal slip (``receipts.fee_receipt``) is only a summary; this PDF is the paper
the ward's finance rules recognise. Its contents follow what a fee receipt must state
(Decree 123/2020/NĐ-CP art. 32 as amended by Decree 70/2025/NĐ-CP, Circular
32/2025/TT-BTC, and the e-receipt practice around Decree 11/2020/NĐ-CP):

- the kind of receipt, its form number ("Mẫu số"), its symbol ("Ký hiệu") and number;
- the name (and tax code) of the organisation collecting the fee;
- who paid, and their address;
- the kind of fee and the amount, line by line, the total and the total in words;
- how it was paid and when; the collector's signature.

Assumptions, to be checked against the ward's finance office [law/check]:

- The form number default ``01BLP0-001`` and the symbol default ``BLTP`` are
  placeholders: the real values are the ones the unit registered with its tax
  office (symbols are usually letters and the year's two last digits, "AA-26E").
- The receipt number is printed as given (the caller numbers receipts).
- One copy, no "Liên": this is the printed form of an electronic receipt, not a
  pre-printed receipt book with carbon copies.
- The collecting organisation is the unit's parent (the ward's People's Committee);
  a missing tax code prints as dots, so it shows as a blank to fill in.
- The closing line "(Cần kiểm tra, đối chiếu khi lập, giao, nhận biên lai)" follows
  the wording printed on invoices and receipts in practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame, Spacer, Table

from counter_app.domain.dossiers import Dossier
from counter_app.domain.payments import Method, Payment
from counter_app.domain.records import record
from counter_app.papers import legal_text as words
from counter_app.papers.pdf_base import (
    BOLD,
    ITALIC,
    SIGN_HINT,
    Margins,
    Styles,
    UnitHeader,
    flush_style,
    grid,
    header,
    para,
    register_fonts,
    render,
    signatures,
    text,
)
from counter_app.papers.receipts import amount_in_words

TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
FORM_NUMBER = "01BLP0-001"
SYMBOL = "BLTP"
CHECK_NOTE = "(Cần kiểm tra, đối chiếu khi lập, giao, nhận biên lai)"
A5_PAGE = Margins(left=18 * mm, right=12 * mm, top=10 * mm, bottom=14 * mm)
WIDTH = A5[0] - A5_PAGE.left - A5_PAGE.right
HEIGHT = A5[1] - A5_PAGE.top - A5_PAGE.bottom
NBSP = "\u00a0"
SIZES = (13, 12.5, 12, 11.5, 11, 10.5, 10)  # the body size steps down until one page holds it


@record(frozen=True)
class FeeLine:
    label: str
    quantity: int
    unit_amount: int
    amount: int


@record(frozen=True)
class ReceiptText:
    """What the receipt says besides the dossier and the payment."""

    unit: UnitHeader
    today: date
    number: str
    symbol: str
    form_number: str
    collector: str
    payer: str
    address: str | None
    tax_code: str | None


def fee_receipt_pdf(
    dossier: Dossier,
    payment: Payment,
    unit: UnitHeader,
    fonts: Path,
    *,
    receipt_number: str,
    collector_name: str,
    payer_name: str | None = None,
    payer_address: str | None = None,
    today: date | None = None,
    symbol: str = SYMBOL,
    form_number: str = FORM_NUMBER,
    tax_code: str | None = None,
) -> bytes:
    """The fee receipt of a paid `payment` of `dossier`, one A5 portrait page.

    The payer is `payer_name` (with `payer_address`), or else the applicant with the
    applicant's address. `today` (the date the receipt is made out) defaults to the
    day the money was paid. The same input gives the same bytes.

    Raises ValueError for a payment that is not this dossier's, has not been paid,
    or whose amount is not what the dossier's fee lines add up to.
    """
    if payment.dossier_id != dossier.id:
        raise ValueError(f"Payment {payment.reference} is not for dossier {dossier.code}.")
    if payment.paid_at is None:
        raise ValueError(f"Payment {payment.reference} has not been paid: no receipt.")
    lines = fee_lines(dossier, payment.amount)
    if sum(line.amount for line in lines) != payment.amount:
        raise ValueError(
            f"The fee lines of {dossier.code} do not add up to the {payment.amount} đ paid."
        )
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    if payer_name is None:
        payer, address = dossier.applicant.full_name, dossier.applicant.address
    else:
        payer, address = payer_name, payer_address
    info = ReceiptText(
        unit=unit,
        today=today or words.local(payment.paid_at).date(),
        number=receipt_number,
        symbol=symbol,
        form_number=form_number,
        collector=collector_name,
        payer=payer,
        address=address,
        tax_code=tax_code,
    )
    story: list[Flowable] = []
    for size in SIZES:
        story = _receipt(dossier, payment, lines, info, Styles(size, size - 1))
        if _height(story) <= HEIGHT:
            break
    else:  # a very long list of fees: shrunk, a receipt is one page
        story = [KeepInFrame(WIDTH, HEIGHT, story, mode="shrink")]
    return render(story, title=TITLE, pagesize=A5, margins=A5_PAGE, on_page=_check_note)


def _check_note(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The reminder to check the receipt, at the foot of the page like a printed form's."""
    canvas.saveState()
    canvas.setFont(ITALIC, 9)
    canvas.drawCentredString(A5_PAGE.left + WIDTH / 2, A5_PAGE.bottom - 4 * mm, CHECK_NOTE)
    canvas.restoreState()


def fee_lines(dossier: Dossier, amount: int) -> list[FeeLine]:
    """The dossier's fee lines; one line naming the procedure when it has none."""
    raw = dossier.fee.get("lines")
    lines: list[FeeLine] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        line_amount = int(item.get("amount", 0))
        quantity = int(item.get("quantity", 1) or 1)
        unit_amount = int(item.get("unit_amount", line_amount) or line_amount)
        lines.append(FeeLine(str(item.get("label", "")), quantity, unit_amount, line_amount))
    if not lines:
        lines.append(FeeLine(f"Phí, lệ phí: {dossier.procedure_name}", 1, amount, amount))
    return lines


def _height(flowables: Sequence[Flowable]) -> float:
    total = 0.0
    for item in flowables:
        total += item.wrap(WIDTH, HEIGHT)[1] + item.getSpaceBefore() + item.getSpaceAfter()
    return total


def _receipt(
    dossier: Dossier, payment: Payment, lines: list[FeeLine], info: ReceiptText, st: Styles
) -> list[Flowable]:
    gap = st.size * 0.35
    line = ParagraphStyle("line", st.body, spaceBefore=gap * 0.5)
    total_words = amount_in_words(payment.amount)
    return [
        header(info.unit, info.today, st, WIDTH),
        Spacer(1, gap * 2),
        _title_block(info, st),
        Spacer(1, gap * 1.5),
        *(
            para(markup, line, markup=True)
            for markup in (
                f"Tên đơn vị thu phí, lệ phí: <b>{text(info.unit.parent_name)}</b>",
                f"Mã số thuế: {text(words.optional(info.tax_code))}",
                f"Họ và tên người nộp tiền: <b>{text(info.payer)}</b>",
                f"Địa chỉ: {text(words.optional(info.address))}",
                f"Mã hồ sơ: <b>{text(dossier.code)}</b>",
                f"Tên loại phí, lệ phí: {text(dossier.procedure_name)}",
            )
        ),
        Spacer(1, gap),
        _lines_table(lines, payment.amount, st),
        Spacer(1, gap * 0.5),
        *(
            para(markup, line, markup=True)
            for markup in (
                f"Số tiền bằng chữ: <b><i>{text(total_words)}</i></b>",
                f"Hình thức thanh toán: {text(_method(payment))}",
                *_bank_transaction(payment),
                f"Thời điểm nộp tiền: {words.long_time(payment.paid_at or payment.created_at)}",
            )
        ),
        Spacer(1, gap * 2),
        signatures(
            st,
            WIDTH,
            ("NGƯỜI NỘP TIỀN", SIGN_HINT, info.payer),
            ("NGƯỜI THU TIỀN", SIGN_HINT, info.collector),
            space=st.size * 4,
        ),
    ]


def _title_block(info: ReceiptText, st: Styles) -> Table:
    """The title centred, and under it the form number, symbol and number."""
    small = ParagraphStyle("ids", st.center, fontSize=st.size - 1, leading=(st.size - 1) * 1.2)
    ids = (
        f"Mẫu số: {text(info.form_number)}{words.TAB}"
        f"Ký hiệu: {text(info.symbol)}{words.TAB}"
        f"Số: <b>{text(info.number)}</b>"
    )
    title = ParagraphStyle("receipt_title", st.title, fontSize=st.size + 3, leading=st.size * 1.6)
    table = Table([[para(TITLE, title)], [para(ids, small, markup=True)]], colWidths=[WIDTH])
    table.setStyle(flush_style())
    return table


def _lines_table(lines: list[FeeLine], total: int, st: Styles) -> Table:
    amount_style = ParagraphStyle("amount", st.cell, alignment=2)  # right
    total_style = ParagraphStyle("total", amount_style, fontName=BOLD)
    detail = ParagraphStyle("detail", st.cell, fontName=ITALIC, fontSize=st.size - 2)
    heads = ("STT", "Nội dung thu", "Số tiền (đồng)")
    rows: list[list[object]] = [[para(h, st.cell_head) for h in heads]]
    for number, line in enumerate(lines, start=1):
        content: list[Flowable] = [para(line.label, st.cell)]
        if line.quantity != 1:
            count = f"{line.quantity} × {_digits(line.unit_amount)} đồng"
            content.append(para(count, detail))
        rows.append(
            [
                para(str(number), st.cell_center),
                content,
                para(_digits(line.amount), amount_style),
            ]
        )
    rows.append(
        [
            para("Tổng cộng", ParagraphStyle("sum", st.cell_center, fontName=BOLD)),
            "",
            para(_digits(total), total_style),
        ]
    )
    amount_w = 30 * mm
    widths = [11 * mm, WIDTH - 11 * mm - amount_w, amount_w]
    last = len(rows) - 1
    return grid(rows, widths, extra=[("SPAN", (0, last), (1, last))])


def _method(payment: Payment) -> str:
    if payment.method is Method.QR:
        # Non-breaking spaces: "mã tham chiếu" and the reference wrap as one.
        reference = f"mã tham chiếu {payment.reference}".replace(" ", NBSP)
        return f"Chuyển khoản (VietQR), {reference}"
    return "Tiền mặt"


def _bank_transaction(payment: Payment) -> list[str]:
    """The bank's own transaction id, when the bank's notice paid it."""
    if not payment.bank_transaction:
        return []
    return [f"Mã giao dịch ngân hàng: {text(payment.bank_transaction)}"]


def _digits(amount: int) -> str:
    """10000 → '10.000'."""
    return f"{amount:,}".replace(",", ".")
