"""A fee whose amount the unit has not set: never 0 đ, never free, never a QR, until set."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from counter_app import app
from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRequest
from counter_app.domain.reception import parse_reception
from counter_app.papers import legal_text
from counter_app.services import maintenance
from counter_app.storage import events

PATERNITY = "1.001022"  # Đăng ký nhận cha, mẹ, con: the province sets the fee


def receive(services: Services, **fee: object) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(procedure=PATERNITY, documents=None, fee=fee or None)
    return services.reception.receive(parse_reception(document), "admin")


def test_the_preview_and_the_dossier_say_not_determined(services: Services) -> None:
    preview = services.reception.preview(PATERNITY, FeeRequest())
    assert preview.quote.total is None
    dossier = receive(services)
    assert dossier.fee_total is None and not dossier.fee_determined
    assert not dossier.fee_payable
    stored = services.dossiers.get(dossier.code)
    assert stored.fee_total is None
    assert stored.to_data()["fee"]["determined"] is False
    assert stored.to_data()["fee"]["unset"] == ["Lệ phí đăng ký nhận cha, mẹ, con"]
    assert legal_text.fee_text(stored) == "Chưa xác định"


def test_an_exempted_citizen_owes_nothing_even_before_the_fee_is_set(
    services: Services,
) -> None:
    dossier = receive(services, exemption="poor_household")
    assert dossier.fee_total == 0 and dossier.fee_determined
    assert legal_text.fee_text(dossier) == "Miễn phí"


def test_no_qr_and_no_cash_for_a_fee_not_determined(services: Services) -> None:
    services.payments.set_bank_account("970436", "1017595600", "UBND PHUONG MAU", "admin")
    dossier = receive(services)
    for take in (services.payments.start_qr, services.payments.record_cash):
        with pytest.raises(DomainError) as refused:
            take(dossier.code, "admin")
        assert refused.value.code == "payment_fee_not_set"
    assert services.payments.for_dossier(dossier.code) == []


def test_the_administrator_is_told_until_the_fee_is_set(services: Services) -> None:
    missing = services.catalogue.missing_fees()
    assert [item.procedure.code for item in missing] == [PATERNITY]
    assert [rule.id for rule in missing[0].rules] == ["fee"]
    procedure = services.catalogue.set_fee(PATERNITY, 15_000, "admin")
    assert services.catalogue.missing_fees() == []
    assert procedure.version == 2
    assert services.reception.preview(PATERNITY, FeeRequest()).quote.total == 15_000
    logged = services.db.execute(
        "SELECT payload FROM events WHERE type = 'catalogue.fee_set'"
    ).fetchall()
    assert [json.loads(row[0])["amount"] for row in logged] == [15_000]


def test_a_fee_set_from_a_later_day_applies_from_that_day(
    services: Services, clock: FakeClock
) -> None:
    start = clock.now().date() + timedelta(days=7)
    services.catalogue.set_fee(PATERNITY, 10_000, "admin", effective_from=start)
    # Still not set today, so the administrator is still told.
    assert [item.procedure.code for item in services.catalogue.missing_fees()] == [PATERNITY]
    assert services.catalogue.missing_fees(start) == []
    clock.advance(timedelta(days=7))
    assert receive(services).fee_total == 10_000


def test_a_dossier_received_before_is_priced_once_the_fee_is_set(services: Services) -> None:
    dossier = receive(services)
    with pytest.raises(DomainError) as early:
        services.reception.determine_fee(dossier.code, "admin")
    assert early.value.code == "fee_not_set"
    services.catalogue.set_fee(PATERNITY, 12_000, "admin")
    priced = services.reception.determine_fee(dossier.code, "admin")
    assert priced.fee_total == 12_000 and priced.fee_payable
    assert services.dossiers.get(dossier.code).fee_total == 12_000
    types = [e.type for e in events.for_aggregate(services.db, dossier.id)]
    assert types == ["dossier.received", "dossier.fee_determined"]
    with pytest.raises(DomainError) as twice:
        services.reception.determine_fee(dossier.code, "admin")
    assert twice.value.code == "fee_already_determined"
    assert maintenance.check_database(services.db).ok


def test_setting_twice_on_one_day_corrects_an_unused_version(services: Services) -> None:
    services.catalogue.set_fee(PATERNITY, 1_500, "admin")  # a typo: one zero short
    corrected = services.catalogue.set_fee(PATERNITY, 15_000, "admin", rule_id="fee")
    assert corrected.version == 2
    assert services.reception.preview(PATERNITY, FeeRequest()).quote.total == 15_000
    receive(services)
    with pytest.raises(DomainError) as used:
        services.catalogue.set_fee(PATERNITY, 20_000, "admin", rule_id="fee")
    assert used.value.code == "fee_version_in_use"


@pytest.mark.parametrize(
    ("amount", "options", "code"),
    [
        (0, {}, "fee_amount_invalid"),  # 0 đ is not a fee; free is said by the catalogue
        (-5000, {}, "fee_amount_invalid"),
        (10**12, {}, "fee_amount_invalid"),
        (True, {}, "fee_amount_invalid"),
        (10_000, {"effective_from": date(2026, 1, 1)}, "fee_start_in_past"),
        (10_000, {"rule_id": "nope"}, "fee_rule_unknown"),
    ],
)
def test_bad_fees_are_refused_and_nothing_changes(
    services: Services, amount: int, options: dict[str, object], code: str
) -> None:
    before = services.db.execute("SELECT count(*) FROM procedures").fetchone()[0]
    with pytest.raises(DomainError) as refused:
        services.catalogue.set_fee(PATERNITY, amount, "admin", **options)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert services.db.execute("SELECT count(*) FROM procedures").fetchone()[0] == before
    assert [item.procedure.code for item in services.catalogue.missing_fees()] == [PATERNITY]


def test_a_procedure_with_several_fees_asks_which(services: Services) -> None:
    with pytest.raises(DomainError) as refused:
        services.catalogue.set_fee("1.004222", 25_000, "admin")
    assert refused.value.code == "fee_rule_ambiguous"
    raised = services.catalogue.set_fee("1.004222", 25_000, "admin", rule_id="direct")
    assert services.reception.preview("1.004222", FeeRequest()).quote.total == 25_000
    assert raised.version == 2


def test_an_old_database_loses_its_false_free(tmp_path: Path, clock: FakeClock) -> None:
    """A database from before migration 0006 stored the unknown fee as a 0 đ rule and
    priced dossiers at 0 đ: after the migration the rule is unset and they are not free."""
    folder = tmp_path / "data"
    services = app.build(folder, clock)
    dossier = receive(services)
    services.close()
    old_rule = {
        "id": "fee",
        "label": "Lệ phí đăng ký nhận cha, mẹ, con (chưa có mức thu)",
        "kind": "flat",
        "amount": 0,
    }
    with sqlite3.connect(folder / "counter.db") as db:
        row = db.execute("SELECT data FROM procedures WHERE code = ?", [PATERNITY]).fetchone()
        record = json.loads(row[0])
        record["fees"]["rules"] = [old_rule]
        db.execute("UPDATE procedures SET data = ? WHERE code = ?", [json.dumps(record), PATERNITY])
        line = {"rule": "fee", "label": old_rule["label"], "quantity": 1, "unit_amount": 0}
        fee = {"lines": [{**line, "amount": 0}], "exempted_by": None, "request": {}}
        db.execute(
            "UPDATE dossiers SET fee_total = 0, fee = ? WHERE id = ?", [json.dumps(fee), dossier.id]
        )
        db.execute("ALTER TABLE dossiers DROP COLUMN fee_determined")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_fee_not_set'")
    reopened = app.build(folder, clock)
    try:
        assert reopened.dossiers.get(dossier.code).fee_total is None
        procedure = reopened.reference.catalogue().get(PATERNITY, clock.now().date())
        assert [rule.id for rule in procedure.fees.unset_rules()] == ["fee"]
        assert list((folder / "backups").glob("before-0006_fee_not_set-*.db"))
    finally:
        reopened.close()
