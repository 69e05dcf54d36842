"""`counter-app payments report`: the day's reconciliation as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION, main
from counter_app.domain.reception import parse_reception


def test_report_counts_paid_by_method_and_officer_confirmations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = app.build(tmp_path)
    try:
        services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG", "admin")
        document = {**EXAMPLE_RECEPTION, "received_at": "2025-11-24T09:00"}
        first = services.reception.receive(parse_reception(document), "admin")
        second = services.reception.receive(parse_reception(document), "admin")
        services.payments.record_cash(first.code, "admin")
        qr = services.payments.start_qr(second.code, "admin")
        services.payments.confirm(qr.reference, "admin", "Đã thấy tiền vào")
        today = services.clock.now().date().isoformat()
    finally:
        services.close()
    assert main(["--data-dir", str(tmp_path), "payments", "report", "--date", today]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["by_state"]["paid"] == 2
    assert report["paid_total_by_method"] == {"qr": 10_000, "cash": 10_000}
    assert [row["reason"] for row in report["confirmed_by_officer"]] == ["Đã thấy tiền vào"]


def test_a_bad_date_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "payments", "report", "--date", "2026-02-30"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
