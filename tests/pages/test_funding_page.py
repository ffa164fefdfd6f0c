"""AppTest of the funding tracker (R-FUND): each tab, a good and a bad save by form and by table, read-only
viewers, and officers held to their own county."""
from datetime import date

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor
from models.db import read_session, write_session
from models.funding import FundingLine, add_line, save_lines
from models.locking import NEW
from models.pay import PayRecord, set_pay
from models.people import Person
from models.settings import benchmarks, set_benchmark
from models.tables import AuditLog, Platform
from tests.pages.conftest import OTHER, OWN, open_page, shown
from tests.pages.test_downloads import downloads  # noqa: F401 -- the fixture that keeps each deferred download
from ui.paging import PAGE_ROWS

PAGE = "pages/funding.py"
YEAR = date.today().year


@pytest.fixture
def funded(app_store):
    """A centre and a community in the officer's county, a centre next door, two people, a benchmark, and lines."""
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="OWN-S1", name="白沙湾街道", level="street", county_code=OWN, work_funds_secured=True))
        s.add(Platform(code="OWN-C1", name="莲花池社区", level="community", county_code=OWN, parent_code="OWN-S1"))
        s.add(Platform(code="OTH-S1", name="南溪街道", level="street", county_code=OTHER))
        s.flush()
        for name, fen in (("王芳", 300_000), ("李强", 150_000)):
            s.add(Person(platform_code="OWN-S1", county_code=OWN, name=name, post="协理员", source="assistant",
                         establishment="off", employment="full_time", recruitment="open_selection",
                         monthly_income_fen=fen, joined_on=date(2019, 3, 1)))
        s.flush()
        ids = list(s.exec(select(Person.id).order_by(Person.id)))
        set_pay(session=s, actor=SYSTEM, person_id=ids[0], year=YEAR - 1, amount="3100", expected_version=NEW)
        set_pay(session=s, actor=SYSTEM, person_id=ids[0], year=YEAR, amount="3000", expected_version=NEW)
        set_pay(session=s, actor=SYSTEM, person_id=ids[1], year=YEAR, amount="1500", expected_version=NEW)
        set_benchmark(session=s, actor=SYSTEM, year=YEAR, amount="2000", expected_version=NEW)
        add_line(session=s, actor=SYSTEM, county_code=OWN, facts={
            "year": YEAR, "platform_code": "OWN-S1", "category": "personnel", "source": "county_budget",
            "budgeted": "1000.10", "allocated": "1000.10", "spent": "500"})
        add_line(session=s, actor=SYSTEM, county_code=OWN, facts={
            "year": YEAR, "category": "city_subsidy", "source": "city_special", "purpose": "demonstration",
            "purpose_platforms": ["OWN-S1", "OWN-C1"], "budgeted": "200000", "allocated": "200000",
            "spent": "150000.05"})
    return app_store


