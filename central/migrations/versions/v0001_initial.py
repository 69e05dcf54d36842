"""The first schema: wards, devices, enrolment codes, events, dossier codes, changes, and
the ward role's forwarding state.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PAYLOAD = sa.JSON().with_variant(JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)
FALSE = sa.text("false")
PARKED = sa.text("parked_reason IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "wards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(35), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.UniqueConstraint("code", name="uq_wards_code"),
    )
    _devices()
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("reuse", sa.Boolean(), nullable=False, server_default=FALSE),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("used_at", MOMENT),
        sa.Column("used_by", sa.String(64)),
    )
    _events()
    op.create_table(
        "dossier_codes",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("id", SERIAL, primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64)),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("payload", PAYLOAD, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_ward_id_id", "changes", ["ward_id", "id"])
    _ward_role()


def _devices() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("name", sa.String(500), nullable=False, server_default=""),
        sa.Column("app_version", sa.String(40), nullable=False, server_default=""),
        sa.Column("counter_number", sa.Integer()),
        sa.Column("sequence_first", sa.Integer()),
        sa.Column("sequence_last", sa.Integer()),
        sa.Column("token_hash", sa.String(64)),
        sa.Column("via_relay", sa.Boolean(), nullable=False, server_default=FALSE),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("enrolled_at", MOMENT),
        sa.Column("last_seen_at", MOMENT),
        sa.Column("revoked_at", MOMENT),
        sa.UniqueConstraint("token_hash", name="uq_devices_token_hash"),
        sa.UniqueConstraint("ward_id", "counter_number", name="uq_devices_ward_id_counter_number"),
    )
    op.create_index("ix_devices_ward_id", "devices", ["ward_id"])


def _events() -> None:
    op.create_table(
        "events",
        sa.Column("pos", SERIAL, primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(80), nullable=False),
        sa.Column("aggregate_type", sa.String(80), nullable=False),
        sa.Column("aggregate_id", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("officer", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("parked_reason", sa.String(20)),
        sa.Column("parked_detail", sa.String(500)),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
        sa.UniqueConstraint("device_id", "seq", name="uq_events_device_id_seq"),
    )
    op.create_index(
        "ix_events_parked",
        "events",
        ["ward_id", "pos"],
        sqlite_where=PARKED,
        postgresql_where=PARKED,
    )


def _ward_role() -> None:
    op.create_table(
        "forward_heads",
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("upstream", sa.String(500), primary_key=True),
        sa.Column("acked_through", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("last_error", sa.String(500)),
    )
    op.create_table(
        "upstream_cursors",
        sa.Column("upstream", sa.String(500), primary_key=True),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("holder", sa.String(80), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "leases",
        "upstream_cursors",
        "forward_heads",
        "changes",
        "dossier_codes",
        "events",
        "enrolment_codes",
        "devices",
        "wards",
    ):
        op.drop_table(table)
