"""A counter enrolled with a ward server whose certificate the ward's own authority
signed: ``counter-app enrol --ca FILE`` trusts it, for the enrolment, every sync and the
queue after it; without it the server is not trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app import app
from counter_app.cli import main
from counter_app.domain.clock import FakeClock
from counter_app.domain.errors import DomainError
from counter_app.sync.client import SyncClient
from tests.central.certificates import Certificates
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, issue_code


@pytest.fixture
def https(https: CentralServer) -> CentralServer:
    """The HTTPS server of tests/central/fixtures.py, with ward A."""
    add_ward(https, WARD_A, "Phường Hàng Bạc")
    return https


def run(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_counter_trusts_its_wards_authority(
    https: CentralServer,
    certificates: Certificates,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
) -> None:
    data = tmp_path / "counter"
    enrol = ("enrol", "--server", https.url, "--code", issue_code(https, WARD_A))
    code, _, err = run(data, capsys, *enrol)
    assert code == 2 and "server unreachable" in err and "CERTIFICATE_VERIFY_FAILED" in err, err
    code, out, err = run(data, capsys, *enrol, "--ca", str(certificates.ca))
    assert code == 0, err
    assert out.startswith(f"enrolled with {https.url}: ward {WARD_A}")
    code, out, err = run(data, capsys, "sync", "--once")
    assert code == 0, err
    assert json.loads(out)["errors"] == []
    services = app.build(data, clock)
    try:
        with services.sync.queue_client() as client:
            assert client.status() is not None  # the queue over the same trust
    finally:
        services.close()


def test_a_file_that_is_not_an_authority_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], certificates: Certificates
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a certificate\n")
    enrol = ("enrol", "--server", "https://127.0.0.1:9", "--code", "ABCD-EFGH-JKMN")
    for path, said in ((notes, "not a PEM certificate"), (tmp_path / "none.pem", "cannot read")):
        code, out, err = run(tmp_path / "counter", capsys, *enrol, "--ca", str(path))
        assert (code, out) == (2, "") and said in err and len(err.splitlines()) == 1, err
    broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    with pytest.raises(DomainError, match="not a PEM certificate"):
        SyncClient("https://127.0.0.1:9", ca=broken)
    with SyncClient("https://127.0.0.1:9", ca=certificates.ca.read_text()) as client:
        assert client.base_url == "https://127.0.0.1:9"


def test_a_kiosk_or_board_screen_trusts_its_wards_authority(
    https: CentralServer,
    certificates: Certificates,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from counter_app.services import display

    data = tmp_path / "screen"
    code = https.run_cli("enrol", "--ward", WARD_A, "--display").stdout.splitlines()[-1]
    enrol = ("display", "enrol", "--server", https.url, "--code", code)
    status, _, err = run(data, capsys, *enrol)
    assert status == 2 and "CERTIFICATE_VERIFY_FAILED" in err, err
    status, out, err = run(data, capsys, *enrol, "--ca", str(certificates.ca))
    assert status == 0, err
    assert f"a screen of ward {WARD_A}" in out
    config = display.load(data)
    assert config.ca == certificates.ca.read_text()
    with config.client() as client:  # the board and the kiosk over the same trust
        assert client.status() is not None
    bad = tmp_path / "not-a-ca.pem"
    bad.write_text("hello", encoding="ascii")
    status, _, err = run(data, capsys, *enrol, "--ca", str(bad))
    assert status == 2 and "not a PEM certificate" in err and len(err.splitlines()) == 1
