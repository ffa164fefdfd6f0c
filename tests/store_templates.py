"""Stores built once per test process and handed to each test as an emptied-and-reseeded copy.

Building a store (create_all, the reference seed, users with bcrypt) costs far more than copying one, and the
suite builds thousands. So each kind of store is built once per process (per xdist worker) and per backend:

- in-memory SQLite: the built database stays open in a plain sqlite3 connection; a test's new engine gets a
  copy through SQLite's online backup API;
- a SQLite file: the built file is copied (the template is checkpointed first, so the file holds every page);
- PostgreSQL: the built rows are kept in a schema of their own (SNAPSHOT_kind) beside `public`; a test's database is
  emptied by DELETE in reverse dependency order, refilled from the snapshot with INSERT ... SELECT, and every
  sequence is set back to where the build left it, all in one statement batch. DELETE rather than TRUNCATE:
  on a store of a few dozen rows TRUNCATE's fixed cost per table (new files for 18 tables) made it some
  fifteen times slower than DELETE here, and nothing here needs TRUNCATE's speed on big tables.

Every copy gets a store revision of its own (models.revision): screens cache by it, and two copies with the
same token would let one test's cached register answer for another's data. Tables outside SQLModel's metadata
(`alembic_version`) are left as the build left them.
"""
import atexit
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from models.db import import_models, make_engine
from models.seed import init_database

SNAPSHOT = "pytest_store_template"  # the PostgreSQL schemas that hold the built rows: one per kind
Build = Callable[[Engine], None]

_MEMORY: dict[str, sqlite3.Connection] = {}
_FILES: dict[str, Path] = {}
_PG_RESET: dict[tuple[str, str], str] = {}  # (database url, kind) -> the statements that reset it
_DIR: list[Path] = []


def reference_store(engine: Engine) -> None:
    """What every store starts from: the schema (create_all), Yibin's units and the 2014 standard."""
    init_database(engine)


def fresh_engine(url: str, *, kind: str = "reference", build: Build = reference_store) -> Engine:
    """An engine on `url` holding exactly what `build` makes on an empty database, made cheaply from the copy
    of its first build in this process. `kind` names the build: one template per kind (and per database)."""
    if url in ("sqlite://", "sqlite:///:memory:"):
        return _memory_copy(kind, build)
    if url.startswith("sqlite:///"):
        return _file_copy(Path(url.removeprefix("sqlite:///")), kind, build)
    return _pg_reset(url, kind, build)


def close_templates() -> None:
    """Close the in-memory templates and remove the template files (end of the test session)."""
    while _MEMORY:
        _MEMORY.popitem()[1].close()
    _FILES.clear()
    _PG_RESET.clear()
    while _DIR:
        shutil.rmtree(_DIR.pop(), ignore_errors=True)


atexit.register(close_templates)


def _new_revision(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE storerevision SET revision = :token"), {"token": secrets.randbits(62)})


# --- SQLite --------------------------------------------------------------------------------------------------
def _built(url: str, build: Build) -> Engine:
    engine = make_engine(url)
    try:
        build(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _memory_copy(kind: str, build: Build) -> Engine:
    if kind not in _MEMORY:
        engine = _built("sqlite://", build)
        keep = sqlite3.connect(":memory:", check_same_thread=False)
        raw = engine.raw_connection()
        try:
            raw.driver_connection.backup(keep)
        finally:
            raw.close()
            engine.dispose()
        _MEMORY[kind] = keep
    engine = make_engine("sqlite://")  # StaticPool: this one connection is the whole database
    raw = engine.raw_connection()
    try:
        _MEMORY[kind].backup(raw.driver_connection)
    finally:
        raw.close()
    _new_revision(engine)
    return engine


def _template_dir() -> Path:
    if not _DIR:
        _DIR.append(Path(tempfile.mkdtemp(prefix="gsp-store-templates-")))
    return _DIR[0]


def _file_copy(path: Path, kind: str, build: Build) -> Engine:
    if kind not in _FILES:
        template = _template_dir() / f"{kind}.sqlite"
        engine = _built(f"sqlite:///{template}", build)
        with engine.connect() as conn:  # every page into the main file, so a copy of that file is whole
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _FILES[kind] = template
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(_FILES[kind], path)
    engine = make_engine(f"sqlite:///{path}")
    _new_revision(engine)
    return engine


# --- PostgreSQL ----------------------------------------------------------------------------------------------
def _tables() -> list[str]:
    import_models()
    return [table.name for table in SQLModel.metadata.sorted_tables]


def _pg_build(url: str, kind: str, build: Build) -> str:
    """Empty the database, build the store, keep its rows in a snapshot schema of this kind; returns the
    statements that reset the database to it."""
    snapshot = f"{SNAPSHOT}_{kind}"
    wipe = make_engine(url)
    try:
        with wipe.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{snapshot}" CASCADE'))
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        wipe.dispose()
    engine = _built(url, build)
    tables = _tables()
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{snapshot}"'))
            columns = {}
            for name in tables:
                conn.execute(text(f'CREATE TABLE "{snapshot}"."{name}" AS TABLE public."{name}"'))
                columns[name] = ", ".join(f'"{c}"' for c in conn.execute(text(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
                    "ORDER BY ordinal_position"), {"s": snapshot, "t": name}).scalars())
            sequences = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences "
                                          "WHERE schemaname = 'public' ORDER BY sequencename")).all()
    finally:
        engine.dispose()
    statements = ["SET LOCAL lock_timeout = '30s'",  # a connection a test left in a transaction fails the
                  "SET LOCAL synchronous_commit = off"]  # reset loudly instead of hanging the run
    statements += [f'DELETE FROM public."{name}"' for name in reversed(tables)]
    statements += [f'INSERT INTO public."{name}" ({columns[name]}) SELECT {columns[name]} FROM "{snapshot}"."{name}"'
                   for name in tables]
    statements += [f"SELECT setval('public.\"{name}\"', {value or 1}, {value is not None})"
                   for name, value in sequences]
    return "; ".join(statements)


def _pg_run_reset(engine: Engine, reset: str) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"{reset}; UPDATE storerevision SET revision = {secrets.randbits(62)}")


def _pg_reset(url: str, kind: str, build: Build) -> Engine:
    key = (make_url(url).render_as_string(hide_password=False), kind)
    if key not in _PG_RESET:
        _PG_RESET[key] = _pg_build(url, kind, build)
    engine = make_engine(url)
    try:
        try:
            _pg_run_reset(engine, _PG_RESET[key])
        except DBAPIError as error:
            if "lock timeout" in str(error.orig):
                raise
            # the schema was changed under the snapshot (a table gone or altered): build it again
            _PG_RESET[key] = _pg_build(url, kind, build)
            _pg_run_reset(engine, _PG_RESET[key])
    except BaseException:
        # an undisposed psycopg connection is closed by the garbage collector later, and its warning
        # (an error here) then lands in whichever unrelated test happens to be running
        engine.dispose()
        raise
    return engine
