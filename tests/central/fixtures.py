"""Fixtures for the server's tests and the sync's end-to-end tests, on SQLite and PostgreSQL.

``tests/conftest.py`` registers this module for the whole suite, so a test anywhere under
``tests/`` can ask for them:

- ``postgres`` (session): the throwaway cluster (``tests.central.postgres.Postgres``):
  ``postgres.create_database() -> url``, ``postgres.drop_database(url)``.
- ``database_url``: a fresh empty database, once on each backend (test ids ``[sqlite]``,
  ``[postgresql]``); ``@pytest.mark.parametrize("database_url", ["postgresql"],
  indirect=True)`` narrows a test to one.
- ``server``: ``server(*serve_args, db=None, env=None) -> CentralServer``, a real
  ``counter-central serve`` process on ``database_url`` (or ``db``), healthy on return.
- ``fault_proxy``: ``fault_proxy(upstream_url) -> FaultProxy``, see ``tests.central.proxy``.
- ``certificates``: a throwaway authority and server certificate (``tests.central.
  certificates``); ``https``: a server on SQLite serving that certificate, healthy over
  HTTPS verified with the authority.

PostgreSQL that cannot be started skips its tests, except where ``COUNTER_REQUIRE_POSTGRES``
or ``CI`` is set (``make test``, CI): there it is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.central.proxy import FaultProxy
from tests.central.server import START_TIMEOUT, CentralServer

if TYPE_CHECKING:
    from tests.central.certificates import Certificates
    from tests.central.postgres import Postgres

BACKENDS = ("sqlite", "postgresql")

ServerFactory = Callable[..., CentralServer]
ProxyFactory = Callable[[str], FaultProxy]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    from tests.central import postgres as pg  # psycopg is imported by the tests that use it

    try:
        cluster = pg.start()
    except pg.PostgresUnavailable as exc:
        if pg.required():
            variables = " or ".join(pg.REQUIRE_VARIABLES)
            pytest.fail(f"PostgreSQL is required ({variables} is set): {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL: {exc}")
    yield cluster
    cluster.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of a new empty database, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    cluster: Postgres = request.getfixturevalue("postgres")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[ServerFactory]:
    """Start servers; every one still running is killed at the end of the test."""
    started: list[CentralServer] = []

    def start(
        *serve_args: str,
        db: str | None = None,
        env: dict[str, str] | None = None,
        timeout: float = START_TIMEOUT,
    ) -> CentralServer:
        log = tmp_path / f"server-{len(started) + 1}.log"
        one = CentralServer(db or database_url, log, serve_args, env or {})
        started.append(one)
        return one.start(timeout)

    yield start
    for one in started:
        one.kill()


@pytest.fixture
def fault_proxy() -> Iterator[ProxyFactory]:
    """Start fault-injecting proxies; all are closed at the end of the test."""
    started: list[FaultProxy] = []

    def start(upstream: str) -> FaultProxy:
        proxy = FaultProxy(upstream)
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.close()


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    from tests.central.certificates import make

    return make(tmp_path / "tls")


@pytest.fixture
def https(tmp_path: Path, certificates: Certificates) -> Iterator[CentralServer]:
    args = ("--cert", str(certificates.cert), "--key", str(certificates.key))
    central = CentralServer(
        f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "server.log", args, ca=certificates.ca
    )
    try:
        yield central.start()
    finally:
        central.kill()
