"""The overview, platform entry, staffing calculator and staffing gap with many platforms: a long table shows a
page and the count of all its rows, its export holds every row, and the figures are the judged register's.
Also what a Chinese reader must not see on these screens: rule ids, English headers, "Choose an option"."""
import csv
import io
import json
import re
from datetime import date

import pytest

import ui.screen_data
from logic.authz import SYSTEM
from logic.targets import target_progress
from models.counties import county_names
from models.db import read_session, write_session
from models.judged_register import judged_register
from models.tables import Platform
from tests.pages.conftest import OWN, app_build, app_store_of, open_page

GAP, PLATFORMS, OVERVIEW, STAFFING = "pages/staff_gap.py", "pages/platforms.py", "pages/overview.py", "pages/staffing.py"


def demo_build(engine) -> None:
    """app_build, then the demo at a quarter of its size: some 300 platforms, more than a page city-wide."""
    from models.demo_setup import seed_demo_data
    app_build(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo_data(session, scale=0.25)


@pytest.fixture
def demo_app_store(request, app_backend, tmp_path, monkeypatch):
    yield from app_store_of("demo_quarter", demo_build, request, app_backend, tmp_path, monkeypatch)


def _csv_rows(exports, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exports[name]().decode("utf-8-sig"), newline="")))


def _register(engine, county_code=None):
    with read_session(engine) as session:
        return judged_register(session, date.today().year, county_code).frame


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_city_staffing_gap_shows_a_page_the_count_of_all_and_exports_every_platform(demo_app_store, exports):
    register = _register(demo_app_store)
    total = len(register)
    assert total > 200  # the demo at this size is longer than a page
    at = open_page("city_admin", GAP)
    assert not at.exception
    first = at.dataframe[0].value
    assert len(first) == 200
    assert f"共 {total:,} 行" in _captions(at)
    at.number_input(key="sg_platforms_page").set_value(2).run()
    second = at.dataframe[0].value
    assert len(second) == total - 200 and not set(first["编号"]) & set(second["编号"])
    header, *rows = _csv_rows(exports, "staffing_gap.csv")
    assert header[:2] == ["编号", "名称"] and len(rows) == total
    assert {r[0] for r in rows} == set(register["code"])
    assert {r[header.index("状态")] for r in rows} <= {"缺员", "持平", "超配"}  # worded, every row
    by_county = at.dataframe[2].value
    assert by_county.iloc[-1]["平台数"] == total  # the roll-ups count every platform, not the page shown


def test_a_long_platform_list_shows_a_page_the_count_and_exports_every_row(app_store, exports):
    with write_session(app_store, SYSTEM) as session:
        for n in range(250):
            session.add(Platform(code=f"T{n:03d}", name=f"第{n}镇", level="township", county_code=OWN,
                                 service_population=5_000))
    at = open_page("own_officer", PLATFORMS)
    assert not at.exception
    assert len(at.dataframe[0].value) == 200
    assert "共 250 行" in _captions(at)
    at.number_input(key="pf_list_page").set_value(2).run()
    assert list(at.dataframe[0].value["编码"]) == [f"T{n:03d}" for n in range(200, 250)]
    header, *rows = _csv_rows(exports, "platforms.csv")
    assert len(rows) == 250 and {r[header.index("层级")] for r in rows} == {"乡(镇)"}
    at.text_input(key="pf_f_search").input("第24").run()  # 第24镇 and 第240..249镇: one page, its own count
    assert len(at.dataframe[0].value) == 11 and "共 11 条" in _captions(at)


def test_the_overview_counts_are_the_judged_registers_for_the_demo(demo_app_store):
    frame = _register(demo_app_store)
    with read_session(demo_app_store) as session:
        names = {code: pair[0] for code, pair in county_names(session).items()}
    at = open_page("viewer", OVERVIEW)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    for progress in target_progress(frame):
        assert metrics[f"{progress_label(progress.key)}"] == f"{progress.actual:,}"
    table = at.dataframe[0].value
    assert table.index.name == "县(区)"  # not the frame's own column name, "county"
    for column, values in (("已登记", frame["code"].notna()), ("达标", frame["compliant"]),
                           ("具备示范条件", frame["demonstration_eligible"])):
        expected = values.astype(int).groupby(frame["county_code"].map(names)).sum()
        assert table[column].sum(axis=1).to_dict() == expected.to_dict(), column


def progress_label(key: str) -> str:
    from ui.strings.overview import STRINGS
    return STRINGS[f"ov.target.{key}"][0]


@pytest.mark.parametrize(("lang", "compliant"), [("zh", "达标"), ("en", "Compliant")])
def test_the_overview_chart_keeps_green_for_compliant_in_either_language(demo_app_store, lang, compliant):
    at = open_page("viewer", OVERVIEW)
    at.session_state["lang"] = lang
    at.run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    scale = spec["encoding"]["color"]["scale"]
    assert scale["range"][scale["domain"].index(compliant)] == "#2e7d32"


@pytest.fixture
def loads(monkeypatch):
    """The counties whose platforms the calculator loaded."""
    calls = []
    real = ui.screen_data.platform_rows

    def counting(county_code, year=None):
        calls.append(county_code)
        return real(county_code, year)
    monkeypatch.setattr(ui.screen_data, "platform_rows", counting)
    return calls


def test_the_calculator_loads_no_register_until_a_platform_is_to_be_picked_and_then_one_county(demo_app_store,
                                                                                                 loads):
    at = open_page("city_admin", STAFFING)
    at.selectbox(key="sf_level").set_value("street").run()
    assert not at.exception and loads == []
    at.radio(key="sf_source").set_value("platform").run()
    county = at.selectbox(key="sf_county").value
    assert loads and set(loads) == {county}
    offered = at.selectbox(key="sf_platform").options
    assert len(offered) == len(_register(demo_app_store, county))


def test_the_parent_picker_says_none_in_chinese_when_there_is_no_parent(app_store):
    at = open_page("own_officer", PLATFORMS)
    picker = at.selectbox(key="pf_parent_code")
    assert picker.value is None and picker.disabled
    assert picker.proto.placeholder == "(无)"  # shown for the None option instead of "Choose an option"


RULE_ID = re.compile(r"R-[A-Z0-9]")


@pytest.mark.parametrize("page", [OVERVIEW, PLATFORMS, STAFFING, GAP])
def test_the_chinese_screens_show_no_rule_id(demo_app_store, page):
    at = open_page("own_officer", page)
    if page == PLATFORMS:  # a platform in the form, so its verdict and findings are on screen
        at.selectbox(key="pf_select").set_value(_register(demo_app_store, OWN)["code"].iloc[0]).run()
    assert not at.exception
    texts = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "success", "error")
             for e in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    texts += [w.label for kind in ("selectbox", "toggle", "number_input", "checkbox", "text_input", "radio")
              for w in getattr(at, kind)]
    texts += [" ".join(map(str, [*frame.value.columns, *frame.value.astype(str).to_numpy().ravel()]))
              for frame in at.dataframe]
    assert not [text for text in texts if RULE_ID.search(str(text))]
