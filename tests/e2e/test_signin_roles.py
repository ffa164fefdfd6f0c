"""Signing in through a real browser as each role shows only the screens that role may open (R-NET-2),
and signing out leaves a cookie that no longer signs in. Every test here goes through the form (the other
browser tests reuse a saved sign-in: the page list each role's first sign-in through the form showed is what
test_each_role_sees_only_its_screens checks, conftest.FormSignIns), on the session's shared server."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import NAV as APP_NAV, settle, shot, sign_in

NAV = {"总览", "平台录入", "人员配备测算", "人员缺口", "人员名册", "经费保障", "考核排名", "目标进度", "批量导入", "用户管理", "评价标准", "审计记录"}
EXPECTED = {
    "admin": {"总览", "平台录入", "人员配备测算", "人员缺口", "人员名册", "经费保障", "考核排名", "目标进度", "批量导入", "用户管理", "评价标准", "审计记录"},
    "cuiping": {"总览", "平台录入", "人员配备测算", "人员缺口", "人员名册", "经费保障", "考核排名", "目标进度", "批量导入"},
    "viewer": {"总览", "平台录入", "人员配备测算", "人员缺口", "人员名册", "经费保障", "考核排名", "目标进度", "审计记录"},
}


def _nav_items(page) -> set[str]:
    nav = page.locator(APP_NAV)
    if not nav.count():
        return set()
    return {name for name in NAV if nav.get_by_text(name, exact=True).count()}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_only_its_screens(form_sign_ins, username):
    """The page list once the sign-in through the form has drawn it (the session's one sign-in of the user)."""
    assert set(form_sign_ins.page_list(username).splitlines()) & NAV == EXPECTED[username]


def test_a_wrong_password_is_refused_in_the_browser(app_url, browser_context):
    page = browser_context.new_page()
    sign_in(page, app_url, "nanxi", "not-the-password", ok=False)
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    assert not _nav_items(page)


def test_after_sign_out_the_old_cookie_no_longer_signs_in(app_url, browser_context):
    # a user of its own: signing out ends every cookie of that user, the other tests' saved sign-ins included
    page = browser_context.new_page()
    sign_in(page, app_url, "leaver")
    cookie = next(c for c in browser_context.cookies() if c["name"] == "gsp_auth")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_text("您已退出登录")).to_be_visible()
    settle(page)
    expect(page.get_by_text("您已退出登录")).to_be_visible()
    # A stolen or leftover copy of the cookie, sent again in a fresh tab, must not sign in.
    browser_context.add_cookies([cookie])
    fresh = browser_context.new_page()
    fresh.goto(app_url)
    expect(fresh.get_by_label("用户名")).to_be_visible(timeout=60_000)
    settle(fresh)
    assert not _nav_items(fresh)
    assert fresh.get_by_label("用户名").is_visible()
    shot(fresh, "signin_after_sign_out")


def test_a_malformed_cookie_shows_the_sign_in_form_and_is_deleted(app_url, browser_context):
    """A forged token (`alg: none`) gets the sign-in form and is deleted, not an error on every load until someone
    deletes it by hand."""
    import jwt
    forged = jwt.encode({"username": "admin", "exp_date": 4_102_444_800}, None, algorithm="none")
    browser_context.add_cookies([{"name": "gsp_auth", "value": forged, "url": app_url}])
    page = browser_context.new_page()
    page.goto(app_url)
    expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
    settle(page)
    assert not page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
    assert not _nav_items(page)
    page.wait_for_function("!document.cookie.includes('gsp_auth=')", timeout=30_000)
    assert not [c for c in browser_context.cookies() if c["name"] == "gsp_auth"]
