"""Alembic's environment: always online, on the connection ``central.database.upgrade``
opened (inside its transaction and, on PostgreSQL, under its advisory lock)."""

from __future__ import annotations

from alembic import context

from central.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations with `counter-central db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():  # the caller's transaction: no new one is begun
    context.run_migrations()
