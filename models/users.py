"""Users and the sign-in throttle, kept in the store (R-NET-2). Passwords only as bcrypt hashes."""
from datetime import datetime, timezone

import bcrypt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from logic.authz import ROLES, Actor, require
from logic.errors import ValidationFailed
from logic.signin import ThrottleState, after_failure, password_errors, user_errors
from models.locking import bump, load_for_edit
from models.tables import County, utc_now


class User(SQLModel, table=True):
    __audit_key__ = "username"
    __audit_exclude__ = frozenset({"password_hash"})  # the trail says a password changed, never the hash
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=100)
    role: str = Field(max_length=20)
    county_code: str | None = Field(default=None, foreign_key="county.code", max_length=16)
    active: bool = True
    # A cookie or session begun before this time no longer signs in (sign-out, password reset).
    tokens_valid_after: datetime = Field(default_factory=utc_now)
    version: int = 1
    created_at: datetime = Field(default_factory=utc_now)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per username, persisted so a restart does not reset the count."""

    __audit_key__ = "username"
    username: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    locked_until: datetime | None = None
    last_failure_at: datetime | None = None


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def actor_of(user: User) -> Actor:
    return Actor(user.username, user.role, user.county_code, user.active)


def get_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session, *, active_only: bool = False) -> list[User]:
    query = select(User).order_by(User.role, User.username)
    if active_only:
        query = query.where(User.active == True)  # noqa: E712  (SQL comparison)
    return list(session.exec(query))


def _known_counties(session: Session) -> set[str]:
    return set(session.exec(select(County.code)))


def create_user(*, session: Session, actor: Actor, username: str, display_name: str, role: str,
                county_code: str | None, password: str) -> User:
    require(actor, "administer")
    username = username.strip()
    errors = user_errors(username=username, display_name=display_name, role=role, county_code=county_code,
                         known_counties=_known_counties(session), roles=ROLES)
    errors += password_errors(password, username)
    if get_user(session, username) is not None:
        errors.append(_taken(username))
    if errors:
        raise ValidationFailed(errors)
    user = User(username=username, display_name=display_name.strip(), role=role,
                county_code=county_code or None, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def _taken(username: str):
    from logic.errors import FieldError
    return FieldError("username", f"用户名 {username} 已存在", f"username {username} is already used")


def _locked_for_edit(session: Session, username: str, expected_version: int) -> User:
    return load_for_edit(session, User, {"username": username}, expected_version)


def update_user(*, session: Session, actor: Actor, username: str, expected_version: int,
                display_name: str, role: str, county_code: str | None, active: bool) -> User:
    require(actor, "administer")
    user = _locked_for_edit(session, username, expected_version)
    errors = user_errors(username=user.username, display_name=display_name, role=role, county_code=county_code,
                         known_counties=_known_counties(session), roles=ROLES)
    if errors:
        raise ValidationFailed(errors)
    ends_sessions = (not active and user.active) or role != user.role or county_code != user.county_code
    user.display_name, user.role, user.county_code, user.active = display_name.strip(), role, county_code, active
    if ends_sessions:  # a changed role or county must not live on in an open browser
        user.tokens_valid_after = utc_now()
    bump(user)
    session.add(user)
    session.flush()
    return user


def reset_password(*, session: Session, actor: Actor, username: str, expected_version: int,
                   password: str) -> User:
    require(actor, "administer")
    user = _locked_for_edit(session, username, expected_version)
    errors = password_errors(password, user.username)
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(password)
    user.tokens_valid_after = utc_now()  # every cookie issued before the reset stops working
    bump(user)
    session.add(user)
    session.flush()
    return user


def end_sessions(*, session: Session, actor: Actor, username: str) -> None:
    """Sign-out: cookies issued until now, in any tab or browser, no longer sign in. A person ends their own
    sessions; only a city administrator ends someone else's."""
    if actor is None or not actor.active or actor.username != username:
        require(actor, "administer")
    user = get_user(session, username)
    if user is not None:
        user.tokens_valid_after = utc_now()
        session.add(user)
        session.flush()


def throttle_state(session: Session, username: str) -> ThrottleState:
    row = session.get(LoginThrottle, username)
    if row is None:
        return ThrottleState()
    return ThrottleState(row.failures, _aware(row.locked_until))


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def record_failure(session: Session, username: str, now: datetime | None = None) -> ThrottleState:
    """One more failed sign-in for `username`; safe when several arrive at once (no lost count, no clash).

    The row is locked (SELECT ... FOR UPDATE) before it is counted. The first failure inserts it inside a
    savepoint: on PostgreSQL a second first-failure waits on that insert, gets the unique-key error when it
    commits, and then counts on the row the other one made. SQLite's BEGIN IMMEDIATE queues writers anyway.
    """
    now = now or utc_now()
    row = _throttle_row(session, username)
    if row is None:
        state = after_failure(ThrottleState(), now)
        row = _insert_first_failure(session, username, state, now)
        if row is None:
            return state
    state = after_failure(ThrottleState(row.failures, _aware(row.locked_until)), now)
    row.failures, row.locked_until, row.last_failure_at = state.failures, state.locked_until, now
    session.add(row)
    session.flush()
    return state


def _insert_first_failure(session: Session, username: str, state: ThrottleState,
                          now: datetime) -> LoginThrottle | None:
    """Insert the first failure's row; if a concurrent first failure got there first, its row, locked."""
    try:
        with session.begin_nested():
            session.add(LoginThrottle(username=username, failures=state.failures,
                                      locked_until=state.locked_until, last_failure_at=now))
            session.flush()
        return None
    except IntegrityError:
        row = _throttle_row(session, username)
        if row is None:
            raise
        return row


def _throttle_row(session: Session, username: str) -> LoginThrottle | None:
    return session.get(LoginThrottle, username, with_for_update=True, populate_existing=True)


def record_success(session: Session, username: str) -> None:
    row = session.get(LoginThrottle, username)
    if row is not None and row.failures:
        row.failures, row.locked_until = 0, None
        session.add(row)
        session.flush()
