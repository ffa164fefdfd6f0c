"""AppTest of the ranking screen (R-ASSESS): every role opens it; ties and missing data are shown as such; the
pool split adds up to the pool; a bad pool is refused; a city administrator enters scores and freezes a
snapshot that does not move when the data do; others get neither control."""
import pytest
from sqlmodel import select

from logic.assessment_inputs import default_scheme, spec_of
from logic.authz import SYSTEM, Actor
from models.assessment import AssessmentScheme, RankingSnapshot, save_scheme, set_performance
from models.db import read_session, write_session
from models.funding import FundingLine
from models.locking import NEW
from models.tables import Platform
from tests.conftest import work_funds_line
from tests.pages.conftest import open_page, shown

PAGE = "pages/ranking.py"
ADMIN = Actor("admin", "city_admin")


@pytest.fixture
def assessed(app_store):
    """Two counties with identical platforms, funding and scores (a tie); 叙州 with platform and two funding
    indicators but no performance score (a whole dimension missing, coverage 61% above the 60% threshold); 江安
    with a platform alone (coverage below the threshold)."""
    year = __import__("datetime").date.today().year
    with write_session(app_store, SYSTEM) as s:
        for code, county in (("A1", "511502"), ("B1", "511503"), ("C1", "511504"), ("D1", "511523")):
            s.add(Platform(code=code, name=code, level="street", county_code=county))
        s.add_all([work_funds_line(county, year) for county in ("511502", "511503", "511504")])
        s.add(FundingLine(county_code="511504", year=year, category="city_subsidy", source="city_special",
                          purpose="compliance", allocated_fen=500_000, spent_fen=400_000))  # subsidy used 80%
        for county in ("511502", "511503"):
            set_performance(session=s, actor=ADMIN, county_code=county, year=year, score=88,
                            expected_version=NEW)
    return app_store


def _ranked(at):
    return at.dataframe[0].value.set_index("县(区)")


def _split(at):
    return next(d.value for d in at.dataframe if "分配金额(元)" in d.value.columns).set_index("县(区)")


@pytest.mark.parametrize("who", ["city_admin", "own_officer", "other_officer", "viewer"])
def test_every_role_opens_the_ranking(assessed, who):
    at = open_page(who, PAGE)
    assert not at.exception
    has_freeze = any(b.key == "rk_freeze" for b in at.button)
    assert has_freeze == (who == "city_admin")


def test_ties_share_a_rank_and_too_little_data_is_not_ranked_nor_zero(assessed):
    at = open_page("viewer", PAGE)
    ranked = _ranked(at)
    assert ranked.loc["翠屏区", "名次"] == ranked.loc["南溪区", "名次"] == "1"
    assert ranked.loc["翠屏区", "总分"] == ranked.loc["南溪区", "总分"]
    assert ranked.loc["江安县", "名次"] == "不排名(数据覆盖率 39%,低于门槛；缺经费保障、工作绩效数据)"
    assert ranked.loc["兴文县", "名次"] == "不排名(无数据)"
    assert any("江安县(数据覆盖率 39%,低于门槛；缺经费保障、工作绩效数据)" in i.value for i in at.info)


def test_a_county_missing_a_whole_dimension_is_listed_not_ranked_and_gets_no_money(assessed):
    """叙州 has 61% coverage (above the 60% threshold) but no work-performance score at all: scored on the other
    dimensions it could come first, so it is listed with its total and the reason, unranked and unpaid."""
    at = open_page("viewer", PAGE)
    ranked = _ranked(at)
    row = ranked.loc["叙州区(原宜宾县)"]
    assert row["名次"] == "不排名(缺工作绩效数据)" and row["工作绩效"] == "缺" and row["总分"] != "缺"
    assert row["数据覆盖率"] == "61%"
    assert any("叙州区(原宜宾县)(缺工作绩效数据)" in i.value for i in at.info)
    split = _split(at)
    assert "叙州区(原宜宾县)" not in split.index


