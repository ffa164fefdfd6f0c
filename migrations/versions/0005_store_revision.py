"""store revision: a token every committed write moves, for caches shared across app processes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:55:00

A store that `create_all` already gave the table (models.seed.init_database runs after the upgrade) keeps it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "storerevision" in sa.inspect(op.get_bind()).get_table_names():
        return
    table = op.create_table(
        "storerevision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "revision": 0}])


def downgrade() -> None:
    op.drop_table("storerevision")
