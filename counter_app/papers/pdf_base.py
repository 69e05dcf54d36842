"""What every legal form shares: the embedded fonts, the styles, the header, the page.

The layout follows Decree 30/2020/NĐ-CP (Appendix I): A4, Times New Roman 13 pt
(Liberation Serif is metric-compatible and may be embedded, SIL OFL), margins left
30 mm, right 15 mm, top and bottom 20 mm; the agency on the left, the national title
and motto on the right, the dateline in italics under the motto.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import qrcode
import qrcode.constants
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.records import record
from counter_app.papers.legal_text import nfc, place_and_date

FAMILY = "LiberationSerif"
FACES = {
    FAMILY: "Regular",
    f"{FAMILY}-Bold": "Bold",
    f"{FAMILY}-Italic": "Italic",
    f"{FAMILY}-BoldItalic": "BoldItalic",
}
BOLD, ITALIC = f"{FAMILY}-Bold", f"{FAMILY}-Italic"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
# Table cells that hold plain strings would otherwise pull in an unembedded Helvetica.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FAMILY)
NO_PADDING = [
    (f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")
]


def flush_style(*extra: tuple[object, ...]) -> TableStyle:
    """A layout table: our font, no cell padding, then any further commands."""
    return TableStyle([TABLE_FONT, *NO_PADDING, *extra])


@record(frozen=True)
class UnitHeader:
    """The issuing unit as the left header of a form names it."""

    agency_id: str
    parent_name: str  # e.g. "UBND PHƯỜNG HOÀN KIẾM" (upper line, left header)
    name: str  # e.g. "BỘ PHẬN MỘT CỬA" (bold, a short rule under it)
    place: str  # "Hà Nội" → "Hà Nội, ngày 23 tháng 11 năm 2026"


@record(frozen=True)
class Margins:
    left: float
    right: float
    top: float
    bottom: float


DECREE_30 = Margins(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)

_registered: set[Path] = set()


def register_fonts(fonts: Path) -> None:
    """Register Liberation Serif from `fonts` (the app passes resource_dir() / "fonts")."""
    key = fonts.resolve()
    if key in _registered:
        return
    for name, face in FACES.items():
        path = key / f"LiberationSerif-{face}.ttf"
        if not path.is_file():
            raise FileNotFoundError(f"The form font {path} is missing.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=f"{FAMILY}-BoldItalic"
    )
    _registered.add(key)


class Styles:
    """Paragraph styles of one form at one body size (13 pt, smaller for compact copies)."""

    def __init__(self, size: float = 13, header_size: float | None = None) -> None:
        self.size = size
        self.header_size = header_size or min(size, 13)
        lead = size * 1.15
        self.body = ParagraphStyle("body", fontName=FAMILY, fontSize=size, leading=lead)
        self.justify = ParagraphStyle("justify", self.body, alignment=TA_JUSTIFY)
        self.indent = ParagraphStyle("indent", self.justify, firstLineIndent=10 * mm)
        self.center = ParagraphStyle("center", self.body, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", self.body, alignment=TA_RIGHT)
        self.title = ParagraphStyle(
            "title", self.center, fontName=BOLD, fontSize=size + 1, leading=(size + 1) * 1.25
        )
        self.cell = ParagraphStyle(
            "cell", self.body, fontSize=size - 1, leading=(size - 1) * 1.15, alignment=TA_LEFT
        )
        self.cell_center = ParagraphStyle("cell_center", self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cell_head", self.cell_center, fontName=BOLD)
        hs = self.header_size
        self.head = ParagraphStyle(
            "head", fontName=FAMILY, fontSize=hs, leading=hs * 1.2, alignment=TA_CENTER
        )
        self.head_bold = ParagraphStyle("head_bold", self.head, fontName=BOLD)
        self.dateline = ParagraphStyle("dateline", self.head, fontName=ITALIC, fontSize=size)


def text(value: str) -> str:
    """Escape user text for a Paragraph (an '&' or '<' in a name must print as is)."""
    return escape(nfc(value))


def para(value: str, style: ParagraphStyle, *, markup: bool = False) -> Paragraph:
    """A paragraph of plain text, or of trusted markup built by this package."""
    return Paragraph(nfc(value) if markup else text(value), style)


class Rule(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A short horizontal line centred in its cell (under the agency and the motto)."""

    def __init__(self, width: float, gap: float = 2.5) -> None:
        super().__init__()
        self.line_width = width
        self.gap = gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.gap + 1

    def draw(self) -> None:
        x = (self.avail - self.line_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 1, x + self.line_width, 1)


