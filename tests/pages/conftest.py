"""AppTest fixtures: a fresh file-backed SQLite store per test, demo-style users, and a signed-in app.

AppTest runs Home.py in this process, so the store is chosen through DATABASE_URL (a new file per test
keeps the cached engine of one test away from the next) and sign-in is seeded into session state, as
DESIGN describes, instead of going through the browser cookie.
"""
from datetime import datetime, timezone

import pytest
from streamlit.testing.v1 import AppTest

from logic.authz import SYSTEM
from models.db import make_engine, write_session
from models.seed import init_database
from models.users import create_user

COOKIE_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct-horse-9"
OWN, OTHER = "511502", "511503"
USERS = {
    "city_admin": ("admin", "city_admin", None),
    "own_officer": ("officer_a", "county_officer", OWN),
    "other_officer": ("officer_b", "county_officer", OTHER),
    "viewer": ("viewer", "viewer", None),
}
HOME = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "Home.py")


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """The engine the app under test will use, with reference data and one user per role."""
    url = f"sqlite:///{tmp_path}/app.sqlite"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GSP_COOKIE_KEY", COOKIE_KEY)
    engine = make_engine(url)
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        for username, role, county in USERS.values():
            create_user(session=session, actor=SYSTEM, username=username, display_name=username.title(),
                        role=role, county_code=county, password=PASSWORD)
    yield engine
    engine.dispose()


def signed_in_app(who: str | None) -> AppTest:
    """Home.py with `who` (a key of USERS, or None for signed out) already signed in."""
    at = AppTest.from_file(HOME, default_timeout=60)
    if who is not None:
        username, role, _ = USERS[who]
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username.title()
        at.session_state["roles"] = [role]
        at.session_state["signed_in_at"] = datetime.now(timezone.utc)
    return at


def open_page(who: str | None, page: str) -> AppTest:
    at = signed_in_app(who).run()
    assert not at.exception, at.exception
    if who is not None:
        at.switch_page(page).run()
    return at
