"""The sign-in throttle's counters, kept in the store so every app process and every restart sees them.

A try is counted *before* its password is checked, one try per counter at a time: the first statement of a
try's transaction is one INSERT … ON CONFLICT DO UPDATE that creates the counter's row or locks it, and the
row stays locked (PostgreSQL) or the database stays reserved (SQLite, BEGIN IMMEDIATE) until the new count
is committed. So 16 simultaneous guesses read 16 different counts, and only those the rule allows are checked.

The counters are not business data: no audit rows and no store revision (statements on the connection, not the
ORM session; a stranger's guesses must not empty every screen's cache). Rows nobody has tried for two days
are deleted as tries come in.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import bcrypt
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel

from logic.authz import Actor
from logic.signin import ACCOUNT, CLIENT, Counter, Rule, Verdict, refund, reserve
from models.db import read_session
from models.tables import utc_now
from models.users import actor_of, get_user

FORGET_ROWS_AFTER = timedelta(days=2)  # longer than any rule's memory (a day) plus its longest wait
KEY_MAX = 80


class SignInThrottle(SQLModel, table=True):
    """One counter: "client:<address>" or "account:<username>" (known or not: the answer must not tell)."""

    key: str = Field(primary_key=True, max_length=KEY_MAX)
    failures: int = 0
    last_try_at: datetime = Field(index=True)
    locked_until: datetime | None = None


TABLE = SignInThrottle.__table__


def client_key(address: str) -> str:
    return f"client:{address}"[:KEY_MAX]


def account_key(username: str) -> str:
    return f"account:{username}"[:KEY_MAX]


def _writing(engine: Engine):
    return engine.execution_options(sqlite_begin="IMMEDIATE").begin()


def _claim(conn: Connection, key: str, now: datetime) -> Counter:
    """The counter as it stands, its row created or locked by this one statement until the transaction ends."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert(TABLE).values(key=key, failures=0, last_try_at=now, locked_until=None)
    statement = statement.on_conflict_do_update(index_elements=[TABLE.c.key],
                                                set_={"failures": TABLE.c.failures})
    row = conn.execute(statement.returning(TABLE.c.failures, TABLE.c.last_try_at, TABLE.c.locked_until)).one()
    if row.failures == 0 and row.locked_until is None:
        return Counter()
    return Counter(row.failures, row.last_try_at, row.locked_until)


def _store(conn: Connection, key: str, counter: Counter) -> None:
    conn.execute(update(TABLE).where(TABLE.c.key == key).values(
        failures=counter.failures, last_try_at=counter.last_try_at, locked_until=counter.locked_until))


def reserve_try(engine: Engine, *, key: str, rule: Rule, now: datetime) -> Verdict:
    """Count one try on `key` (committed before the caller checks a password) and say whether it may be checked."""
    with _writing(engine) as conn:
        verdict = reserve(rule, _claim(conn, key, now), now)
        if verdict.allowed:
            _store(conn, key, verdict.counter)
    _forget_old_rows(engine, now)
    return verdict


def give_back_try(engine: Engine, *, key: str) -> None:
    """A client's try whose password was right: not a failure after all."""
    with _writing(engine) as conn:
        counter = _current(conn, key)
        if counter is not None:
            _store(conn, key, refund(counter))


def clear(engine: Engine, *, key: str) -> None:
    """An account signed in: its failures are forgiven."""
    with _writing(engine) as conn:
        conn.execute(delete(TABLE).where(TABLE.c.key == key))


def counter_of(engine: Engine, key: str) -> Counter | None:
    with engine.connect() as conn:
        return _current(conn, key)


def _current(conn: Connection, key: str) -> Counter | None:
    row = conn.execute(select(TABLE.c.failures, TABLE.c.last_try_at, TABLE.c.locked_until)
                       .where(TABLE.c.key == key).with_for_update()).first()
    return Counter(row.failures, row.last_try_at, row.locked_until) if row else None


def _forget_old_rows(engine: Engine, now: datetime) -> None:
    """Rows no try has touched for FORGET_ROWS_AFTER; rows another try holds are skipped, never waited for
    (two pruners each holding rows the other wants would deadlock)."""
    old = (select(TABLE.c.key).where(TABLE.c.last_try_at < now - FORGET_ROWS_AFTER)
           .limit(500).with_for_update(skip_locked=True))
    with _writing(engine) as conn:
        keys = list(conn.execute(old).scalars())
        if keys:
            conn.execute(delete(TABLE).where(TABLE.c.key.in_(keys)))


@dataclass(frozen=True)
class Attempt:
    """What a sign-in try came to: the actor signed in, or refused (wrong, or wait until `wait_until`)."""
    actor: Actor | None = None
    wait_until: datetime | None = None


def attempt_sign_in(engine: Engine, *, username: str, password: str, client: str,
                    now: datetime | None = None) -> Attempt:
    """Count the try per client, then per account, then check the password. An unknown or inactive username
    goes through the same steps and the same bcrypt work as a known one, so neither the answer nor its time
    tells whether the account exists."""
    now = now or utc_now()
    username = username.strip().lower()
    for key, rule in ((client_key(client), CLIENT), (account_key(username), ACCOUNT)):
        verdict = reserve_try(engine, key=key, rule=rule, now=now)
        if not verdict.allowed:
            return Attempt(wait_until=verdict.wait_until)
    actor = _checked(engine, username, password)
    if actor is not None:
        give_back_try(engine, key=client_key(client))
        clear(engine, key=account_key(username))
    return Attempt(actor=actor)


def _checked(engine: Engine, username: str, password: str) -> Actor | None:
    with read_session(engine) as session:
        user = get_user(session, username)
        hashed = user.password_hash if user is not None and user.active else _stand_in_hash()
        right = password_matches(password, hashed)
        return actor_of(user) if right and user is not None and user.active else None


def password_matches(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:  # bcrypt 5 refuses passwords over 72 bytes: no stored password is that long
        return False


@cache
def _stand_in_hash() -> str:
    """A hash of a random secret, at the cost real hashes have, for usernames that cannot sign in."""
    import secrets
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt()).decode("ascii")
