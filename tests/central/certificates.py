"""Throwaway certificates for the HTTPS tests, made at test time with the ``openssl``
command (never committed): a ward's own certificate authority and a server certificate
it signed for 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

DAYS = "2"


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the ward's authority: what a counter is told to trust (PEM)
    cert: Path  # the server's certificate, for 127.0.0.1 and localhost
    key: Path  # its private key, without a passphrase


def _openssl(*args: str | Path) -> None:
    done = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"openssl {' '.join(map(str, args))}:\n{done.stderr}"


def _key(path: Path) -> None:
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path)


def make(folder: Path) -> Certificates:
    """A new authority and a server certificate it signed, in ``folder``."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a throwaway certificate")
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key = folder / "ward-ca.pem", folder / "ward-ca-key.pem"
    cert, key, request = folder / "server.pem", folder / "server-key.pem", folder / "server.csr"
    _key(ca_key)
    _openssl("req", "-x509", "-new", "-key", ca_key, "-out", ca, "-days", DAYS,
             "-subj", "/CN=Test ward CA (throwaway)",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    _key(key)
    _openssl("req", "-new", "-key", key, "-out", request, "-subj", "/CN=127.0.0.1")
    extensions = folder / "server.ext"
    extensions.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        "basicConstraints=CA:FALSE\n"
    )
    _openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
             "-out", cert, "-days", DAYS, "-extfile", extensions)  # fmt: skip
    return Certificates(ca, cert, key)
