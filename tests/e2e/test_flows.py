"""What officers do, in a real browser: add a platform and read its verdict, work the staffing
calculator, import a small file (screenshots for people to read; every screen as every role: test_every_screen).
All on the session's shared server, each user's saved sign-in reused; what a test adds has codes only it uses."""
from playwright.sync_api import expect

from tests.e2e.conftest import choose, settle, shot

CSV = ("平台编码,平台名称,层级,县(区)代码,服务对象人数\n"
       "code,name,level,county_code,service_population\n"
       "511502-E2EFLOWT1,浏览器测试镇,township,511502,9000\n").encode("utf-8-sig")


def _in(page, key: str):
    """The input of the widget with this key (Streamlit gives its container the class st-key-<key>)."""
    return page.locator(f".st-key-{key} input")


def test_an_officer_adds_a_platform_and_sees_its_verdict(open_as):
    page = open_as("cuiping", "platforms")
    _in(page, "pf_code").fill("511502-E2EFLOWS1")
    _in(page, "pf_name").fill("浏览器测试街道")
    _in(page, "pf_service_population").fill("12000")
    _in(page, "pf_service_population").press("Enter")
    expect(page.get_by_text("未达标").first).to_be_visible(timeout=30_000)  # the live verdict while filling in
    settle(page)
    page.locator(".st-key-pf_save button").click()
    expect(page.get_by_text("已保存 511502-E2EFLOWS1 浏览器测试街道")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "flow_platform_saved")


def test_the_staffing_calculator_answers_as_the_inputs_move(open_as):
    page = open_as("viewer", "staffing")
    _in(page, "sf_population").fill("32000")
    _in(page, "sf_population").press("Enter")
    # a township of 32,000 (R-STAFF-2): 2 + 1 per further full 10,000 → 4; counting the part 10,000 too → 5
    expect(page.get_by_text("两种理解结果不同")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("只计满1万的部分:4 人(现行评价标准采用)")).to_be_visible()
    expect(page.get_by_text("不足1万的部分也计1人:5 人")).to_be_visible()
    settle(page)
    shot(page, "flow_staffing_calculator")


def test_an_officer_imports_a_small_file_after_a_dry_run(open_as, tmp_path):
    page = open_as("cuiping", "import")
    file = tmp_path / "platforms.csv"
    file.write_bytes(CSV)
    page.locator('.st-key-im_file input[type="file"]').set_input_files(str(file))
    confirm = page.locator(".st-key-im_confirm button")
    expect(confirm).to_be_visible(timeout=30_000)
    expect(confirm).to_contain_text("新增 1 条")
    shot(page, "flow_import_dry_run")
    confirm.click()
    expect(page.get_by_text("已导入:新增 1 条").first).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "flow_import_done")


def test_the_ranking_shows_its_stability_chart(open_as):
    page = open_as("viewer", "ranking")
    expect(page.get_by_role("heading", name="排名稳定性")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
    shot(page, "flow_ranking_chart")


def test_a_past_year_on_the_targets_screen_shows_that_year_s_register(open_as):
    """The demo's history read back from the audit trail: 2016 shows fewer platforms than are registered now."""
    page = open_as("viewer", "targets")
    choose(page, "tg_year", "2016", exact=True)
    expect(page.get_by_text("2016 年按 2016 年 12 月 31 日 24 时(北京时间)的登记情况评价", exact=False)).to_be_visible(
        timeout=30_000)
    assert not page.locator('[data-testid="stException"]').count()
    shot(page, "flow_targets_2016")
