"""The sign-in cookie `gsp_auth`: an HS256 JWT naming the user and its expiry, set and deleted in the browser
by extra-streamlit-components' cookie manager (the component streamlit-authenticator used for the same cookie).

Anything that is not a well-formed token signed with our key and still in date (another algorithm, `alg: none`,
garbage, missing or mistyped fields, a date out of range) reads as "no cookie": the visitor is signed out.
"""
from datetime import UTC, datetime, timedelta

import jwt

from logic.signin import COOKIE_EXPIRY_DAYS

COOKIE_NAME = "gsp_auth"
LIFETIME = timedelta(days=COOKIE_EXPIRY_DAYS)


def make_token(username: str, key: str, issued_at: datetime) -> str:
    return jwt.encode({"username": username, "exp_date": (issued_at + LIFETIME).timestamp()}, key,
                      algorithm="HS256")


def read_token(token: str | None, key: str, now: datetime) -> tuple[str, datetime] | None:
    """(username, issued at) of a valid, unexpired token; None for anything else."""
    if not token or not isinstance(token, str):
        return None
    try:
        data = jwt.decode(token, key, algorithms=["HS256"])
        username, exp = data["username"], data["exp_date"]
        if not isinstance(username, str) or not isinstance(exp, (int, float)) or isinstance(exp, bool):
            return None
        expires = datetime.fromtimestamp(float(exp), tz=UTC)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
    if expires <= now:
        return None
    return username, expires - LIFETIME


PENDING = "_cookie_request"  # session state: the last thing asked of the browser's cookie, and its number


def set_cookie(token: str, now: datetime) -> None:
    """Ask the browser to store `token` (drawn by render_cookie_request on this run and the runs after)."""
    _request(("set", token, (now + LIFETIME).isoformat()))


def delete_cookie() -> None:
    _request(("delete",))


def _request(what: tuple) -> None:
    import streamlit as st
    number = st.session_state.get(PENDING, (0, None))[0] + 1
    st.session_state[PENDING] = (number, what)


def render_cookie_request() -> None:
    """Draw the cookie component for the last request, on every run of the session, in the same place.

    The component acts when its frame has loaded in the browser; a rerun that no longer drew it would remove
    the frame first, and the cookie would never be set or deleted (the component's own first value reruns the
    app at once). Kept on screen, its frame stays and acts once; a new request gets a new key, so a new frame.
    """
    import extra_streamlit_components as stx
    import streamlit as st
    number, what = st.session_state.get(PENDING, (0, None))
    if what is None:
        return
    with st.sidebar:
        jar = stx.CookieManager(key=f"gsp_cookie_{number}_jar")
        if what[0] == "set":
            jar.set(COOKIE_NAME, what[1], key=f"gsp_cookie_{number}",
                    expires_at=datetime.fromisoformat(what[2]), same_site="strict")
        else:
            try:
                jar.delete(COOKIE_NAME, key=f"gsp_cookie_{number}")
            except KeyError:  # the component deletes it in the browser; only its local copy of the jar lacked it
                pass
