"""Where the sign-in cookie key comes from: the environment, then secrets, then (demo only) a local file."""
import os
import secrets
from pathlib import Path

import streamlit as st

from logic.signin import cookie_key_problem

LOCAL_KEY_FILE = Path(__file__).resolve().parent.parent / ".local" / "cookie_key"  # git-ignored


def _from_secrets() -> str | None:
    try:  # st.secrets raises when no secrets file exists at all
        return st.secrets.get("auth", {}).get("cookie_key")
    except Exception:  # noqa: BLE001 (any failure to read secrets means "not set there")
        return None


def _demo_key() -> str:
    """The demo start makes its own random key once, kept out of git, so no default key ever signs."""
    if not LOCAL_KEY_FILE.exists():
        LOCAL_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOCAL_KEY_FILE.write_text(secrets.token_urlsafe(48))
        LOCAL_KEY_FILE.chmod(0o600)
    return LOCAL_KEY_FILE.read_text().strip()


def cookie_key(*, demo: bool) -> tuple[str | None, tuple[str, str] | None]:
    """The key and, when it must not be used, why (zh, en)."""
    key = os.environ.get("GSP_COOKIE_KEY") or _from_secrets()
    if key is None and demo:
        key = _demo_key()
    return key, cookie_key_problem(key)
