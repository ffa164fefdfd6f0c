"""AppTest fixtures: a fresh file-backed SQLite store per test, demo-style users, and a signed-in app.

AppTest runs Home.py in this process, so the store is chosen through DATABASE_URL (a new file per test
keeps the cached engine of one test away from the next) and sign-in is seeded into session state, as
DESIGN describes, instead of going through the browser cookie.
"""
from datetime import UTC, datetime

import pytest
from sqlmodel import SQLModel
from streamlit.testing.v1 import AppTest

from logic.authz import SYSTEM
from models.db import import_models, make_engine, write_session
from models.seed import init_database
from models.users import create_user
from tests.conftest import STORE_BACKENDS, pg_database

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


def _cheap_bcrypt(monkeypatch) -> None:
    """Real bcrypt hashes at the lowest cost (4 rather than 12): the same checks, a fraction of the time."""
    import bcrypt
    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


@pytest.fixture(params=STORE_BACKENDS)
def app_store(request, tmp_path, monkeypatch):
    """The engine the app under test will use, with reference data and one user per role: a new SQLite file,
    or (when TEST_DATABASE_URL is set) an emptied PostgreSQL database of its own, so every screen is also
    tested on the multi-user store."""
    url = f"sqlite:///{tmp_path}/app.sqlite" if request.param == "sqlite" else pg_database("app")
    _cheap_bcrypt(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GSP_COOKIE_KEY", COOKIE_KEY)
    engine = make_engine(url)
    if request.param != "sqlite":
        import_models()  # every table known, so drop_all can drop them all
        SQLModel.metadata.drop_all(engine)
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        for username, role, county in USERS.values():
            create_user(session=session, actor=SYSTEM, username=username, display_name=username.title(),
                        role=role, county_code=county, password=PASSWORD)
    yield engine
    from ui.store import release_engines
    release_engines()  # the app's cached engine belongs to this test's database
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
        at.session_state["signed_in_at"] = datetime.now(UTC)
    return at


def open_page(who: str | None, page: str) -> AppTest:
    at = signed_in_app(who).run()
    assert not at.exception, at.exception
    if who is not None:
        at.switch_page(page).run()
    return at


# --- sign-in, access and audit tests -------------------------------------------------------------
ROOT = __import__("pathlib").Path(HOME).parent
SIGNED_IN = tuple(USERS)  # every role of the matrix; None stands for "signed out"


def actor_for(who: str | None):
    """The Actor Home.py would leave for `who` (as read from the store), or None when signed out."""
    from logic.authz import Actor
    if who is None:
        return None
    username, role, county = USERS[who]
    return Actor(username, role, county)


def page_alone(page: str, who: str | None) -> AppTest:
    """One page script run by itself, as if reached without Home.py's navigation (a forged or stale URL)."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if who is not None:
        at.session_state["_actor"] = actor_for(who)
    return at.run()


def cookie_token(username: str, issued_at: datetime, key: str = COOKIE_KEY) -> str:
    """The sign-in cookie ui.cookie sets at `issued_at` (the JWT fields streamlit-authenticator used)."""
    import jwt

    from logic.signin import COOKIE_EXPIRY_DAYS
    exp = issued_at.timestamp() + COOKIE_EXPIRY_DAYS * 86_400
    return jwt.encode({"username": username, "exp_date": exp}, key, algorithm="HS256")


@pytest.fixture
def browser_cookies(monkeypatch):
    """The cookies the browser sends with its request (AppTest has no browser; this stands in for one).

    ui.auth reads `st.context.cookies`; it comes from the session's
    client context, which AppTest leaves as a mock. Put a token in the returned dict to send it.
    """
    from types import SimpleNamespace

    import streamlit.runtime.context as context
    jar: dict[str, str] = {}
    monkeypatch.setattr(context, "_get_client_context",
                        lambda: SimpleNamespace(cookies=jar, headers={}, remote_ip=None))
    return jar


@pytest.fixture
def served_app(monkeypatch):
    """Every AppTest run goes through Home.py, as on the running server.

    Streamlit treats an app with a `pages/` folder as a legacy (v1) multipage app until some run calls
    `st.navigation`; on the server that is only the very first run after start, but AppTest resets the
    flag before every run. Then a rerun of a page, or a switch_page, executes the page file alone, and
    Home.py (which re-reads the user from the store and draws the sidebar) never runs. Replacing the
    legacy entry with "run the main script" gives what a server session sees once Home.py has run.
    """
    import runpy

    from streamlit.runtime.scriptrunner import script_runner
    monkeypatch.setattr(script_runner, "_mpa_v1", lambda main: runpy.run_path(main, run_name="__main__"))


def standard_in_force(engine, **changes) -> str:
    """A copy of the Yibin 2014 standard with `changes`, put in force from 2015; returns its label."""
    from dataclasses import replace

    from logic.authz import Actor
    from logic.standard import Standard
    from models.db import write_session
    from models.standards import copy_version, list_standards, put_in_force, save_version
    admin = Actor("admin", "city_admin")
    with write_session(engine, admin) as s:
        copy = copy_version(session=s, actor=admin, version_id=list_standards(s)[0].id, name="宜宾调整版")
        changed = replace(Standard.from_dict(copy.content), **changes)
        save_version(session=s, actor=admin, version_id=copy.id, standard=changed, expected_version=1)
        put_in_force(session=s, actor=admin, version_id=copy.id, year=2015, expected_version=2)
        return Standard.from_dict(s.get(type(copy), copy.id).content).label



def shown(markdown: str) -> str:
    """What a reader sees of a markdown source that holds data: the backslash escapes (ui.safe_text) taken out."""
    import re
    import string
    return re.sub("\\\\([" + re.escape(string.punctuation) + "])", r"\1", markdown)
