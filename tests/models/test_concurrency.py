"""Many officers saving at once (county officers in ten counties edit at the same time): no
"database is locked", no lost update, no duplicate, and an audit row for every write that went through.

Runs on a WAL SQLite file and, when TEST_DATABASE_URL is set, on PostgreSQL (the `threaded_store` fixture);
an in-memory SQLite store is one shared connection and cannot be written from several threads.
"""
import threading

import pytest
from sqlmodel import func, select

import tests.conftest as conftest
from logic.authz import SYSTEM, Actor
from logic.errors import StaleEdit, ValidationFailed
from models.db import read_session, write_session
from models.platforms import create_platform, get_platform, update_platform
from models.tables import AuditLog, Platform

THREADS, SAVES = 8, 10
CUIPING = "511502"
STREET = dict(code="511502-S1", name="白沙湾街道", level="street", county_code=CUIPING)


def _actor(i: int) -> Actor:
    return Actor(f"officer{i}", "county_officer", CUIPING)


def _in_threads(work, n: int = THREADS) -> list[BaseException]:
    """Run work(i) in n threads released together; the exceptions they raised (none expected unless said)."""
    barrier, errors = threading.Barrier(n), []

    def body(i):
        try:
            barrier.wait(timeout=10)
            work(i)
        except BaseException as error:  # noqa: BLE001  (handed back to the test to assert on)
            errors.append(error)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return errors


def _audit_count(engine, action: str, key: str | None = None) -> int:
    query = select(func.count()).select_from(AuditLog).where(AuditLog.entity == "platform", AuditLog.action == action)
    if key:
        query = query.where(AuditLog.entity_key == key)
    with read_session(engine) as s:
        return s.exec(query).one()


@pytest.fixture
def engine(threaded_store):
    with write_session(threaded_store, SYSTEM) as s:
        create_platform(session=s, actor=SYSTEM, facts=STREET)
    return threaded_store


@pytest.mark.slow
def test_many_editors_of_one_platform_lose_no_update_when_they_retry_on_a_stale_edit(engine):
    """Each save reads the row, then saves over the version it read; a StaleEdit means "reopen and redo"."""
    stale = []

    def saver(i):
        saved = 0
        while saved < SAVES:
            with read_session(engine) as s:
                row = get_platform(s, "511502-S1")
                version, population = row.version, row.service_population
            try:
                with write_session(engine, _actor(i)) as s:
                    update_platform(session=s, actor=_actor(i), code="511502-S1",
                                    facts={"service_population": population + 1}, expected_version=version)
                saved += 1
            except StaleEdit:
                stale.append(i)

    assert _in_threads(saver) == []  # in particular no "database is locked" and no deadlock
    with read_session(engine) as s:
        row = get_platform(s, "511502-S1")
        assert (row.service_population, row.version) == (THREADS * SAVES, THREADS * SAVES + 1)
        per_actor = dict(s.exec(select(AuditLog.actor, func.count()).where(AuditLog.action == "update")
                                .group_by(AuditLog.actor)).all())
    assert _audit_count(engine, "update", "511502-S1") == THREADS * SAVES
    assert per_actor == {_actor(i).username: SAVES for i in range(THREADS)}


def test_many_officers_adding_platforms_at_once_all_land_each_with_its_audit_row(engine):
    def adder(i):
        for n in range(SAVES):
            with write_session(engine, _actor(i)) as s:
                create_platform(session=s, actor=_actor(i), facts={
                    "code": f"511502-C{i}N{n}", "name": f"社区{i}-{n}", "level": "community", "county_code": CUIPING,
                    "parent_code": "511502-S1", "service_population": n})

    assert _in_threads(adder) == []
    with read_session(engine) as s:
        assert s.exec(select(func.count()).select_from(Platform).where(Platform.level == "community")).one() == (
            THREADS * SAVES)
    assert _audit_count(engine, "create") == THREADS * SAVES + 1  # and the street the fixture made


def test_of_many_officers_saving_the_same_new_code_at_once_one_wins_and_the_rest_are_told_it_is_taken(engine):
    """On PostgreSQL the duplicate is found by the unique key after the check passed in both transactions:
    the loser must still get a field message, not a database error."""
    def adder(i):
        with write_session(engine, _actor(i)) as s:
            create_platform(session=s, actor=_actor(i), facts={**STREET, "code": "511502-NEW", "name": f"第{i}"})

    errors = _in_threads(adder)
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationFailed) and [f.field for f in e.errors] == ["code"] for e in errors), errors
    with read_session(engine) as s:
        assert s.exec(select(func.count()).select_from(Platform).where(Platform.code == "511502-NEW")).one() == 1
    assert _audit_count(engine, "create", "511502-NEW") == 1


