"""Alembic migrations and the models agree, on SQLite and on PostgreSQL: a database upgraded from empty has
exactly the models' schema (autogenerate finds nothing to do), upgrading again changes nothing, a database
built by create_all before migrations is adopted, and one that differs from the models is refused."""

import pytest
from sqlalchemy import text

from models.db import create_schema, make_engine
from models.migrate import SchemaMismatch, current_revision, head_revision, schema_differences, upgrade
from tests.conftest import empty_pg_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]  # skipped, with why, when no database




@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    url = f"sqlite:///{tmp_path}/m.sqlite" if request.param == "sqlite" else empty_pg_database("migrations")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _differences(engine) -> list:
    with engine.connect() as conn:
        return schema_differences(conn)


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(empty_engine):
    assert current_revision(empty_engine) is None
    assert upgrade(empty_engine) == head_revision()
    assert current_revision(empty_engine) == head_revision()
    assert _differences(empty_engine) == []


def test_upgrading_again_changes_nothing(empty_engine):
    upgrade(empty_engine)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision() and _differences(empty_engine) == []


def test_a_database_built_before_migrations_is_adopted_when_it_matches(empty_engine):
    create_schema(empty_engine)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def test_a_database_that_differs_from_the_models_is_refused_and_left_alone(empty_engine):
    create_schema(empty_engine)
    with empty_engine.begin() as conn:
        conn.execute(text("CREATE TABLE stray_sheet (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaMismatch, match="stray_sheet"):
        upgrade(empty_engine)
    assert current_revision(empty_engine) is None


def test_the_migration_history_is_one_line():
    from alembic.script import ScriptDirectory

    from models.migrate import _config
    heads = ScriptDirectory.from_config(_config()).get_heads()
    assert len(heads) == 1, f"several heads: {heads} — merge them"
