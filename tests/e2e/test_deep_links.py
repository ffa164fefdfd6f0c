"""A bookmarked screen URL (R-NET-2): whether it is the first request a freshly started server sees (when
Streamlit would otherwise serve the pages/ folder by itself, page list and all) or a later one, a signed-out
visitor gets the sign-in form and no page list; after signing in, the screen opens if the role may see it.

The two tests about a server's first request each have a server of their own, started with the session's
others but reached by nothing before the test; the others use the session's shared server."""
from playwright.sync_api import expect

from tests.e2e.conftest import NAV, nav_link, settle, shot, sign_in

# Streamlit's own page list, in either of its modes, and the app's: none may be in the page before sign-in
ANY_PAGE_LIST = f'[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"], [data-testid="stPageLink"], {NAV}'

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


def _first_load_shows_only_the_form(page, url: str) -> None:
    """The first load of a fresh server: the sign-in form, drawn once, and never a page list or a screen's
    name, watched a while after the run (the list used to come and go within seconds)."""
    page.add_init_script(WATCH_FOR_PAGE_LISTS)
    page.goto(url)
    try:
        expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
    finally:
        shot(page, "deep_link_signed_out" if url.endswith("/audit") else "first_load_signed_out")
    settle(page)
    page.wait_for_timeout(3_000)  # an observation window for something that must not appear, not a wait
    settle(page)
    assert page.evaluate("window.__pageListSeen") == []
    assert page.locator(ANY_PAGE_LIST).count() == 0, "a signed-out visitor must see no page list"
    assert page.get_by_label("用户名").count() == 1, "one sign-in form"
    assert not page.get_by_text("审计记录").count()


def test_the_first_request_after_a_start_may_be_a_deep_link(first_visit_deep_link, browser_context):
    """The deep link goes back through Home.py (one more script run): the form, no list; signing in on the
    bookmark then shows the app's list (the watcher does see one once there is one)."""
    url = first_visit_deep_link
    page = browser_context.new_page()
    _first_load_shows_only_the_form(page, f"{url}/audit")
    sign_in(page, url, "admin", path="audit")
    expect(nav_link(page, "用户管理")).to_be_visible()
    expect(page.get_by_role("heading", name="审计记录")).to_be_visible()
    assert page.evaluate("window.__pageListSeen") != []


def test_the_very_first_sign_in_after_a_start_takes_and_shows_one_form(first_visit_home, browser_context):
    """The first run of a fresh process leaves Streamlit's pages-folder mode (ui.nav.leave_pages_folder_mode);
    without that the sign-in form was drawn twice and the first submission could be lost. Here the first
    session of the process is the one that signs in, on the form of its first load."""
    page = browser_context.new_page()
    _first_load_shows_only_the_form(page, first_visit_home)
    sign_in(page, first_visit_home, "admin", reload=False)
    assert page.get_by_label("用户名").count() == 0
    expect(nav_link(page, "用户管理")).to_be_visible()
    assert page.evaluate("window.__pageListSeen") != []


def test_after_signing_in_the_bookmarked_screen_opens(app_url, browser_context):
    page = browser_context.new_page()
    sign_in(page, app_url, "viewer", path="audit")
    assert page.url.endswith("/audit")
    expect(page.get_by_role("heading", name="审计记录")).to_be_visible()


def test_a_bookmarked_screen_the_role_may_not_see_stays_closed(app_url, browser_context):
    page = browser_context.new_page()
    sign_in(page, app_url, "cuiping", path="users")
    expect(nav_link(page, "平台录入")).to_be_visible()  # signed in, with the officer's own list
    assert not page.get_by_role("heading", name="用户管理").count()
    assert not nav_link(page, "用户管理").count()
