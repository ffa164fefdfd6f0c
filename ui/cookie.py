"""The sign-in cookie `gsp_auth`: an HS256 JWT naming the user and its expiry, set and deleted in the browser
by extra-streamlit-components' cookie manager (the component streamlit-authenticator used for the same cookie).

Anything that is not a well-formed token signed with our key and still in date (another algorithm, `alg: none`,
garbage, missing or mistyped fields, a date out of range) reads as "no cookie": the visitor is signed out.
"""
from datetime import datetime, timedelta, timezone

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
        expires = datetime.fromtimestamp(float(exp), tz=timezone.utc)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
    if expires <= now:
        return None
    return username, expires - LIFETIME


def set_cookie(token: str, now: datetime) -> None:
    import extra_streamlit_components as stx
    stx.CookieManager(key="gsp_cookie_set_init").set(COOKIE_NAME, token, key="gsp_cookie_set",
                                                     expires_at=now + LIFETIME, same_site="strict")


def delete_cookie() -> None:
    import extra_streamlit_components as stx
    try:
        stx.CookieManager(key="gsp_cookie_delete_init").delete(COOKIE_NAME, key="gsp_cookie_delete")
    except KeyError:  # the component deletes it in the browser; only its local copy of the jar lacked it
        pass
