"""Migration 0003 (the county assessment tables) on the databases that exist in practice, on SQLite and
PostgreSQL: the app's start runs the upgrade and *then* create_all (models.seed.init_database), so before 0003
existed these tables reached databases at revision 0002 by create_all — some in the first shape of
`performancescore` (one score per county and year, no `indicator`). 0003 must leave tables that are there alone
and rebuild the first shape with its rows, rather than fail with "table already exists"."""

import pytest
from sqlalchemy import text

from logic.authz import SYSTEM
from models.assessment import performance_scores, set_performance
from models.db import read_session, write_session
from models.locking import NEW
from models.migrate import current_revision, head_revision, schema_differences, upgrade
from models.seed import init_database
from tests.conftest import engine_at_revision

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]  # skipped, with why, when no database

FIRST_SHAPE = """CREATE TABLE performancescore (
    id {serial} PRIMARY KEY, county_code VARCHAR(16) NOT NULL REFERENCES county (code), year INTEGER NOT NULL,
    score_tenths INTEGER NOT NULL, updated_at {stamp} NOT NULL, updated_by VARCHAR(64) NOT NULL,
    UNIQUE (county_code, year))"""




@pytest.fixture(params=BACKENDS)
def at_0002(request, tmp_path):
    """A database migrated to 0002, as it stood before revision 0003 was written."""
    engine = engine_at_revision(request.param, tmp_path, "0002", "m0003")
    yield engine
    engine.dispose()


def _init_as_the_app_did(engine) -> None:
    """models.seed.init_database as an app of that time ran it at 0002, when the tables that existed then had the
    shape today's models give them: create_all never alters a table that is there, so the columns later revisions
    add to those tables (0006's record versions, 0008's change number on audit rows) are added first, as the app
    of that time had them."""
    from sqlalchemy import inspect

    from models.db import create_schema
    create_schema(engine)
    with engine.begin() as conn:
        for table, column, kind in (("standardversion", "row_version", "INTEGER NOT NULL DEFAULT 1"),
                                    ("review", "version", "INTEGER NOT NULL DEFAULT 1"),
                                    ("payrecord", "version", "INTEGER NOT NULL DEFAULT 1"),
                                    ("auditlog", "sequence", "BIGINT")):
            if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))
    init_database(engine)


def _differences(engine) -> list:
    with engine.connect() as conn:
        return schema_differences(conn)


def test_assessment_tables_that_create_all_made_at_0002_are_left_alone(at_0002):
    _init_as_the_app_did(at_0002)  # create_all adds the assessment tables; the revision stays 0002
    with write_session(at_0002, SYSTEM) as session:
        set_performance(session=session, actor=SYSTEM, county_code="511502", year=2025, score="87.5",
                        expected_version=NEW)
    assert current_revision(at_0002) == "0002"
    assert upgrade(at_0002) == head_revision()
    assert _differences(at_0002) == []
    with read_session(at_0002) as session:
        assert performance_scores(session, 2025) == {"511502": 87.5}


def test_the_first_shape_of_performance_scores_is_rebuilt_keeping_rows_and_ids(at_0002):
    postgres = at_0002.dialect.name == "postgresql"
    with at_0002.begin() as conn:
        conn.execute(text(FIRST_SHAPE.format(serial="SERIAL" if postgres else "INTEGER",
                                             stamp="TIMESTAMP WITH TIME ZONE" if postgres else "DATETIME")))
        conn.execute(text("CREATE INDEX ix_performancescore_year ON performancescore (year)"))
        conn.execute(text("CREATE INDEX ix_performancescore_county_code ON performancescore (county_code)"))
    _init_as_the_app_did(at_0002)  # the counties, and every other table as create_all made them
    with at_0002.begin() as conn:
        conn.execute(text("INSERT INTO performancescore (county_code, year, score_tenths, updated_at, updated_by) "
                          "VALUES ('511502', 2025, 875, CURRENT_TIMESTAMP, 'admin'), "
                          "('511503', 2025, 900, CURRENT_TIMESTAMP, 'admin')"))
    assert upgrade(at_0002) == head_revision()
    assert _differences(at_0002) == []
    with at_0002.connect() as conn:
        rows = conn.execute(text("SELECT id, county_code, indicator, score_tenths FROM performancescore "
                                 "ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "511502", "performance", 875), (2, "511503", "performance", 900)]
    with write_session(at_0002, SYSTEM) as session:  # a second indicator for the same county and year now fits,
        row = set_performance(session=session, actor=SYSTEM, county_code="511502", year=2025, score="40",
                              indicator="pilot_progress", expected_version=NEW)
        assert row.id == 3  # and the copied ids are not handed out again
    with read_session(at_0002) as session:
        assert performance_scores(session, 2025) == {"511502": 87.5, "511503": 90.0}
        assert performance_scores(session, 2025, "pilot_progress") == {"511502": 40.0}
