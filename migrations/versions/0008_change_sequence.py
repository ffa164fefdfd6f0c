"""change sequence: every committed write numbered in commit order, and its audit rows stamped with the number

Revision ID: 0008_change_sequence
Revises: 0007_signin_throttle
Create Date: 2026-12-02 01:40:00

A cache of the judged register then brings itself up to date from the audit rows of the writes after the one
it was built at, instead of building the whole register again. `epoch` changes when a backup is restored, so a
cache built before the restore is never brought forward over another history. Audit rows written before this
revision belong to no numbered write (sequence 0).
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_change_sequence'
down_revision: str | None = '0007_signin_throttle'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("storerevision", "sequence", False), ("storerevision", "epoch", False), ("auditlog", "sequence", True))


def _has(table: str, column: str) -> bool:
    return column in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    for table, column, nullable in COLUMNS:
        if not _has(table, column):
            with op.batch_alter_table(table) as batch_op:
                batch_op.add_column(sa.Column(column, sa.BigInteger(), nullable=nullable,
                                              server_default=None if nullable else "0"))
    # an epoch of its own, so a database made anew at the same address is never taken for the one it replaced
    op.execute(f"UPDATE storerevision SET epoch = {secrets.randbits(62)} WHERE epoch = 0")
    if "ix_auditlog_sequence" not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("auditlog")}:
        op.execute("UPDATE auditlog SET sequence = 0 WHERE sequence IS NULL")
        op.create_index("ix_auditlog_sequence", "auditlog", ["sequence"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_auditlog_sequence", table_name="auditlog")
    for table, column, _ in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
