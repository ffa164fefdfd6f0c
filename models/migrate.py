"""Brings a database to the latest schema revision (Alembic, migrations/), on every app start or by hand:

    python -m models.migrate            # the database DATABASE_URL names (the demo SQLite file by default)

A database built before migrations existed (by create_all) is adopted, stamped at the latest revision, only
when its schema is exactly the models'; otherwise it is refused with the differences listed.
"""
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from models.db import database_url, import_models, make_engine

ROOT = Path(__file__).resolve().parents[1]
PG_LOCK = 2014_282  # one app process migrates at a time (several start together behind the proxy)


class SchemaMismatch(RuntimeError):
    """The database has tables the migrations did not make, and they differ from the models."""


def _config(connection: Connection | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_differences(connection: Connection) -> list:
    """What autogenerate would change to make this database match the models (empty: they agree)."""
    import_models()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


def _built_without_migrations(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    return "alembic_version" not in tables and bool(tables & set(SQLModel.metadata.tables))


def upgrade(engine: Engine) -> str:
    """Upgrade to the latest revision (adopting a matching create_all database); returns the revision."""
    import_models()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK})
        config = _config(conn)
        if _built_without_migrations(conn):
            differences = schema_differences(conn)
            if differences:
                raise SchemaMismatch(f"the database differs from the models: {differences}")
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")
    return head_revision()


if __name__ == "__main__":
    url = database_url()
    engine = make_engine(url)
    print(f"{engine.url.render_as_string(hide_password=True)} is at revision {upgrade(engine)}")
    engine.dispose()
