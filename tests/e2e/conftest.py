"""Browser tests: the app started on loopback with `streamlit run`, driven by Playwright in Debian's Chromium.

Chromium comes from Debian's packages (.ci/run installs it); Playwright cannot download browsers here.
Screenshots of each screen go to screenshots/ (git-ignored) for people to look at.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from logic.authz import SYSTEM
from models.db import make_engine, write_session
from models.seed import init_database
from models.users import create_user

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
NAV = ".st-key-gsp_nav"  # the signed-in user's screens, listed by the app itself (ui.nav.navigation)
COOKIE_KEY = "e2e-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "browser-pass-2026"
USERS = (("admin", "city_admin", None), ("cuiping", "county_officer", "511502"),
         ("nanxi", "county_officer", "511503"), ("viewer", "viewer", None))

pytestmark = pytest.mark.e2e
if not Path(CHROMIUM).exists():  # .ci/run installs it; a developer machine may not have it
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


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


@contextmanager
def served_app(folder: Path, *, with_data: bool = False):
    """`streamlit run Home.py` on a free loopback port over a new store in `folder`, with USERS in it and, with
    `with_data`, a small demo register (platforms, rosters, ledger, scores) for the screens to show."""
    url = f"sqlite:///{folder}/app.sqlite"
    engine = make_engine(url)
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        for username, role, county in USERS:
            create_user(session=session, actor=SYSTEM, username=username, display_name=username,
                        role=role, county_code=county, password=PASSWORD)
        if with_data:
            from models.demo_setup import seed_demo_data
            seed_demo_data(session, scale=0.2)
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "GSP_COOKIE_KEY": COOKIE_KEY}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp("e2e"), with_data=True) as url:
        yield url


@pytest.fixture(scope="session")
def _chromium_warmed(tmp_path_factory) -> None:
    """Chromium's first start on a fresh machine builds its font and profile caches (the CJK fonts are large);
    pay that once, outside any test's timeouts."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("warm")), executable_path=CHROMIUM,
                                                       args=ARGS)
        context.new_page().set_content("<p lang='zh'>基层平台 warm-up</p>")
        context.close()


@pytest.fixture
def browser_context(tmp_path, _chromium_warmed):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                       args=ARGS, viewport={"width": 1400, "height": 1100})
        yield context
        context.close()


def settle(page) -> None:
    """Wait until the script has finished this run (never a fixed sleep for the app itself)."""
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str, password: str = PASSWORD, path: str = "", ok: bool = True) -> None:
    """Sign in through the app's form (ui.signin_form); with `ok`, wait until the app shows who is signed in
    (the sign-in takes more than one script run: the cookie component reruns the app once it has set the
    cookie). Generous timeouts: the machine running the tests may be loaded."""
    from playwright.sync_api import expect
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
    cookie component's, or a cache refresh) closes the list again, so open it until the option shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    wanted = page.get_by_role("option", name=option, exact=exact)
    for _ in range(4):
        settle(page)
        page.locator(f".st-key-{key}").get_by_role("combobox").click()
        try:
            wanted.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    settle(page)
