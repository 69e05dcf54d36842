"""Queue indexes: calling next reads the first waiting ticket straight off an index, and
a counter's current ticket and the latest calls are found without scanning the day's
tickets.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LINE = "ix_queue_tickets_device_id_day_state_rank"
COUNTER = "ix_queue_tickets_device_id_day_counter_number"
CALLS = "ix_queue_tickets_device_id_day_last_called_at"


def upgrade() -> None:
    op.create_index(
        LINE, "queue_tickets", ["device_id", "day", "state", "rank", "queued_at", "label"]
    )
    op.create_index(COUNTER, "queue_tickets", ["device_id", "day", "counter_number"])
    op.create_index(CALLS, "queue_tickets", ["device_id", "day", "last_called_at"])


def downgrade() -> None:
    op.drop_index(CALLS, table_name="queue_tickets")
    op.drop_index(COUNTER, table_name="queue_tickets")
    op.drop_index(LINE, table_name="queue_tickets")
