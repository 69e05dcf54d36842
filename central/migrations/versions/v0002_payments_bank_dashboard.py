"""The devices' dossiers and payments as their events left them, bank notifications and
their secrets, dashboard tokens, and an index for counting a ward's events by day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MOMENT = sa.DateTime(timezone=True)
MATCHED = sa.text("outcome = 'matched'")


def upgrade() -> None:
    _dossier_states()
    _payment_states()
    _bank()
    op.create_table(
        "dashboard_tokens",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("revoked_at", MOMENT),
        sa.UniqueConstraint("token_hash", name="uq_dashboard_tokens_token_hash"),
    )
    op.create_index("ix_events_ward_id_received_at", "events", ["ward_id", "received_at"])


def _dossier_states() -> None:
    op.create_table(
        "dossier_states",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("due_at", MOMENT),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    op.create_index(
        "ix_dossier_states_ward_id_status_due_at",
        "dossier_states",
        ["ward_id", "status", "due_at"],
    )
    op.create_index(
        "ix_dossier_states_ward_id_received_at", "dossier_states", ["ward_id", "received_at"]
    )


def _payment_states() -> None:
    op.create_table(
        "payment_states",
        sa.Column("reference", sa.String(19), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id"), nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("payment_id", sa.String(200), nullable=False),
        sa.Column("dossier_code", sa.String(40)),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("paid_at", MOMENT),
        sa.Column("paid_by", sa.String(10)),
        sa.Column("bank_transaction", sa.String(64)),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    for columns in (["ward_id", "state"], ["ward_id", "started_at"], ["ward_id", "paid_at"]):
        op.create_index(f"ix_payment_states_{'_'.join(columns)}", "payment_states", columns)


def _bank() -> None:
    op.create_table(
        "bank_notifications",
        sa.Column("id", SERIAL, primary_key=True),
        sa.Column("bank_transaction_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.String(500), nullable=False),
        sa.Column("paid_at", MOMENT, nullable=False),
        sa.Column("bin", sa.String(6)),
        sa.Column("account", sa.String(19)),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("reference", sa.String(19)),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("wards.id")),
        sa.Column("device_id", sa.String(64)),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(24)),
        sa.Column("expected_amount", sa.BigInteger()),
        sa.Column("change_id", sa.BigInteger()),
        sa.Column("matched_at", MOMENT),
        sa.UniqueConstraint(
            "bank_transaction_id", name="uq_bank_notifications_bank_transaction_id"
        ),
    )
    op.create_index("ix_bank_notifications_reference", "bank_notifications", ["reference"])
    op.create_index("ix_bank_notifications_outcome_id", "bank_notifications", ["outcome", "id"])
    op.create_index(
        "ix_bank_notifications_matched",
        "bank_notifications",
        ["reference"],
        unique=True,
        sqlite_where=MATCHED,
        postgresql_where=MATCHED,
    )
    op.create_table(
        "bank_secrets",
        sa.Column("id", SERIAL, primary_key=True),
        sa.Column("secret", sa.String(200), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("retired_at", MOMENT),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_index("ix_events_ward_id_received_at", table_name="events")
    for table in (
        "dashboard_tokens",
        "bank_secrets",
        "bank_notifications",
        "payment_states",
        "dossier_states",
    ):
        op.drop_table(table)
