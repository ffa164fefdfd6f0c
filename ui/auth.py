"""Sign-in: the app's own form, the throttle in the store (models.signin) and the `gsp_auth` cookie (ui.cookie).

Who is signed in lives in session state (`authentication_status`, `username`, `name`, `roles`, `signed_in_at`)
and is re-read from the store on every run. A cookie signs a new session in only if it is well formed, signed
with our key, in date, and issued after the user's last sign-out or password reset; any other cookie is
deleted once and the visitor sees the sign-in form, never an error.
"""
import math
import os
from datetime import UTC, datetime

import streamlit as st

from logic.authz import Actor
from logic.signin import client_address, session_still_valid, trusted_networks
from models.db import read_session
from models.signin import attempt_sign_in
from models.users import actor_of, end_sessions, get_user
from services.writes import attempt
from ui.cookie import COOKIE_NAME, delete_cookie, make_token, read_token, render_cookie_request, set_cookie
from ui.i18n import t
from ui.signin_form import signin_form

REFUSED = "_refused_cookie"  # the browser's cookie this session has already refused (st.context keeps it)
SIGNED_IN_KEYS = ("authentication_status", "username", "name", "roles", "signed_in_at")


def _now() -> datetime:
    return datetime.now(UTC)


def signed_in_actor(engine, key: str) -> Actor | None:
    """The signed-in user, re-read from the store on this run; otherwise shows the sign-in form."""
    if not st.session_state.get("authentication_status"):
        _sign_in_from_cookie(engine, key)
    actor = _current_user(engine) if st.session_state.get("authentication_status") else _sign_in_with_form(engine, key)
    render_cookie_request()
    return actor


def _browser_token() -> str | None:
    token = st.context.cookies.get(COOKIE_NAME) if st.context.cookies else None
    return token if isinstance(token, str) and token else None


def _sign_in_from_cookie(engine, key: str) -> None:
    token = _browser_token()
    if token is None or st.session_state.get(REFUSED) == token:
        return
    found = read_token(token, key, _now())
    user = None
    if found is not None:
        with read_session(engine) as session:
            user = get_user(session, found[0])
            if user is not None and not session_still_valid(active=user.active, signed_in_at=found[1],
                                                            tokens_valid_after=user.tokens_valid_after):
                user = None
    if user is None:
        _refuse_cookie(token)
        return
    _remember(user.username, user.display_name, user.role, found[1])


def _refuse_cookie(token: str | None) -> None:
    if token is not None and st.session_state.get(REFUSED) != token:
        st.session_state[REFUSED] = token
        delete_cookie()


def _remember(username: str, name: str, role: str, signed_in_at: datetime) -> None:
    st.session_state.update(authentication_status=True, username=username, name=name, roles=[role],
                            signed_in_at=signed_in_at)


def _forget() -> None:
    for name in SIGNED_IN_KEYS:
        st.session_state.pop(name, None)
    st.session_state["authentication_status"] = None


def _client() -> str:
    try:
        peer, real_ip = st.context.ip_address, st.context.headers.get("X-Real-IP")
    except Exception:  # noqa: BLE001  (no client context: a test or a bare run counts as one local client)
        peer, real_ip = None, None
    return client_address(peer if isinstance(peer, str) else None, real_ip if isinstance(real_ip, str) else None,
                          trusted_networks(os.environ.get("GSP_TRUSTED_PROXIES")))


def _sign_in_with_form(engine, key: str) -> Actor | None:
    slot = st.empty()
    with slot.container():
        typed = signin_form()
    if typed is not None:
        now = _now()
        outcome = attempt_sign_in(engine, username=typed[0], password=typed[1], client=_client(), now=now)
        if outcome.actor is not None:
            slot.empty()  # the form drawn before the password was checked goes at once
            _signed_in(engine, outcome.actor.username, key, now)
            return _current_user(engine)
        if outcome.wait_until is not None:
            st.error(t("login.locked", minutes=max(1, math.ceil((outcome.wait_until - now).total_seconds() / 60))))
        else:
            st.error(t("login.failed"))
    if st.session_state.get("_signed_out"):
        # deleting the cookie makes its browser component rerun the app (once or more): say it on every run
        # until the next sign-in
        st.success(t("app.signed_out"))
    st.info(t("login.prompt"))
    return None


def _signed_in(engine, username: str, key: str, now: datetime) -> None:
    with read_session(engine) as session:
        user = get_user(session, username)
        _remember(user.username, user.display_name, user.role, now)
    st.session_state.pop("_signed_out", None)
    set_cookie(make_token(username, key, now), now)


def _current_user(engine) -> Actor | None:
    signed_in_at = st.session_state.setdefault("signed_in_at", _now())
    with read_session(engine) as session:
        user = get_user(session, st.session_state.get("username") or "")
        valid = user is not None and session_still_valid(
            active=user.active, signed_in_at=signed_in_at, tokens_valid_after=user.tokens_valid_after)
        actor = actor_of(user) if valid else None
    if actor is None:
        _forget()
        _refuse_cookie(_browser_token())
        st.warning(t("login.session_ended"))
        st.button(t("app.sign_in_again"), key="sign_in_again")
    return actor


def sign_out(engine, actor: Actor) -> None:
    """Ends this session and every cookie issued to this user until now (other tabs, other browsers)."""
    attempt(engine, actor, lambda session, actor: end_sessions(session=session, actor=actor, username=actor.username))
    _forget()  # signed out here whatever the store said: this browser's session is over either way
    st.session_state[REFUSED] = _browser_token() or ""  # the cookie the page was loaded with: never again here
    delete_cookie()  # the browser's cookie, whether it came with the page or was set by this session's sign-in
    render_cookie_request()
    st.session_state.pop("_actor", None)
    st.session_state["_signed_out"] = True
