"""Device blocks: every dossier-number block a counter was given, and from which day, so
that a dossier code in another counter's block is parked instead of claimed.

The blocks the devices hold now are recorded from the day each device was enrolled
(Asia/Ho_Chi_Minh); a block changed by ``device set-counter`` before this revision counts
from that day too, which is the earliest the server can vouch for.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

VIETNAM_HOURS = 7  # UTC+07:00, fixed since 1975 (counter_app.domain.clock)


def upgrade() -> None:
    blocks = op.create_table(
        "device_blocks",
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("sequence_first", sa.Integer(), primary_key=True),
        sa.Column("sequence_last", sa.Integer(), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
    )
    op.create_index("ix_device_blocks_ward_id", "device_blocks", ["ward_id"])
    devices = sa.table(
        "devices",
        sa.column("id", sa.String),
        sa.column("ward_id", sa.Integer),
        sa.column("sequence_first", sa.Integer),
        sa.column("sequence_last", sa.Integer),
        sa.column("enrolled_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    held = op.get_bind().execute(
        sa.select(devices).where(
            devices.c.sequence_first.is_not(None), devices.c.sequence_last.is_not(None)
        )
    )
    rows = [
        {
            "device_id": row.id,
            "sequence_first": row.sequence_first,
            "sequence_last": row.sequence_last,
            "ward_id": row.ward_id,
            "from_day": _vietnam_day(row.enrolled_at or row.created_at),
        }
        for row in held
    ]
    if rows:
        op.bulk_insert(blocks, rows)


def _vietnam_day(moment: datetime) -> date:
    """The day in Việt Nam of a stored time: UTC, naive on SQLite, aware on PostgreSQL."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return (utc + timedelta(hours=VIETNAM_HOURS)).date()


def downgrade() -> None:
    op.drop_index("ix_device_blocks_ward_id", table_name="device_blocks")
    op.drop_table("device_blocks")
