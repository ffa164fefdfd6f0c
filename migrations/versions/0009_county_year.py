"""county year: a county's year as the city approves it (submit, approve, return, reopen), which locks its records

Revision ID: 0009_county_year
Revises: 0008_change_sequence
Create Date: 2026-12-02 04:30:00

One row per county and year, made at the county's first submission. An approved year is locked: the store refuses
writes into it (models.approval.refuse_if_locked) until the city reopens it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009_county_year'
down_revision: str | None = '0008_change_sequence'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "countyyear" in sa.inspect(op.get_bind()).get_table_names():
        return  # a database made by create_all at this schema
    op.create_table(
        "countyyear",
        sa.Column("county_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("completeness", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["county_code"], ["county.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("county_code", "year"),
    )
    op.create_index("ix_countyyear_county_code", "countyyear", ["county_code"], unique=False)
    op.create_index("ix_countyyear_year", "countyyear", ["year"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_countyyear_year", table_name="countyyear")
    op.drop_index("ix_countyyear_county_code", table_name="countyyear")
    op.drop_table("countyyear")