def _lines(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return (s.exec(select(func.count()).select_from(FundingLine)).one(),
                s.exec(select(func.count()).select_from(AuditLog)).one())


def _fill_form(at, **values):
    at.number_input(key="fd_f_year").set_value(values.get("year", YEAR))
    at.selectbox(key="fd_f_category").set_value(values.get("category", "work_funds"))
    at.selectbox(key="fd_f_source").set_value("county_budget")
    at.selectbox(key="fd_f_platform_code").set_value(values.get("platform", "OWN-S1"))
    for key in ("budgeted", "allocated", "spent"):
        at.text_input(key=f"fd_f_{key}").set_value(values.get(key, "20000"))
    return at.button(key="fd_f_submit").click().run()


class TestLedger:
    def test_an_empty_ledger_opens_on_every_tab(self, app_store):
        for who in ("city_admin", "own_officer", "viewer"):
            at = open_page(who, PAGE)
            assert not at.exception, at.exception
            assert [t.label for t in at.tabs] == ["经费台账", "分县分年统计", "待遇核查", "市级奖补去向"]

    def test_a_year_out_of_range_is_refused_saying_the_years_allowed_and_nothing_is_written(self, funded):
        at = open_page("own_officer", PAGE)
        before = _lines(funded)
        at = _fill_form(at, year=1900)
        assert not at.exception and _lines(funded) == before
        assert any("年度应在 2014" in e.value for e in at.error), [e.value for e in at.error]

    def test_an_officer_adds_a_line_by_the_form_for_their_own_county(self, funded):
        at = open_page("own_officer", PAGE)
        assert not at.exception
        before = _lines(funded)
        at = _fill_form(at, budgeted="20000.50", spent="0")
        assert not at.exception and not at.error
        assert any("已新增经费记录" in s.value for s in at.success)
        assert _lines(funded) == (before[0] + 1, before[1] + 1)
        with read_session(funded) as s:
            line = s.exec(select(FundingLine).order_by(FundingLine.id.desc())).first()
        assert (line.county_code, line.budgeted_fen, line.updated_by) == (OWN, 2_000_050, "officer_a")

    def test_a_bad_amount_is_refused_naming_the_field_and_nothing_is_saved(self, funded):
        at = open_page("own_officer", PAGE)
        before = _lines(funded)
        at = _fill_form(at, budgeted="12.345", spent="30000")
        errors = " ".join(e.value for e in at.error)
        assert "预算(元)" in errors and "两位小数" in errors
        assert _lines(funded) == before

    @pytest.mark.both_stores  # an all-or-nothing bulk write, on the shared server too
    def test_bulk_edits_in_the_table_save_together_or_not_at_all(self, funded):
        at = open_page("own_officer", PAGE)
        assert at.session_state["fd_l_rows"]
        at.session_state["fd_l_editor"] = {
            "edited_rows": {0: {"note": "核对后更正"}},
            "added_rows": [{"year": YEAR, "category": "work_funds", "source": "county_budget",
                            "platform_code": "OWN-C1", "budgeted": "800", "allocated": "800", "spent": "-1"}],
            "deleted_rows": []}
        before = _lines(funded)
        at = at.button(key="fd_l_save_table").click().run()
        assert any("+1: 支出(元)" in e.value for e in at.error)
        assert _lines(funded) == before
        at.session_state["fd_l_editor"] = {
            "edited_rows": {0: {"note": "核对后更正"}},
            "added_rows": [{"year": YEAR, "category": "work_funds", "source": "county_budget",
                            "platform_code": "OWN-C1", "budgeted": "800", "allocated": "800", "spent": "10"}],
            "deleted_rows": []}
        at = at.button(key="fd_l_save_table").click().run()
        assert not at.exception and any("已保存 2 条" in s.value for s in at.success)
        assert _lines(funded) == (before[0] + 1, before[1] + 2)

    def test_a_viewer_reads_every_line_with_no_write_controls(self, funded):
        at = open_page("viewer", PAGE)
        assert not at.exception
        assert "fd_l_editor" not in at.session_state and not at.get("data_editor")
        keys = {b.key for b in at.button}
        assert not keys & {"fd_l_save_table", "fd_f_submit", "fd_p_bench_submit"}
        assert any("只读" in i.value for i in at.info)

    def test_an_officer_looking_at_another_county_cannot_write_there(self, funded):
        at = open_page("own_officer", PAGE)
        at.selectbox(key="fd_l_county").set_value(OTHER).run()
        assert not at.exception
        assert "fd_l_save_table" not in {b.key for b in at.button}


class TestViews:
    def test_views_show_exact_totals_execution_and_platforms_without_work_funds(self, funded):
        at = open_page("viewer", PAGE)
        at.selectbox(key="fd_v_county").set_value("city").run()  # the whole city is asked for
        summary = at.dataframe[1].value
        total = summary[summary["县(区)"] == "合计"].iloc[0]
        assert total["到位(元)"] == "201,000.10" and total["支出(元)"] == "150,500.05"
        assert total["市级资金到位(元)"] == "200,000.00"
        no_funds = at.dataframe[3].value
        assert list(no_funds["平台"]) == ["OWN-S1 白沙湾街道", "OWN-C1 莲花池社区", "OTH-S1 南溪街道"] or \
            set(no_funds["平台"]) == {"OWN-S1 白沙湾街道", "OWN-C1 莲花池社区", "OTH-S1 南溪街道"}
        judged = dict(zip(no_funds["平台"], no_funds["判断依据"], strict=True))
        assert judged["OWN-S1 白沙湾街道"] == "经费台账"  # a personnel line this year, no work funds
        assert len(at.get("vega_lite_chart")) == 2  # stacked by category, and the trend


class TestPayChecks:
    def test_the_three_lists_show_the_figures_behind_them(self, funded):
        at = open_page("city_admin", PAGE)
        subheaders = [s.value for s in at.subheader]
        assert any("低于大学生村官收入标准" in s and "(1 人)" in s for s in subheaders)
        assert any("待遇不平衡" in s and "(1 个)" in s for s in subheaders)
        assert any("收入比上年下降" in s and "(1 人)" in s for s in subheaders)
        tables = [d.value for d in at.dataframe]
        below = next(t for t in tables if "差额(元)" in t.columns)
        assert list(below["月均收入(元)"]) == ["1,500.00"] and list(below["差额(元)"]) == ["500.00"]

    def test_a_city_admin_sets_the_benchmark_and_a_bad_tolerance_is_refused(self, funded):
        at = open_page("city_admin", PAGE)
        at.text_input(key="fd_p_bench_amount").set_value("1400")
        at = at.button(key="fd_p_bench_submit").click().run()
        assert not at.exception and any("设置已保存" in s.value for s in at.success)
        assert not any("低于大学生村官收入标准" in s.value and "(1 人)" in s.value for s in at.subheader)
        at.text_input(key="fd_p_tolerance").set_value("0.5")
        at = at.button(key="fd_p_tol_submit").click().run()
        assert any("容差" in e.value for e in at.error)

    @pytest.mark.both_stores  # a stale save, on the shared server too
    def test_a_benchmark_saved_by_someone_else_after_the_form_was_shown_is_not_overwritten(self, funded):
        at = open_page("city_admin", PAGE)
        other = Actor("admin_wang", "city_admin")
        with write_session(funded, other) as s:  # another administrator saves while this form is open
            set_benchmark(session=s, actor=other, year=YEAR, amount="2500", expected_version=1)
        at.text_input(key="fd_p_bench_amount").set_value("1400")
        at = at.button(key="fd_p_bench_submit").click().run()
        assert not at.exception and any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
        with read_session(funded) as s:
            assert benchmarks(s)[YEAR] == 250_000

    @pytest.mark.both_stores  # a stale save, on the shared server too
    def test_a_pay_record_saved_by_someone_else_after_the_form_was_shown_is_not_overwritten(self, funded):
        at = open_page("own_officer", PAGE)
        other = Actor("officer_li", "county_officer", OWN)
        with read_session(funded) as s:
            first = s.exec(select(Person.id).order_by(Person.id)).first()
        with write_session(funded, other) as s:
            set_pay(session=s, actor=other, person_id=first, year=YEAR, amount="3300", expected_version=1)
        at.text_input(key="fd_p_pay_amount").set_value("3200")
        at = at.button(key="fd_p_pay_submit").click().run()
        assert not at.exception and any("未保存" in e.value and "officer_li" in shown(e.value) for e in at.error)
        with read_session(funded) as s:
            assert s.exec(select(PayRecord.monthly_pay_fen).where(PayRecord.person_id == first,
                                                                  PayRecord.year == YEAR)).one() == 330_000

    def test_an_officer_sees_no_settings(self, funded):
        at = open_page("own_officer", PAGE)
        assert "fd_p_bench_submit" not in {b.key for b in at.button}

    def test_an_officer_records_a_years_pay_and_the_decline_list_follows(self, funded):
        at = open_page("own_officer", PAGE)
        assert at.selectbox(key="fd_p_person").options  # their own county's off-establishment people
        at.text_input(key="fd_p_pay_amount").set_value("3000.001")
        at = at.button(key="fd_p_pay_submit").click().run()
        assert any("月均收入" in e.value and "两位小数" in e.value for e in at.error)
        at.text_input(key="fd_p_pay_amount").set_value("3200")
        at = at.button(key="fd_p_pay_submit").click().run()  # the first person: 3,100 last year, now 3,200
        assert any("收入记录已保存" in s.value for s in at.success)
        assert any("收入比上年下降" in s.value and "(0 人)" in s.value for s in at.subheader)
        viewer = open_page("viewer", PAGE)
        assert "fd_p_pay_submit" not in {b.key for b in viewer.button}


class TestSubsidyPurposes:
    def test_each_city_subsidy_shows_its_purpose_and_platforms_and_can_be_followed(self, funded):
        at = open_page("viewer", PAGE)
        table = at.dataframe[-1].value
        assert list(table["用途"]) == ["示范建设"] and list(table["奖补平台"]) == ["莲花池社区、白沙湾街道"]
        at.selectbox(key="fd_s_follow").set_value("OWN-C1").run()
        assert len(at.dataframe[-1].value) == 1
        at.selectbox(key="fd_s_year").set_value(YEAR - 1).run()
        assert at.dataframe[-1].value.empty


def test_the_screen_speaks_english_and_every_string_it_asks_for_exists(funded):
    import re
    from pathlib import Path

    from tests.pages.conftest import signed_in_app
    from ui.i18n import CATALOG
    at = signed_in_app("viewer")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Ledger", "By county and year", "Pay checks", "City subsidy purposes"]
    root = Path(__file__).resolve().parents[2]
    used = {key for path in [root / PAGE, *root.glob("ui/views/funding_*.py")]
            for key in re.findall(r'\bt\(f?"(fd\.[a-z_.]+|page\.funding)"', path.read_text(encoding="utf-8"))}
    assert used and not used - set(CATALOG)


# --- one county at a time, the whole city on request, caches that follow every write, pages ----------------
PICKERS = ("fd_l_county", "fd_v_county", "fd_p_county", "fd_s_county")


def _counties(engine) -> list[str]:
    from models.counties import county_names
    with read_session(engine) as s:
        return list(county_names(s))


def _first_county(engine) -> str:
    return _counties(engine)[0]


def _total_fen(at, column: str) -> int:
    """The views tab's total row of `column`, read back from its text as exact fen."""
    from decimal import Decimal
    summary = at.dataframe[1].value
    total = summary[summary.iloc[:, 0] == "合计"].iloc[0]
    return int(Decimal(total[column].replace(",", "")) * 100)


class TestOneCountyAtATime:
    @pytest.mark.parametrize("who", ["city_admin", "viewer", "own_officer", "other_officer"])
    def test_every_tab_opens_on_one_county(self, funded, who):
        at = open_page(who, PAGE)
        assert not at.exception
        expected = {"own_officer": OWN, "other_officer": OTHER}.get(who, _first_county(funded))
        assert {key: at.selectbox(key=key).value for key in PICKERS} == dict.fromkeys(PICKERS, expected)
        assert "全市" in at.selectbox(key="fd_v_county").options  # the whole city stays a choice

    def test_back_on_the_screen_every_tab_opens_on_the_county_last_picked(self, funded):
        at = open_page("city_admin", PAGE)
        at.selectbox(key="fd_v_county").set_value(OTHER).run()
        at.switch_page("pages/overview.py").run()  # the funding screen's pickers are forgotten off it
        at.switch_page(PAGE).run()
        assert not at.exception
        assert {key: at.selectbox(key=key).value for key in PICKERS} == dict.fromkeys(PICKERS, OTHER)

    def test_the_whole_city_sums_to_the_same_fen_as_the_county_views(self, funded):
        with write_session(funded, SYSTEM) as s:
            add_line(session=s, actor=SYSTEM, county_code=OTHER, facts={
                "year": YEAR, "platform_code": "OTH-S1", "category": "work_funds", "source": "city_special",
                "budgeted": "333.33", "allocated": "222.22", "spent": "111.11"})
        at = open_page("viewer", PAGE)
        columns = ("预算(元)", "到位(元)", "支出(元)", "市级资金到位(元)", "市级资金使用(元)")
        by_county = {}
        for county in _counties(funded):
            at.selectbox(key="fd_v_county").set_value(county).run()
            by_county[county] = {c: _total_fen(at, c) for c in columns}
        at.selectbox(key="fd_v_county").set_value("city").run()
        city = {c: _total_fen(at, c) for c in columns}
        assert city == {c: sum(county[c] for county in by_county.values()) for c in columns}
        assert city["到位(元)"] == 20_100_010 + 22_222 and by_county[OTHER]["支出(元)"] == 11_111


class TestCachesFollowWrites:
    def test_a_line_saved_in_another_session_shows_on_the_next_rerun(self, funded):
        viewer = open_page("viewer", PAGE)
        viewer.selectbox(key="fd_l_county").set_value(OWN).run()
        before = len(viewer.dataframe[0].value)
        viewer.run()  # a rerun with nothing written reads the same lines
        assert len(viewer.dataframe[0].value) == before
        officer = open_page("own_officer", PAGE)
        officer = _fill_form(officer, budgeted="10", spent="0")
        assert any("已新增经费记录" in s.value for s in officer.success)
        viewer.run()
        assert len(viewer.dataframe[0].value) == before + 1

    def test_a_write_by_another_process_shows_on_the_next_rerun(self, funded):
        import os
        import subprocess
        import sys
        from pathlib import Path
        at = open_page("viewer", PAGE)
        at.selectbox(key="fd_v_county").set_value(OWN).run()
        allocated = _total_fen(at, "到位(元)")
        script = ("from logic.authz import SYSTEM\nfrom models.db import make_engine, write_session\n"
                  "from models.funding import add_line\n"
                  "with write_session(make_engine(__import__('os').environ['DATABASE_URL']), SYSTEM) as s:\n"
                  f"    add_line(session=s, actor=SYSTEM, county_code='{OWN}', facts={{'year': {YEAR}, "
                  "'category': 'construction', 'source': 'county_budget', 'budgeted': '5', 'allocated': '5', "
                  "'spent': '0'})\n")
        subprocess.run([sys.executable, "-c", script], check=True, env=os.environ.copy(),
                       cwd=Path(__file__).resolve().parents[2], timeout=120)
        at.run()
        assert _total_fen(at, "到位(元)") == allocated + 500


def _many_lines(engine, n: int) -> None:
    with write_session(engine, SYSTEM) as s:
        save_lines(session=s, actor=SYSTEM, county_code=OWN, edited={}, added=[
            {"year": YEAR, "category": "construction", "source": "county_budget", "budgeted": str(i + 1),
             "allocated": "0", "spent": "0", "note": f"第{i + 1}条"} for i in range(n)])


class TestLedgerPages:
    def test_the_editor_holds_one_page_and_says_how_many_lines_there_are(self, funded):
        _many_lines(funded, PAGE_ROWS + 5)  # with the fixture's two: PAGE_ROWS + 7 lines this year
        at = open_page("own_officer", PAGE)
        assert len(at.session_state["fd_l_rows"]) == PAGE_ROWS
        assert any(f"共 {PAGE_ROWS + 7:,} 条" in c.value for c in at.caption)
        at.number_input(key="fd_l_page").set_value(2).run()
        assert len(at.session_state["fd_l_rows"]) == 7

    def test_an_edit_on_the_second_page_saves_that_line_and_the_page_holds_while_unsaved(self, funded):
        _many_lines(funded, PAGE_ROWS + 5)
        at = open_page("own_officer", PAGE)
        at.number_input(key="fd_l_page").set_value(2).run()
        line_id, _ = at.session_state["fd_l_rows"][0]
        at.session_state["fd_l_editor"] = {"edited_rows": {0: {"note": "第二页更正"}}, "added_rows": [],
                                           "deleted_rows": []}
        at.run()
        assert at.number_input(key="fd_l_page").disabled  # turning now would drop the edit
        at = at.button(key="fd_l_save_table").click().run()
        assert not at.exception and any("已保存 1 条" in s.value for s in at.success)
        with read_session(funded) as s:
            assert s.get(FundingLine, line_id).note == "第二页更正"
        assert not at.number_input(key="fd_l_page").disabled

    def test_a_viewer_reads_a_page_and_the_count_of_all(self, funded):
        _many_lines(funded, PAGE_ROWS + 5)
        at = open_page("viewer", PAGE)
        at.selectbox(key="fd_l_county").set_value(OWN).run()
        assert len(at.dataframe[0].value) == PAGE_ROWS
        assert any(f"共 {PAGE_ROWS + 7:,} 行" in c.value for c in at.caption)

    def test_the_ledger_download_holds_every_line_not_only_the_page(self, funded, downloads):  # noqa: F811 -- the fixture
        import csv
        import io
        _many_lines(funded, PAGE_ROWS + 5)
        for who in ("own_officer", "viewer"):
            at = open_page(who, PAGE)
            at.selectbox(key="fd_l_county").set_value(OWN).run()
            button = next(b for b in at.download_button if b.key == "fd_l_all_csv")
            _, make, _ = downloads[button.proto.deferred_file_id]
            rows = list(csv.reader(io.StringIO(make().decode("utf-8-sig"))))
            assert len(rows) == 1 + PAGE_ROWS + 7, who  # a header, then every line of the county's year
            assert "第1条" in {cell for row in rows for cell in row}

