"""Shared fixtures: a fresh store per test, on in-memory SQLite and, when TEST_DATABASE_URL is set, PostgreSQL."""
import os
import sys
from pathlib import Path

import pytest
from sqlmodel import SQLModel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.db import import_models, make_engine  # noqa: E402 -- importable once sys.path is set above
from models.seed import init_database  # noqa: E402 -- likewise

PG_URL = os.environ.get("TEST_DATABASE_URL")


def pg_database(suffix: str) -> str:
    """The URL of a PostgreSQL database of its own beside TEST_DATABASE_URL's (created when missing), for tests
    that must not share tables with the store fixture's database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    url = make_url(PG_URL)
    own = url.set(database=f"{url.database}_{suffix}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": own.database}).first():
                conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


def empty_pg_database(suffix: str) -> str:
    """pg_database(suffix) with its public schema dropped and made again: no tables, no alembic_version."""
    from sqlalchemy import create_engine, text
    own = pg_database(suffix)
    wipe = create_engine(own, isolation_level="AUTOCOMMIT")
    try:
        with wipe.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        wipe.dispose()
    return own


def _per_worker(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own beside TEST_DATABASE_URL's, so two
    workers never empty each other's tables. Set in the environment too: test modules and the servers the
    browser tests start read TEST_DATABASE_URL themselves."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not (url and worker):
        return url
    own = pg_database(worker)
    os.environ["TEST_DATABASE_URL"] = own
    return own


PG_URL = _per_worker(PG_URL)
STORE_BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])


def _fresh(url: str):
    """A new engine on an emptied, reference-seeded database; never leaks the engine's connections on failure."""
    engine = make_engine(url)
    try:
        import_models()  # drop_all must know every table, or a table left by an earlier run blocks the drops
        SQLModel.metadata.drop_all(engine)
        init_database(engine)
    except BaseException:
        # an undisposed psycopg connection is closed by the garbage collector later, and its warning
        # (an error here) then lands in whichever unrelated test happens to be running
        engine.dispose()
        raise
    return engine


@pytest.fixture(params=STORE_BACKENDS)
def store(request):
    """An engine on a freshly created, reference-seeded database (each backend in turn)."""
    engine = _fresh("sqlite://" if request.param == "sqlite" else PG_URL)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_store():
    engine = _fresh("sqlite://")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite_file"] + (["postgres"] if PG_URL else []))
def threaded_store(request, tmp_path):
    """A store several threads may write at once: a WAL SQLite file (an in-memory one is a single shared
    connection, useless for concurrency) and, when TEST_DATABASE_URL is set, PostgreSQL with its pool."""
    engine = _fresh(f"sqlite:///{tmp_path}/threads.sqlite" if request.param == "sqlite_file" else PG_URL)
    yield engine
    engine.dispose()


def work_funds_line(county_code: str, year: int, *, budgeted_fen: int = 1_000_000, allocated_fen: int = 1_000_000):
    """A county's work-funds line for a year: enough for the ranking's funding dimension to have data (a county
    with a whole dimension missing is listed, not ranked)."""
    from models.funding import FundingLine
    return FundingLine(county_code=county_code, year=year, category="work_funds", source="county_budget",
                       budgeted_fen=budgeted_fen, allocated_fen=allocated_fen)


def engine_at_revision(backend: str, tmp_path, revision: str, suffix: str):
    """A new database migrated to `revision` (an old state a migration test starts from): a SQLite file, or an
    emptied PostgreSQL database of its own named by `suffix`."""
    from alembic import command

    from models.migrate import _config
    url = f"sqlite:///{tmp_path}/m.sqlite" if backend == "sqlite" else empty_pg_database(suffix)
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)
    return engine



def pytest_collection_modifyitems(config, items):
    """Mark every browser test `e2e` at collection (a `pytestmark` in a conftest is ignored by pytest), so
    `-m "not e2e"` really leaves them out; under pytest-xdist's loadgroup they share one worker, so two
    servers and two Chromiums never compete for the two cores at once."""
    for item in items:
        if "tests/e2e/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith("e2e/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))