def test_the_split_adds_up_to_the_pool_and_a_bad_pool_is_refused(assessed):
    at = open_page("city_admin", PAGE)
    assert any("合计 1,000,000.00 元,等于资金总额" in c.value for c in at.caption)
    at.text_input(key="rk_pool").input("12.345").run()
    assert any("资金总额" in e.value and "最多两位小数" in e.value for e in at.error)


def test_a_frozen_snapshot_is_kept_while_the_data_move(assessed):
    """叙州 and 江安 have no work-performance score — the bureau's own entry — so freezing first needs a ticked
    confirmation, which the snapshot keeps."""
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    assert any("缺少市局录入的数据" in w.value and "叙州区(原宜宾县)(工作绩效)" in w.value for w in at.warning)
    assert at.button(key="rk_freeze").disabled
    assert any("尚未审核锁定" in w.value for w in at.warning)  # no county's year is approved (year-end)
    at.checkbox(key=f"rk_freeze_unapproved_{year}").check().run()
    assert at.button(key="rk_freeze").disabled  # and the bureau's missing entries need their own tick
    at.checkbox(key=f"rk_freeze_confirm_{year}").check().run()
    at.button(key="rk_freeze").click().run()
    assert not at.exception and any("已冻结" in s.value for s in at.success)
    with read_session(assessed) as s:
        frozen = s.exec(select(RankingSnapshot)).one()
        kept = dict(frozen.payload)
    assert kept["confirmed_without"]["511504"] == ["performance"]
    assert kept["approvals"]["511502"] == "open"  # each county's approval state when frozen
    with write_session(assessed, SYSTEM) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=kept["year"], score=61,
                        expected_version=1)
    at.run()
    with read_session(assessed) as s:
        assert s.get(RankingSnapshot, frozen.id).payload == kept
    assert _ranked(at).loc["南溪区", "名次"] == "1" and _ranked(at).loc["翠屏区", "名次"] == "2"


def test_a_city_admin_saves_a_new_scheme_version_and_the_ranking_uses_it(assessed):
    at = open_page("city_admin", PAGE)
    assert any("默认方案" in c.value for c in at.caption)
    year = at.selectbox(key="rk_year").value
    at.number_input(key=f"rk_scheme_threshold_{year}").set_value(0.95)
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception
    assert any(f"{year} 年起执行的第 1 版" in s.value for s in at.success)
    assert any("不排名" in str(v) for v in _ranked(at)["名次"])  # 95% coverage: no county here has that much


@pytest.mark.both_stores  # a stale save, on the shared server too
def test_a_scheme_saved_by_another_admin_while_the_editor_was_open_is_not_overwritten(assessed):
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    at.number_input(key=f"rk_scheme_threshold_{year}").set_value(0.95)
    at.run()  # a rerun while editing: the editor still saves against the version it was filled from
    other = Actor("admin_wang", "city_admin")
    with write_session(assessed, other) as s:
        save_scheme(session=s, actor=other, year=year, spec=spec_of(default_scheme(year)), expected_version=NEW)
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception and any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
    with read_session(assessed) as s:
        assert [(r.version, r.created_by) for r in s.exec(select(AssessmentScheme))] == [(1, "admin_wang")]
    at.button(key="rk_scheme_save").click().run()  # told who changed it, the admin saves again: a new version
    assert not at.exception and any("第 2 版" in s.value for s in at.success)


def test_an_admin_may_choose_to_rank_on_the_dimensions_present_as_a_new_version(assessed):
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    at.checkbox(key=f"rk_scheme_every_{year}").uncheck()
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception and any("第 1 版" in s.value for s in at.success)
    assert _ranked(at).loc["叙州区(原宜宾县)", "名次"].isdigit()
    assert any("按其余维度排名" in c.value for c in at.caption)


