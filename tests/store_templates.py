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
Make = Callable[[str], Engine]
Key = tuple[str, Build]  # a template is named by its kind and made by its build

_MEMORY: dict[Key, sqlite3.Connection] = {}
_FILES: dict[Key, Path] = {}
_PG_RESET: dict[tuple[str, Key], str] = {}  # (database url, key) -> the statements that reset it
_DIR: list[Path] = []


def fresh_engine(url: str, *, kind: str = "reference", build: Build = init_database,
                 make: Make = make_engine) -> Engine:
    """An engine (from `make`) on `url` holding exactly what `build` makes on an empty database, made cheaply
    from the copy of its first build in this process. The default build is the reference store every test
    starts from: the schema by create_all, Yibin's units and the 2014 standard."""
    key = (kind, build)
    if url in ("sqlite://", "sqlite:///:memory:"):
        return _memory_copy(key, make)
    if url.startswith("sqlite:///"):
        return _file_copy(Path(url.removeprefix("sqlite:///")), key, make)
    return _pg_reset(url, key, make)


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
def _built(url: str, build: Build, make: Make) -> Engine:
    """An engine on `url` after `build`; disposed, never left to the garbage collector, when the build fails
    (its ResourceWarning would then fail whichever unrelated test happened to be running)."""
    engine = make(url)
    try:
        build(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _memory_copy(key: Key, make: Make) -> Engine:
    if key not in _MEMORY:
        engine = _built("sqlite://", key[1], make)
        keep = sqlite3.connect(":memory:", check_same_thread=False)
        raw = engine.raw_connection()
        try:
            raw.driver_connection.backup(keep)
        finally:
            raw.close()
            engine.dispose()
        _MEMORY[key] = keep
    engine = make("sqlite://")  # StaticPool: this one connection is the whole database
    raw = engine.raw_connection()
    try:
        _MEMORY[key].backup(raw.driver_connection)
    finally:
        raw.close()
    _new_revision(engine)
    return engine


def _template_dir() -> Path:
    if not _DIR:
        _DIR.append(Path(tempfile.mkdtemp(prefix="gsp-store-templates-")))
    return _DIR[0]


def _file_copy(path: Path, key: Key, make: Make) -> Engine:
    if key not in _FILES:
        template = _template_dir() / f"{key[0]}-{len(_FILES)}.sqlite"
        template.unlink(missing_ok=True)  # what a failed build of it left
        engine = _built(f"sqlite:///{template}", key[1], make)
        with engine.connect() as conn:  # every page into the main file, so a copy of that file is whole
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _FILES[key] = template
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(_FILES[key], path)
    engine = make(f"sqlite:///{path}")
    _new_revision(engine)
    return engine


# --- PostgreSQL ----------------------------------------------------------------------------------------------
def _tables() -> list[str]:
    import_models()
    return [table.name for table in SQLModel.metadata.sorted_tables]


def _pg_build(url: str, key: Key, make: Make) -> str:
    """Empty the database, build the store, keep its rows in a snapshot schema of this kind; returns the
    statements that reset the database to it."""
    kind, build = key
    snapshot = f"{SNAPSHOT}_{kind}"
    wipe = make(url)
    try:
        with wipe.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{snapshot}" CASCADE'))
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        wipe.dispose()
    engine = _built(url, build, make)
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


def _pg_reset(url: str, key: Key, make: Make) -> Engine:
    at = (make_url(url).render_as_string(hide_password=False), key)
    if at not in _PG_RESET:
        _PG_RESET[at] = _pg_build(url, key, make)
    engine = make(url)
    try:
        try:
            _pg_run_reset(engine, _PG_RESET[at])
        except DBAPIError as error:
            if "lock timeout" in str(error.orig):
                raise
            # the schema was changed under the snapshot (a table gone or altered): build it again
            _PG_RESET[at] = _pg_build(url, key, make)
            _pg_run_reset(engine, _PG_RESET[at])
    except BaseException:
        # an undisposed psycopg connection is closed by the garbage collector later, and its warning
        # (an error here) then lands in whichever unrelated test happens to be running
        engine.dispose()
        raise
    return engine
