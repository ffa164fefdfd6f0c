"""AppTest of the platform entry screen: it renders, a good save persists with its verdict, a bad one is refused."""
import pytest
from sqlmodel import select

from models.db import read_session
from models.tables import Platform
from tests.pages.conftest import OWN, open_page

PAGE = "pages/platforms.py"


def _count(engine) -> int:
    with read_session(engine) as session:
        return len(session.exec(select(Platform)).all())


def _fill_township(at, code="511502101000", name="李庄镇"):
    at.text_input(key="pf_code").input(code)
    at.text_input(key="pf_name").input(name)
    at.selectbox(key="pf_level").set_value("township")
    at.number_input(key="pf_service_population").set_value(12_000)
    return at


def test_the_entry_screen_shows_the_county_picker_list_and_form(app_store):
    at = open_page("own_officer", PAGE)
    assert not at.exception
    assert at.selectbox(key="pf_county").value == OWN
    assert at.button(key="pf_save") is not None
    assert at.text_input(key="pf_code").value == ""
    assert "12 位统计用区划代码" in at.text_input(key="pf_code").help  # issue 15: the field says what a code is


def test_a_good_save_persists_and_appears_in_the_list_with_its_verdict(app_store):
    at = _fill_township(open_page("own_officer", PAGE))
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert any("511502101000" in s.value and "未达标" in s.value for s in at.success)
    with read_session(app_store) as session:
        saved = session.exec(select(Platform).where(Platform.code == "511502101000")).one()
    assert (saved.county_code, saved.level, saved.service_population) == (OWN, "township", 12_000)
    listed = at.dataframe[0].value
    assert "511502101000" in set(listed.iloc[:, 0])


def test_a_community_without_a_parent_is_refused_with_a_message_on_the_field(app_store):
    at = _fill_township(open_page("own_officer", PAGE), code="511502-CNEW1", name="xx社区")
    at.selectbox(key="pf_level").set_value("community")
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert _count(app_store) == 0
    assert any("所属街道" in m.value for m in at.markdown if ":material/warning:" in m.value)


@pytest.mark.parametrize("code, says", [
    ("511503-V9910", "编码前 6 位 511503 是另一个县(区)的代码"),   # issue 15's bug: 南溪区's prefix in 翠屏区
    (" <b>X</b> ", "编码只能含数字、大写字母和“-”"),                # issue 15's bug: markup
    ("511502 101000", "编码只能含数字、大写字母和“-”"),
    ("511502001000", "与层级不符"),                                  # a street's number on a township
])
def test_a_bad_new_code_is_refused_under_the_code_field_saying_what_a_code_looks_like(app_store, code, says):
    """Issue 15: the message sits under 编码, says why and what a code looks like; no platform or audit row."""
    from models.tables import AuditLog
    with read_session(app_store) as session:
        audits = len(session.exec(select(AuditLog)).all())
    at = _fill_township(open_page("own_officer", PAGE), code=code)
    at.button(key="pf_save").click().run()
    assert not at.exception and _count(app_store) == 0
    with read_session(app_store) as session:
        assert len(session.exec(select(AuditLog)).all()) == audits
    shown = [m.value for m in at.markdown if ":material/warning:" in m.value]
    assert any(says in m and "编码应为 12 位统计用区划代码" in m and "511502-P001" in m for m in shown), shown
    assert not any("<b>" in m.replace("\\<", "") for m in shown)  # markup echoed back is escaped (\\<), never rendered


def test_a_pasted_name_too_long_is_refused_saying_how_long_it_may_be_and_nothing_is_written(app_store):
    """The form takes any length (a browser's max length dropped a longer paste whole, and the save then said the
    name was missing); the store refuses it, saying the limit and the length typed."""
    at = _fill_township(open_page("own_officer", PAGE), name="长" * 300)
    at.button(key="pf_save").click().run()
    assert not at.exception and _count(app_store) == 0
    assert any("名称最多 100 字,现有 300 字" in m.value for m in at.markdown if ":material/warning:" in m.value)
    assert not any("不能为空" in m.value for m in at.markdown)


def test_a_negative_area_is_refused_and_nothing_is_written(app_store):
    at = _fill_township(open_page("own_officer", PAGE))
    at.number_input(key="pf_area_m2").set_value(-5.0)
    at.button(key="pf_save").click().run()
    assert _count(app_store) == 0
    assert any("不能为负数" in m.value for m in at.markdown)


def test_r_8_3_a_roster_sets_the_staff_counts_the_form_shows_and_a_save_keeps_the_entered_figures(app_store):
    """R-8.3 counts the staff a platform has; once its roster has people, the form shows the roster's counts
    (read-only there) and evaluates with them, and saving other fields leaves the entered figures as stored."""
    from datetime import date

    from logic.authz import SYSTEM
    from models.db import write_session
    from models.people import add_person
    person = dict(post="协理员", source="assistant", establishment="off", employment="full_time",
                  recruitment="open_selection", monthly_income_fen=300_000, joined_on=date(2020, 3, 1))
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="511502-S9", name="白沙湾街道", level="street", county_code=OWN, service_population=25_000,
                       staff_full_time=0, staff_part_time=5))
        s.flush()
        for name in ("王芳", "李强", "张敏"):
            add_person(session=s, actor=SYSTEM, facts={**person, "platform_code": "511502-S9", "name": name})
    at = open_page("own_officer", PAGE)
    at.selectbox(key="pf_select").set_value("511502-S9").run()
    assert not at.exception
    full, part = at.number_input(key="pf_staff_full_time"), at.number_input(key="pf_staff_part_time")
    assert (full.value, part.value, full.disabled, part.disabled) == (3, 0, True, True)
    assert any("按人员名册计:专职 3 人、兼职 0 人" in c.value for c in at.caption)
    at.text_input(key="pf_name").input("白沙湾街道便民服务中心")
    at.button(key="pf_save").click().run()
    assert not at.exception
    with read_session(app_store) as session:
        saved = session.exec(select(Platform).where(Platform.code == "511502-S9")).one()
    assert (saved.name, saved.staff_full_time, saved.staff_part_time) == ("白沙湾街道便民服务中心", 0, 5)


