"""`counter-app unit`: the sample unit, the warning, and the administrator's explicit change."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app import app
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.services.accounts import UnitSetup
from counter_app.storage import settings
from tests.cli.conftest import Cli

SETUP = UnitSetup(
    agency_id="000.00.01.H26",
    unit_name="UBND Phường Thử Nghiệm",
    place="Hà Nội",
    counter_number=1,
    admin_username="quantri",
    admin_full_name="Trần Thị Quản Trị",
    admin_password="mat-khau-1",
)


def set_up(data_dir: Path, agency_id: str | None = None) -> None:
    services = app.build(data_dir)
    try:
        services.accounts.complete_setup(SETUP)
        if agency_id:  # what an older version kept
            settings.put(services.db, "agency_id", agency_id)
    finally:
        services.close()


def test_a_fresh_installation_is_the_sample(cli: Cli) -> None:
    shown = cli("unit", "show").json()
    assert shown["agency_id"] == "000.00.00.Z99"
    assert shown["needs_setup"] is True
    assert shown["agency_warning"] is None


def test_the_old_default_in_use_is_reported_and_changed_by_an_administrator(
    cli: Cli, data_dir: Path
) -> None:
    set_up(data_dir, "000.00.00.H26")
    assert cli("unit", "show").json()["needs_setup"] is True  # no dossier has it: ask again
    document = data_dir.parent / "reception.json"
    document.write_text(json.dumps(EXAMPLE_RECEPTION), encoding="utf-8")
    code = cli("dossier", "receive", "--json", str(document), "--officer", "quantri").out
    assert code.startswith("000.00.00.H26-")
    shown = cli("unit", "show").json()
    assert shown["needs_setup"] is False
    assert "provincial People's Committee itself" in shown["agency_warning"]
    refused = cli("unit", "set-agency-id", "000.00.00.H26", "--officer", "quantri").error()
    assert refused == (
        "agency_id: 000.00.00.H26 is the code of the provincial People's Committee itself, "
        "not of a ward: enter the ward's own code."
    )
    changed = cli("unit", "set-agency-id", "000.00.07.h26", "--officer", "quantri")
    assert changed.out == (
        "agency id 000.00.00.H26 -> 000.00.07.H26; dossiers received from the next start get it\n"
    )
    assert cli("unit", "show").json()["agency_id"] == "000.00.07.H26"


def test_the_change_is_refused_in_plain_english(cli: Cli, data_dir: Path) -> None:
    assert "not set up yet" in cli("unit", "set-agency-id", "000.00.07.H26").error()
    set_up(data_dir)
    assert (
        "may not do this: unit settings"
        in cli("unit", "set-agency-id", "000.00.07.H26", "--officer", "nobody").error()
    )
    error = cli("unit", "set-agency-id", "000.00.07.H2\n6", "--officer", "quantri").error()
    assert error.startswith("agency_id: '000.00.07.H2\\n6' is not an agency id: it has four")
    sample = cli("unit", "set-agency-id", "000.00.00.Z99", "--officer", "quantri").error()
    assert "sample agency id" in sample
