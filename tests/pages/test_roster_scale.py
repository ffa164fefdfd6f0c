"""AppTest of the roster at a province's size: no picker offers a county's (or the province's) every platform,
the flag lists come a page at a time with the count and export of every row, a write from elsewhere is seen
on the next run although the lists are cached, and the report "the roster lists 王芳 on an empty platform".

The fixture adds to the roster page's store a second street of the own county (江北街道 S2, with a community
C2 and a village V2) and a county platform K1, so the county has three headings to pick under."""
from datetime import date

import pytest
from sqlmodel import select

from logic.authz import SYSTEM, Actor
from models.db import read_session, write_session
from models.people import Person, add_person, move_person
from models.tables import AuditLog, Platform
from tests.pages.conftest import OTHER, OWN, open_page, signed_in_app
from tests.pages.test_roster_page import PAGE, PERSON, roster  # noqa: F401 -- the roster fixture, used by name


@pytest.fixture
def county(roster):  # noqa: F811 -- the roster fixture, extended
    with write_session(roster, SYSTEM) as s:
        s.add(Platform(code="K1", name="翠屏区就业服务中心", level="county", county_code=OWN))
        s.add(Platform(code="S2", name="江北街道", level="street", county_code=OWN, service_population=30_000))
        s.flush()
        s.add(Platform(code="C2", name="新华社区", level="community", county_code=OWN, parent_code="S2"))
        s.add(Platform(code="V2", name="龙头山村", level="village", county_code=OWN, parent_code="S2"))
    return roster


def _codes(box) -> list[str]:
    return [o.split(" ")[0] for o in box.options]


def _person(engine, name: str) -> Person:
    with read_session(engine) as s:
        return s.exec(select(Person).where(Person.name == name)).one()


def _flag_table(at, title: str):
    """The table (the page shown) of the flag list whose heading starts with `title`."""
    [expander] = [e for e in at.expander if e.label.startswith(title)]
    return expander.dataframe[0].value


def _platform_boxes(at) -> dict[str, list[str]]:
    """Every select box of the page that offers platforms, with the codes it offers."""
    return {b.key: _codes(b) for b in at.selectbox if b.key in ("ro_platform", "ro_move_to")}


def test_the_roster_offers_a_street_or_township_first_then_only_its_platforms(county):
    at = open_page("own_officer", PAGE)
    assert not at.exception
    towns = at.selectbox(key="ro_platform_township")
    assert towns.options == ["县级平台", "S1 白沙湾街道", "S2 江北街道"]  # the county platforms under a heading
    assert towns.value == "-" and _codes(at.selectbox(key="ro_platform")) == ["K1"]
    towns.set_value("S2").run()
    assert _codes(at.selectbox(key="ro_platform")) == ["C2", "S2", "V2"]
    assert at.selectbox(key="ro_platform").value == "C2"  # the first of the street, not a platform left behind


def test_no_select_of_the_roster_offers_more_than_one_street_or_townships_platforms(county):
    """An administrator's move form used to offer every platform of the city; now each picker offers one
    street/township's platforms at most (the one being moved from left out)."""
    at = open_page("city_admin", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    boxes = _platform_boxes(at)
    assert boxes == {"ro_platform": ["C1", "S1"], "ro_move_to": ["C1"]}  # the move starts on the person's street
    with read_session(county) as s:
        every = len(s.exec(select(Platform.code)).all())
    assert max(len(o) for o in boxes.values()) < every - 1


def test_the_search_narrows_the_streets_and_the_platforms_to_what_matches(county):
    at = open_page("own_officer", PAGE)
    at.text_input(key="ro_platform_search").input("龙头").run()
    assert at.selectbox(key="ro_platform_township").options == ["S2 江北街道"]
    assert _codes(at.selectbox(key="ro_platform")) == ["V2"]  # the street did not match: only what did
    at.text_input(key="ro_platform_search").input("江北").run()
    assert _codes(at.selectbox(key="ro_platform")) == ["C2", "S2", "V2"]  # the street matched: all of it
    at.text_input(key="ro_platform_search").input("不存在的平台").run()
    assert not at.exception
    assert any("不存在的平台" in i.value for i in at.info)
    assert "ro_platform" not in {b.key for b in at.selectbox} and not at.tabs  # nothing to show a roster of


def test_a_platform_put_in_the_picker_brings_its_street_along(county):
    at = signed_in_app("own_officer")
    at.session_state["ro_platform"] = "V2"  # as a link or the page before would leave it
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="ro_platform_township").value == "S2"
    assert at.selectbox(key="ro_platform").value == "V2"


