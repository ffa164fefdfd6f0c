"""platform confirmation: a county's word, for its year-end, that a platform's record stands as it is for a year

Revision ID: 0010_platform_confirmation
Revises: 0009_county_year
Create Date: 2026-12-02 07:45:00

Year-end completeness counted a platform as checked only if its record was saved in the year, so a platform with
nothing to change could only be counted by an edit made for the count's sake. One row per platform and year now
records that its county confirmed it instead (models.approval.confirm_platforms).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010_platform_confirmation'
down_revision: str | None = '0009_county_year'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "platformconfirmation" in sa.inspect(op.get_bind()).get_table_names():
        return  # a database made by create_all at this schema
    op.create_table(
        "platformconfirmation",
        sa.Column("platform_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("county_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["county_code"], ["county.code"]),
        sa.ForeignKeyConstraint(["platform_code"], ["platform.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform_code", "year"),
    )
    op.create_index("ix_platformconfirmation_platform_code", "platformconfirmation", ["platform_code"], unique=False)
    op.create_index("ix_platformconfirmation_county_code", "platformconfirmation", ["county_code"], unique=False)
    op.create_index("ix_platformconfirmation_year", "platformconfirmation", ["year"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_platformconfirmation_year", table_name="platformconfirmation")
    op.drop_index("ix_platformconfirmation_county_code", table_name="platformconfirmation")
    op.drop_index("ix_platformconfirmation_platform_code", table_name="platformconfirmation")
    op.drop_table("platformconfirmation")
