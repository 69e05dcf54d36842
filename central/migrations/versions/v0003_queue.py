"""The queue: each ward's queue log, its areas, counters and tickets; enrolment codes
for kiosk and board screens.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PAYLOAD = sa.JSON().with_variant(JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("enrolment_codes") as table:  # a code for a kiosk or a board
        table.add_column(sa.Column("role", sa.String(10), nullable=False, server_default="counter"))
    op.create_table(
        "queue_logs",
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), primary_key=True),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.UniqueConstraint("device_id", name="uq_queue_logs_device_id"),
    )
    op.create_table(
        "queue_areas",
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), primary_key=True),
        sa.Column("prefix", sa.String(2), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("procedures", PAYLOAD, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "queue_counters",
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False, server_default=""),
        sa.Column("areas", PAYLOAD, nullable=False),
    )
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("prefix", sa.String(2), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("area", sa.String(2), nullable=False),
        sa.Column("target_counter", sa.Integer()),
        sa.Column("priority", sa.String(12)),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("counter_number", sa.Integer()),
        sa.Column("officer", sa.String(64)),
        sa.Column("queued_at", MOMENT, nullable=False),
        sa.Column("taken_at", MOMENT, nullable=False),
        sa.Column("called_at", MOMENT),
        sa.Column("last_called_at", MOMENT),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("started_at", MOMENT),
        sa.Column("finished_at", MOMENT),
        sa.Column("dossier_code", sa.String(40)),
        sa.Column("procedure_code", sa.String(40)),
        sa.Column("rating", sa.String(40)),
        sa.Column("rating_reason", sa.String(500)),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint(
            "device_id",
            "day",
            "prefix",
            "number",
            name="uq_queue_tickets_device_id_day_prefix_number",
        ),
    )
    op.create_index(
        "ix_queue_tickets_ward_id_day_state", "queue_tickets", ["ward_id", "day", "state"]
    )


def downgrade() -> None:
    op.drop_index("ix_queue_tickets_ward_id_day_state", table_name="queue_tickets")
    for name in ("queue_tickets", "queue_counters", "queue_areas", "queue_logs"):
        op.drop_table(name)
    with op.batch_alter_table("enrolment_codes") as table:
        table.drop_column("role")
