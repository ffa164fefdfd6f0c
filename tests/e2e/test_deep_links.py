"""A bookmarked screen URL (R-NET-2): whether it is the first request a freshly started server sees (when
Streamlit would otherwise serve the pages/ folder by itself, page list and all) or a later one, a signed-out
visitor gets the sign-in form and no page list; after signing in, the screen opens if the role may see it."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import NAV, nav_link, served_app, settle, shot, sign_in

# Streamlit's own page list, in either of its modes, and the app's: none may be in the page before sign-in
ANY_PAGE_LIST = f'[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"], [data-testid="stPageLink"], {NAV}'


@pytest.fixture(scope="module")
def fresh_app_url(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp("deep")) as url:
        yield url


def test_the_first_request_after_a_start_may_be_a_deep_link(fresh_app_url, browser_context):
    page = browser_context.new_page()
    page.goto(f"{fresh_app_url}/audit")
    # The page reached directly goes back through Home.py (one more script run): wait for its form.
    try:
        expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
    finally:
        shot(page, "deep_link_signed_out")
    settle(page)
    assert page.locator(ANY_PAGE_LIST).count() == 0, "a signed-out visitor must see no page list"
    assert not page.get_by_text("审计记录").count()


def test_after_signing_in_the_bookmarked_screen_opens(fresh_app_url, browser_context):
    page = browser_context.new_page()
    sign_in(page, fresh_app_url, "viewer", path="audit")
    assert page.url.endswith("/audit")
    assert page.get_by_role("heading", name="审计记录").is_visible()


def test_a_bookmarked_screen_the_role_may_not_see_stays_closed(fresh_app_url, browser_context):
    page = browser_context.new_page()
    sign_in(page, fresh_app_url, "cuiping", path="users")
    assert not page.get_by_role("heading", name="用户管理").count()
    assert not nav_link(page, "用户管理").count()


def test_the_very_first_sign_in_after_a_start_takes_and_shows_one_form(tmp_path, browser_context):
    """The first run of a fresh process leaves Streamlit's pages-folder mode (ui.nav.leave_pages_folder_mode);
    without that the sign-in form was drawn twice and the first submission could be lost."""
    with served_app(tmp_path) as url:
        page = browser_context.new_page()
        sign_in(page, url, "admin")
        assert page.get_by_label("用户名").count() == 0
        expect(nav_link(page, "用户管理")).to_be_visible()


# Installed before the app's own scripts: records whether a page list or a screen's name is ever in the page,
# however briefly, from the first byte on (a page list once showed for 1-5 s after a server start).
WATCH_FOR_PAGE_LISTS = """
window.__pageListSeen = [];
new MutationObserver(() => {
  const found = document.querySelector('%s');
  const named = [...document.querySelectorAll('a[href]')].filter(a => /\\/(audit|users|overview|platforms)$/.test(a.href));
  if (found || named.length) window.__pageListSeen.push(found ? found.outerHTML.slice(0, 200) : named[0].href);
}).observe(document, {childList: true, subtree: true});
""" % ANY_PAGE_LIST  # noqa: UP031 -- a format string would need the script's braces doubled


@pytest.mark.parametrize("path", ["", "audit"], ids=["home", "deep link"])
def test_the_first_load_after_a_start_never_shows_a_page_list_before_sign_in(tmp_path, browser_context, path):
    with served_app(tmp_path) as url:
        page = browser_context.new_page()
        page.add_init_script(WATCH_FOR_PAGE_LISTS)
        page.goto(f"{url}/{path}")
        expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
        settle(page)
        page.wait_for_timeout(3_000)  # watch a while longer: the list used to come and go within seconds
        assert page.evaluate("window.__pageListSeen") == []
        sign_in(page, url, "admin", path=path)
        expect(nav_link(page, "用户管理")).to_be_visible()  # the watcher does see a list once there is one
        assert page.evaluate("window.__pageListSeen") != []
