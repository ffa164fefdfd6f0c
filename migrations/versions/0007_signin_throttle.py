"""sign-in throttle counted per client and per account before the password is checked

Revision ID: 0007_signin_throttle
Revises: 0006_record_versions
Create Date: 2026-12-01 18:10:00

The old per-username table (loginthrottle) is dropped: its counts were only ever a quarter-hour's memory, so
nothing of value is lost, and keeping it would leave a table no code reads.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007_signin_throttle'
down_revision: str | None = '0006_record_versions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tables = sa.inspect(op.get_bind()).get_table_names()
    if "signinthrottle" not in tables:  # a store create_all made already has it
        op.create_table(
            "signinthrottle",
            sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
            sa.Column("failures", sa.Integer(), nullable=False),
            sa.Column("last_try_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
            sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
            sa.PrimaryKeyConstraint("key"),
        )
        op.create_index(op.f("ix_signinthrottle_last_try_at"), "signinthrottle", ["last_try_at"], unique=False)
    if "loginthrottle" in tables:
        op.drop_table("loginthrottle")


def downgrade() -> None:
    op.create_table(
        "loginthrottle",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    op.drop_index(op.f("ix_signinthrottle_last_try_at"), table_name="signinthrottle")
    op.drop_table("signinthrottle")
