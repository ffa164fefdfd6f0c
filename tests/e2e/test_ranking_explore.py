"""Ad-hoc ranking views in a real browser (issue 19): the officer of 南溪区 switches platform building off in the
what-if panel and sees the county move, reads what it takes to move up, and a viewer sees the ranks over the years
(screenshots of each to look at). On the shared demo server; nothing here writes."""
from datetime import date

from playwright.sync_api import expect

from tests.e2e.conftest import settle, shot

YEAR = date.today().year


def _to_top(locator) -> None:
    """The section at the top of the window: the screenshot holds what the window shows (Streamlit scrolls its
    own container, so a full-page picture is the window's)."""
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")


def test_an_officer_explores_sees_the_county_move_and_reads_what_it_takes(open_as):
    page = open_as("nanxi", "ranking")
    page.get_by_text("试算:换一种权重看排名(不保存)").click()
    own = page.get_by_text("南溪区:正式名次", exact=False)
    expect(own).to_be_visible(timeout=30_000)
    before = own.inner_text()
    assert "(不变)" in before
    page.locator(f".st-key-rx_dim_on_building_{YEAR} label").click()
    settle(page)
    expect(own).not_to_have_text(before, timeout=30_000)
    assert "↑" in own.inner_text() or "↓" in own.inner_text()
    own.scroll_into_view_if_needed()
    shot(page, "ranking_explore_1_moved")

    expect(page.get_by_role("heading", name="晋位差距:单项指标要提高多少")).to_be_visible()
    takes = page.locator(".st-key-rx_takes_county_" + str(YEAR))
    expect(takes.get_by_role("combobox")).to_have_value("南溪区")  # the officer's own county to begin with
    expect(page.get_by_text("当前第", exact=False).first).to_be_visible()
    _to_top(page.get_by_role("heading", name="晋位差距:单项指标要提高多少"))
    assert not page.locator('[data-testid="stException"]').count()
    shot(page, "ranking_explore_2_what_it_takes")


def test_a_viewer_sees_the_ranks_over_the_years(open_as):
    page = open_as("viewer", "ranking")
    heading = page.get_by_role("heading", name="历年排名")
    expect(heading).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stVegaLiteChart"]').nth(1)).to_be_visible(timeout=30_000)
    _to_top(heading)
    expect(page.locator(".st-key-rx_dl_history_xlsx button")).to_be_visible()
    assert not page.locator('[data-testid="stException"]').count()
    shot(page, "ranking_explore_3_years")