def test_a_stored_scheme_that_no_longer_validates_is_said_on_screen_and_nothing_can_be_frozen(assessed):
    from logic.assessment_inputs import default_scheme, spec_of
    from models.assessment import AssessmentScheme
    year = __import__("datetime").date.today().year
    spec = spec_of(default_scheme(year))
    spec["coverage_threshold"] = 7
    with write_session(assessed, SYSTEM) as s:
        s.add(AssessmentScheme(year=year, version=3, spec=spec, created_by="someone"))
    at = open_page("city_admin", PAGE)
    assert not at.exception
    assert any(f"{year} 年起执行的第 3 版考核方案已无法使用" in e.value and "coverage_threshold" in shown(e.value)
               for e in at.error)
    assert at.button(key="rk_freeze").disabled
    assert any("默认方案" in c.value for c in at.caption)


def test_the_stability_interval_shows_whole_ranks(assessed):
    at = open_page("viewer", PAGE)
    table = next(d.value for d in at.dataframe if "5%–95% 名次区间" in d.value.columns)
    assert all(part.isdigit() for cell in table["5%–95% 名次区间"] for part in cell.split("–"))


def test_a_year_with_nobody_ranked_says_the_pool_is_not_split(app_store):
    """No county ranked (an empty store): the screen must not claim the split equals the pool."""
    at = open_page("viewer", PAGE)
    assert not at.exception
    assert any("1,000,000.00 元未分配" in w.value for w in at.warning)
    assert not any("等于资金总额" in c.value for c in at.caption)
    assert any("无从检验排名稳定性" in c.value for c in at.caption)


def test_a_past_year_says_how_many_platforms_the_trail_cannot_place(app_store):
    from sqlmodel import insert
    with app_store.begin() as conn:  # written around the trail, as an old database's rows may have been
        conn.execute(insert(Platform).values(code="OLD1", name="旧平台", level="street", county_code="511502",
                                             windows=[], equipment=[], services=[], services_online=[]))
    at = open_page("viewer", PAGE)
    assert not any("审计功能启用前录入" in w.value for w in at.warning)  # this year: the live register
    at.selectbox(key="rk_year").set_value(2020).run()
    assert not at.exception
    assert any("有 1 个平台在审计记录中没有登记记录" in w.value for w in at.warning)


@pytest.fixture
def computed(monkeypatch):
    """How many times the screen worked out the year's computed indicators (the kept work)."""
    import ui.assessment_data
    calls = []
    real = ui.assessment_data.indicator_inputs

    def counting(session, year, register=None):
        calls.append(year)
        return real(session, year, register)
    monkeypatch.setattr(ui.assessment_data, "indicator_inputs", counting)
    return calls


def _subsidy_used(at, county: str) -> str:
    workings = next(d.value for d in at.dataframe if "原始值" in d.value.columns)
    row = workings[(workings["县(区)"] == county) & (workings["指标"] == "经费保障 · 市级奖补资金使用率")]
    return row["原始值"].item()


def test_a_rerun_without_a_write_works_out_nothing_and_a_write_shows_on_the_next(assessed, computed):
    at = open_page("viewer", PAGE)
    at.run()
    at.run()
    assert not at.exception and len(computed) == 1
    assert _subsidy_used(at, "翠屏区") == "缺"
    with write_session(assessed, SYSTEM) as s:  # a ledger line, summed by the store for the screen
        s.add(FundingLine(county_code="511502", year=at.selectbox(key="rk_year").value, category="city_subsidy",
                          source="city_special", purpose="compliance", allocated_fen=200_000, spent_fen=50_000))
    at.run()
    assert not at.exception and len(computed) == 2
    assert _subsidy_used(at, "翠屏区") == "0.250"



def test_a_saved_score_is_confirmed_on_the_run_after_the_save(assessed):
    """The save reruns the screen (the ranking moves at once), and the confirmation is shown on that run."""
    from models.counties import county_names
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    with read_session(assessed) as s:
        row = list(county_names(s)).index("511504")  # the editor lists the counties in the bureau's order
    at.session_state[f"rk_perf_{year}"] = {"edited_rows": {row: {"工作绩效得分": 75}}, "added_rows": [],
                                           "deleted_rows": []}
    at.button(key="rk_perf_save").click().run()
    assert not at.exception and any("已保存 1 个县(区)的绩效得分" in s.value for s in at.success)
    assert _ranked(at).loc["叙州区(原宜宾县)", "名次"] != "不排名(缺工作绩效数据)"
    at.run()
    assert not any("绩效得分" in s.value for s in at.success)  # said once


