"""Users, kept in the store (R-NET-2). Passwords only as bcrypt hashes; the sign-in throttle is models.signin."""
from datetime import datetime

import bcrypt
from sqlmodel import Field, Session, select

from logic.authz import ROLES, Actor, require
from logic.errors import ValidationFailed
from logic.record_errors import errors_of
from logic.records import UserBase
from logic.signin import password_errors, user_errors
from models.locking import bump, load_for_edit
from models.tables import County, utc_now


class User(UserBase, table=True):
    """A user (fields and limits: logic.records.UserBase); the password only as its bcrypt hash."""
    __audit_key__ = "username"
    __audit_exclude__ = frozenset({"password_hash"})  # the trail says a password changed, never the hash
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=100)
    # A cookie or session begun before this time no longer signs in (sign-out, password reset).
    tokens_valid_after: datetime = Field(default_factory=utc_now)
    version: int = 1
    created_at: datetime = Field(default_factory=utc_now)

def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def actor_of(user: User) -> Actor:
    return Actor(user.username, user.role, user.county_code, user.active)


def get_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session, *, active_only: bool = False) -> list[User]:
    query = select(User).order_by(User.role, User.username)
    if active_only:
        query = query.where(User.active == True)  # noqa: E712 -- builds SQL; `is True` would not
    return list(session.exec(query))


def _known_counties(session: Session) -> set[str]:
    return set(session.exec(select(County.code)))


def create_user(*, session: Session, actor: Actor, username: str, display_name: str, role: str,
                county_code: str | None, password: str) -> User:
    require(actor, "administer")
    username = username.strip()
    errors = user_errors(username=username, display_name=display_name, role=role, county_code=county_code,
                         known_counties=_known_counties(session), roles=ROLES)
    errors += _record_errors(errors, username, display_name, role, county_code)
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


def _record_errors(found: list, username: str, display_name: str, role: str, county_code) -> list:
    """The record's own limits (logic.records.UserBase: a display name's length), for fields not refused yet."""
    facts = {"username": username, "display_name": (display_name or "").strip(), "role": role,
             "county_code": county_code or None}
    named = {e.field for e in found}
    return [e for e in errors_of(UserBase, facts) if e.field not in named]


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
    errors += _record_errors(errors, user.username, display_name, role, county_code)
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
