"""AppTest fixtures: a fresh file-backed SQLite store per test, demo-style users, and a signed-in app.

AppTest runs Home.py in this process, so the store is chosen through DATABASE_URL (a new file per test
keeps the cached engine of one test away from the next) and sign-in is seeded into session state, as
DESIGN describes, instead of going through the browser cookie. The store is a copy of one built once per
process (tests/store_templates.py). Screen tests marked both_stores run on PostgreSQL as well.
"""
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from logic.authz import SYSTEM
from models.db import write_session
from models.seed import init_database
from models.users import create_user
from tests.conftest import BACKENDS, NO_PG, PG_URL, pg_database
from tests.store_templates import fresh_engine

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


def app_build(engine) -> None:
    """What the app's start makes of an empty database (migrations, then the reference rows), and one user per
    role, their passwords hashed at bcrypt's lowest cost."""
    from models.migrate import upgrade
    with pytest.MonkeyPatch.context() as patch:
        _cheap_bcrypt(patch)
        upgrade(engine)
        init_database(engine)
        with write_session(engine, SYSTEM) as session:
            for username, role, county in USERS.values():
                create_user(session=session, actor=SYSTEM, username=username, display_name=username.title(),
                            role=role, county_code=county, password=PASSWORD)


# Screen tests run on SQLite; those marked both_stores run on PostgreSQL too. The SQL behind every screen lives
# in models/ and runs on both backends in tests/models; on PostgreSQL a screen test adds what only a shared
# server shows (one run of every screen for every role, stale saves, locking, all-or-nothing imports), and the
# tests of that kind carry the mark.
def _on_both_stores(metafunc) -> bool:
    return metafunc.definition.get_closest_marker("both_stores") is not None


def pytest_generate_tests(metafunc):
    """The store backends a screen test runs on (the `app_backend` parameter), unless it chose app_store's
    itself."""
    if "app_backend" not in metafunc.fixturenames:
        return
    chosen = any("app_store" in mark.args[0] for mark in metafunc.definition.iter_markers("parametrize"))
    if not chosen:
        metafunc.parametrize("app_backend", BACKENDS if _on_both_stores(metafunc) else ["sqlite"], indirect=True)


@pytest.fixture
def app_backend(request) -> str:
    return getattr(request, "param", "sqlite")


def app_store_of(kind: str, build, request, backend: str, tmp_path, monkeypatch):
    """The engine the app under test will use, a copy of the store `build` makes (built once per process): a
    new SQLite file, or a PostgreSQL database of its own emptied and refilled. The app reads it through
    DATABASE_URL; its cached engine is let go afterwards."""
    if backend != "sqlite" and not PG_URL:
        pytest.skip(NO_PG)
    url = f"sqlite:///{tmp_path}/app.sqlite" if backend == "sqlite" else pg_database("app")
    _cheap_bcrypt(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GSP_COOKIE_KEY", COOKIE_KEY)
    engine = fresh_engine(url, kind=kind, build=build)
    yield engine
    from ui.data import forget_registers
    from ui.store import release_engines
    release_engines()  # the app's cached engine belongs to this test's database
    forget_registers()  # and so do the registers read from it
    engine.dispose()


@pytest.fixture
def app_store(request, app_backend, tmp_path, monkeypatch):
    """The store of the app under test: reference data and one user per role (see app_store_of)."""
    yield from app_store_of("app", app_build, request, getattr(request, "param", app_backend), tmp_path, monkeypatch)


def hostile_build(engine) -> None:
    """app_build, then a small demo register with hostile text in every free-text column (tests.hostile_text)."""
    from tests.hostile_text import make_hostile
    app_build(engine)
    make_hostile(engine)


@pytest.fixture
def hostile_app_store(request, app_backend, tmp_path, monkeypatch):
    """app_store holding hostile_build's store: seeded once per process, copied per test."""
    yield from app_store_of("hostile", hostile_build, request, app_backend, tmp_path, monkeypatch)


def small_demo_build(engine) -> None:
    """app_build, then the demo at 5% (about sixty platforms with every kind of record)."""
    from tests.conftest import small_demo
    app_build(engine)
    with write_session(engine, SYSTEM) as session:
        small_demo(session)


@pytest.fixture
def small_demo_app_store(request, app_backend, tmp_path, monkeypatch):
    """app_store holding small_demo_build's store: seeded once per process, copied per test."""
    yield from app_store_of("small_demo", small_demo_build, request, app_backend, tmp_path, monkeypatch)


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


def browser_sends_label(monkeypatch, at: AppTest, key: str, label) -> None:
    """On the next run, the select box (or multiselect) `key` sends `label` (a list for a multiselect), as a
    browser does: it sends back the label it shows, even one the server has since renamed. AppTest would
    instead send the label of the value it read back from session state, so without this a picker that loses
    its record on a rename passes. The substitution lasts one run."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1.element_tree import Multiselect, Selectbox
    kind = Multiselect if isinstance(label, list) else Selectbox
    box = (at.multiselect if kind is Multiselect else at.selectbox)(key=key)
    sent = kind._widget_state

    def as_the_browser(self):
        if self.id != box.id:
            return sent.fget(self)
        state = WidgetState(id=self.id)
        if isinstance(label, list):
            state.string_array_value.data[:] = label
        else:
            state.string_value = label
        return state
    with monkeypatch.context() as patched:
        patched.setattr(kind, "_widget_state", property(as_the_browser))
        at.run()


@pytest.fixture
def downloads(monkeypatch):
    """Every deferred download the screen registers, by file id: (file name, the callable a click runs). The
    exports are made on click, so a test runs the callable as the server would."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    kept: dict[str, tuple[str, object]] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        kept[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept
