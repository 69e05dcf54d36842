"""`counter-app payments`: taking a dossier's fee (QR, cash), its payments, and the
day's reconciliation, as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION, main
from counter_app.domain import vietqr
from counter_app.domain.reception import parse_reception
from tests.cli.conftest import Cli


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


def received(data_dir: Path) -> str:
    """A dossier of the example's fee (10,000 đồng), received on the installation."""
    services = app.build(data_dir)
    try:
        return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin").code
    finally:
        services.close()


def test_a_fee_is_taken_by_qr_and_paid_by_the_bank_from_the_command_line(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    code = received(data_dir)
    account = ("--bin", "970436", "--account", "1017595600", "--name", "UBND Phuong Thu Nghiem")
    assert cli("unit", "set-bank-account", *account).json()["name"] == "UBND PHUONG THU NGHIEM"
    png = tmp_path / "qr.png"
    started = cli("payments", "qr", code, "--png", str(png)).json()
    assert (started["state"], started["method"], started["amount"]) == ("pending", "qr", 10_000)
    fields = vietqr.parse(started["qr_payload"])
    assert (fields.amount, fields.purpose) == (10_000, started["reference"])
    [decoded] = zxingcpp.read_barcodes(Image.open(png))
    assert decoded.text == started["qr_payload"]

    services = app.build(data_dir)
    try:
        now = services.clock.now()
        services.payments.bank_notification(started["reference"], 10_000, "FT-CLI", now)
    finally:
        services.close()
    [shown] = cli("payments", "show", code).json()
    assert (shown["state"], shown["paid_by"], shown["bank_transaction"]) == (
        "paid",
        "bank",
        "FT-CLI",
    )
    assert "already paid" in cli("payments", "cash", code).error()


def test_taking_a_fee_is_refused_in_one_line_and_saves_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    code = received(data_dir)
    assert "unit set-bank-account" in cli("payments", "qr", code).error()
    account = ("--bin", "970436", "--account", "1017595600", "--name", "UBND PHUONG")
    cli("unit", "set-bank-account", *account).json()
    missing = tmp_path / "no-such-folder" / "qr.png"
    assert "folder does not exist" in cli("payments", "qr", code, "--png", str(missing)).error()
    assert cli("payments", "show", code).json() == []
    assert "not a dossier code" in cli("payments", "qr", "NOPE").error()
    assert (
        "BIN"
        in cli("unit", "set-bank-account", "--bin", "123", "--account", "1", "--name", "X").error()
    )
    paid = cli("payments", "cash", code).json()
    assert (paid["state"], paid["paid_by"], paid["confirmed_by"]) == ("paid", "cash", "admin")
