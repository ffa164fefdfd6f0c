"""record versions: every editable record carries a version, so a stale save is refused

Revision ID: 0006_record_versions
Revises: 0005
Create Date: 2026-12-01 18:10:00

Reviews, pay records, entered scores and national pilots gain `version`; a standard version gains
`row_version` (its `version` is the standard's own version number, not an edit counter). Existing rows start
at 1. A column that `create_all` already made is left alone.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_record_versions'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("review", "version"), ("payrecord", "version"), ("performancescore", "version"),
           ("nationalpilot", "version"), ("standardversion", "row_version"))


def _has(table: str, column: str) -> bool:
    return column in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    for table, column in COLUMNS:
        if not _has(table, column):
            with op.batch_alter_table(table) as batch_op:
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
