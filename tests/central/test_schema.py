"""The server's database on each backend: migrations, and the locks that keep it exact."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, insert, inspect, select
from sqlalchemy.exc import OperationalError

from central import changes, database, schema, wards
from central.migrations import head
from counter_app.domain.clock import VIETNAM
from counter_app.sync.wire import ChangeKind

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM)


def migrated(url: str) -> Engine:
    engine = database.open_engine(url)
    assert database.upgrade(engine) == head()
    return engine


def test_the_migrations_make_exactly_the_declared_schema(database_url: str) -> None:
    engine = migrated(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, schema.metadata) == []
        assert database.head_revision() == head()
        assert set(inspect(engine).get_table_names()) >= set(schema.metadata.tables)
    finally:
        engine.dispose()


def test_the_upgrade_records_the_blocks_counters_hold(database_url: str) -> None:
    """Revision 0006 starts ``device_blocks`` from what the devices hold, each from the
    day (in Việt Nam) it was enrolled; a screen without a block gets none."""
    engine = database.open_engine(database_url)
    try:
        assert database.upgrade(engine, "0005") == "0005"
        enrolled = datetime(2026, 11, 30, 18, 30, tzinfo=UTC)  # 1 December, 01:30 in Hà Nội
        with database.write(engine) as conn:
            ward = wards.add_ward(conn, "001.02.03.H26", "Phường Hàng Bạc", NOW).id
            common = {"ward_id": ward, "created_at": NOW, "enrolled_at": enrolled}
            counter = {"counter_number": 3, "sequence_first": 3000, "sequence_last": 3999}
            screen = dict.fromkeys(counter)
            conn.execute(
                insert(schema.devices),
                [
                    {"id": "pc-1", "role": "counter", **common, **counter},
                    {"id": "screen", "role": "display", **common, **screen},
                ],
            )
        assert database.upgrade(engine) == head()
        with database.read(engine) as conn:
            rows = conn.execute(select(schema.device_blocks)).all()
        assert [tuple(row) for row in rows] == [("pc-1", 3000, 3999, ward, date(2026, 12, 1))]
    finally:
        engine.dispose()


def test_the_upgrade_cleans_names_stored_before_they_were_cleaned(database_url: str) -> None:
    """Devices enrolled (and wards, dashboard tokens named) before names were cleaned
    kept escape sequences and invisible characters: revision 0007 cleans them as
    enrolment now does (``text.clean``). A dashboard token's name that would clash
    with another's, or a ward's that would be empty, is left as it was."""
    engine = database.open_engine(database_url)
    try:
        assert database.upgrade(engine, "0006") == "0006"
        with database.write(engine) as conn:
            ward = conn.execute(
                insert(schema.wards).values(
                    code="001.02.03.H26", name="Phường\x1b[2J Hàng\u200b Bạc", created_at=NOW
                )
            ).inserted_primary_key[0]
            conn.execute(
                insert(schema.wards).values(code="001.02.03.H27", name="\u200b", created_at=NOW)
            )
            device = {"ward_id": ward, "role": "counter", "created_at": NOW}
            conn.execute(
                insert(schema.devices),
                [
                    {
                        "id": "pc-1",
                        **device,
                        "name": "Quầy\x1b[31m 1\u202e",
                        "app_version": "1.0\x07",
                    },
                    {"id": "pc-2", **device, "name": "Quầy 2", "app_version": "1.0"},
                ],
            )
            token = {"created_at": NOW, "revoked_at": None}
            conn.execute(
                insert(schema.dashboard_tokens),
                [
                    {"name": "Màn hình\x1b[2J sảnh", "token_hash": "a" * 64, **token},
                    {"name": "TV", "token_hash": "b" * 64, **token},
                    {"name": "TV\u200b", "token_hash": "c" * 64, **token},
                ],
            )
        assert database.upgrade(engine) == head()
        with database.read(engine) as conn:
            named = dict(conn.execute(select(schema.wards.c.code, schema.wards.c.name)).all())
            devices = conn.execute(
                select(schema.devices.c.name, schema.devices.c.app_version).order_by("id")
            ).all()
            tokens = conn.execute(select(schema.dashboard_tokens.c.name)).scalars().all()
        assert named == {"001.02.03.H26": "Phường Hàng Bạc", "001.02.03.H27": "\u200b"}
        assert [tuple(row) for row in devices] == [("Quầy 1", "1.0"), ("Quầy 2", "1.0")]
        assert sorted(tokens) == ["Màn hình sảnh", "TV", "TV\u200b"]
    finally:
        engine.dispose()


def test_several_processes_may_upgrade_at_once(database_url: str) -> None:
    engines = [database.open_engine(database_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            assert list(pool.map(database.upgrade, engines)) == [head()] * len(engines)
    finally:
        for engine in engines:
            engine.dispose()


def test_publishers_of_one_ward_take_turns(database_url: str) -> None:
    """A change committed later never has a smaller id than one a reader has seen."""
    engine = migrated(database_url)
    other_engine = database.open_engine(database_url)
    try:
        with database.write(engine) as conn:
            ward = wards.add_ward(conn, "001.02.03.H26", "A", NOW)

        def second() -> int:
            with database.write(other_engine) as conn:
                return changes.publish(conn, ward.id, ChangeKind.CALENDAR_DAY, {"n": 2})

        with ThreadPoolExecutor(1) as pool:
            with database.write(engine) as first:
                first_id = changes.publish(first, ward.id, ChangeKind.CALENDAR_DAY, {"n": 1})
                waiting = pool.submit(second)
                time.sleep(0.5)
                assert not waiting.done()  # held until the first commits
            second_id = waiting.result(timeout=30)
        assert second_id > first_id
        with database.read(engine) as conn:
            assert [c.id for c in changes.since(conn, ward.id, 0).changes] == [first_id, second_id]
    finally:
        engine.dispose()
        other_engine.dispose()


def test_a_sqlite_writer_waits_for_another_programs_lock_then_gives_up_as_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program's write lock: a write begins once it is let go, and one held past
    the busy timeout is the error the server answers with 503; either way the
    connection keeps its busy timeout for its other statements."""
    engine = migrated(f"sqlite:///{tmp_path / 'central.db'}")
    other = sqlite3.connect(tmp_path / "central.db", isolation_level=None, check_same_thread=False)
    try:
        monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 1)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as held, database.write(engine):
            pass
        assert database.is_unavailable(held.value)
        releaser = threading.Timer(0.3, lambda: other.execute("COMMIT"))
        releaser.start()
        with database.write(engine) as conn:
            conn.execute(
                schema.wards.insert().values(code="000.00.01.Z98", name="Phường", created_at=NOW)
            )
            timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        releaser.join()
        assert timeout == 1000
        with database.read(engine) as conn:
            assert conn.execute(select(func.count()).select_from(schema.wards)).scalar() == 1
    finally:
        other.close()
        engine.dispose()