class QrCode(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A vector QR code (error correction M, 4-module quiet zone) `size` points wide.

    Drawn as rectangles straight on the canvas: reportlab's graphics renderer would
    set an unembedded Helvetica for the drawing's text state.
    """

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(payload)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        module = self.width / len(self.matrix)
        self.canv.setFillColorRGB(0, 0, 0)
        for row, cells in enumerate(self.matrix):
            y = self.height - (row + 1) * module
            column = 0
            while column < len(cells):
                if not cells[column]:
                    column += 1
                    continue
                run = column
                while run < len(cells) and cells[run]:
                    run += 1
                # A hair wider than the module, so no seams show between runs.
                self.canv.rect(
                    column * module, y, (run - column) * module, module * 1.01, stroke=0, fill=1
                )
                column = run


def header(unit: UnitHeader, today: date, styles: Styles, width: float) -> Table:
    """Agency left, national title and motto right, the dateline under the motto."""
    hs = styles.header_size
    while hs > 8 and pdfmetrics.stringWidth(NATION, BOLD, hs) > width * 0.6:
        hs -= 0.5  # narrow paper (A5): the national title stays on one line
    if hs != styles.header_size:
        styles = Styles(styles.size, hs)
    nation_w = pdfmetrics.stringWidth(NATION, BOLD, hs)
    motto_w = pdfmetrics.stringWidth(MOTTO, BOLD, hs)
    right_w = min(max(nation_w + 3 * mm, width * 0.58), width * 0.64)
    left_w = width - right_w
    name_w = min(pdfmetrics.stringWidth(nfc(unit.name.upper()), BOLD, hs), left_w * 0.9)
    left = [
        para(unit.parent_name.upper(), styles.head),
        para(unit.name.upper(), styles.head_bold),
        Rule(max(name_w / 3, min(name_w / 2, 30 * mm))),
    ]
    right = [
        para(NATION, styles.head_bold),
        para(MOTTO, styles.head_bold),
        Rule(motto_w),
    ]
    dateline = para(place_and_date(unit.place, today), styles.dateline)
    table = Table([[left, right], [Spacer(1, 0), dateline]], colWidths=[left_w, right_w])
    table.setStyle(
        flush_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 1), (-1, 1), styles.size * 0.35)
        )
    )
    return table


def signatures(
    styles: Styles,
    width: float,
    left: tuple[str, str, str] | None,
    right: tuple[str, str, str],
    middle: Flowable | None = None,
    space: float = 18 * mm,
) -> Table:
    """Signature blocks: (title, hint, name printed under the space), left and right."""

    def block(spec: tuple[str, str, str] | None) -> list[Flowable]:
        if spec is None:
            return []
        title, hint, name = spec
        cells: list[Flowable] = [para(title, styles.head_bold)]
        cells.append(para(hint, ParagraphStyle("hint", styles.center, fontName=ITALIC)))
        cells.append(Spacer(1, space))
        if name:
            cells.append(para(name, ParagraphStyle("signer", styles.center, fontName=BOLD)))
        return cells

    mid_w = 0.0 if middle is None else width * 0.26
    side = (width - mid_w) / 2
    row: list[Any] = [block(left), block(right)]
    widths = [side, side]
    if middle is not None:
        row.insert(1, middle)
        widths.insert(1, mid_w)
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table whose header rows repeat on every page it spans."""
    table = Table(list(rows), colWidths=list(widths), repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


PageHook = Callable[[Canvas, BaseDocTemplate], None]


def render(
    story: list[Flowable],
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
    margins: Margins = DECREE_30,
    frames: Sequence[Frame] | None = None,
    on_page: PageHook | None = None,
) -> bytes:
    """Lay the story out and return the PDF; the same input gives the same bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=nfc(title),
        author="Quầy Một Cửa",
        creator="Quầy Một Cửa",
        invariant=True,  # fixed dates and ids in the file: reproducible, testable
        initialFontName=FAMILY,  # no stray reference to an unembedded Helvetica
        initialFontSize=13,
    )
    if frames is None:
        frames = [frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, "body")]
    template = PageTemplate(id="form", frames=list(frames), pagesize=pagesize)
    if on_page is not None:
        template.onPage = on_page
    doc.addPageTemplates([template])
    doc.build(story)
    return buffer.getvalue()


def frame(x: float, y: float, width: float, height: float, name: str) -> Frame:
    """A frame without reportlab's default 6 pt padding: margins are the page's."""
    return Frame(x, y, width, height, 0, 0, 0, 0, id=name, showBoundary=0)


def content_width(pagesize: tuple[float, float], margins: Margins) -> float:
    return pagesize[0] - margins.left - margins.right
