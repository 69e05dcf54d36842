"""The ward/city server of Quầy Một Cửa (``counter-central``).

One program, two roles: at the top (the city) it stores every ward's events; on a ward's
machine (``serve --upstream``) it also forwards them to the city and relays down what the
city sends. FastAPI + SQLAlchemy Core + Alembic, on SQLite or PostgreSQL; the protocol's
documents are ``counter_app.sync.wire`` (docs/sync-protocol.md).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("counter-app")
except PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0.0.0"
