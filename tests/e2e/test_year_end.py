"""Year-end in a real browser: the officer of 翠屏区 submits the county's 2024, the city returns it with a reason,
the officer sees the reason and submits again, and the city approves it (screenshots of each step to look at).
On the session's shared demo server; 2024 is a year no other browser test writes into."""
from playwright.sync_api import expect

from tests.e2e.conftest import choose, settle, shot

YEAR = "2024"


def _year_end(open_as, who: str, county: str | None = None):
    """The year-end screen at YEAR (and `county`), once the run that shows them has drawn (a click made before
    would act on what the screen showed before: the app refuses it, and the test would wait for nothing)."""
    page = open_as(who, "year_end")
    choose(page, "ye_year", YEAR, exact=True)
    if county:
        choose(page, "ye_county", county, exact=True)
    expect(page.get_by_role("heading", name=f"{county or '翠屏区'} {YEAR} 年度数据完整性")).to_be_visible(timeout=30_000)
    settle(page)
    return page


def _click(page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    settle(page)


def test_officer_submits_city_returns_officer_resubmits_city_approves(open_as):
    officer = _year_end(open_as, "cuiping")
    expect(officer.get_by_text("数据完整性", exact=False).first).to_be_visible(timeout=30_000)
    _click(officer, "ye_submit")
    expect(officer.get_by_text("当前状态:已报送,待审核")).to_be_visible(timeout=30_000)
    shot(officer, "year_end_1_submitted")

    admin = _year_end(open_as, "admin", "翠屏区")
    admin.locator(".st-key-ye_reason textarea").fill("2024 年度培训记录不全,请补录后再报送")
    _click(admin, "ye_return")
    expect(admin.get_by_text("当前状态:已退回,待修改")).to_be_visible(timeout=30_000)
    shot(admin, "year_end_2_returned")

    officer = _year_end(open_as, "cuiping")
    expect(officer.get_by_text("原因:2024 年度培训记录不全,请补录后再报送")).to_be_visible(timeout=30_000)
    _click(officer, "ye_submit")
    expect(officer.get_by_text("当前状态:已报送,待审核")).to_be_visible(timeout=30_000)
    shot(officer, "year_end_3_resubmitted")

    admin = _year_end(open_as, "admin", "翠屏区")
    _click(admin, "ye_approve")
    expect(admin.get_by_text("当前状态:已审核锁定")).to_be_visible(timeout=30_000)
    assert not admin.locator('[data-testid="stException"]').count()
    shot(admin, "year_end_4_approved")