class _Watch:
    """What the second saver's connection is doing, seen from the first: the events fire in its own thread."""

    def __init__(self, engine, thread_name: str):
        self.engine, self.thread_name, self.pid = engine, thread_name, None
        self.began_immediate, self.read_the_row, self.done = threading.Event(), threading.Event(), threading.Event()

    def _mine(self) -> bool:
        return threading.current_thread().name == self.thread_name

    def before(self, conn, cursor, statement, *_):
        if self._mine():
            if conn.dialect.name == "postgresql":
                self.pid = conn.connection.dbapi_connection.info.backend_pid
            if statement.strip().upper() == "BEGIN IMMEDIATE":
                self.began_immediate.set()

    def after(self, conn, cursor, statement, *_):
        if self._mine() and statement.lstrip().upper().startswith("SELECT") and "FROM PLATFORM" in statement.upper():
            self.read_the_row.set()

    def blocked(self) -> bool:
        """The second saver waits on a lock the first one holds. PostgreSQL shows the waiting lock; SQLite shows
        no waiting connection, so there it is the start of its BEGIN IMMEDIATE, which cannot get past the first's
        open write transaction."""
        if self.engine.dialect.name != "postgresql":
            return self.began_immediate.is_set()
        if self.pid is None:
            return False
        with self.engine.connect() as probe:
            return bool(probe.exec_driver_sql(
                f"SELECT count(*) FROM pg_locks WHERE pid = {int(self.pid)} AND NOT granted").scalar())

    def until_held_up(self, deadline_s: float = 30) -> None:
        """Wait until the second saver is stuck behind the first, or has read the row (what it must not do
        while the first is open): a condition, never a guessed pause."""
        pause = threading.Event()  # never set: its wait() is a short, bounded poll interval
        for _ in range(int(deadline_s / 0.01)):
            if self.read_the_row.is_set() or self.blocked() or self.done.is_set():
                return
            pause.wait(0.01)
        raise AssertionError("the second save never reached the database")


def test_a_save_that_waits_on_another_is_refused_once_the_other_commits(engine):
    """Two editors at version 1 whose saves overlap: the first holds its transaction open until the second is
    stuck behind it (or, without the lock, has read the row); the second then finds the row stale. The first
    one's values survive and the trail holds one update. Without the lock the second reads version 1 while the
    first is open and overwrites it (PostgreSQL) or fails with "database is locked" (SQLite)."""
    from sqlalchemy import event
    outcome = []
    watch = _Watch(engine, "second-saver")
    event.listen(engine, "before_cursor_execute", watch.before)
    event.listen(engine, "after_cursor_execute", watch.after)

    def second():
        try:
            with write_session(engine, _actor(2)) as s:
                update_platform(session=s, actor=_actor(2), code="511502-S1", facts={"name": "第二位"},
                                expected_version=1)
            outcome.append("saved")
        except StaleEdit as stale:
            outcome.append(stale)
        except BaseException as error:  # noqa: BLE001  (asserted below)
            outcome.append(error)
        finally:
            watch.done.set()

    waiting = threading.Thread(target=second, name="second-saver")
    try:
        with write_session(engine, _actor(1)) as s:
            update_platform(session=s, actor=_actor(1), code="511502-S1", facts={"name": "第一位"}, expected_version=1)
            waiting.start()
            watch.until_held_up()
            assert not watch.read_the_row.is_set(), "the second save read the row while the first was still open"
            assert not watch.done.is_set(), "the second save must wait for the first transaction"
    finally:
        if waiting.is_alive():
            waiting.join(timeout=30)
        event.remove(engine, "before_cursor_execute", watch.before)
        event.remove(engine, "after_cursor_execute", watch.after)
    [stale] = outcome
    assert isinstance(stale, StaleEdit), stale
    assert (stale.by, stale.current_version) == ("officer1", 2)
    with read_session(engine) as s:
        assert (get_platform(s, "511502-S1").name, get_platform(s, "511502-S1").version) == ("第一位", 2)
    assert _audit_count(engine, "update", "511502-S1") == 1


def test_a_store_that_fails_to_initialise_gives_its_connections_back(monkeypatch, tmp_path):
    """tests/conftest.py `_fresh`: an engine left behind by a failed set-up is closed by the garbage collector
    later, and its ResourceWarning (an error under filterwarnings) then fails an unrelated test."""
    made, real_make_engine = [], conftest.make_engine

    def make(url):
        made.append(real_make_engine(url))
        return made[-1]

    def broken(engine):
        with engine.connect():
            raise RuntimeError("init failed")

    monkeypatch.setattr(conftest, "make_engine", make)
    monkeypatch.setattr(conftest, "init_database", broken)
    with pytest.raises(RuntimeError, match="init failed"):
        conftest._fresh(f"sqlite:///{tmp_path}/broken.sqlite")
    [engine] = made
    assert engine.pool.checkedin() == 0 and engine.pool.checkedout() == 0  # disposed: the pool holds nothing
