"""Rate limits: failed attempts per rule and client address, shared by every server
process of the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("resets_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_limits_resets_at", "rate_limits", ["resets_at"])


def downgrade() -> None:
    op.drop_index("ix_rate_limits_resets_at", table_name="rate_limits")
    op.drop_table("rate_limits")