@pytest.mark.both_stores  # a stale save, on the shared server too
def test_two_officers_edit_one_platform_the_second_save_is_refused_and_shows_what_changed(app_store):
    """No lost updates: the later save, started from the old version, is refused with the other user's
    change on screen; the first save survives and nothing of the second is written."""
    from logic.authz import SYSTEM
    from models.db import write_session
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="511502-S8", name="合江门街道", level="street", county_code=OWN, service_population=20_000))
    first, second = open_page("own_officer", PAGE), open_page("city_admin", PAGE)
    second.selectbox(key="pf_county").set_value(OWN).run()
    for at in (first, second):
        at.selectbox(key="pf_select").set_value("511502-S8").run()
    first.text_input(key="pf_name").input("合江门街道便民服务中心")
    first.button(key="pf_save").click().run()
    second.number_input(key="pf_area_m2").set_value(90.0)
    second.button(key="pf_save").click().run()
    assert not second.exception
    assert any("在您打开之后修改了此记录" in e.value for e in second.error)
    shown = next(d.value for d in second.dataframe if "修改后" in "".join(map(str, d.value.columns))
                 or "平台名称" in set(d.value.iloc[:, 0].astype(str)))  # the refusal's table, not the batch grid
    assert "平台名称" in set(shown.iloc[:, 0]) and "合江门街道便民服务中心" in set(shown.iloc[:, 2])
    with read_session(app_store) as session:
        saved = session.exec(select(Platform).where(Platform.code == "511502-S8")).one()
    assert (saved.name, saved.area_m2, saved.version) == ("合江门街道便民服务中心", 0, 2)


def test_r_8_6_this_years_funding_lines_decide_the_verdict_the_list_shows(app_store):
    """R-8.6 有统一工作经费: once a platform has funding lines this year, the ledger decides its funds item —
    a personnel line alone leaves the work funds unsecured, and the list's verdict follows."""
    from datetime import date

    from logic.authz import SYSTEM
    from models.db import write_session
    from models.funding import add_line
    from tests.models.test_people_store import COMPLETE
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="511502-S7", name="白沙湾街道", level="street", county_code=OWN, staff_full_time=2,
                       service_population=8_000, **COMPLETE))
    at = open_page("own_officer", PAGE)
    listed = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    assert "未达标" not in " ".join(map(str, listed.loc["511502-S7"]))
    year = date.today().year
    with write_session(app_store, SYSTEM) as s:
        add_line(session=s, actor=SYSTEM, county_code=OWN, facts={
            "year": year, "platform_code": "511502-S7", "category": "personnel", "source": "county_budget",
            "budgeted": "30000", "allocated": "30000", "spent": "0", "note": ""}, today=date(year, 6, 1))
    at.run()
    listed = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    assert "未达标" in " ".join(map(str, listed.loc["511502-S7"]))


def test_r_8_6_the_form_shows_the_ledgers_funds_verdict_read_only(app_store):
    from datetime import date

    from logic.authz import SYSTEM
    from models.db import write_session
    from models.funding import add_line
    year = date.today().year
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="511502-S6", name="合江门街道", level="street", county_code=OWN, work_funds_secured=True))
        s.flush()
        add_line(session=s, actor=SYSTEM, county_code=OWN, facts={
            "year": year, "platform_code": "511502-S6", "category": "personnel", "source": "county_budget",
            "budgeted": "100", "allocated": "100", "spent": "0", "note": ""}, today=date(year, 6, 1))
    at = open_page("own_officer", PAGE)
    at.selectbox(key="pf_select").set_value("511502-S6").run()
    box = at.checkbox(key="pf_work_funds_secured")
    assert (box.value, box.disabled) == (False, True)
    assert any("未落实工作经费" in c.value for c in at.caption)
    at.text_input(key="pf_name").input("合江门街道服务中心")
    at.button(key="pf_save").click().run()
    with read_session(app_store) as session:
        saved = session.exec(select(Platform).where(Platform.code == "511502-S6")).one()
    assert (saved.name, saved.work_funds_secured) == ("合江门街道服务中心", True)  # the entered flag is kept


def test_select_all_and_clear_fill_a_list_in_one_click_and_the_live_verdict_follows(app_store):
    """Quick entry: the nine pieces of equipment and the eight services are one click each, not nine and eight."""
    from logic.codes import EQUIPMENT, SERVICES
    at = _fill_township(open_page("own_officer", PAGE))
    at.button(key="pf_equipment_all").click().run()
    at.button(key="pf_services_all").click().run()
    assert not at.exception
    assert sorted(at.session_state["pf_equipment"]) == sorted(EQUIPMENT)
    assert sorted(at.session_state["pf_services"]) == sorted(SERVICES)
    headers = [m.value for m in at.markdown if "设施设备" in m.value or "服务内容" in m.value]
    assert headers and all("未满足" not in h for h in headers)  # both groups now pass in the live verdict
    at.button(key="pf_equipment_none").click().run()
    assert at.session_state["pf_equipment"] == []
    assert any("未满足" in m.value and "设施设备" in m.value for m in at.markdown)
