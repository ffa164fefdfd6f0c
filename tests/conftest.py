"""Shared fixtures: a fresh store per test, on in-memory SQLite and, when TEST_DATABASE_URL is set, PostgreSQL
(the PostgreSQL variants are skipped, with the reason, when it is not); the demo database for tests that read it.

A fresh store is a copy of one built once per process (tests/store_templates.py), not a new build."""
import functools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.db import make_engine  # noqa: E402 -- sys.path is set above so the app's packages import
from models.seed import init_database  # noqa: E402 -- likewise
from tests.store_templates import fresh_engine  # noqa: E402 -- likewise

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
STORE_BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])  # the backends this run can reach
# Fixture parameters: the PostgreSQL variant is always collected, and skipped with its reason when no database
# is given, so a run without one says so in its summary instead of quietly testing less.
BACKENDS = ["sqlite", "postgres"]
NO_PG = "PostgreSQL variant not run: TEST_DATABASE_URL is not set"


def pg_url_or_skip() -> str:
    if not PG_URL:
        pytest.skip(NO_PG)
    return PG_URL


def _fresh(url: str):
    """A new engine on an emptied, reference-seeded database (a copy of the one built first in this process);
    never leaks the engine's connections when the build fails."""
    return fresh_engine(url, build=init_database, make=make_engine)


@pytest.fixture(params=BACKENDS)
def store(request):
    """An engine on an emptied, reference-seeded database (each backend in turn)."""
    engine = _fresh("sqlite://" if request.param == "sqlite" else pg_url_or_skip())
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_store():
    engine = _fresh("sqlite://")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite_file", "postgres"])
def threaded_store(request, tmp_path):
    """A store several threads may write at once: a WAL SQLite file (an in-memory one is a single shared
    connection, useless for concurrency) and, when TEST_DATABASE_URL is set, PostgreSQL with its pool."""
    engine = _fresh(f"sqlite:///{tmp_path}/threads.sqlite" if request.param == "sqlite_file" else pg_url_or_skip())
    yield engine
    engine.dispose()


# --- the demo database, shared by the tests that only read it ------------------------------------------------
def demo_build(engine) -> None:
    """The demo as the app seeds it (models.demo_setup.seed_demo_data at scale 1), on a reference-seeded store."""
    from logic.authz import SYSTEM
    from models.db import write_session
    from models.demo_setup import seed_demo_data
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo_data(session)


@pytest.fixture(scope="session")
def demo_store():
    """One demo database per test process, for tests that only read it: seeding takes many seconds, so it is
    done once. It is read-only (SQLite's query_only), so a test that writes fails at once instead of changing
    what the other tests read; a test that writes takes `demo_copy`."""
    engine = fresh_engine("sqlite://", kind="demo", build=demo_build)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA query_only = ON")  # the one connection of the in-memory engine
    yield engine
    engine.dispose()


@pytest.fixture
def demo_copy():
    """A writable copy of the demo database, made from the one seeded for `demo_store` (a backup, not a seed)."""
    engine = fresh_engine("sqlite://", kind="demo", build=demo_build)
    yield engine
    engine.dispose()


def store_with(store, seed):
    """A new engine on `store`'s database (in-memory SQLite: a new database) holding the reference store and what
    `seed(session)` writes as the system, copied from the first such build in this process: seeding even a small
    demo takes seconds on PostgreSQL, a copy a fraction of one. `seed` is a module-level function, so that each
    test asking for the same seed gets the same template. The caller disposes of the engine."""
    url = store.url.render_as_string(hide_password=False)
    return fresh_engine(url, kind=f"seeded:{seed.__module__}.{seed.__qualname__}", build=_build_with(seed))


@functools.cache  # one build function per seed: store_templates names a template by its build
def _build_with(seed):
    def build(engine) -> None:
        from logic.authz import SYSTEM
        from models.db import write_session
        init_database(engine)
        with write_session(engine, SYSTEM) as session:
            seed(session)
    return build


def small_demo(session) -> None:
    """The demo as the app seeds it, at 5% (about sixty platforms with every kind of record)."""
    from models.demo_setup import seed_demo_data
    seed_demo_data(session, scale=0.05)


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


def _runs_on_postgres(item) -> bool:
    params = getattr(item, "callspec", None)
    return item.get_closest_marker("postgres") is not None or (
        params is not None and any(isinstance(value, str) and value == "postgres" for value in params.params.values()))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Markers that selection needs, applied at collection (a `pytestmark` in a conftest is ignored by pytest):
    `e2e` on every browser test, so `-m "not e2e"` really leaves them out, and under pytest-xdist's loadgroup
    they share one worker, so two servers and two Chromiums never compete for the two cores at once; `pg` on
    every test that runs on PostgreSQL (a "postgres" parameter of any fixture, or the `postgres` mark); the
    tests that read the shared demo database in one xdist group (pyproject asks for --dist loadgroup).
    `slow` also goes on every screen test (each runs the whole app script through AppTest) and every test of
    the shared demo database (a seed of some 20 s before the first), so the fast loop keeps the policy rules
    and the store. The longest work is put first: two workers then finish together instead of one of them
    starting the browser tests or a 5,000-row import when the other has nothing left to take."""
    for item in items:
        path = item.nodeid.replace("\\", "/")
        if "tests/e2e/" in path or path.startswith("e2e/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))
        if _runs_on_postgres(item):
            item.add_marker(pytest.mark.pg)
        if "demo_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo"))  # one worker seeds the shared demo, not each
            item.add_marker(pytest.mark.slow)
        if "tests/pages/" in path or path.startswith("pages/"):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_heaviest_first)


def _heaviest_first(item) -> int:
    """Sort key (stable): browser tests, then the real-size slow tests, then the shared demo's, then the rest."""
    if item.get_closest_marker("e2e"):
        return 0
    if item.get_closest_marker("slow") and "tests/pages/" not in item.nodeid:
        return 1
    return 2


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Without TEST_DATABASE_URL every PostgreSQL variant is skipped here, before its fixtures, so the summary
    (-ra) folds them into one line with the reason and their number (a skip from a fixture is listed per test)."""
    if not PG_URL and item.get_closest_marker("pg") is not None:
        pytest.skip(NO_PG)
    _yield_to_the_browser_tests(item)


_YIELDED: list[bool] = []


def _yield_to_the_browser_tests(item) -> None:
    """Under pytest-xdist, a worker lowers its own CPU priority (once, for good) when it first runs a test that is
    not a browser test. The browser tests' worker mostly waits on a Streamlit server and Chromium, step after
    step, and at equal priority the other worker's CPU-bound tests slowed every step: the browser tests took
    5 min alone and over 7 min in the full run, its longest path. The same work is done; only who waits for the
    CPU changes. The browser worker lowers its own once its browser tests are done."""
    if _YIELDED or item.get_closest_marker("e2e") or not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    _YIELDED.append(True)
    try:
        os.nice(10)
    except (OSError, AttributeError):  # a platform without nice, or a limit on it: the run is only slower
        pass


@pytest.fixture
def exports(monkeypatch):
    """The download files offered during the test, by file name: the function a click runs (the files are made
    on click, so a test makes them as the server would)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    made = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return made
