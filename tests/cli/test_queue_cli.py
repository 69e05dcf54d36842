"""`counter-app queue ...` and `counter-app display enrol` against a real ward server
(SQLite): the ticket numbers printed, the JSON, and one line for every refusal."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, issue_code
from tests.cli.conftest import Cli


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    """A ward server on SQLite, as on a ward's machine (the queue on PostgreSQL:
    tests/central/test_queue.py)."""
    one = CentralServer(f"sqlite:///{tmp_path / 'ward.db'}", tmp_path / "server.log", (), {})
    one.start()
    add_ward(one, WARD_A, "Phường Thử Nghiệm")
    yield one
    one.kill()


@pytest.fixture
def enrolled(cli: Cli, central: CentralServer) -> Cli:
    done = cli("enrol", "--server", central.url, "--code", issue_code(central, WARD_A))
    assert done.code == 0, done
    return cli


def test_take_call_and_finish_print_the_numbers(enrolled: Cli) -> None:
    cli = enrolled
    assert cli("queue", "take", "--area", "a").out == "A001\n"
    assert cli("queue", "take", "--area", "A", "--priority").out == "A002\n"
    assert cli("queue", "take", "--area", "B", "--priority", "elderly").out == "B001\n"
    # Priority first (A002, B001 by arrival), then A001; an empty queue prints nothing.
    called = [cli("queue", "call", "--counter", "3").out for _ in range(4)]
    assert called == ["A002\n", "B001\n", "A001\n", ""]
    assert (
        cli("queue", "call", "--counter", "3", "--ticket", "b001")
        .error()
        .startswith("refused by the ward server: ticket B001 is done")
    )
    status = cli("queue", "status").json()
    assert [area["last_number"] for area in status["areas"][:2]] == [2, 1]
    assert status["recent_calls"][0]["label"] == "A001"
    cli("queue", "take", "--area", "A")
    assert cli("queue", "call").out == "A003\n"  # this counter's own number by default
    done = cli("queue", "finish", "--dossier", "001.02.03.H26-261130-1001", "--procedure", "1.001")
    assert done.out == "A003\n"
    figures = cli("queue", "stats").json()
    assert figures["all"]["tickets"] == 4 and figures["all"]["served"] == 4
    assert figures["by_procedure"]["1.001"]["served"] == 1


def test_refusals_are_one_line(enrolled: Cli, central: CentralServer) -> None:
    cli = enrolled
    assert "no service area Z" in cli("queue", "take", "--area", "Z").error()
    assert "--area must be a service area's letter" in cli("queue", "take", "--area", "A1").error()
    assert (
        "--counter must be a number from 1 to 99" in cli("queue", "call", "--counter", "0").error()
    )
    assert "--ticket must be a ticket number" in cli("queue", "call", "--ticket", "A-1").error()
    assert "has no ticket called now" in cli("queue", "finish", "--counter", "7").error()
    assert "not a date" in cli("queue", "stats", "--date", "2026-02-30").error()
    central.kill()
    assert cli("queue", "call").error().startswith("the ward server is unreachable")


def test_a_counter_not_enrolled_is_told_how(cli: Cli) -> None:
    assert "not enrolled with a sync server" in cli("queue", "status").error()


def test_a_screen_is_enrolled_with_a_display_code_only(
    cli: Cli, central: CentralServer, data_dir: Path
) -> None:
    counter_code = issue_code(central, WARD_A)
    refused = cli("display", "enrol", "--server", central.url, "--code", counter_code)
    assert "this code is for a counter" in refused.error()
    display_code = central.run_cli("enrol", "--ward", WARD_A, "--display").stdout.splitlines()[-1]
    refused = cli("enrol", "--server", central.url, "--code", display_code)
    assert "this code is for a kiosk or board screen" in refused.error()
    done = cli(
        "display", "enrol", "--server", central.url, "--code", display_code, "--name", "Sảnh"
    )
    assert done.code == 0 and "ward 001.02.03.H26" in done.out
    config = data_dir / "display.json"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600  # it holds the screen's token
    saved = json.loads(config.read_text(encoding="utf-8"))
    assert saved["ward_name"] == "Phường Thử Nghiệm" and saved["server"] == central.url
    devices = central.run_cli("device", "list", "--ward", WARD_A, "--json").stdout
    assert [d["role"] for d in json.loads(devices)] == ["display"]


@pytest.mark.parametrize("screen", ["kiosk", "board"])
def test_a_screen_not_enrolled_is_told_how(cli: Cli, screen: str) -> None:
    assert "counter-app display enrol --server URL --code CODE" in cli(screen).error()


def test_the_rating_scale_is_shown_and_set(cli: Cli, tmp_path: Path) -> None:
    shown = cli("queue", "rating-scale").json()
    assert [c["label"] for c in shown["choices"]] == [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
    ]
    new = tmp_path / "scale.json"
    scale = {
        "choices": [
            {"key": "tot", "label": "Tốt"},
            {"key": "chua_tot", "label": "Chưa tốt", "unhappy": True},
        ],
        "reasons": ["Chờ lâu"],
    }
    new.write_text(json.dumps(scale, ensure_ascii=False), encoding="utf-8")
    assert cli("queue", "rating-scale", "--file", str(new)).json()["choices"][1] == {
        "key": "chua_tot",
        "label": "Chưa tốt",
        "unhappy": True,
    }
    assert cli("queue", "rating-scale").json()["reasons"] == ["Chờ lâu"]
    for bad in ('{"choices": "x"}', "[1, 2]", "[" * 50_000 + "]" * 50_000, '{"choices": []}'):
        new.write_text(bad, encoding="utf-8")
        assert "rating scale" in cli("queue", "rating-scale", "--file", str(new)).error() or (
            "nested too deeply" in cli("queue", "rating-scale", "--file", str(new)).error()
        )
    assert cli("queue", "rating-scale").json()["reasons"] == ["Chờ lâu"]  # kept


@pytest.mark.parametrize(
    "answer",
    [
        b'{"date": "2026-12-02", "all": {"tickets": NaN}, "by_area": {}}',
        b'{"date": "2026-12-02", "all": {"tickets": 1}, "wait": Infinity}',
        b'{"acked_through": 3, "parked": [], "server_time": "2026-12-02T09:00:00+07:00"}',
        b'{"error": "ok"}',
    ],
    ids=["nan", "infinity", "another-answer", "any-object"],
)
def test_figures_that_are_not_the_queues_are_refused(
    enrolled: Cli, data_dir: Path, answer: bytes
) -> None:
    """A server (or whatever answers at its address) that sends a JSON object other than
    the day's figures, or NaN/Infinity: printed as the figures with exit 0, it was not
    even JSON (jq refuses NaN). Refused in one line instead."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        with sqlite3.connect(data_dir / "counter.db") as db:
            url = f"http://127.0.0.1:{httpd.server_address[1]}"
            db.execute("UPDATE sync_state SET value = ? WHERE key = 'server'", (url,))
        db.close()
        assert "sent no figures" in enrolled("queue", "stats").error()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
