"""The legal forms of the one-stop counter as PDF (Circular 03/2025/TT-VPCP, Phụ lục I).

Since 1 July 2025 the one-stop counter works under Decree 118/2025/NĐ-CP; Circular
03/2025/TT-VPCP (15 September 2025), which guides it, has seven forms in its Phụ lục I
(they replace the six of Circular 01/2018/TT-VPCP):

- 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt_form.py)
- 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
- 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ (a refusal at the counter)
- 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
- 05 Thông báo dừng giải quyết hồ sơ (a dossier already received, then stopped)
- 06 Phiếu kiểm soát quá trình giải quyết hồ sơ
- 07 Sổ theo dõi hồ sơ (register_form.py)

docs/forms.md says what each carries and what could not be checked against the annex.
Every function takes the dossier(s), the unit's header and the directory of the
bundled Liberation Serif fonts (``resource_dir() / "fonts"``) and returns the PDF
bytes; the same input always gives the same bytes. Forms 01 and 07 live in their
own modules and are re-exported here, so callers need only this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from counter_app.domain.dossiers import Dossier, Status
from counter_app.papers import legal_text as words
from counter_app.papers.fee_receipt_form import fee_receipt_pdf as fee_receipt_pdf
from counter_app.papers.pdf_base import (
    DECREE_30,
    SIGN_HINT,
    Styles,
    UnitHeader,
    content_width,
    grid,
    header,
    para,
    register_fonts,
    render,
    signatures,
    text,
)
from counter_app.papers.receipt_form import ReceiptLayout, RegisterRef, form_01_receipt
from counter_app.papers.register_form import form_07_register

__all__ = [
    "ReceiptLayout",
    "RegisterRef",
    "UnitHeader",
    "form_01_receipt",
    "form_02_supplement",
    "form_03_refusal",
    "form_04_apology",
    "form_05_stop",
    "form_06_control",
    "form_07_register",
]

WIDTH = content_width((210 * mm, 297 * mm), DECREE_30)
ST = Styles(13, 12)  # Decree 30: the header lines at 12–13 pt
PROSE = ParagraphStyle("prose", ST.justify, spaceBefore=3)
MissingDocument = tuple[str, str, int]  # document, form (a DocumentForm code or text), count


def _page(unit: UnitHeader, today: date, title: str, body: list[Flowable]) -> bytes:
    """Header, dateline and title, then the form's own body, on A4 portrait."""
    story: list[Flowable] = [
        header(unit, today, ST, WIDTH),
        Spacer(1, 8 * mm),
        para(title, ST.title),
        *body,
    ]
    return render(story, title=title)


def _lines(*lines: str) -> list[Flowable]:
    """Paragraphs of trusted markup (values already escaped with `text`)."""
    return [para(line, PROSE, markup=True) for line in lines]


def _gap(height: float = 3 * mm) -> Spacer:
    return Spacer(1, height)


def _received_on(dossier: Dossier) -> str:
    return words.long_date(words.local(dossier.received_at).date())


def _applicant_lines(dossier: Dossier) -> list[str]:
    person = dossier.applicant
    return [
        f"Tiếp nhận hồ sơ của: <b>{text(person.full_name)}</b>",
        f"Địa chỉ: {text(words.optional(person.address))}",
        f"Số điện thoại: {text(words.optional(person.phone))}"
        f"{words.TAB}Email: {text(words.optional(person.email))}",
        f"Nội dung yêu cầu giải quyết: {text(dossier.procedure_name)}",
    ]


