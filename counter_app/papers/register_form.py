"""Form 07: Sổ theo dõi hồ sơ, the register book (Circular 03/2025/TT-VPCP, Phụ lục I;
form 06 of Circular 01/2018/TT-VPCP before).

Landscape A4; one row per dossier received in the period, the column headings
(and their numbers (1)–(14), as in the printed books) repeated on every page.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from counter_app.domain.dossiers import Dossier, Status
from counter_app.papers import legal_text as words
from counter_app.papers.pdf_base import (
    ITALIC,
    Margins,
    Styles,
    UnitHeader,
    content_width,
    grid,
    header,
    para,
    register_fonts,
    render,
    text,
)

TITLE = "SỔ THEO DÕI HỒ SƠ"
PAGE = landscape(A4)
MARGINS = Margins(left=20 * mm, right=10 * mm, top=15 * mm, bottom=14 * mm)
# (heading, width in mm); "Ghi chú" takes what is left of the page.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 9),
    ("Mã hồ sơ", 26),
    ("Tên thủ tục hành chính", 31),
    ("Số lượng hồ sơ (bộ)", 13),
    ("Tên cá nhân, tổ chức", 23),
    ("Địa chỉ, số điện thoại", 32),
    ("Cơ quan chủ trì giải quyết", 20),
    ("Nhận hồ sơ", 16),
    ("Hẹn trả kết quả", 16),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Nhận kết quả từ cơ quan giải quyết", 17),
    ("Trả kết quả cho cá nhân, tổ chức", 17),
    ("Ký nhận", 15),
    ("Ghi chú", 0),
)
NOTES: dict[Status, str] = {
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung",
    Status.REFUSED: "Từ chối tiếp nhận, giải quyết",
    Status.WITHDRAWN: "Công dân rút hồ sơ",
    Status.STOPPED: "Dừng giải quyết",
}


def form_07_register(
    dossiers: list[Dossier],
    unit: UnitHeader,
    fonts: Path,
    *,
    start: date,
    end: date,
    today: date,
) -> bytes:
    """The register book of the dossiers received from `start` to `end` (inclusive)."""
    register_fonts(fonts)
    width = content_width(PAGE, MARGINS)
    st = Styles(13, 12)
    cells = Styles(9.5)
    period = f"Từ {words.long_date(start)} đến {words.long_date(end)}"
    story: list[Flowable] = [
        header(unit, today, st, width),
        Spacer(1, 5 * mm),
        para(TITLE, st.title),
        para(period, ParagraphStyle("period", st.center, fontName=ITALIC)),
        Spacer(1, 4 * mm),
        _table(sorted(dossiers, key=lambda d: (d.received_at, d.code)), unit, cells, width),
    ]
    return render(story, title=TITLE, pagesize=PAGE, margins=MARGINS, on_page=_page_number)


def _table(dossiers: list[Dossier], unit: UnitHeader, st: Styles, width: float) -> Flowable:
    head = ParagraphStyle("head", st.cell_head, fontSize=st.size - 0.5)
    fixed = [w * mm for _, w in COLUMNS[:-1]]
    widths = [*fixed, width - sum(fixed)]
    rows: list[list[Flowable]] = [
        [para(name, head) for name, _ in COLUMNS],
        [para(f"({n})", st.cell_center) for n in range(1, len(COLUMNS) + 1)],
    ]
    rows += [_row(n, d, unit, st) for n, d in enumerate(dossiers, start=1)]
    if dossiers:
        return grid(rows, widths, header_rows=2)
    rows.append(
        [para("Không có hồ sơ trong kỳ.", st.cell), *(para("", st.cell) for _ in COLUMNS[1:])]
    )
    return grid(rows, widths, header_rows=2, extra=[("SPAN", (0, 2), (-1, 2))])


def _row(number: int, dossier: Dossier, unit: UnitHeader, st: Styles) -> list[Flowable]:
    person = dossier.applicant
    contact = "<br/>".join(text(v) for v in (person.address, person.phone) if v) or words.BLANK
    agency, _, rest = dossier.code.partition("-")
    notes = [n for n in (NOTES.get(dossier.status, ""), dossier.note) if n]
    return [
        para(str(number), st.cell_center),
        # Broken after the agency id: the whole code does not fit a column of the book.
        para(f"{text(agency)}-<br/>{text(rest)}", st.cell, markup=True),
        para(dossier.procedure_name, st.cell),
        para(f"{dossier.sets:02d}", st.cell_center),
        para(person.full_name, st.cell),
        para(contact, st.cell, markup=True),
        para(unit.name, st.cell),
        _when(dossier.received_at, st),
        _when(dossier.due_at, st),
        _when(words.first_time(dossier, Status.IN_PROCESSING), st),
        _when(words.first_time(dossier, Status.RESULT_READY), st),
        _when(words.returned_at(dossier), st),
        para("", st.cell),
        para(". ".join(notes), st.cell),
    ]


def _when(moment: datetime | None, st: Styles) -> Flowable:
    if moment is None:
        return para("", st.cell_center)
    clock, _, day = words.short_time(moment).partition(" ")
    return para(f"{clock}<br/>{day}", st.cell_center, markup=True)


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(ITALIC, 10)
    canvas.drawCentredString(PAGE[0] / 2, 7 * mm, f"Trang {canvas.getPageNumber()}")
    canvas.restoreState()
