"""The persisted sign-in throttle (models.users): R-NET-2 and issue 3 — "failed sign-ins are throttled per
username, persisted in the store" — counted exactly even when failed sign-ins for one username arrive at once.

The threaded tests run on a WAL SQLite file and, when TEST_DATABASE_URL is set, on PostgreSQL.
"""
import threading
import time
from datetime import datetime, timedelta, timezone

from sqlmodel import func, select

from logic.authz import Actor
from logic.signin import COOLDOWN, MAX_FAILURES
from models.db import read_session, write_session
from models.tables import AuditLog
from models.users import LoginThrottle, record_failure, record_success, throttle_state

SIGN_IN = Actor("system:sign-in", "city_admin")
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=timezone.utc)


def _fail(engine, username: str = "officer_a", now: datetime = NOW):
    with write_session(engine, SIGN_IN) as s:
        return record_failure(s, username, now)


def _state(engine, username: str = "officer_a"):
    with read_session(engine) as s:
        return throttle_state(s, username)


def test_r_net_2_the_limit_th_failure_locks_the_username_for_the_cooldown_and_leaves_others_alone(store):
    for n in range(1, MAX_FAILURES):
        assert _fail(store).failures == n and _state(store).locked_until is None
    assert _fail(store).locked_until == NOW + COOLDOWN
    assert _state(store).locked_until == NOW + COOLDOWN  # persisted, aware UTC, on both backends
    assert _state(store, "officer_b").failures == 0
    with write_session(store, SIGN_IN) as s:
        record_success(s, "officer_a")
    assert (_state(store).failures, _state(store).locked_until) == (0, None)


def test_r_net_2_a_failure_after_the_cooldown_starts_the_count_afresh(store):
    for _ in range(MAX_FAILURES):
        _fail(store)
    assert _fail(store, now=NOW + COOLDOWN + timedelta(seconds=1)).failures == 1


def test_two_first_failures_at_once_are_both_counted(threaded_store):
    """The second first-failure starts while the first one's new row is still uncommitted: on PostgreSQL it
    cannot see the row, tries to insert its own and must wait, then count on the row the first one made."""
    outcome = []

    def second():
        try:
            outcome.append(_fail(threaded_store).failures)
        except BaseException as error:  # noqa: BLE001  (asserted on below)
            outcome.append(error)

    with write_session(threaded_store, SIGN_IN) as s:
        assert record_failure(s, "officer_a", NOW).failures == 1
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.3)  # let it reach its insert (PostgreSQL) or its BEGIN IMMEDIATE (SQLite)
    waiting.join(timeout=30)
    assert outcome == [2]
    assert _state(threaded_store).failures == 2


def test_many_failed_sign_ins_at_once_are_each_counted_once_with_an_audit_row_each(threaded_store):
    threads, errors, barrier = 8, [], threading.Barrier(8)

    def fail(_):
        try:
            barrier.wait(timeout=10)
            _fail(threaded_store)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    workers = [threading.Thread(target=fail, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert errors == []
    assert _state(threaded_store).failures == threads
    with read_session(threaded_store) as s:
        rows = s.exec(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == LoginThrottle.__tablename__, AuditLog.entity_key == "officer_a")).one()
    assert rows == threads  # one create and seven updates


def test_a_success_for_a_username_that_never_failed_writes_nothing(store):
    with write_session(store, SIGN_IN) as s:
        record_success(s, "officer_a")
    with read_session(store) as s:
        assert s.get(LoginThrottle, "officer_a") is None
        assert s.exec(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == LoginThrottle.__tablename__)).one() == 0
