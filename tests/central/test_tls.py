"""``counter-central serve --cert FILE --key FILE``: a real HTTPS server on loopback,
verified against a throwaway authority made at test time; a wrong pair is one line."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from tests.central.certificates import Certificates, make
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, issue_code


def test_a_server_answers_https_verified_by_its_authority(
    https: CentralServer, certificates: Certificates
) -> None:
    assert https.url.startswith("https://127.0.0.1:")
    trusting = ssl.create_default_context(cafile=certificates.ca)
    with httpx.Client(verify=trusting, timeout=30) as client:
        assert client.get(https.url + "/v1/health").status_code == 200
        add_ward(https, WARD_A)
        body = {"code": issue_code(https, WARD_A), "device_id": "tls-pc", "device_name": "PC"}
        enrolled = client.post(https.url + "/v1/enrol", json=body)
        assert enrolled.status_code == 200, enrolled.text
        headers = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        assert client.get(https.url + "/v1/me", headers=headers).status_code == 200
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(https.url + "/v1/health", timeout=30)  # the public authorities only
    with pytest.raises(httpx.HTTPError):
        plain = httpx.get(https.url.replace("https:", "http:") + "/v1/health", timeout=30)
        plain.raise_for_status()


def test_a_wrong_certificate_or_key_is_one_line(tmp_path: Path, certificates: Certificates) -> None:
    other = make(tmp_path / "other")
    text = tmp_path / "notes.txt"
    text.write_text("not a certificate\n")
    central = CentralServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "server.log")
    cert, key = str(certificates.cert), str(certificates.key)
    cases = {
        ("--cert", cert): "--cert and --key go together",
        ("--key", key): "--cert and --key go together",
        ("--cert", str(tmp_path / "missing.pem"), "--key", key): "cannot read it",
        ("--cert", cert, "--key", str(tmp_path)): "cannot read it",
        ("--cert", cert, "--key", str(other.key)): "not a usable certificate and key",
        ("--cert", str(text), "--key", key): "not a usable certificate and key",
        ("--cert", key, "--key", key): "not a usable certificate and key",
    }
    for args, said in cases.items():
        done = central.run_cli("serve", "--port", "9", *args, check=False)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("counter-central: error: "), lines
        assert said in lines[0], (args, lines[0])
        assert "Traceback" not in done.stderr


def test_a_key_with_a_passphrase_is_refused_in_one_line(
    tmp_path: Path, certificates: Certificates
) -> None:
    import subprocess

    locked = tmp_path / "locked-key.pem"
    subprocess.run(
        ["openssl", "pkey", "-in", str(certificates.key), "-out", str(locked), "-aes256",
         "-passout", "pass:throwaway"],
        check=True, capture_output=True,
    )  # fmt: skip
    central = CentralServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "server.log")
    done = central.run_cli(
        "serve", "--cert", str(certificates.cert), "--key", str(locked), check=False, input=""
    )
    assert done.returncode == 2 and "passphrase" in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_trusted_proxies_are_addresses(tmp_path: Path) -> None:
    central = CentralServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "server.log")
    for wrong in ("", "proxy.example", "10.0.0.300"):
        done = central.run_cli("serve", "--trust-proxy", wrong, check=False)
        assert done.returncode == 2 and "--trust-proxy" in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1
