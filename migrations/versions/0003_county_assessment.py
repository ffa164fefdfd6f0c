"""county assessment (R-ASSESS): assessment scheme versions, entered scores, national pilots, frozen rankings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 01:42:10.399433

These tables reached databases through `create_all` (models.seed.init_database runs after the upgrade) before
this revision existed, so every step here is conditional: a table that is already there is left alone, and a
`performancescore` of the first shape (one score per county and year, no `indicator`) is rebuilt in the
current shape with its rows, ids and audit keys kept (their indicator is "performance").
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_SCORES = "performancescore_0002"


def _tables() -> set[str]:
    return set(sa.inspect(op.get_bind()).get_table_names())


def _indexes(table: str) -> set[str]:
    return {ix["name"] for ix in sa.inspect(op.get_bind()).get_indexes(table)}


def upgrade() -> None:
    have = _tables()
    if "assessmentscheme" not in have:
        _create_assessmentscheme()
    if "rankingsnapshot" not in have:
        _create_rankingsnapshot()
    if "nationalpilot" not in have:
        _create_nationalpilot()
    if "performancescore" not in have:
        _create_performancescore()
    elif "indicator" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("performancescore")}:
        _reshape_performancescore()


def _create_assessmentscheme() -> None:
    op.create_table('assessmentscheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'version')
    )
    with op.batch_alter_table('assessmentscheme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessmentscheme_year'), ['year'], unique=False)


def _create_rankingsnapshot() -> None:
    op.create_table('rankingsnapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('frozen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('frozen_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rankingsnapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rankingsnapshot_year'), ['year'], unique=False)


def _create_nationalpilot() -> None:
    op.create_table('nationalpilot',
    sa.Column('county_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('year_won', sa.Integer(), nullable=False),
    sa.Column('project', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['county_code'], ['county.code'], ),
    sa.PrimaryKeyConstraint('county_code')
    )


def _create_performancescore() -> None:
    op.create_table('performancescore',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('score_tenths', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['county_code'], ['county.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('county_code', 'year', 'indicator')
    )
    with op.batch_alter_table('performancescore', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_performancescore_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_performancescore_year'), ['year'], unique=False)


def _reshape_performancescore() -> None:
    """The first shape had UNIQUE (county_code, year), unnamed on SQLite: rebuild rather than alter it."""
    for name in ('ix_performancescore_county_code', 'ix_performancescore_year'):
        if name in _indexes('performancescore'):
            op.drop_index(name, table_name='performancescore')
    op.rename_table('performancescore', OLD_SCORES)
    _create_performancescore()
    op.execute(f"INSERT INTO performancescore (id, county_code, year, indicator, score_tenths, updated_at, updated_by) "
               f"SELECT id, county_code, year, 'performance', score_tenths, updated_at, updated_by FROM {OLD_SCORES}")
    op.drop_table(OLD_SCORES)
    if op.get_bind().dialect.name == "postgresql":  # the copied ids must not be handed out again
        op.execute("SELECT setval(pg_get_serial_sequence('performancescore', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM performancescore), 0) + 1, false)")


def downgrade() -> None:
    with op.batch_alter_table('performancescore', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_performancescore_year'))
        batch_op.drop_index(batch_op.f('ix_performancescore_county_code'))

    op.drop_table('performancescore')
    op.drop_table('nationalpilot')
    with op.batch_alter_table('rankingsnapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rankingsnapshot_year'))

    op.drop_table('rankingsnapshot')
    with op.batch_alter_table('assessmentscheme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessmentscheme_year'))

    op.drop_table('assessmentscheme')
