"""The engine and sessions: SQLite (the embedded default) or PostgreSQL when DATABASE_URL says so.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and write transactions begin
IMMEDIATE so two writers queue instead of failing half-way with "database is locked".
"""
import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

import models.audit  # noqa: F401  (registers the audit trail on every session)
from logic.authz import Actor

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_DB_PATH = DATA_DIR / "demo.sqlite"
BUSY_TIMEOUT_MS = 15_000


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEMO_DB_PATH}"


def is_demo_url(url: str) -> bool:
    return url == f"sqlite:///{DEMO_DB_PATH}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    kwargs = {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}}
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or each session sees an empty database
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def import_models() -> None:
    """Import every table module, so SQLModel.metadata knows the whole schema (create_all, alembic)."""
    # the register, the store revision every write moves, users and the sign-in throttle's counters, the roster,
    # the funding tracker, performance scores and frozen rankings
    from models import (  # noqa: F401 -- imported for the tables they define
        approval,
        assessment,
        funding,
        pay,
        people,
        revision,
        settings,
        signin,
        tables,
        users,
    )


def create_schema(engine: Engine) -> None:
    import_models()
    SQLModel.metadata.create_all(engine)


@contextmanager
def read_session(engine: Engine):
    with Session(engine) as session:
        yield session


@contextmanager
def write_session(engine: Engine, actor: Actor):
    """One all-or-nothing transaction on behalf of `actor`: commits on success, rolls back on error."""
    bound = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(bound) as session:
        session.info["actor"] = actor.username
        session.info["actor_obj"] = actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
