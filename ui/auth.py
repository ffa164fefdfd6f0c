"""Sign-in with streamlit-authenticator, the credentials handed to it from the store on every run.

The library draws the form and keeps the cookie; the store decides who may sign in: inactive users are
not offered to it, a username over the failure limit is handed to it as locked (so the lock survives
restarts), and a cookie issued before the user's sign-out or password reset is ignored and deleted.
"""
from datetime import datetime, timedelta, timezone

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities.exceptions import LoginError

from logic.authz import Actor
from logic.signin import (COOKIE_EXPIRY_DAYS, COOLDOWN, MAX_FAILURES, failures_before_attempt,
                          session_still_valid)
from models.db import read_session, write_session
from models.users import (actor_of, end_sessions, get_user, list_users, record_failure, record_success,
                          throttle_state)
from ui.i18n import t

COOKIE_NAME = "gsp_auth"
_SIGNIN_ACTOR = Actor("system:sign-in", "city_admin")  # who writes throttle rows in the audit trail


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _credentials(engine) -> dict:
    now = _now()
    with read_session(engine) as session:
        users = list_users(session, active_only=True)
        return {"usernames": {u.username: {
            "name": u.display_name, "email": None, "password": u.password_hash, "roles": [u.role],
            "failed_login_attempts": failures_before_attempt(throttle_state(session, u.username), now),
        } for u in users}}


def _cookie_issued_at(key: str) -> tuple[str, datetime] | None:
    token = st.context.cookies.get(COOKIE_NAME) if st.context.cookies else None
    if not token:
        return None
    try:
        data = jwt.decode(token, key, algorithms=["HS256"])
        exp = datetime.fromtimestamp(float(data["exp_date"]), tz=timezone.utc)
        return str(data["username"]), exp - timedelta(days=COOKIE_EXPIRY_DAYS)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def _refuse_stale_cookie(auth, engine, key: str) -> None:
    """Before the library trusts the cookie, check it against the store's sign-out time."""
    if st.session_state.get("authentication_status"):
        return
    found = _cookie_issued_at(key)
    if found is None:
        return
    username, issued = found
    with read_session(engine) as session:
        user = get_user(session, username)
        valid = user is not None and session_still_valid(
            active=user.active, signed_in_at=issued, tokens_valid_after=user.tokens_valid_after)
    if valid:
        st.session_state["signed_in_at"] = issued
    elif not st.session_state.get("logout"):
        st.session_state["logout"] = True  # the library then ignores the cookie
        auth.cookie_controller.delete_cookie()


def _on_success(engine):
    def callback(info: dict) -> None:
        st.session_state["signed_in_at"] = _now()
        with write_session(engine, _SIGNIN_ACTOR) as session:
            record_success(session, info["username"])
    return callback


def _record_failures(engine, creds: dict, before: dict[str, int]) -> None:
    for username, user in creds["usernames"].items():
        if user.get("failed_login_attempts", 0) > before.get(username, 0):
            with write_session(engine, _SIGNIN_ACTOR) as session:
                record_failure(session, username)


def _fields() -> dict:
    return {"Form name": t("login.form"), "Username": t("login.username"),
            "Password": t("login.password"), "Login": t("login.submit")}


def authenticator(engine, key: str):
    creds = _credentials(engine)
    auth = stauth.Authenticate(creds, cookie_name=COOKIE_NAME, cookie_key=key,
                               cookie_expiry_days=COOKIE_EXPIRY_DAYS, auto_hash=False, login_sleep_time=0)
    return auth, creds


def signed_in_actor(engine, key: str) -> Actor | None:
    """The signed-in user, re-read from the store on this run; otherwise shows the sign-in form."""
    auth, creds = authenticator(engine, key)
    st.session_state["_authenticator"] = auth
    _refuse_stale_cookie(auth, engine, key)
    before = {u: d.get("failed_login_attempts", 0) for u, d in creds["usernames"].items()}
    try:
        auth.login(location="main", max_login_attempts=MAX_FAILURES, fields=_fields(),
                   key="signin_form", callback=_on_success(engine))
    except LoginError as error:
        _show_login_error(auth, str(error))
    _record_failures(engine, creds, before)
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(t("login.failed"))
    if not status:
        if st.session_state.pop("_signed_out", False):
            # deleting the cookie makes its browser component rerun the app at once: say it again here
            st.success(t("app.signed_out"))
        st.info(t("login.prompt"))
        return None
    return _current_user(auth, engine)


def _show_login_error(auth, message: str) -> None:
    if "attempts" in message:
        st.error(t("login.locked", minutes=int(COOLDOWN.total_seconds() // 60)))
    else:  # the cookie names a user the store no longer offers (deactivated, deleted)
        st.warning(t("login.session_ended"))
        st.session_state["logout"] = True
        auth.cookie_controller.delete_cookie()


def _current_user(auth, engine) -> Actor | None:
    signed_in_at = st.session_state.setdefault("signed_in_at", _now())
    with read_session(engine) as session:
        user = get_user(session, st.session_state.get("username") or "")
        valid = user is not None and session_still_valid(
            active=user.active, signed_in_at=signed_in_at, tokens_valid_after=user.tokens_valid_after)
        actor = actor_of(user) if valid else None
    if actor is None:
        auth.logout(location="unrendered")
        st.session_state.pop("signed_in_at", None)
        st.warning(t("login.session_ended"))
        st.button(t("app.sign_in_again"), key="sign_in_again")
    return actor


def sign_out(engine, actor: Actor) -> None:
    """Ends this session and every cookie issued to this user until now (other tabs, other browsers)."""
    with write_session(engine, actor) as session:
        end_sessions(session=session, actor=actor, username=actor.username)
    auth = st.session_state.get("_authenticator")
    if auth is not None:
        auth.logout(location="unrendered")
    st.session_state.pop("signed_in_at", None)
    st.session_state.pop("_actor", None)
    st.session_state["_signed_out"] = True
