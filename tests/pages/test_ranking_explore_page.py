"""AppTest of the ranking screen's what-if panel, "what it takes" and ranks over the years (R-ASSESS-1..2, issue
19): every role explores and nothing is saved; the officer's own county is the one "what it takes" opens on; an
administrator carries an exploration into the scheme editor and it becomes a version only through its save."""
from datetime import date

import pytest
from sqlmodel import select

from logic.authz import SYSTEM, Actor
from models.assessment import AssessmentScheme, RankingSnapshot, freeze, set_performance
from models.audit import AuditLog
from models.db import read_session, write_session
from models.locking import NEW
from models.tables import Platform
from tests.conftest import work_funds_line
from tests.pages.conftest import open_page

PAGE = "pages/ranking.py"
ADMIN = Actor("admin", "city_admin")
YEAR = date.today().year


@pytest.fixture
def three(app_store):
    """翠屏 (the officer's own) strong on performance, weak on work funds; 南溪 the other way round; 叙州 between.
    Same single platform each, no pilots. Official (building 0.35, funding 0.30, performance 0.25): 南溪 0.3625,
    叙州 0.3050, 翠屏 0.27875 (+ the same building part): ranks 1, 2, 3; first tier takes two, second three.
    A ranking of last year frozen, with 翠屏 first."""
    with write_session(app_store, SYSTEM) as s:
        for code, county in (("A1", "511502"), ("B1", "511503"), ("C1", "511504")):
            s.add(Platform(code=code, name=code, level="street", county_code=county))
        for county, allocated, score in (("511502", 600_000, 95), ("511503", 1_000_000, 70),
                                         ("511504", 800_000, 80)):
            s.add(work_funds_line(county, YEAR, allocated_fen=allocated))
            set_performance(session=s, actor=ADMIN, county_code=county, year=YEAR, score=score, expected_version=NEW)
        freeze(session=s, actor=ADMIN, year=YEAR - 1, payload={"counties": [
            {"county": "511502", "rank": 1, "tier": "first", "total": 0.9, "coverage": 1.0, "amount_fen": 0},
            {"county": "511503", "rank": 2, "tier": "first", "total": 0.8, "coverage": 1.0, "amount_fen": 0}]})
    return app_store


def _table(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns).set_index("县(区)")


def _audit_rows(store) -> int:
    with read_session(store) as s:
        return len(s.exec(select(AuditLog)).all())


@pytest.mark.parametrize("who", ["city_admin", "own_officer", "viewer"])
def test_every_role_explores_and_the_official_settings_change_nothing(three, who):
    at = open_page(who, PAGE)
    moves = _table(at, "试算名次")
    assert list(moves.loc[["南溪区", "叙州区(原宜宾县)", "翠屏区"], "试算名次"]) == ["1", "2", "3"]
    assert set(moves.loc[["南溪区", "叙州区(原宜宾县)", "翠屏区"], "名次变化"]) == {"不变"}
    assert (moves["正式名次"] == moves["试算名次"]).all()
    assert any(b.key == f"rx_to_editor_{YEAR}" for b in at.button) == (who == "city_admin")


def test_switching_funding_off_moves_the_officer_s_county_up_and_saves_nothing(three):
    """On performance alone: 翠屏 0.875, 叙州 0.5, 南溪 0.25 — 翠屏 ↑2 into the first tier, 南溪 ↓2 out of it."""
    audited = _audit_rows(three)
    at = open_page("own_officer", PAGE)
    at.checkbox(key=f"rx_dim_on_funding_{YEAR}").uncheck().run()
    assert not at.exception
    moves = _table(at, "试算名次")
    assert tuple(moves.loc["翠屏区", ["正式名次", "试算名次", "名次变化", "试算档次"]]) == ("3", "1", "↑2", "一等(原二等)")
    assert tuple(moves.loc["南溪区", ["试算名次", "名次变化", "试算档次"]]) == ("3", "↓2", "二等(原一等)")
    assert moves.loc["翠屏区", "试算分配金额(元)"] != "0.00"
    assert any(i.value == "翠屏区:正式名次 3 → 试算名次 1(↑2),试算档次:一等(原二等)。" for i in at.info)
    official = _table(at, "数据覆盖率")  # the official table stays as it was
    assert official.loc["翠屏区", "名次"] == "3"
    assert _audit_rows(three) == audited


def test_a_moved_weight_and_a_refused_setting(three):
    at = open_page("viewer", PAGE)
    at.number_input(key=f"rx_dim_w_performance_{YEAR}").set_value(3.0).run()
    assert _table(at, "试算名次").loc["翠屏区", "试算名次"] == "1"
    for dim in ("building", "funding", "performance", "pilot"):
        at.number_input(key=f"rx_dim_w_{dim}_{YEAR}").set_value(0.0).run()
    assert any("维度权重不能全为 0" in e.value for e in at.error)


