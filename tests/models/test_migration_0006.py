"""Migration 0006 on SQLite and PostgreSQL: reviews, pay records, entered scores and pilots gain `version`, and a
standard version `row_version` (its `version` stays the standard's own number); rows that were there start at 1
and the schema is then exactly the models'."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from models.migrate import head_revision, schema_differences, upgrade
from tests.conftest import engine_at_revision

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]  # skipped, with why, when no database
STAMP = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def at_0005(request, tmp_path):
    engine = engine_at_revision(request.param, tmp_path, "0005", "m0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO county (code, name, name_en, sort_order, version) "
                          "VALUES ('511502', '翠屏区', 'Cuiping', 0, 1)"))
        conn.execute(text("INSERT INTO standardversion (code, version, name, in_force_from_year, content, created_at,"
                          " created_by) VALUES ('yibin-2014', 3, '宜宾标准', 2014, '{}', :at, 'system')"), {"at": STAMP})
        conn.execute(text("INSERT INTO nationalpilot (county_code, year_won, project) VALUES ('511502', 2015, '')"))
    yield engine
    engine.dispose()


def test_existing_rows_start_at_version_1_and_the_schema_matches_the_models(at_0005):
    assert upgrade(at_0005) == head_revision()
    with at_0005.connect() as conn:
        assert conn.execute(text("SELECT version, row_version FROM standardversion")).one() == (3, 1)
        assert conn.execute(text("SELECT version FROM nationalpilot")).scalar_one() == 1
        assert schema_differences(conn) == []