def form_02_supplement(
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    *,
    missing: list[MissingDocument],
    reason: str,
    contact: str,
    today: date,
) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing, why, whom to ask."""
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    title = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    name = text(dossier.applicant.full_name)
    rows: list[list[Flowable]] = [
        [para(h, ST.cell_head) for h in ("STT", "Giấy tờ cần bổ sung", "Hình thức", "Số lượng")]
    ]
    for number, (document, form, count) in enumerate(missing, start=1):
        rows.append(
            [
                para(str(number), ST.cell_center),
                para(document, ST.cell),
                para(words.document_form(form), ST.cell),
                para(f"{count:02d}", ST.cell_center),
            ]
        )
    body = [
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", ST.center, markup=True),
        _gap(4 * mm),
        *_lines(
            f"Hồ sơ của: <b>{name}</b>",
            f"Nội dung yêu cầu giải quyết: {text(dossier.procedure_name)}",
            f"{_capital(_received_on(dossier))}, {text(unit.name)} đã tiếp nhận hồ sơ của "
            f"Ông/Bà {name}, mã hồ sơ {text(dossier.code)}.",
            "Sau khi xem xét, thẩm định hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ "
            "gồm những nội dung sau:",
        ),
        _gap(1.5 * mm),
        grid(rows, [12 * mm, WIDTH - 12 * mm - 55 * mm - 20 * mm, 55 * mm, 20 * mm]),
        _gap(1.5 * mm),
        *_lines(
            f"Lý do: {text(words.optional(reason))}",
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{text(words.optional(contact))} để được hướng dẫn.",
        ),
        _gap(4 * mm),
        signatures(ST, WIDTH, None, ("NGƯỜI HƯỚNG DẪN", SIGN_HINT, "")),
    ]
    return _page(unit, today, title, body)


def form_03_refusal(
    dossier: Dossier, unit: UnitHeader, fonts: Path, *, reason: str, today: date
) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ: the refusal and its reason."""
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    title = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
    body = [
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", ST.center, markup=True),
        _gap(4 * mm),
        *_lines(
            f"Bộ phận tiếp nhận và trả kết quả: {text(unit.name)}, {text(unit.parent_name)}",
            *_applicant_lines(dossier),
            f"Qua xem xét, {text(unit.name)} từ chối tiếp nhận, giải quyết hồ sơ này "
            "với lý do cụ thể như sau:",
            f"<i>{text(words.optional(reason))}</i>",
            "Xin thông báo để Ông/Bà được biết và thực hiện./.",
        ),
        _gap(4 * mm),
        signatures(ST, WIDTH, None, ("NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN_HINT, "")),
    ]
    return _page(unit, today, title, body)


def form_04_apology(
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    *,
    reason: str,
    new_due: datetime,
    today: date,
) -> bytes:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (form 04).

    To the citizen: the promised time (dossier.due_at) cannot be kept, why, an apology,
    and the later time the unit asks the citizen to accept.
    """
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    title = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    name = text(dossier.applicant.full_name)
    body = [
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", ST.center, markup=True),
        _gap(4 * mm),
        *_lines(
            f"Kính gửi: Ông/Bà <b>{name}</b>",
            f"{_capital(_received_on(dossier))}, {text(unit.name)} tiếp nhận hồ sơ "
            f"của Ông/Bà, mã hồ sơ {text(dossier.code)}.",
            f"Nội dung yêu cầu giải quyết: {text(dossier.procedure_name)}",
            f"Thời hạn trả kết quả giải quyết hồ sơ: {words.long_time(dossier.due_at)}.",
            "Tuy nhiên, hồ sơ của Ông/Bà chưa thể giải quyết xong đúng thời hạn. "
            f"Lý do: {text(words.optional(reason))}",
            f"{text(unit.name)} trân trọng xin lỗi Ông/Bà về sự chậm trễ này và đề nghị "
            "Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến "
            f"<b>{words.long_time(new_due)}</b>.",
            "Xin trân trọng cảm ơn Ông/Bà./.",
        ),
        _gap(4 * mm),
        signatures(
            ST,
            WIDTH,
            None,
            ("ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)", ""),
        ),
    ]
    return _page(unit, today, title, body)


def form_05_stop(
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    *,
    reason: str,
    contact: str,
    today: date,
) -> bytes:
    """Thông báo dừng giải quyết hồ sơ (form 05): a received dossier stops, and why.

    National status "Dừng xử lý" (8), unlike a refusal at the counter (form 03, status 3).
    The moment of the stop comes from the history; before it is recorded, ``today``.
    """
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    title = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
    name = text(dossier.applicant.full_name)
    stopped = words.first_time(dossier, Status.STOPPED)
    since = words.long_time(stopped) if stopped else words.long_date(today)
    body = [
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", ST.center, markup=True),
        _gap(4 * mm),
        *_lines(
            f"Kính gửi: Ông/Bà <b>{name}</b>",
            f"{_capital(_received_on(dossier))}, {text(unit.name)} đã tiếp nhận hồ sơ "
            f"của Ông/Bà, mã hồ sơ {text(dossier.code)}.",
            f"Nội dung yêu cầu giải quyết: {text(dossier.procedure_name)}",
            f"Thời gian nhận hồ sơ: {words.long_time(dossier.received_at)}",
            f"{text(unit.name)} thông báo dừng giải quyết hồ sơ nêu trên kể từ {since}.",
            f"Lý do: <i>{text(words.optional(reason))}</i>",
            f"Ông/Bà liên hệ {text(words.optional(contact))} để được hướng dẫn và nhận lại "
            "giấy tờ đã nộp (nếu có).",
            "Xin thông báo để Ông/Bà được biết./.",
        ),
        _gap(4 * mm),
        signatures(
            ST,
            WIDTH,
            None,
            ("ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)", ""),
        ),
    ]
    return _page(unit, today, title, body)


def form_06_control(
    dossier: Dossier,
    unit: UnitHeader,
    fonts: Path,
    *,
    today: date,
    officer_names: Mapping[str, str] | None = None,
) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (form 06): one row per hand-over, and
    the result.

    `officer_names` maps the usernames in the history to the officers' full names.
    """
    register_fonts(fonts)  # before any Paragraph: bold/italic map to the family
    title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
    returned = words.returned_at(dossier)
    result = words.timeliness(returned, dossier.due_at) if returned else words.BLANK
    body = [
        para(f"Mã hồ sơ: <b>{text(dossier.code)}</b>", ST.center, markup=True),
        para("(Liên: Lưu tại Bộ phận Một cửa)", ST.dateline),
        _gap(4 * mm),
        *_lines(
            f"Kèm theo hồ sơ của: <b>{text(dossier.applicant.full_name)}</b>",
            f"Nội dung yêu cầu giải quyết: {text(dossier.procedure_name)}",
            f"Cơ quan (bộ phận) giải quyết hồ sơ: {text(unit.name)}",
            f"Thời gian nhận hồ sơ: {words.long_time(dossier.received_at)}",
            f"Thời hạn trả kết quả: {words.long_time(dossier.due_at)}",
        ),
        _gap(2 * mm),
        _control_table(dossier, officer_names or {}),
        _gap(2 * mm),
        *_lines(
            "Thời gian trả kết quả: " + (words.long_time(returned) if returned else words.BLANK),
            f"Kết quả giải quyết hồ sơ (Trước hạn / Đúng hạn / Quá hạn): <b>{result}</b>",
        ),
    ]
    return _page(unit, today, title, body)


def _control_table(dossier: Dossier, names: Mapping[str, str]) -> Flowable:
    heads = (
        "STT",
        "Thời gian giao, nhận hồ sơ",
        "Người thực hiện",
        "Nội dung",
        "Kết quả giải quyết",
        "Ghi chú",
    )
    rows: list[list[Flowable]] = [[para(h, ST.cell_head) for h in heads]]
    for number, entry in enumerate(dossier.history, start=1):
        finished = entry.to_status in (Status.RESULT_READY, Status.RETURNED)
        rows.append(
            [
                para(str(number), ST.cell_center),
                para(words.long_time(entry.at).replace(", ", ",<br/>", 1), ST.cell, markup=True),
                para(names.get(entry.officer, entry.officer), ST.cell),
                para(words.STATUS_ACTIONS[entry.to_status], ST.cell),
                para(words.timeliness(entry.at, dossier.due_at) if finished else "", ST.cell),
                para(entry.reason, ST.cell),
            ]
        )
    widths = [11 * mm, 50 * mm, 30 * mm, 34 * mm, 22 * mm]
    return grid(rows, [*widths, WIDTH - sum(widths)])


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]