def test_what_it_takes_opens_on_the_officer_s_own_county_in_its_own_units(three):
    """翠屏 is 0.02625 behind 叙州 (unscaled): performance at 0.25 ÷ 40 a point needs 4.2 points (a tie at 99.2);
    work funds at 0.30 × 2 a share need 4.375 percentage points of the 10,000 yuan budgeted: 437.5 yuan, so 438 whole
    yuan (64.38 %); the next tier is the second rank."""
    at = open_page("own_officer", PAGE)
    assert at.selectbox(key=f"rx_takes_county_{YEAR}").value == "511502"
    takes = next(d.value for d in at.dataframe if "当前值" in d.value.columns).set_index("指标")
    assert takes.loc["工作绩效 · 工作绩效得分", "升到第 2 名"] == "提高 4.2 分(至 99.2)"
    assert takes.loc["经费保障 · 工作经费到位率", "升到第 2 名"] == "工作经费再到位 438 元(到位率至 64.4%)"
    assert takes.loc["经费保障 · 工作经费到位率", "进入一等(前 2 名)"] == "工作经费再到位 438 元(到位率至 64.4%)"
    assert takes.loc["经费保障 · 编外人员收入达标率", "升到第 2 名"] == "缺数据"
    assert any("当前第 3 名,二等" in c.value for c in at.caption)


def test_what_it_takes_for_the_first_and_for_an_unranked_county(three):
    at = open_page("other_officer", PAGE)  # 南溪, first
    assert any("已是第一名" in c.value for c in at.caption)
    at.selectbox(key=f"rx_takes_county_{YEAR}").set_value("511523").run()  # 江安: no data
    assert any("未排名(无数据)" in i.value for i in at.info)


def test_an_administrator_carries_an_exploration_into_the_editor_and_saves_it_there(three):
    at = open_page("city_admin", PAGE)
    at.checkbox(key=f"rx_dim_on_funding_{YEAR}").uncheck().run()
    at.button(key=f"rx_to_editor_{YEAR}").click().run()
    assert not at.exception
    with read_session(three) as s:
        assert s.exec(select(AssessmentScheme)).all() == []  # carried, not saved
    assert any("带入下方" in i.value for i in at.info)
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception
    with read_session(three) as s:
        saved = s.exec(select(AssessmentScheme)).one()
    assert "funding" not in saved.spec["dimension_weights"]
    assert {i["dimension"] for i in saved.spec["indicators"]} == {"building", "performance", "pilot"}
    assert _table(at, "数据覆盖率").loc["翠屏区", "名次"] == "1"  # now the official ranking


def test_a_carried_exploration_can_be_discarded_and_the_editor_shows_the_scheme_in_force_again(three):
    at = open_page("city_admin", PAGE)
    in_force = at.data_editor(key=f"rk_scheme_dim_{YEAR}").value.columns.tolist()
    at.checkbox(key=f"rx_dim_on_funding_{YEAR}").uncheck().run()
    at.button(key=f"rx_to_editor_{YEAR}").click().run()
    assert "经费保障" not in at.data_editor(key=f"rk_scheme_dim_{YEAR}").value.columns
    at.button(key=f"rx_discard_{YEAR}").click().run()
    assert not at.exception and not any("带入下方" in i.value for i in at.info)
    assert at.data_editor(key=f"rk_scheme_dim_{YEAR}").value.columns.tolist() == in_force
    with read_session(three) as s:
        assert s.exec(select(AssessmentScheme)).all() == []  # nothing saved either way


def test_ranks_over_the_years_mark_the_frozen_year(three):
    at = open_page("viewer", PAGE)
    history = next(d.value for d in at.dataframe if "依据" in d.value.columns)
    last = history[history["年度"] == YEAR - 1].set_index("县(区)")
    assert tuple(last.loc["翠屏区", ["名次", "依据"]]) == ("1", "已冻结")
    this = history[history["年度"] == YEAR].set_index("县(区)")
    assert tuple(this.loc["翠屏区", ["名次", "依据"]]) == ("3", "按当前数据")
    assert this.loc["江安县", "名次"] == "不排名"
    with read_session(three) as s:
        assert len(s.exec(select(RankingSnapshot)).all()) == 1


def test_the_panels_speak_english_and_chinese_shows_no_code_none_or_english(three):
    """Every rx. string the views ask for exists; in Chinese no table cell of the three sections shows a code,
    None or an English word; in English the headings are English."""
    import re
    from pathlib import Path

    from tests.pages.conftest import signed_in_app
    from ui.i18n import CATALOG
    at = open_page("own_officer", PAGE)
    at.checkbox(key=f"rx_dim_on_funding_{YEAR}").uncheck().run()
    for column in ("试算名次", "当前值", "依据"):
        cells = next(d.value for d in at.dataframe if column in d.value.columns).astype(str).to_numpy().ravel()
        assert not [c for c in cells if re.search(r"[A-Za-z_]{2,}", c)], column  # None, nan, first, rank…
    at = signed_in_app("own_officer")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert {"What it takes to move up", "Ranks over the years"} <= {h.value for h in at.subheader}
    root = Path(__file__).resolve().parents[2]
    used = {key for path in root.glob("ui/views/ranking_[eht]*.py")
            for key in re.findall(r'\bt(?:_text)?\(f?"(rx\.[a-z_.]+)"', path.read_text(encoding="utf-8"))}
    assert used and not used - set(CATALOG)