def test_a_snapshot_says_when_it_was_frozen_in_beijing_time(assessed):
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    at.checkbox(key=f"rk_freeze_unapproved_{year}").check().run()
    at.checkbox(key=f"rk_freeze_confirm_{year}").check().run()
    at.button(key="rk_freeze").click().run()
    with read_session(assessed) as s:
        frozen_at = s.exec(select(RankingSnapshot.frozen_at)).one()
    beijing = (frozen_at.replace(tzinfo=None) + __import__("datetime").timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    label = next(e.label for e in at.expander if e.label.startswith("快照"))
    assert f"{beijing}(北京时间)" in label and "UTC" not in label


def test_the_scheme_editor_speaks_the_reader_s_words_and_saves_codes(assessed):
    """Indicators, dimensions, directions and tiers in Chinese on the screen; the stored scheme keeps its codes."""
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    editor = next(d.value for d in at.dataframe if "方向" in d.value.columns)
    shown_words = " ".join(str(v) for v in editor.drop(columns=["code", "dimension"]).to_numpy().ravel())
    assert "市级奖补资金使用率" in shown_words and "越高越好" in shown_words
    assert not any(w in shown_words for w in ("higher", "subsidy_used_share", "building"))
    assert at.text_input(key=f"rk_scheme_tiers_{year}").value == "一等:2, 二等:3, 三等:3"
    row = list(editor["code"]).index("subsidy_used_share")
    at.session_state[f"rk_scheme_ind_{year}"] = {"edited_rows": {row: {"方向": "越低越好"}}, "added_rows": [],
                                                 "deleted_rows": []}
    at.text_input(key=f"rk_scheme_tiers_{year}").set_value("一等:1,二等:3, third:4")
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception and any("第 1 版" in s.value for s in at.success)
    with read_session(assessed) as s:
        spec = s.exec(select(AssessmentScheme.spec)).one()
    assert next(i for i in spec["indicators"] if i["code"] == "subsidy_used_share")["direction"] == "lower"
    assert spec["tiers"] == [["first", 1], ["second", 3], ["third", 4]]
    assert set(spec["dimension_weights"]) == {"building", "funding", "performance", "pilot"}


def test_a_refused_scheme_names_its_faults_in_words(assessed):
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    editor = next(d.value for d in at.dataframe if "方向" in d.value.columns)
    row = list(editor["code"]).index("compliant_share")
    at.session_state[f"rk_scheme_ind_{year}"] = {"edited_rows": {row: {"得满分的值": 0.0}}, "added_rows": [],
                                                 "deleted_rows": []}  # both goalposts 0
    at.button(key="rk_scheme_save").click().run()
    refusal = next(e.value for e in at.error if "方案未保存" in e.value)
    assert "达标平台占比" in shown(refusal) and "compliant_share" not in refusal


def test_freezing_after_every_county_s_year_is_approved_needs_no_approval_tick_and_keeps_the_states(assessed):
    from models.approval import take_step
    from models.counties import county_names
    at = open_page("city_admin", PAGE)
    year = at.selectbox(key="rk_year").value
    with write_session(assessed, SYSTEM) as s:
        for code in county_names(s):
            take_step(session=s, actor=SYSTEM, county_code=code, year=year, step="submit", expected_version=NEW)
            take_step(session=s, actor=SYSTEM, county_code=code, year=year, step="approve", expected_version=1)
    at.run()
    assert not any("尚未审核锁定" in w.value for w in at.warning)
    assert f"rk_freeze_unapproved_{year}" not in {c.key for c in at.checkbox}
    at.checkbox(key=f"rk_freeze_confirm_{year}").check().run()  # the bureau's missing scores still need theirs
    at.button(key="rk_freeze").click().run()
    with read_session(assessed) as s:
        kept = dict(s.exec(select(RankingSnapshot)).one().payload)
    assert set(kept["approvals"].values()) == {"approved"}
