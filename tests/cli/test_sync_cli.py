"""`counter-app enrol` and `counter-app sync` without a server: what they refuse, in one line.

Against a real server: tests/sync/test_sync_with_server.py.
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from counter_app.cli import EXAMPLE_RECEPTION
from tests.cli.conftest import Cli

HOW_TO_ENROL = "run 'counter-app enrol --server URL --code CODE'"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("what", ["--once", "--status"])
def test_a_counter_not_enrolled_is_told_how(cli: Cli, what: str) -> None:
    message = cli("sync", what).error()
    assert message.startswith("this counter is not enrolled with a sync server")
    assert HOW_TO_ENROL in message


def test_sync_asks_for_once_or_status(cli: Cli) -> None:
    assert "one of the arguments --once --status is required" in cli("sync").error()
    assert "not allowed with argument" in cli("sync", "--once", "--status").error()


@pytest.mark.parametrize(
    "url", ["dongbo.example.vn", "ftp://dongbo.example.vn", "http://", "https://a b\nc"]
)
def test_a_bad_server_address_is_refused_before_anything(
    cli: Cli, url: str, data_dir: Path
) -> None:
    message = cli("enrol", "--server", url, "--code", "ABCD-EFGH-JKMN").error()
    assert "is not a server address like https://" in message
    assert not data_dir.exists()  # refused before the installation is even opened


def test_a_server_that_hangs_up_is_one_clean_line(cli: Cli) -> None:
    """httpx's reason ends with a full stop ("Server disconnected without sending a
    response."): the line goes on without a stray ".;"."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"

        def hang_up() -> None:
            for _ in range(4):  # the client's tries
                connection, _address = listener.accept()
                connection.close()

        worker = threading.Thread(target=hang_up, daemon=True)
        worker.start()
        message = cli("enrol", "--server", url, "--code", "ABCD-EFGH-JKMN").error()
    assert message.startswith(f"server unreachable: {url}")
    assert ".;" not in message and "; not enrolled" in message


def test_enrolment_with_a_server_that_is_not_there(cli: Cli) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    message = cli("enrol", "--server", url, "--code", "ABCD-EFGH-JKMN").error()
    assert message.startswith(f"server unreachable: {url}")
    assert message.endswith(
        "not enrolled: try again when the server answers"
        " (with a new code if this one is then refused)"
    )
    assert "events wait" not in message  # there are none to wait: nothing was enrolled
    assert cli("sync", "--status").error().startswith("this counter is not enrolled")


def test_a_code_that_cannot_be_one(cli: Cli) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    message = cli("enrol", "--server", url, "--code", "  x ").error()
    assert message.startswith("an enrolment code has 4–64 characters")


def test_the_samples_dossiers_cannot_join_a_ward(cli: Cli, data_dir: Path) -> None:
    document = data_dir.parent / "reception.json"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(json.dumps(EXAMPLE_RECEPTION), encoding="utf-8")
    assert cli("dossier", "receive", "--json", str(document)).code == 0
    url = f"http://127.0.0.1:{closed_port()}"  # refused before the code is spent
    message = cli("enrol", "--server", url, "--code", "ABCD-EFGH-JKMN").error()
    assert message.startswith("this installation numbered dossiers under 000.00.00.Z99")


def test_an_unknown_officer_is_refused(cli: Cli) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    args = ("enrol", "--server", url, "--code", "ABCD-EFGH-JKMN", "--officer", "nobody")
    assert cli(*args).error() == (
        "there is no active officer 'nobody'"
        ": give the user name of one with --officer (the officers: counter-app account list)"
    )


@pytest.mark.parametrize("cursor", ["abc", "-1", "١٢", "9" * 40, ""])
def test_a_sync_state_edited_by_hand_is_shown_not_a_traceback(
    cli: Cli, data_dir: Path, cursor: str
) -> None:
    """The state is a table anyone can edit; what does not read shows as unknown."""
    import sqlite3

    assert cli("unit", "show").code == 0  # the installation exists
    url = f"http://127.0.0.1:{closed_port()}"
    with sqlite3.connect(data_dir / "counter.db") as db:
        db.executemany(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
            [
                ("server", url),
                ("token", "t" * 43),
                ("cursor", cursor),
                ("last_attempt", "yesterday"),
                ("last_success", "not a time"),
            ],
        )
    status = cli("sync", "--status")
    assert status.code == 0
    shown = status.json()
    assert shown["cursor"] is None
    assert (shown["enrolled"], shown["server"], shown["last_success"]) == (True, url, "not a time")
    # a sync goes on: it pulls from the start, and says the server is not there
    assert cli("sync", "--once").error().startswith(f"server unreachable: {url}")
