"""The fee a unit has not set, from the command line: said, listed, set, then charged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.cli import EXAMPLE_RECEPTION
from tests.cli.conftest import Cli


def test_the_fee_of_a_procedure_without_one_is_not_zero(cli: Cli) -> None:
    message = cli("fee", "--procedure", "1.001022").error()
    assert "1.001022" in message and "not set" in message
    assert "catalogue set-fee 1.001022" in message


def test_missing_fees_are_listed_until_set(cli: Cli) -> None:
    listed = cli("catalogue", "missing-fees")
    assert listed.code == 0
    assert listed.out.splitlines() == [
        "1.001022\tĐăng ký nhận cha, mẹ, con\tfee\tLệ phí đăng ký nhận cha, mẹ, con"
    ]
    done = cli("catalogue", "set-fee", "1.001022", "15.000")
    assert done.code == 0, done
    assert done.out.startswith("1.001022 version 2: 15000 đồng from ")
    assert cli("catalogue", "missing-fees").out == ""
    assert cli("fee", "--procedure", "1.001022").out.splitlines()[0] == "15000"
    # Set once, the one fee of the procedure can be changed from a later day.
    later = cli("catalogue", "set-fee", "1.001022", "20000", "--from", "2099-01-01")
    assert later.out == "1.001022 version 3: 20000 đồng from 2099-01-01\n"


def test_a_dossier_received_before_is_priced_afterwards(cli: Cli, tmp_path: Path) -> None:
    document = {**EXAMPLE_RECEPTION, "procedure": "1.001022", "documents": None, "fee": None}
    path = tmp_path / "reception.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code = cli("dossier", "receive", "--json", str(path)).out.strip()
    shown = cli("dossier", "show", code).json()
    assert shown["fee"]["total"] is None and shown["fee"]["determined"] is False
    assert "not set" in cli("dossier", "fee", code).error()
    cli("catalogue", "set-fee", "1.001022", "10000")
    assert cli("dossier", "fee", code).out == f"{code}\t10000\n"
    assert cli("dossier", "show", code).json()["fee"]["total"] == 10_000


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["1.001022", "0"], "from 1 to"),
        (["1.001022", "-1"], "is not an amount"),
        (["1.001022", "15k"], "is not an amount"),
        (["1.001022", "１５０００"], "is not an amount"),  # full-width digits
        (["1.001022", "1\u0000"], "is not an amount"),
        (["1.001022", "1.5"], "is not an amount"),
        (["1.001022", "99999999999"], "from 1 to"),
        (["1.001022", "10000", "--from", "2020-01-01"], "from today or a later day"),
        (["1.001022", "10000", "--from", "2026-02-30"], "is not a date"),
        (["1.001022", "10000", "--rule", "nope"], "no fee rule 'nope'"),
        (["9.999999", "10000"], "no procedure '9.999999'"),
        (["1.004222", "10000"], "Say which fee rule"),
        (["1.001022", "10000", "--officer", "ghost"], "no active officer"),
    ],
)
def test_bad_fees_are_refused_in_one_line(cli: Cli, args: list[str], expected: str) -> None:
    assert expected in cli("catalogue", "set-fee", *args).error()
    assert cli("catalogue", "missing-fees").out.startswith("1.001022\t")