def test_an_administrator_moves_a_person_to_another_countys_platform_through_its_street(county):
    li = _person(county, "李强")
    at = open_page("city_admin", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_person").set_value(li.id).run()
    at.selectbox(key="ro_move_county").set_value(OTHER).run()
    assert _codes(at.selectbox(key="ro_move_to")) == ["T9"]
    at.button(key="ro_move_save").click().run()
    assert not at.exception and any("李强 已调动到 仙临镇" in s.value for s in at.success)
    moved = _person(county, "李强")
    assert (moved.platform_code, moved.county_code) == ("T9", OTHER)
    with read_session(county) as s:
        audit = s.exec(select(AuditLog).where(AuditLog.entity == "person", AuditLog.entity_key == str(li.id),
                                              AuditLog.action == "update")).all()
    assert [a.actor for a in audit] == ["admin"]


def test_a_county_officer_moves_only_within_their_county(county):
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    assert at.selectbox(key="ro_move_county").options == ["翠屏区"]
    assert at.selectbox(key="ro_move_county").disabled


def _uncertified(engine, n: int) -> None:
    with write_session(engine, SYSTEM) as s:
        for i in range(n):
            add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "C2", "name": f"无证{i:03d}",
                                                       "certificate_no": None, "certificate_date": None})


def test_the_whole_city_flag_list_comes_a_page_at_a_time_with_the_count_and_export_of_every_row(county, exports):
    made = exports
    _uncertified(county, 205)
    at = open_page("city_admin", PAGE)
    at.toggle(key="ro_flags_city").set_value(True).run()
    assert not at.exception
    assert any(e.label.startswith("未持证上岗") and e.label.endswith("· 205") for e in at.expander)
    table = _flag_table(at, "未持证上岗")
    assert len(table) == 200 and table["平台"].iloc[0] == "C2 新华社区"  # a page, in words
    assert any("共 205 行" in c.value for c in at.caption)
    at.number_input(key="ro_flags_not_certified_page").set_value(2).run()
    assert len(_flag_table(at, "未持证上岗")) == 5
    year = date.today().year
    rows = made[f"flags_not_certified_{year}.csv"]().decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 205 and "C2 新华社区" in rows[-1]


def test_a_write_from_elsewhere_is_seen_on_the_next_run_in_the_roster_and_the_flag_lists(county):
    """The lists are cached by the store revision: another user moving 王芳 shows on this user's next run."""
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    assert "王芳" in set(at.dataframe[0].value["姓名"])
    flags = _flag_table(at, "辞退或解除合同")
    assert flags.set_index("姓名").loc["王芳", "平台"] == "S1 白沙湾街道"
    other = Actor("officer_li", "county_officer", OWN)
    wang = _person(county, "王芳")
    with write_session(county, other) as s:
        move_person(session=s, actor=other, person_id=wang.id, to_platform_code="C2", expected_version=wang.version)
    at.run()
    assert "王芳" not in set(at.dataframe[0].value["姓名"])
    flags = _flag_table(at, "辞退或解除合同")
    assert flags.set_index("姓名").loc["王芳", "平台"] == "C2 新华社区"


def test_an_empty_platform_lists_nobody_and_wang_fang_shows_only_on_the_countys_flag_list(county):
    """The report "the roster lists 王芳 on an empty platform": C1 has nobody; its people tab says so and the
    edit tab offers nobody. 王芳 does show on the same screen, in the flag lists, which are the county's (the
    caption says so) and name her platform, S1."""
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("C1").run()
    assert not at.exception
    assert any("该平台还没有人员记录" in i.value for i in at.info)
    assert any("没有可操作的在岗人员" in c.value for c in at.caption)
    assert not {"ro_person", "ro_history_person"} & {b.key for b in at.selectbox}
    assert "ro_dl_people_csv" not in {b.key for b in at.download_button if b.key}
    in_lists = sum(len(e.dataframe) for e in at.expander)
    assert len(at.dataframe) == in_lists > 0  # no people table: every table on screen is a flag list
    assert _flag_table(at, "辞退或解除合同").set_index("姓名").loc["王芳", "平台"] == "S1 白沙湾街道"
    assert any("范围:翠屏区在岗人员" in c.value for c in at.caption)


