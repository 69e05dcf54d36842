"""``counter-app citizen export``: a citizen's access request, answered from a real
installation with several people's dossiers. All people here are synthetic."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import Dossier, Status
from counter_app.domain.reception import parse_reception
from counter_app.storage import events
from tests.cli.conftest import Cli

AN = "001090123456"  # EXAMPLE_RECEPTION's applicant, Nguyễn Văn An
BINH = {"full_name": "Trần Thị Bình", "id_number": "001190123457", "gender": "female"}
CUONG = {
    "full_name": "Lê Văn Cường",
    "id_number": "079087654321",
    "gender": "male",
    "phone": "0909111222",
}


def receive(services: app.Services, **changes: Any) -> Dossier:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return services.reception.receive(parse_reception(document), "admin")


@pytest.fixture
def held(data_dir: Path, clock: FakeClock) -> dict[str, Dossier]:
    """An's own dossier (paid in cash, moved on, its receipt queued), one An submitted
    for Cường, one of Bình's alone; and An's number in a half-typed form."""
    services = app.build(data_dir, clock)
    try:
        own = receive(services, delegate=dict(CUONG))
        services.payments.record_cash(own.code, "admin")
        services.dossiers.change_status(own.code, Status.IN_PROCESSING, "Chuyển tư pháp", "admin")
        services.printing.print_receipt(own, "admin")
        applicant = {**EXAMPLE_RECEPTION["applicant"]}
        for_other = receive(services, applicant=dict(CUONG), delegate=applicant)
        other = receive(services, applicant=dict(BINH))
        draft = copy.deepcopy(EXAMPLE_RECEPTION)
        services.reception.save_draft("admin", draft)
    finally:
        services.close()
    return {"own": own, "for_other": for_other, "other": other}


def exported_events(data_dir: Path) -> list[events.Event]:
    services = app.build(data_dir)
    try:
        rows = services.db.query(
            "SELECT aggregate_id FROM events WHERE type = ?", ["citizen.exported"]
        )
        return [
            e for row in list(rows) for e in events.for_aggregate(services.db, row["aggregate_id"])
        ]
    finally:
        services.close()


def test_everything_held_about_an_comes_out(cli: Cli, held: dict[str, Dossier]) -> None:
    result = cli("citizen", "export", AN)
    document = result.json()

    assert "Nguyễn Văn An" in result.out  # UTF-8, not \\u escapes
    assert unicodedata.is_normalized("NFC", result.out)
    assert document["id_number"] == AN and "note" not in document
    codes = [d["code"] for d in document["dossiers"]]
    assert codes == [held["own"].code, held["for_other"].code]  # never Bình's
    own, for_other = document["dossiers"]
    assert own["roles"] == ["applicant"] and for_other["roles"] == ["delegate"]
    assert own["applicant"] == held["own"].applicant.to_data() | {"birth_date": "1990-01-01"}
    assert own["procedure"]["code"] == "2.000815"
    assert [h["to"] for h in own["history"]] == ["received", "in_processing"]
    assert own["history"][1]["reason"] == "Chuyển tư pháp"
    assert [d["name"] for d in own["documents"]] == [
        "Bản chính giấy tờ cần chứng thực",
        "Bản sao cần chứng thực",
    ]
    assert own["fee"]["total"] == 10_000
    (payment,) = own["payments"]
    assert (payment["method"], payment["state"], payment["amount"]) == ("cash", "paid", 10_000)
    assert [p["kind"] for p in own["papers"]] == ["receipt"]
    assert [e["type"] for e in own["events"]][:1] == ["dossier.received"]
    # Cường's data is Cường's: his name says who An acted with, nothing more of him.
    assert own["delegate"]["full_name"] == "Lê Văn Cường"
    assert for_other["applicant"]["full_name"] == "Lê Văn Cường"
    assert "079087654321" not in result.out and "0909111222" not in result.out
    assert "Trần Thị Bình" not in result.out
    (draft,) = document["drafts"]
    assert draft["data"]["applicant"]["id_number"] == AN


def test_the_export_is_an_event_without_the_number_or_the_name(
    cli: Cli, data_dir: Path, held: dict[str, Dossier]
) -> None:
    assert cli("citizen", "export", "001 090 123456", "--officer", "admin").code == 0

    (event,) = exported_events(data_dir)
    assert event.payload == {
        "dossiers": [held["own"].code, held["for_other"].code],
        "officer": "admin",
    }
    assert event.officer == "admin"
    raw = json.dumps(event.payload, ensure_ascii=False)
    assert "123456" not in raw and "Nguyễn" not in raw and "nguyen" not in raw.lower()
    assert cli("db", "check").json()["ok"] is True  # the event log still checks out


def test_out_writes_utf8_nfc_json(cli: Cli, tmp_path: Path, held: dict[str, Dossier]) -> None:
    out = tmp_path / "an.json"
    result = cli("citizen", "export", AN, "--out", str(out))

    assert result.code == 0 and result.out == ""
    assert result.err == f"2 dossiers written to {out}\n"
    text = out.read_bytes().decode("utf-8")
    assert "Nguyễn Văn An" in text and unicodedata.is_normalized("NFC", text)
    assert [d["code"] for d in json.loads(text)["dossiers"]] == [
        held["own"].code,
        held["for_other"].code,
    ]


def test_an_unknown_number_is_an_empty_export_with_a_note(
    cli: Cli, data_dir: Path, held: dict[str, Dossier]
) -> None:
    result = cli("citizen", "export", "036193582047")
    document = result.json()
    assert document["dossiers"] == [] and document["drafts"] == []
    assert document["note"] == "This counter holds no dossier and no draft with this ID number."
    assert document["note"] in result.err
    (event,) = exported_events(data_dir)
    assert event.payload == {"dossiers": [], "officer": "admin"}


@pytest.mark.parametrize(
    "number",
    [
        "",
        "12345",
        "00109012345X",
        "0010901234567",
        "999090123456",  # no such province
        "００１０９０１２３４５６",  # full-width digits
        unicodedata.normalize("NFD", "001090123456é"),
        "001090123456; DROP TABLE dossiers",
        "1" * 5000,
    ],
)
def test_a_malformed_number_is_one_line_and_records_nothing(
    cli: Cli, data_dir: Path, held: dict[str, Dossier], number: str
) -> None:
    message = cli("citizen", "export", number).error()
    assert message.startswith("The ID number")
    assert len(message) < 200
    assert exported_events(data_dir) == []


def test_an_unknown_officer_is_refused(cli: Cli, held: dict[str, Dossier]) -> None:
    assert cli("citizen", "export", AN, "--officer", "nobody").error() == (
        "there is no active officer 'nobody'"
        ": give the user name of one with --officer (the officers: counter-app account list)"
    )
