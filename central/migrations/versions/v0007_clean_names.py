"""Clean the names stored before they were cleaned: devices enrolled (wards added,
dashboard tokens named) before escape sequences and invisible characters were dropped
kept them, and the dashboard and ``device list`` could only escape them on output.

Each is cleaned with the function enrolment, ``ward add`` and ``dashboard token`` use
now (``counter_app.domain.text.clean``). A name is left as it was when its clean form
would not be allowed: a ward's or a dashboard token's that would be empty, a dashboard
token's that another token has (the name is its key), or one longer than its column.
Cleaning again changes nothing, so there is no downgrade to do.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.domain.text import clean

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# table, its key, the name column, the column's length, whether a name may be empty
_NAMES = (
    ("wards", "id", "name", 500, False),
    ("devices", "id", "name", 500, True),
    ("devices", "id", "app_version", 40, True),
    ("dashboard_tokens", "name", "name", 100, False),
)


def upgrade() -> None:
    for table_name, key, column, length, may_be_empty in _NAMES:
        table = sa.table(table_name, sa.column(key), sa.column(column))
        rows = op.get_bind().execute(sa.select(table.c[key], table.c[column])).all()
        taken = {row[1] for row in rows} if key == column else set()
        for row_key, name in rows:
            cleaned = clean(name)
            if cleaned == name or len(cleaned) > length or cleaned in taken:
                continue
            if not cleaned and not may_be_empty:
                continue
            taken.add(cleaned)
            op.execute(sa.update(table).where(table.c[key] == row_key).values({column: cleaned}))


def downgrade() -> None:
    """Nothing: the names as they were are not kept, and clean ones are valid at 0006."""