def test_the_roster_platform_picker_keeps_a_platform_another_user_renamed(county, monkeypatch):
    from models.platforms import get_platform, update_platform
    from tests.pages.conftest import browser_sends_label
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S2").run()
    at.selectbox(key="ro_platform").set_value("V2").run()
    admin = Actor("admin", "city_admin")
    with write_session(county, admin) as s:
        v2 = get_platform(s, "V2")
        update_platform(session=s, actor=admin, code="V2", facts={"name": "龙头山新村"}, expected_version=v2.version)
    at.run()
    browser_sends_label(monkeypatch, at, "ro_platform", "V2 龙头山村")
    assert not at.exception
    assert at.selectbox(key="ro_platform").value == "V2"
    assert at.selectbox(key="ro_platform_township").value == "S2"


def test_past_the_listed_number_of_streets_the_rest_are_found_by_search_and_the_picked_one_stays(county,
                                                                                              monkeypatch):
    """A province's county has a thousand streets/townships: the picker lists the first few hundred (two here),
    says how many there are, and finds the others by search; one picked from elsewhere is listed too."""
    monkeypatch.setattr("ui.views.platform_picker.TOWNS_LISTED", 2)
    at = open_page("own_officer", PAGE)
    assert at.selectbox(key="ro_platform_township").options == ["县级平台", "S1 白沙湾街道"]
    assert any("共 3 个街道/乡镇,此处列出 2 个" in c.value for c in at.caption)
    at.text_input(key="ro_platform_search").input("江北").run()
    assert at.selectbox(key="ro_platform_township").options == ["S2 江北街道"]
    at.selectbox(key="ro_platform").set_value("V2").run()
    at.text_input(key="ro_platform_search").input("").run()
    assert at.selectbox(key="ro_platform_township").options == ["县级平台", "S1 白沙湾街道", "S2 江北街道"]
    assert (at.selectbox(key="ro_platform_township").value, at.selectbox(key="ro_platform").value) == ("S2", "V2")


def test_the_move_form_starts_on_the_street_of_each_person_picked(county):
    """The move pickers keep a choice while the same person is on screen, and start again on the street/township
    of the next person picked (the county platforms come first, so a fresh start elsewhere would show)."""
    with write_session(county, SYSTEM) as s:
        add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "C2", "name": "周敏"})
    at = open_page("city_admin", PAGE)
    at.selectbox(key="ro_platform_township").set_value("S1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    assert at.selectbox(key="ro_move_to_township").value == "S1"
    at.selectbox(key="ro_move_to_township").set_value("S2").run()
    at.selectbox(key="ro_person").set_value(_person(county, "李强").id).run()
    assert at.selectbox(key="ro_move_to_township").value == "S1"  # 李强's street, not the one picked for 王芳
    at.selectbox(key="ro_platform_township").set_value("S2").run()
    at.selectbox(key="ro_platform").set_value("C2").run()
    assert (at.selectbox(key="ro_move_to_township").value, _codes(at.selectbox(key="ro_move_to"))) == ("S2", ["S2", "V2"])


@pytest.mark.parametrize(("lang", "labels", "heading"), [
    ("zh", ["查找平台(编号或名称)", "街道/乡镇", "平台"], "县级平台"),
    ("en", ["Find a platform (code or name)", "Street/township", "Platform"], "County platforms"),
])
def test_the_pickers_speak_the_screens_language(county, lang, labels, heading):
    at = signed_in_app("own_officer")
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = [at.text_input(key="ro_platform_search").label, at.selectbox(key="ro_platform_township").label,
             at.selectbox(key="ro_platform").label]
    assert shown == labels and at.selectbox(key="ro_platform_township").options[0] == heading
