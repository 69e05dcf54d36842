"""How ``counter-central serve`` listens: the address and port, HTTPS with a certificate,
and which proxies may name the client's address (docs/tls.md). Checked before uvicorn
starts, so that a port in use or a wrong file is one line and exit 2, not uvicorn's log
and a traceback from every worker."""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
from pathlib import Path
from typing import Any, NoReturn

from central.errors import Refused


def check_free(host: str, port: int) -> None:
    """Refused unless ``host:port`` can be listened on now (bound and let go at once, as
    uvicorn then binds it: with ``SO_REUSEADDR``, so a port a closed server left in
    TIME_WAIT is free)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"--host {host!r} is not an address of this machine ({exc})") from None
    family, kind, proto, _name, address = found[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise Refused(
                f"port {port} on {host} is in use (another counter-central, or another "
                "program): stop it, or give another --port"
            ) from None
        reason = exc.strerror or type(exc).__name__
        raise Refused(f"cannot listen on {host}:{port} ({reason})") from None


def tls_options(cert: str | None, key: str | None) -> dict[str, Any]:
    """uvicorn's ``ssl_certfile``/``ssl_keyfile`` for ``--cert``/``--key`` (none: HTTP),
    once the pair is known to load."""
    if not cert and not key:
        return {}
    if not cert or not key:
        raise Refused("--cert and --key go together: the certificate and its private key")
    for option, path in (("--cert", cert), ("--key", key)):
        _readable(option, path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key, password=_no_passphrase)
    except ssl.SSLError as exc:
        reason = exc.reason or exc.strerror or type(exc).__name__
        raise Refused(
            f"--cert {cert} with --key {key} is not a usable certificate and key "
            f"({reason}): give the PEM certificate and the private key it was made with"
        ) from None
    return {"ssl_certfile": cert, "ssl_keyfile": key}


def _readable(option: str, path: str) -> None:
    try:
        with Path(path).open("rb") as file:
            file.read(1)
    except OSError as exc:
        raise Refused(f"{option} {path}: cannot read it ({exc.strerror or exc})") from None


def _no_passphrase() -> NoReturn:
    raise Refused("--key is protected by a passphrase: give the server a key without one")


def proxy_options(trusted: str | None) -> dict[str, Any]:
    """uvicorn's proxy headers: off unless ``--trust-proxy`` names the proxies whose
    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed."""
    if trusted is None:
        return {"proxy_headers": False}
    items = [item.strip() for item in trusted.split(",") if item.strip()]
    if not items:
        raise Refused("--trust-proxy is empty: give the proxy's address, e.g. 127.0.0.1")
    for item in items:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise Refused(
                f"--trust-proxy: {item!r} is not an IP address or network (e.g. 10.0.0.5, "
                "10.0.0.0/24)"
            ) from None
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(items)}
