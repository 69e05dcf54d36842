"""The wording of the legal forms: dates, times, money, document forms, statuses.

Pure text, no PDF: the forms (Circular 03/2025/TT-VPCP) spell dates and times out in
words, and the same spelling must appear on every paper.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from counter_app.domain.clock import VIETNAM
from counter_app.domain.dossiers import CollectAt, Dossier, Status

# How a handed-in document is held (DocumentForm values), as the form names it.
DOCUMENT_FORMS: dict[str, str] = {
    "original": "Bản chính",
    "copy": "Bản sao",
    "certified_copy": "Bản sao có chứng thực",
    "original_or_certified_copy": "Bản chính hoặc bản sao có chứng thực",
    "presented": "Xuất trình",
}

COLLECT_AT: dict[CollectAt, str] = {
    CollectAt.COUNTER: "Tại Bộ phận Một cửa",
    CollectAt.POST: "Qua dịch vụ bưu chính công ích",
}

# What a history entry did, as the control slip (form 06) tells it.
STATUS_ACTIONS: dict[Status, str] = {
    Status.RECEIVED: "Tiếp nhận hồ sơ",
    Status.IN_PROCESSING: "Chuyển giải quyết",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    Status.RESULT_READY: "Có kết quả giải quyết",
    Status.RETURNED: "Trả kết quả",
    Status.REFUSED: "Từ chối tiếp nhận, giải quyết",
    Status.WITHDRAWN: "Công dân rút hồ sơ",
    Status.STOPPED: "Dừng giải quyết hồ sơ",
}

EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"
BLANK = "…………"
TAB = "\u00a0" * 6  # a gap between two fields of one line


def nfc(text: str) -> str:
    """Vietnamese is printed precomposed (NFC): a font shapes no combining marks."""
    return unicodedata.normalize("NFC", text)


def local(moment: datetime) -> datetime:
    """The moment in Việt Nam time (naive moments are taken as already local)."""
    return moment.astimezone(VIETNAM) if moment.tzinfo else moment


def _day_month(day: date) -> tuple[str, str]:
    # Decree 30/2020/NĐ-CP, Appendix I §II.5: days below 10 and the months 1 and 2 are
    # written with a leading zero ("ngày 05 tháng 02", but "tháng 11", "tháng 3").
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}", month


def long_date(day: date) -> str:
    """'ngày 23 tháng 11 năm 2026'."""
    dd, mm = _day_month(day)
    return f"ngày {dd} tháng {mm} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """The dateline under the national motto: 'Hà Nội, ngày 23 tháng 11 năm 2026'."""
    return nfc(f"{place}, {long_date(day)}")


def long_time(moment: datetime) -> str:
    """'09 giờ 00 phút, ngày 23 tháng 11 năm 2026', in Việt Nam time."""
    here = local(moment)
    return f"{here:%H} giờ {here:%M} phút, {long_date(here.date())}"


def money(amount: int) -> str:
    """10000 → '10.000 đồng' (dot groups, as Vietnamese money is written)."""
    return f"{amount:,} đồng".replace(",", ".")


FEE_NOT_SET = "Chưa xác định"


def fee_text(dossier: Dossier) -> str:
    """The fee as a form states it; an amount not set yet is never "free"."""
    if dossier.fee_total is None:
        return FEE_NOT_SET
    if dossier.fee_total == 0:
        return "Miễn phí"
    return money(dossier.fee_total)


def document_form(code: str) -> str:
    return DOCUMENT_FORMS.get(code, code)


def optional(value: str | None) -> str:
    """An empty field is printed as dots, the way a hand-filled form leaves it."""
    return nfc(value.strip()) if value and value.strip() else BLANK


def timeliness(finished: datetime, due: datetime) -> str:
    """Trước hạn / Đúng hạn / Quá hạn of a result handed back at `finished`.

    Returned after the promised time is late; on the promised day (by the promised
    time) it is on time; on an earlier day it is early.
    """
    if finished > due:
        return LATE
    if local(finished).date() < local(due).date():
        return EARLY
    return ON_TIME


def short_time(moment: datetime) -> str:
    """'09:00 23/11/2026', for the narrow columns of the register book."""
    return f"{local(moment):%H:%M %d/%m/%Y}"


def first_time(dossier: Dossier, status: Status) -> datetime | None:
    """When the dossier first entered `status`, from its history."""
    return next((h.at for h in dossier.history if h.to_status is status), None)


def returned_at(dossier: Dossier) -> datetime | None:
    """When the result went back to the citizen, from the history (None: not yet)."""
    moments = [h.at for h in dossier.history if h.to_status is Status.RETURNED]
    return moments[-1] if moments else None


def submitter_name(dossier: Dossier) -> str:
    """Who stood at the counter: the delegate when there is one."""
    person = dossier.delegate or dossier.applicant
    return nfc(person.full_name)
