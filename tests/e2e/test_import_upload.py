"""Bulk import in the browser: a county officer uploads a real file through the import screen's uploader, sees the
dry run list the bad row, then imports a good file with its progress bar; the standards editor opens for the
city administrator. Screenshots go to screenshots/ for people to look at. On the session's shared server with
the saved sign-ins; the imported codes (511502-E2E…) are this test's own."""
from playwright.sync_api import expect

from tests.e2e.conftest import nav_link, settle, shot

HEADER = "平台编码,平台名称,层级,县(区)代码,所属街道/乡(镇)编码,专有场所面积(m²)"


def _upload(page, tmp_path, name: str, rows: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes("\r\n".join([HEADER, *rows]).encode("utf-8-sig"))
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    settle(page)


def test_an_officer_uploads_a_file_sees_the_dry_run_and_imports(open_as, tmp_path):
    page = open_as("cuiping")
    nav_link(page, "批量导入").click()
    settle(page)
    expect(page.get_by_role("heading", name="批量导入与导出")).to_be_visible()
    _upload(page, tmp_path, "bad.csv", ["511502-E2ET1,浏览器乡,township,,,60", "511502-E2EV1,浏览器村,village,,NOPE,25",
                                        "511503-E2ET2,外县乡,township,511503,,60"])
    expect(page.get_by_text("整个文件不会导入")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stMetricValue"]').last).to_have_text("2")
    expect(page.locator('[data-testid="stDataFrame"]').get_by_text("NOPE").first).to_be_attached(timeout=30_000)
    shot(page, "import_dry_run_problems")
    assert page.get_by_role("button", name="确认导入").count() == 0
    _upload(page, tmp_path, "good.csv", ["511502-E2ET1,浏览器乡,township,,,60", "511502-E2EV1,浏览器村,village,,511502-E2ET1,25"])
    expect(page.get_by_text("检查通过")).to_be_visible(timeout=30_000)
    shot(page, "import_dry_run_ok")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入:新增 2 条")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "import_done")


def test_the_drop_zone_speaks_chinese_and_says_why_a_file_it_refused_was_not_uploaded(open_as, tmp_path):
    """Streamlit's uploader has no Chinese of its own ("Upload", "10MB per file"); ui.uploader draws the app's words
    over it, keyed to Streamlit's test ids: this fails when an upgrade renames them."""
    page = open_as("cuiping", "import")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    expect(zone).to_be_visible(timeout=30_000)
    settle(page)  # the style sheet comes just after the uploader in the same run
    drawn = zone.evaluate("""zone => [...zone.querySelectorAll('*')].map(e => [getComputedStyle(e, '::after').content,
                                                                       getComputedStyle(e).fontSize])""")
    words = [content for content, _ in drawn if content not in ("none", "normal")]
    assert '"选择文件"' in words and '"每个文件上限 10 MB · xlsx、csv、txt"' in words, words
    english = zone.get_by_text("per file")
    assert english.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # there, but drawn at no size
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (10 * 1024 * 1024 + 1))  # one byte over the importer's limit: the browser refuses it
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(big))
    chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    expect(chip).to_be_visible(timeout=30_000)
    line = chip.evaluate("""c => [...c.querySelectorAll('div')].map(e => getComputedStyle(e, '::after').content)
                                 .find(t => t.includes('未上传')) || ''""")
    assert "未上传:文件超过 10 MB" in line
    shot(page, "import_refused_in_chinese")


def test_the_standards_editor_opens_for_the_city_administrator(open_as):
    page = open_as("admin")
    nav_link(page, "评价标准").click()
    settle(page)
    expect(page.get_by_role("heading", name="“八有”评价标准的版本")).to_be_visible()
    page.get_by_role("button", name="复制为新版本").click()
    expect(page.get_by_text("草稿").first).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "standards_editor")
