"""The procedure catalogue: the shipped seed, versions by date, search, refusals."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeKind, FeeRequest
from counter_app.domain.procedures import Catalogue, DocumentForm, Procedure

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "procedures.json"
CODES = {
    "1.001193",
    "1.000894",
    "1.000656",
    "1.004873",
    "1.004837",
    "1.001022",
    "1.004859",
    "2.000635",
    "2.000815",
    "2.000884",
    "2.000913",
    "1.001612",
    "1.004222",
    "1.004194",
}
DAY = date(2025, 9, 15)


@pytest.fixture(scope="module")
def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def catalogue(shipped_data: dict[str, Any]) -> Catalogue:
    return Catalogue.from_data(shipped_data)


def entry(code: str = "2.000884", version: int = 1, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "code": code,
        "version": version,
        "effective_from": "2025-07-01",
        "name": "Chứng thực chữ ký",
        "field": "Chứng thực",
        "time_limit": {"same_day": True},
        "documents": [{"name": "Giấy tờ cần chứng thực chữ ký", "form": "original"}],
        "fees": {"rules": [{"id": "fee", "label": "Lệ phí", "kind": "flat", "amount": 10_000}]},
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def load(*entries: dict[str, Any]) -> Catalogue:
    return Catalogue.from_data({"format": 1, "procedures": list(entries)})


def refusal(*entries: dict[str, Any]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        load(*entries)
    return caught.value


def test_shipped_catalogue_has_the_fourteen_procedures(catalogue: Catalogue) -> None:
    assert {p.code for p in catalogue.versions()} == CODES
    assert {p.code for p in catalogue.in_force(DAY)} == CODES
    assert all(
        p.version == 1 and p.effective_from == date(2025, 7, 1) for p in catalogue.versions()
    )
    assert catalogue.in_force(date(2025, 6, 30)) == []


def test_shipped_text_is_nfc_vietnamese(shipped_data: dict[str, Any]) -> None:
    texts = [(p["name"], p["field"]) for p in shipped_data["procedures"]]
    for procedure in shipped_data["procedures"]:
        texts += [(d["name"],) for d in procedure["documents"]]
        texts += [(r["label"], r.get("note", "")) for r in procedure["fees"]["rules"]]
    for group in texts:
        for text in group:
            assert unicodedata.is_normalized("NFC", text), text
    assert "Đăng ký khai sinh" in [name for name, *_ in texts]


def test_shipped_details(catalogue: Catalogue) -> None:
    birth = catalogue.get("1.001193", DAY)
    assert birth.name == "Đăng ký khai sinh" and birth.field == "Hộ tịch"
    assert birth.time_limit.same_day
    assert [d.form for d in birth.documents[:2]] == [DocumentForm.ORIGINAL] * 2
    assert catalogue.get("1.004222", DAY).time_limit.days == Decimal(7)
    assert catalogue.get("2.000913", DAY).time_limit.days == Decimal(2)
    assert "05 ngày làm việc" in catalogue.get("1.000894", DAY).time_limit_note
    copy_docs = catalogue.get("2.000815", DAY).documents
    assert [d.form for d in copy_docs] == [DocumentForm.ORIGINAL, DocumentForm.COPY]


@pytest.mark.parametrize(
    ("code", "request_", "total"),
    [
        ("1.001193", FeeRequest(), 0),
        ("1.001193", FeeRequest(late=True), 5000),
        ("1.000894", FeeRequest(), 0),
        ("1.000656", FeeRequest(), 0),
        ("1.000656", FeeRequest(late=True), 5000),
        ("1.004873", FeeRequest(), 3000),
        ("1.004837", FeeRequest(), 0),
        ("1.001022", FeeRequest(), None),  # the ward sets its own fee: not known yet
        ("1.001022", FeeRequest(exemption="poor_household"), 0),
        ("1.004859", FeeRequest(age=13), 5000),
        ("1.004859", FeeRequest(age=14), 25_000),
        ("2.000635", FeeRequest(copies=2), 16_000),
        ("2.000815", FeeRequest(pages=3, copies=2), 10_000),
        ("2.000815", FeeRequest(pages=250, copies=3), 600_000),
        ("2.000884", FeeRequest(), 10_000),
        ("2.000913", FeeRequest(), 50_000),
        ("1.001612", FeeRequest(), 100_000),
        ("1.001612", FeeRequest(channel=Channel.POSTAL), 100_000),
        ("1.001612", FeeRequest(channel=Channel.ONLINE), 0),
        ("1.004222", FeeRequest(), 20_000),
        ("1.004222", FeeRequest(channel=Channel.ONLINE), 10_000),
        ("1.004194", FeeRequest(), 15_000),
        ("1.004194", FeeRequest(channel=Channel.ONLINE), 7000),
        ("1.004222", FeeRequest(exemption="poor_household"), 0),
        ("1.004873", FeeRequest(exemption="merit_family"), 0),
    ],
)
def test_shipped_fees(
    catalogue: Catalogue, code: str, request_: FeeRequest, total: int | None
) -> None:
    assert catalogue.get(code, DAY).fees.quote(request_).total == total


def test_no_shipped_fee_is_free_by_accident(catalogue: Catalogue) -> None:
    """0 đ only where a rule says free: every other amount is at least 1 đồng."""
    for procedure in catalogue.versions():
        for rule in procedure.fees.rules:
            if rule.kind in (FeeKind.FREE, FeeKind.UNSET):
                continue
            assert rule.amount >= 1, (procedure.code, rule.id)


def test_shipped_civil_status_change_asks_for_age(catalogue: Catalogue) -> None:
    fees = catalogue.get("1.004859", DAY).fees
    assert fees.depends_on_age()
    with pytest.raises(DomainError) as caught:
        fees.quote(FeeRequest())
    assert caught.value.code == "fee_age_required"


def test_round_trip(catalogue: Catalogue, shipped_data: dict[str, Any]) -> None:
    again = Catalogue.from_data(catalogue.to_data())
    assert again.versions() == catalogue.versions()
    by_code = {p["code"]: p for p in shipped_data["procedures"]}
    assert {p["code"]: p for p in catalogue.to_data()["procedures"]} == by_code


def test_version_in_force_by_date() -> None:
    fees_2027 = {"rules": [{"id": "fee", "label": "Lệ phí", "kind": "flat", "amount": 20_000}]}
    catalogue = load(entry(version=2, effective_from="2027-01-01", fees=fees_2027), entry())
    old, new = (
        catalogue.get("2.000884", date(2026, 12, 31)),
        catalogue.get("2.000884", date(2027, 1, 1)),
    )
    assert (old.version, old.fees.quote(FeeRequest()).total) == (1, 10_000)
    assert (new.version, new.fees.quote(FeeRequest()).total) == (2, 20_000)
    assert [p.version for p in catalogue.in_force(date(2030, 1, 1))] == [2]
    assert [p.version for p in catalogue.versions()] == [1, 2]


def test_explicit_end_leaves_a_gap() -> None:
    catalogue = load(
        entry(effective_to="2026-06-30"), entry(version=2, effective_from="2027-01-01")
    )
    assert catalogue.get("2.000884", date(2026, 6, 30)).version == 1
    for day in (date(2026, 7, 1), date(2025, 6, 30)):
        with pytest.raises(DomainError) as caught:
            catalogue.get("2.000884", day)
        assert caught.value.code == "procedure_not_in_force"
    assert catalogue.search("chu ky", date(2026, 7, 1)) == []


def test_unknown_code() -> None:
    with pytest.raises(DomainError) as caught:
        load(entry()).get("1.999999", DAY)
    assert (caught.value.code, caught.value.params["procedure"]) == (
        "procedure_unknown",
        "1.999999",
    )


@pytest.mark.parametrize(
    ("second", "code"),
    [
        (entry(version=2, effective_from="2025-07-01"), "catalogue_versions_overlap"),
        (entry(version=1, effective_from="2027-01-01"), "catalogue_duplicate_version"),
        (entry(version=0, effective_from="2027-01-01"), "procedure_invalid"),
    ],
)
def test_conflicting_versions_are_refused(second: dict[str, Any], code: str) -> None:
    assert refusal(entry(), second).code == code


def test_explicit_end_overlapping_the_next_version_is_refused() -> None:
    first = entry(effective_to="2027-01-01")
    error = refusal(first, entry(version=2, effective_from="2027-01-01"))
    assert error.code == "catalogue_versions_overlap"
    assert error.params == {"procedure": "2.000884", "versions": [1, 2]}


def test_versions_must_be_numbered_in_date_order() -> None:
    error = refusal(entry(version=2), entry(version=1, effective_from="2027-01-01"))
    assert error.code == "catalogue_versions_out_of_order"


@pytest.mark.parametrize(
    "code", ["1001193", "1.00119", "x.001193", " 1.001193", "1.0011934", 1001193]
)
def test_malformed_codes_are_refused(code: object) -> None:
    error = refusal(entry(code=code))
    assert error.code == "procedure_invalid"
    assert error.params["procedure"] == code


def test_names_are_stored_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Chứng thực  chữ ký")
    procedure = load(entry(name=nfd, field=unicodedata.normalize("NFD", "Chứng thực"))).versions()[
        0
    ]
    assert procedure.name == unicodedata.normalize("NFC", "Chứng thực chữ ký")
    assert unicodedata.is_normalized("NFC", procedure.field)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": ""}, "procedure_invalid"),
        ({"name": "x" * 501}, "procedure_invalid"),
        ({"field": None}, "procedure_invalid"),
        ({"effective_from": "01/07/2025"}, "procedure_invalid"),
        ({"effective_from": "2025-02-30"}, "procedure_invalid"),
        ({"effective_from": 20250701}, "procedure_invalid"),
        ({"effective_to": "2025-06-30"}, "procedure_invalid"),
        ({"efective_to": "2026-01-01"}, "procedure_invalid"),
        ({"documents": {"name": "x"}}, "procedure_invalid"),
        ({"documents": [{"name": "x", "form": "scan"}]}, "procedure_invalid"),
        ({"documents": [{"name": "x", "form": "copy", "count": 0}]}, "procedure_invalid"),
        ({"documents": [{"name": "x", "form": "copy", "optional": "no"}]}, "procedure_invalid"),
        ({"documents": [{"name": "", "form": "copy"}]}, "procedure_invalid"),
        ({"documents": [{"name": "x", "form": "copy", "pages": 2}]}, "procedure_invalid"),
        ({"version": "1"}, "procedure_invalid"),
        ({"time_limit": {"days": 3.5}}, "time_limit_invalid"),
        ({"time_limit": {}}, "time_limit_invalid"),
        (
            {"fees": {"rules": [{"id": "fee", "label": "Lệ phí", "kind": "flat", "amount": -1}]}},
            "fee_rule_invalid",
        ),
        ({"fees": {"rules": []}}, "fee_schedule_invalid"),
    ],
)
def test_malformed_entries_are_refused_naming_the_procedure(
    changes: dict[str, Any], code: str
) -> None:
    data = entry()
    data.update(changes)
    error = refusal({key: value for key, value in data.items() if value is not None})
    assert error.code == code
    assert error.params["procedure"] == "2.000884"
    assert "2.000884" in error.message


def test_fee_errors_keep_the_rule_id() -> None:
    bad = {"rules": [{"id": "fee", "label": "Lệ phí", "kind": "flat"}]}
    error = refusal(entry(fees=bad))
    assert (error.params["procedure"], error.params["rule_id"]) == ("2.000884", "fee")


@pytest.mark.parametrize(
    "data",
    [
        {"format": 2, "procedures": []},
        {"format": "1", "procedures": []},
        {"format": True, "procedures": []},
        {"procedures": []},
        {"format": 1, "procedures": {}},
        {"format": 1, "procedures": [], "extra": 1},
        {"format": 1, "procedures": ["1.001193"]},
        [],
    ],
)
def test_malformed_catalogues_are_refused(data: Any) -> None:
    with pytest.raises(DomainError) as caught:
        Catalogue.from_data(data)
    assert caught.value.code in {
        "catalogue_invalid",
        "catalogue_format_unsupported",
        "procedure_invalid",
    }


def test_in_force_is_sorted_by_field_then_code(catalogue: Catalogue) -> None:
    listed = [(p.field, p.code) for p in catalogue.in_force(DAY)]
    assert listed[:4] == [
        ("Chứng thực", "2.000815"),
        ("Chứng thực", "2.000884"),
        ("Chứng thực", "2.000913"),
        ("Cư trú", "1.004194"),
    ]
    assert listed[-1] == ("Hộ tịch", "2.000635")


@pytest.mark.parametrize(
    ("text", "first", "codes"),
    [
        ("chung thuc ban sao", "2.000815", None),
        ("KHAI SINH", "1.001193", None),
        (unicodedata.normalize("NFD", "khai sinh"), "1.001193", None),
        ("Đăng ký khai tử", "1.000656", {"1.000656"}),
        ("ban sao chung thuc", "2.000815", {"2.000815"}),
        ("thuong tru", "1.004222", {"1.004222"}),
        ("ho kinh doanh", "1.001612", {"1.001612"}),
        ("1.0048", "1.004837", {"1.004837", "1.004859", "1.004873"}),
        ("2.0008", "2.000815", {"2.000815", "2.000884"}),
        ("1004873", "1.004873", {"1.004873"}),
    ],
)
def test_search(catalogue: Catalogue, text: str, first: str, codes: set[str] | None) -> None:
    found = [p.code for p in catalogue.search(text, DAY)]
    assert found[0] == first
    if codes is not None:
        assert set(found) == codes


def test_search_ranks_names_starting_with_the_query_first(catalogue: Catalogue) -> None:
    found = [p.code for p in catalogue.search("chung thuc", DAY)]
    assert found[:3] == ["2.000815", "2.000884", "2.000913"]
    assert set(found) == {"2.000815", "2.000884", "2.000913"}


def test_search_edge_cases(catalogue: Catalogue) -> None:
    assert catalogue.search("", DAY) == catalogue.in_force(DAY)
    assert catalogue.search("   ", DAY) == catalogue.in_force(DAY)
    assert catalogue.search("xyz", DAY) == []
    assert catalogue.search("9.9", DAY) == []
    assert catalogue.search("khai sinh", date(2020, 1, 1)) == []


def test_procedure_from_data_alone() -> None:
    procedure = Procedure.from_data(entry(result_note="Giấy tờ đã chứng thực"))
    assert procedure.result_note == "Giấy tờ đã chứng thực"
    assert Procedure.from_data(procedure.to_data()) == procedure
