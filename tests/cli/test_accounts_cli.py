"""The accounts on the command line: the list, the administrator's reset, a role changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_the_forgotten_administrator_password_is_reset_from_the_pc(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(monkeypatch, "mat-khau-moi-dai\n")
    assert "is reset" in cli("account", "reset-password", "admin").out
    from counter_app import app  # the new password logs in, and the reset is an event

    services = app.build(data_dir)
    try:
        assert services.accounts.login("admin", "mat-khau-moi-dai").role == "admin"
        payloads = services.db.execute(
            "SELECT payload FROM events WHERE type = 'officer.password_reset'"
        ).fetchall()
        assert [json.loads(p) for (p,) in payloads] == [{"username": "admin"}]
        assert "mat-khau-moi-dai" not in json.dumps(
            services.db.execute("SELECT * FROM events").fetchall(), ensure_ascii=False
        )
    finally:
        services.close()


@pytest.mark.parametrize(
    "given",
    [
        "",
        "ngan\n",
        " co-dau-cach \n",
        "mat-khau-\udcff\udcfe-moi\n",  # stdin that is not UTF-8 (was a traceback)
        "mat\x1b[2Jkhau-moi\n",
        "mat-khau\x00-moi\n",
        "m" * 250 + "\n",  # was cut to 202 characters and stored so
    ],
)
def test_a_bad_new_password_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    typed(monkeypatch, given)
    assert "password" in cli("account", "reset-password", "admin").error()


def test_roles_are_changed_by_an_administrator_only(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [a["username"] for a in cli("account", "list").json()] == ["admin"]
    assert "one active administrator" in cli("account", "set", "admin", "--role", "head").error()
    assert "no account 'khach'" in cli("account", "set", "khach", "--role", "head").error()
    typed(monkeypatch, "mat-khau-moi-dai\n")
    assert (
        "no active officer 'khach'"
        in cli("account", "reset-password", "admin", "--officer", "khach").error()
    )
    assert cli("account", "list").json()[0]["role"] == "admin"


def test_a_dossier_is_handed_to_another_officer(
    cli: Cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app import app
    from tests.cli.test_cli import receive, reception

    code = receive(cli, tmp_path, reception())
    services = app.build(data_dir)
    try:
        services.accounts.add_officer(
            "cb.lan", "Nguyễn Thị Lan", "officer", "mat-khau-dai", "admin"
        )
    finally:
        services.close()
    assert (
        "no active officer"
        in cli("dossier", "reassign", code, "--to", "khach", "--reason", "Nghỉ phép").error()
    )
    assert (
        "may not do this"
        in cli(
            "dossier", "reassign", code, "--to", "cb.lan", "--reason", "Nhận", "--officer", "cb.lan"
        ).error()
    )
    moved = cli("dossier", "reassign", code, "--to", "cb.lan", "--reason", "Cán bộ nghỉ phép")
    assert moved.out == f"{code}\tcb.lan\n"
    assert cli("db", "check").json()["ok"] is True
