"""Browser tests: the app started on loopback with `streamlit run`, driven by Playwright in Debian's Chromium.

Chromium comes from Debian's packages (.ci/run installs it); Playwright cannot download browsers here.
Screenshots of each screen go to screenshots/ (git-ignored) for people to look at.
"""
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from logic.authz import SYSTEM
from models.db import make_engine, write_session
from models.demo_setup import seed_demo_data
from models.seed import init_database
from models.users import create_user
from tests.hostile_text import make_hostile

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1400, "height": 1100}
NAV = ".st-key-gsp_nav"  # the signed-in user's screens, listed by the app itself (ui.nav.navigation)
COOKIE_KEY = "e2e-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "browser-pass-2026"
USERS = (("admin", "city_admin", None), ("cuiping", "county_officer", "511502"),
         ("nanxi", "county_officer", "511503"), ("viewer", "viewer", None),
         ("leaver", "county_officer", "511502"))  # signs out (which ends all its cookies): no other test uses it



def pytest_runtest_setup(item):
    """A visible skip, with its reason, for every browser test when Chromium is missing (.ci/run installs it; a
    developer machine may not have it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError("streamlit did not start")


class Server:
    """`streamlit run Home.py` on a free loopback port over a new store in `folder`, with USERS in it and, with
    `with_data`, a small demo register (platforms, rosters, ledger, scores) for the screens to show; `prepare`
    (an engine -> None) adds anything else before the server starts.

    The store is made and the server started in a thread of its own, so that seeding a store and a server's
    start (seconds, mostly waiting on another process) overlap the tests that run meanwhile; `url` waits until
    the server answers. Nothing here makes a request of the app: its first one is the first test's."""

    def __init__(self, folder: Path, *, with_data: bool = False, prepare=None):
        self.store = f"sqlite:///{folder}/app.sqlite"
        self._with_data, self._prepare = with_data, prepare
        self._proc: subprocess.Popen | None = None
        self._url: str | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name=f"e2e-server-{folder.name}", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            engine = make_engine(self.store)
            try:
                init_database(engine)
                with write_session(engine, SYSTEM) as session:
                    for username, role, county in USERS:
                        create_user(session=session, actor=SYSTEM, username=username, display_name=username,
                                    role=role, county_code=county, password=PASSWORD)
                    if self._with_data:
                        seed_demo_data(session, scale=0.2)
                if self._prepare is not None:
                    self._prepare(engine)
            finally:
                engine.dispose()
            port = _free_port()
            env = {**os.environ, "DATABASE_URL": self.store, "GSP_COOKIE_KEY": COOKIE_KEY}
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _wait_for(port, self._proc)
            self._url = f"http://127.0.0.1:{port}"
        except BaseException as failure:  # noqa: BLE001  (raised again in the test thread, by `url`)
            self._failure = failure

    @property
    def url(self) -> str:
        self._thread.join(timeout=300)
        if self._failure is not None:
            raise RuntimeError("the app's server did not start") from self._failure
        if self._url is None:
            raise TimeoutError("the app's server did not start within 5 minutes")
        return self._url

    def stop(self) -> None:
        self._thread.join(timeout=300)
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=20)


# The servers of the session, each started once at the session's start (see _servers_started_early), by the
# name of the fixture that hands it out: the shared one with the demo register; one over stored markdown in every
# free-text column; and two that no request may reach before their test's, whose first load is what they test.
SERVERS = {
    "demo_server": {"with_data": True},
    "hostile_app": {"prepare": make_hostile},
    "first_visit_deep_link": {},
    "first_visit_home": {},
}


@pytest.fixture(scope="session", autouse=True)
def _servers_started_early(request, tmp_path_factory):
    """Start, at once and side by side, every server the selected tests will ask for (and no other): their
    stores are seeded and their processes boot while the first tests run."""
    wanted = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    servers = {}
    for name, options in SERVERS.items():
        if name in wanted:
            servers[name] = Server(tmp_path_factory.mktemp(name), **options)
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def demo_server(_servers_started_early, browser):
    """The shared server (url, store URL): a small demo register (platforms, rosters, ledger, scores) and USERS,
    served by one `streamlit run` for the whole session. Tests that write add records of their own (a platform
    code only they use) and read them back through the store URL.

    Its first visit is made here, so that no test is the first session of the process (the first run leaves
    Streamlit's pages-folder mode and reruns; first_visit_* test that) and no test's timeouts pay the imports
    of the process's first script run."""
    from playwright.sync_api import expect
    server = _servers_started_early["demo_server"]
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(server.url)
        expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
        settle(page)
    finally:
        context.close()
    return server.url, server.store


@pytest.fixture(scope="session")
def app_url(demo_server) -> str:
    return demo_server[0]


@pytest.fixture(scope="session")
def hostile_app(_servers_started_early) -> str:
    """A server whose store has markdown in every free-text column (tests/hostile_text.py), seeded before the
    server started (nothing cached yet). A store of its own: the display names are hostile too."""
    return _servers_started_early["hostile_app"].url


@pytest.fixture(scope="session")
def first_visit_deep_link(_servers_started_early) -> str:
    """A freshly started server whose first request is the test's: a bookmarked screen's address."""
    return _servers_started_early["first_visit_deep_link"].url


