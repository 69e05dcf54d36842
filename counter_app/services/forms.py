"""The legal forms (Circular 03/2025/TT-VPCP, Phụ lục I, forms 01–07) as PDF bytes.

Forms 01–06 belong to one dossier and are drawn from what is stored of it; form 07,
the register book, covers the dossiers received in a period.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.clock import VIETNAM, Clock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.payments import Payment
from counter_app.services.dossiers import DossierService
from counter_app.services.reference import ReferenceService
from counter_app.services.unit import Unit
from counter_app.storage.dossiers import DossierFilter

if TYPE_CHECKING:
    # The papers bring reportlab: each method imports them when a form is drawn.
    from counter_app.papers import forms


class FormService:
    def __init__(
        self,
        clock: Clock,
        unit: Unit,
        dossiers: DossierService,
        reference: ReferenceService,
        fonts: Path,
        officer_names: dict[str, str],
    ) -> None:
        self._clock = clock
        self._unit = unit
        self._dossiers = dossiers
        self._reference = reference
        self._fonts = fonts
        self._names = officer_names

    def header(self) -> forms.UnitHeader:
        from counter_app.papers import forms  # reportlab: on the first form, not at start

        return forms.UnitHeader(
            agency_id=self._unit.agency_id,
            parent_name=self._unit.name.upper(),
            name="Bộ phận Một cửa",  # printed in capitals in the header, as is in prose
            place=self._unit.place,
        )

    def receipt(self, code: str, layout: forms.ReceiptLayout = "a4_two_copies") -> bytes:
        return self.prepare("01", code, layout=layout)()

    def form(
        self, number: str, code: str, *, reason: str = "", new_due: datetime | None = None
    ) -> bytes:
        return self.prepare(number, code, reason=reason, new_due=new_due)()

    def prepare(
        self,
        number: str,
        code: str,
        *,
        reason: str = "",
        new_due: datetime | None = None,
        layout: forms.ReceiptLayout = "a4_two_copies",
        fee_qr: str | None = None,
    ) -> Callable[[], bytes]:
        """Read what form 01–06 of a dossier needs now; the returned call draws the PDF.

        The drawing touches no database, so the window runs it off the GUI thread.
        02, 03 and 05 take their reason from the dossier's history unless one is given.
        """
        from counter_app.papers import forms  # reportlab: on the first form, not at start

        dossier = self._dossiers.get(code)
        today = self._clock.now().date()
        header, fonts = self.header(), self._fonts
        if number == "01":
            return partial(
                forms.form_01_receipt,
                dossier,
                header,
                fonts,
                layout=layout,
                fee_qr=fee_qr,
                time_limit_text=self._time_limit_text(dossier),
                officer_name=self._names.get(dossier.officer, dossier.officer),
            )
        if number == "02":
            missing = reason or _last_reason(dossier, Status.SUPPLEMENT_REQUESTED)
            return partial(
                forms.form_02_supplement,
                dossier,
                header,
                fonts,
                missing=[],
                reason=missing,
                contact=self._contact(),
                today=today,
            )
        if number == "03":
            why = reason or _last_reason(dossier, Status.REFUSED)
            return partial(forms.form_03_refusal, dossier, header, fonts, reason=why, today=today)
        if number == "04":
            if new_due is None or not reason:
                raise DomainError(
                    "form_04_needs_date", "Form 04 needs the reason for the delay and the new date."
                )
            return partial(
                forms.form_04_apology,
                dossier,
                header,
                fonts,
                reason=reason,
                new_due=new_due,
                today=today,
            )
        if number == "05":
            why = reason or _last_reason(dossier, Status.STOPPED)
            return partial(
                forms.form_05_stop,
                dossier,
                header,
                fonts,
                reason=why,
                contact=self._contact(),
                today=today,
            )
        if number == "06":
            return partial(
                forms.form_06_control,
                dossier,
                header,
                fonts,
                today=today,
                officer_names=self._names,
            )
        raise DomainError(
            "form_unknown",
            f"There is no form {number} for one dossier (01–06; 07 is the register book).",
        )

    def _contact(self) -> str:
        return f"Bộ phận Một cửa, quầy số {self._unit.counter_number}"

    def register(self, start: date, end: date) -> bytes:
        return self.prepare_register(start, end)()

    def prepare_fee_receipt(
        self, code: str, payment: Payment, receipt_number: str, collector: str
    ) -> Callable[[], bytes]:
        """The biên lai thu phí, lệ phí of a paid fee, as PDF."""
        from counter_app.papers import forms  # reportlab: on the first form, not at start

        dossier = self._dossiers.get(code)
        return partial(
            forms.fee_receipt_pdf,
            dossier,
            payment,
            self.header(),
            self._fonts,
            receipt_number=receipt_number,
            collector_name=self._names.get(collector, collector),
        )

    def prepare_register(self, start: date, end: date) -> Callable[[], bytes]:
        """Form 07, the register book, for the dossiers received from start to end."""
        if end < start or (end - start).days > 366:
            raise DomainError("register_range_invalid", "Give a range of at most one year.")
        wanted = DossierFilter(
            received_from=datetime.combine(start, time(0), VIETNAM),
            received_before=datetime.combine(end + timedelta(days=1), time(0), VIETNAM),
            limit=100_000,
        )
        found = sorted(self._dossiers.find(wanted), key=lambda d: d.received_at)
        from counter_app.papers import forms  # reportlab: on the first form, not at start

        return partial(
            forms.form_07_register,
            found,
            self.header(),
            self._fonts,
            start=start,
            end=end,
            today=self._clock.now().date(),
        )

    def _time_limit_text(self, dossier: Dossier) -> str:
        procedure = self._reference.catalogue().get(
            dossier.procedure_code, dossier.received_at.date()
        )
        limit = procedure.time_limit
        if limit.same_day:
            if limit.cutoff is None:
                return "Trong ngày"
            hour = f"{limit.cutoff.hour} giờ" + (
                f" {limit.cutoff.minute} phút" if limit.cutoff.minute else ""
            )
            return f"Trong ngày (nhận sau {hour} thì trả trong ngày làm việc tiếp theo)"
        days = format(limit.days.normalize(), "f")
        return f"{days.zfill(2) if '.' not in days else days} ngày làm việc"


def _last_reason(dossier: Dossier, status: Status) -> str:
    reasons = [h.reason for h in dossier.history if h.to_status is status and h.reason]
    if not reasons:
        raise DomainError(
            "form_reason_missing",
            f"The dossier was never moved to '{status}': give the reason with --reason.",
        )
    return reasons[-1]
