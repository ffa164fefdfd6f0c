"""The sign-in throttle in the store (models.signin): a try is counted before its password is
checked, so of 16 simultaneous wrong passwords at most 5 are checked; per client first, then per account; the
same answer for a username that does not exist; counters that neither audit nor move the store revision.

The threaded tests run on a WAL SQLite file and, when TEST_DATABASE_URL is set, on PostgreSQL.
"""
import threading
from datetime import UTC, datetime, timedelta

import bcrypt
import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM
from logic.signin import ACCOUNT, CLIENT
from models import signin
from models.db import read_session, write_session
from models.revision import store_revision
from models.signin import (
    FORGET_ROWS_AFTER,
    SignInThrottle,
    account_key,
    attempt_sign_in,
    client_key,
    counter_of,
    reserve_try,
)
from models.tables import AuditLog
from models.users import create_user

NOW = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
PASSWORD = "correct-horse-9"


@pytest.fixture
def cheap_bcrypt(monkeypatch):
    """Real bcrypt at its lowest cost, and a count of every password check."""
    gensalt, checkpw, checks = bcrypt.gensalt, bcrypt.checkpw, []
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))

    def counted(password, hashed):
        checks.append(password)
        return checkpw(password, hashed)
    monkeypatch.setattr(bcrypt, "checkpw", counted)
    signin._stand_in_hash.cache_clear()
    yield checks
    signin._stand_in_hash.cache_clear()


def _with_officer(engine, active: bool = True):
    with write_session(engine, SYSTEM) as session:
        user = create_user(session=session, actor=SYSTEM, username="officer_a", display_name="A", role="viewer",
                           county_code=None, password=PASSWORD)
        user.active = active


def _try(engine, password="wrong-password", *, username="officer_a", client="203.0.113.7", at=NOW):
    return attempt_sign_in(engine, username=username, password=password, client=client, now=at)


def test_the_right_password_signs_in_and_leaves_no_failure_behind(store, cheap_bcrypt):
    _with_officer(store)
    assert _try(store).actor is None
    outcome = _try(store, PASSWORD, username="  Officer_A ")  # the form's username is stripped and lowercased
    assert outcome.actor.username == "officer_a" and outcome.wait_until is None
    assert counter_of(store, account_key("officer_a")) is None
    assert counter_of(store, client_key("203.0.113.7")).failures == 1  # the wrong one still counts


def test_the_fifth_failure_from_a_client_makes_it_wait_even_with_the_right_password(store, cheap_bcrypt):
    _with_officer(store)
    for i in range(CLIENT.limit):
        assert _try(store, at=NOW + timedelta(seconds=i)).wait_until is None
    refused = _try(store, PASSWORD, at=NOW + timedelta(seconds=10))
    assert refused.actor is None and refused.wait_until == NOW + timedelta(seconds=4) + CLIENT.first_wait
    assert len(cheap_bcrypt) == CLIENT.limit  # the refused try was never checked
    other_client = _try(store, PASSWORD, client="198.51.100.4", at=NOW + timedelta(seconds=11))
    assert other_client.actor.username == "officer_a"  # a stranger's guesses do not shut the officer out
    after = _try(store, PASSWORD, at=refused.wait_until)
    assert after.actor.username == "officer_a"


def test_an_unknown_username_gets_the_same_answers_and_the_same_bcrypt_work(store, cheap_bcrypt):
    _with_officer(store)
    outcomes = {}
    for username, client in (("officer_a", "203.0.113.7"), ("no_such_user", "203.0.113.8")):
        outcomes[username] = [_try(store, username=username, client=client, at=NOW + timedelta(seconds=i))
                              for i in range(CLIENT.limit + 1)]
    known, unknown = outcomes["officer_a"], outcomes["no_such_user"]
    assert [(o.actor, o.wait_until) for o in known] == [(o.actor, o.wait_until) for o in unknown]
    assert len(cheap_bcrypt) == 2 * CLIENT.limit


def test_an_inactive_user_and_a_password_over_72_bytes_are_refused_like_a_wrong_password(store, cheap_bcrypt):
    _with_officer(store, active=False)
    assert _try(store, PASSWORD).actor is None
    assert _try(store, "长" * 30, client="203.0.113.9").actor is None  # 90 bytes: bcrypt itself would raise


def test_the_account_waits_after_twenty_failures_from_many_clients_and_a_success_forgives(store, cheap_bcrypt):
    _with_officer(store)
    for i in range(ACCOUNT.limit):
        assert _try(store, client=f"203.0.113.{i}", at=NOW + timedelta(seconds=i)).wait_until is None
    refused = _try(store, PASSWORD, client="198.51.100.1", at=NOW + timedelta(seconds=30))
    assert refused.actor is None and refused.wait_until == NOW + timedelta(seconds=19) + ACCOUNT.first_wait
    assert _try(store, PASSWORD, client="198.51.100.1", at=refused.wait_until).actor is not None
    assert counter_of(store, account_key("officer_a")) is None


def test_counters_write_no_audit_row_and_do_not_move_the_store_revision(store, cheap_bcrypt):
    with read_session(store) as session:
        before = (store_revision(session), session.exec(select(func.count()).select_from(AuditLog)).one())
    for i in range(3):
        _try(store, username=f"guess{i}")
    with read_session(store) as session:
        assert (store_revision(session), session.exec(select(func.count()).select_from(AuditLog)).one()) == before


def test_counters_nobody_tried_for_two_days_are_deleted(store):
    reserve_try(store, key="client:old", rule=CLIENT, now=NOW - FORGET_ROWS_AFTER - timedelta(seconds=1))
    reserve_try(store, key="client:recent", rule=CLIENT, now=NOW - FORGET_ROWS_AFTER + timedelta(seconds=1))
    reserve_try(store, key="client:now", rule=CLIENT, now=NOW)
    with read_session(store) as session:
        assert set(session.exec(select(SignInThrottle.key))) == {"client:recent", "client:now"}


def test_a_counter_reads_back_in_utc(store):
    verdict = reserve_try(store, key="client:x", rule=CLIENT, now=NOW)
    assert counter_of(store, "client:x") == verdict.counter
    assert counter_of(store, "client:x").last_try_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("clients", [1, 16], ids=["one client", "sixteen clients"])
def test_16_simultaneous_wrong_passwords_check_at_most_the_limit(threaded_store, cheap_bcrypt, clients):
    """All 16 start together (a barrier): without counting before checking, all 16 read the old count."""
    _with_officer(threaded_store)
    limit = CLIENT.limit if clients == 1 else ACCOUNT.limit
    for i in range(limit - 5 if clients == 16 else 0):  # bring the account within 5 of its limit first
        _try(threaded_store, client=f"192.0.2.{i}", at=NOW - timedelta(minutes=1))
    checked_before, barrier, errors, outcomes = len(cheap_bcrypt), threading.Barrier(16), [], []

    def guess(i):
        try:
            barrier.wait(timeout=30)
            outcomes.append(_try(threaded_store, client=f"203.0.113.{i % clients}"))
        except BaseException as error:  # noqa: BLE001  (asserted below)
            errors.append(error)

    workers = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert errors == [] and len(outcomes) == 16
    assert len(cheap_bcrypt) - checked_before == 5
    assert sum(o.wait_until is not None for o in outcomes) == 11 and not any(o.actor for o in outcomes)