@pytest.fixture(scope="session")
def first_visit_home(_servers_started_early) -> str:
    """A freshly started server whose first request is the test's: the bare address."""
    return _servers_started_early["first_visit_home"].url


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; every test gets a new context of its own (cookies, storage and cache as
    empty as a fresh profile's), which costs milliseconds where a browser start costs seconds. Chromium's first
    start builds its font caches (the CJK fonts are large): a page of Chinese text pays that here, outside any
    test's timeouts."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        warm = chromium.new_page()
        warm.set_content("<p lang='zh'>基层平台 warm-up</p>")
        warm.close()
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context(browser):
    """A new, signed-out browser context (no cookies) for this test."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


class FormSignIns:
    """Each user signed in through the form on the shared server, once per user per session, on first use: the
    storage state it left (the gsp_auth cookie, reused by open_as) and the app's page list as that first screen
    showed it (test_signin_roles checks it, so no test signs the same user in through the form twice)."""

    def __init__(self, browser, url: str):
        self._browser, self._url = browser, url
        self._states: dict[str, dict] = {}
        self._lists: dict[str, str] = {}

    def _sign_in(self, username: str) -> None:
        from playwright.sync_api import expect
        if username in self._states:
            return
        context = self._browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            sign_in(page, self._url, username)
            # every role has a page list; the run that draws it may still be on its way (the cookie's rerun)
            expect(page.locator(NAV)).to_be_visible(timeout=60_000)
            settle(page)
            self._lists[username] = page.locator(NAV).inner_text()
            shot(page, f"signin_{username}_overview")
            self._states[username] = context.storage_state()
        finally:
            context.close()

    def state(self, username: str) -> dict:
        self._sign_in(username)
        return self._states[username]

    def page_list(self, username: str) -> str:
        """The text of the app's page list right after the form's sign-in ("" when there was none)."""
        self._sign_in(username)
        return self._lists[username]


@pytest.fixture(scope="session")
def form_sign_ins(browser, app_url) -> FormSignIns:
    return FormSignIns(browser, app_url)


@pytest.fixture
def open_as(browser, app_url, form_sign_ins):
    """open_as(username, path=""): a page in a new context that carries the user's saved sign-in, opened at
    `path` on the shared server and settled (the cookie signs the new session in, as a returning browser's
    does)."""
    contexts = []

    def open_page(username: str, path: str = ""):
        context = browser.new_context(viewport=VIEWPORT, storage_state=form_sign_ins.state(username))
        contexts.append(context)
        page = context.new_page()
        goto_signed_in(page, f"{app_url}/{path}")
        return page
    yield open_page
    for context in contexts:
        context.close()


def goto_signed_in(page, url: str) -> None:
    """Load `url` in a signed-in browser and wait until the app has drawn who is signed in and finished its run."""
    from playwright.sync_api import expect
    page.goto(url)
    expect(page.get_by_text("当前用户")).to_be_visible(timeout=60_000)
    settle(page)


def settle(page) -> None:
    """Wait until the script has finished this run (never a fixed sleep for the app itself). Only the app's own
    script-state attribute: Playwright's "networkidle" (500 ms without an HTTP request; the websocket that
    carries Streamlit's reruns is not counted) fires once per document, so after a page's first load it waited
    for nothing, and on a load it cost half a second each time. Callers that load an address first wait for
    something the run draws: before the first run the attribute reads "notRunning" too."""
    page.wait_for_selector(READY, timeout=60_000)


def shot(page, name: str) -> None:
    """A screenshot once the page has drawn its widgets: after a run ends, the browser still paints grey
    placeholders (stSkeleton) for a moment, and a picture of those shows nothing to look at."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=10_000)
    except PlaywrightTimeout:
        pass  # a picture of what there is is still worth keeping
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str, password: str = PASSWORD, path: str = "", ok: bool = True,
            reload: bool = True) -> None:
    """Sign in through the app's form (ui.signin_form); with `ok`, wait until the app shows who is signed in
    (the sign-in takes more than one script run: the cookie component reruns the app once it has set the
    cookie). Without `reload`, on the form already in the page. Generous timeouts: the machine running the
    tests may be loaded."""
    from playwright.sync_api import expect
    if reload:
        page.goto(f"{base}/{path}")
    expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
    settle(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if ok:
        expect(page.get_by_text("当前用户")).to_be_visible(timeout=60_000)
        _wait_for_cookie(page)
    settle(page)


def _wait_for_cookie(page, seconds: float = 60) -> None:
    """The cookie component sets the sign-in cookie a moment after the app shows who is signed in; a test that
    loads another address before then would meet the sign-in form again."""
    deadline = time.monotonic() + seconds
    while not any(c["name"] == "gsp_auth" for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise TimeoutError("the browser never received the sign-in cookie")
        page.wait_for_timeout(200)


def nav_link(page, title: str):
    """The link to a screen in the app's own page list."""
    return page.locator(NAV).get_by_text(title, exact=True)


def choose(page, key: str, option: str, *, exact: bool = False) -> None:
    """Pick `option` in the select box with widget key `key`. A rerun that lands just after the click (the
    cookie component's, or a cache refresh) closes the list again, so open it until the option shows. The
    option is typed into the box first: a long list draws only the options in view."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    wanted = page.get_by_role("option", name=option, exact=exact)
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    for _ in range(4):
        settle(page)
        box.click()
        box.fill(option)
        try:
            wanted.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    settle(page)
