"""AppTest of the people roster (R-STAFF-4, R-PERS-1..4): each role opens it; an officer adds, edits, trains,
reviews, moves and lets people leave through the forms (validated, authorised, audited); bad input is refused
with the field named and nothing written; viewers and other counties cannot change anything; the flag lists
show who must be commended, dismissed, certified or trained."""
from datetime import date

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM
from models.db import read_session, write_session
from models.people import Person, Review, Training, add_person, set_review
from models.tables import AuditLog, Platform
from tests.pages.conftest import OTHER, OWN, open_page, shown, signed_in_app

PAGE = "pages/roster.py"
PERSON = dict(post="协理员", source="assistant", establishment="off", employment="full_time",
              recruitment="open_selection", monthly_income_fen=300_000, joined_on=date(2020, 3, 1),
              certificate_no="川人社协证2020001", certificate_date=date(2020, 5, 1))


@pytest.fixture
def roster(app_store):
    """Own county: a street with 王芳 (graded 不称职 the last two years) and 李强; a community beside it.
    The other county: a township with 张敏."""
    year = date.today().year
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="S1", name="白沙湾街道", level="street", county_code=OWN, service_population=25_000))
        s.add(Platform(code="T9", name="仙临镇", level="township", county_code=OTHER))
        s.flush()
        s.add(Platform(code="C1", name="莲花池社区", level="community", county_code=OWN, parent_code="S1"))
        s.flush()
        wang = add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "S1", "name": "王芳"})
        add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "S1", "name": "李强"})
        add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "T9", "name": "张敏"})
        for y in (year - 2, year - 1):
            set_review(session=s, actor=SYSTEM, person_id=wang.id, year=y, grade="incompetent")
    return app_store


def _count(engine, table, *where) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(table).where(*where)).one()


def _people(at):
    return at.dataframe[0].value


def _fill_person(at, prefix="ro_add", name="赵丽", income="2800.50", **dates):
    at.text_input(key=f"{prefix}_name").input(name)
    at.text_input(key=f"{prefix}_post").input("协理员")
    at.text_input(key=f"{prefix}_monthly_income_fen").input(income)
    at.date_input(key=f"{prefix}_joined_on").set_value(dates.get("joined_on", date(2023, 4, 1)))
    if "certificate_date" in dates:
        at.text_input(key=f"{prefix}_certificate_no").input("川人社协证2023009")
        at.date_input(key=f"{prefix}_certificate_date").set_value(dates["certificate_date"])
    return at


def _errors(at) -> str:
    return shown(" ".join(e.value for e in at.error))


ALL_COUNTIES = 11  # R-ORG-2: Yibin's ten counties and districts and the 临港开发区
READ_ONLY = "只读:只有本县(区)经办人员或市局管理员可以修改该平台的人员。"


@pytest.mark.parametrize(("who", "counties", "platforms", "may_add"), [
    ("city_admin", ALL_COUNTIES, ["C1", "S1"], True),
    ("own_officer", ["翠屏区"], ["C1", "S1"], True),
    ("other_officer", ["南溪区"], ["T9"], True),  # their own county only, where they may change people
    ("viewer", ALL_COUNTIES, ["C1", "S1"], False),
])
def test_every_role_opens_the_roster_on_the_counties_it_may_see_and_may_add_only_where_it_may_change(
        roster, who, counties, platforms, may_add):
    at = open_page(who, PAGE)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["人员名册"] and not at.error
    shown_counties = at.selectbox(key="ro_county").options
    assert (len(shown_counties) if isinstance(counties, int) else shown_counties) == counties
    assert [o.split(" ")[0] for o in at.selectbox(key="ro_platform").options] == platforms
    assert ("ro_add_save" in {b.key for b in at.button}) is may_add
    assert (READ_ONLY in [i.value for i in at.info]) is (not may_add)


def test_the_roster_lists_the_platforms_people_with_exact_income(roster):
    at = open_page("own_officer", PAGE)
    assert at.selectbox(key="ro_platform").value == "C1"  # the first platform in code order
    at.selectbox(key="ro_platform").set_value("S1").run()
    people = _people(at)
    assert set(people["姓名"]) == {"王芳", "李强"}
    assert set(people["月收入(元)"]) == {"3,000.00"}


def test_an_officer_adds_a_person_who_appears_with_an_audit_row(roster):
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform").set_value("S1").run()
    _fill_person(at, certificate_date=date(2023, 6, 1)).button(key="ro_add_save").click().run()
    assert not at.exception
    assert any("新增 赵丽" in s.value for s in at.success)
    assert "赵丽" in set(_people(at)["姓名"])
    with read_session(roster) as s:
        added = s.exec(select(Person).where(Person.name == "赵丽")).one()
        audit = s.exec(select(AuditLog).where(AuditLog.entity == "person", AuditLog.entity_key == str(added.id))).all()
    assert (added.platform_code, added.county_code, added.monthly_income_fen) == ("S1", OWN, 280_050)
    assert [(a.actor, a.action) for a in audit] == [("officer_a", "create")]


@pytest.mark.parametrize(("income", "dates", "field", "reason"), [
    ("-100", {}, "月收入(元)", "不能为负数"),
    ("3000.555", {}, "月收入(元)", "最多两位小数"),
    ("三千", {}, "月收入(元)", "应为金额"),
    ("3000", {"certificate_date": date.fromordinal(date.today().toordinal() + 30)}, "发证日期", "晚于今天"),
    ("3000", {"joined_on": date.fromordinal(date.today().toordinal() + 30)}, "到岗日期", "晚于今天"),
])
def test_bad_input_names_the_field_and_writes_nothing(roster, income, dates, field, reason):
    before = (_count(roster, Person), _count(roster, AuditLog))
    at = open_page("own_officer", PAGE)
    _fill_person(at, income=income, **dates).button(key="ro_add_save").click().run()
    assert not at.exception
    assert field in _errors(at) and reason in _errors(at)
    assert (_count(roster, Person), _count(roster, AuditLog)) == before


def test_r_pers_2_a_second_grade_for_a_year_and_a_year_before_joining_are_refused(roster):
    """R-PERS-2 一人一年一个考核等次: 王芳 already has last year's grade; 2015 is before she joined (2020)."""
    with read_session(roster) as s:
        wang = s.exec(select(Person.id).where(Person.name == "王芳")).one()
    before = _count(roster, Review)
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_person").set_value(wang).run()
    last_year = date.today().year - 1
    at.number_input(key="ro_review_year").set_value(last_year)
    at.button(key="ro_review_save").click().run()
    assert "考核年度" in _errors(at) and f"{last_year} 年度已有考核等次" in _errors(at)
    at.number_input(key="ro_review_year").set_value(2015)
    at.button(key="ro_review_save").click().run()
    assert "2015 年度早于到岗日期" in _errors(at)
    assert _count(roster, Review) == before


def test_an_officer_records_a_training_a_review_a_move_and_a_leaving(roster):
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform").set_value("S1").run()
    person_id = at.selectbox(key="ro_person").value
    at.date_input(key="ro_train_on").set_value(date(date.today().year, 1, 10))
    at.text_input(key="ro_train_hours").input("7.5")
    at.button(key="ro_train_save").click().run()
    assert not at.exception and at.success
    with read_session(roster) as s:
        [training] = s.exec(select(Training).where(Training.person_id == person_id)).all()
    assert (training.trained_on, training.hours_tenths) == (date(date.today().year, 1, 10), 75)
    at.number_input(key="ro_review_year").set_value(date.today().year)
    at.selectbox(key="ro_review_grade").set_value("excellent")
    at.button(key="ro_review_save").click().run()
    assert at.success
    assert _grade(roster, person_id, date.today().year) == "excellent"
    at.selectbox(key="ro_move_to").set_value("C1")
    at.button(key="ro_move_save").click().run()
    assert at.success
    with read_session(roster) as s:
        assert s.get(Person, person_id).platform_code == "C1"
    at.selectbox(key="ro_platform").set_value("C1").run()
    at.date_input(key="ro_leave_on").set_value(date.today())
    at.text_input(key="ro_leave_reason").input("调离")
    at.button(key="ro_leave_save").click().run()
    assert at.success
    with read_session(roster) as s:
        gone = s.get(Person, person_id)
    assert (gone.left_on, gone.leave_reason) == (date.today(), "调离")  # kept, never deleted
    at.toggle(key="ro_include_left").set_value(True).run()
    assert "已离岗" in set(_people(at)["状态"])


def test_a_viewer_sees_the_people_but_no_write_controls(roster):
    at = open_page("viewer", PAGE)
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.endswith("_save")]
    assert any("只读" in i.value for i in at.info)


def test_an_officer_sees_only_their_own_countys_people_whatever_the_browser_sends(roster):
    at = signed_in_app("other_officer")
    at.session_state["ro_county"] = OWN  # a forged choice, there before the page draws its pickers
    at.session_state["ro_platform"] = "S1"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="ro_county").options == ["南溪区"]
    assert at.selectbox(key="ro_platform").value == "T9"
    assert set(_people(at)["姓名"]) == {"张敏"}


def test_r_pers_3_the_flag_list_shows_two_incompetent_years_in_a_row(roster):
    at = open_page("own_officer", PAGE)
    text = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "王芳" in text and "不称职" in text
    assert any("连续" in c.value and "缺一年" in c.value for c in at.caption)


def _wang(engine) -> int:
    with read_session(engine) as s:
        return s.exec(select(Person.id).where(Person.name == "王芳")).one()


def _grade(engine, person_id: int, year: int) -> str:
    with read_session(engine) as s:
        return s.exec(select(Review.grade).where(Review.person_id == person_id, Review.year == year)).one()


def _on_wang(at, roster):
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_person").set_value(_wang(roster)).run()
    return at


def test_r_pers_2_a_wrong_grade_is_corrected_in_place_and_the_audit_keeps_the_old_one(roster):
    """R-PERS-2 one grade a year: a grade entered wrongly is put right, not entered a second time, and the
    correction takes 王芳 off the dismiss-or-terminate list (R-PERS-3)."""
    wang, last_year = _wang(roster), date.today().year - 1
    at = _on_wang(open_page("own_officer", PAGE), roster)
    at.number_input(key="ro_review_year").set_value(last_year)
    at.selectbox(key="ro_review_grade").set_value("competent")
    at.checkbox(key="ro_review_correct").check()
    at.button(key="ro_review_save").click().run()
    assert not at.exception and not at.error
    assert any("已更正" in s.value for s in at.success)
    assert _grade(roster, wang, last_year) == "competent"
    assert _count(roster, Review, Review.person_id == wang) == 2  # corrected, not added
    with read_session(roster) as s:
        trail = s.exec(select(AuditLog).where(AuditLog.entity == "review", AuditLog.action == "update")).all()
    assert [a.actor for a in trail] == ["officer_a"] and "incompetent" in str(trail[0].before)
    flags = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "王芳" not in flags or "不称职、不称职" not in flags


@pytest.mark.both_stores
def test_a_grade_corrected_by_someone_else_after_it_was_shown_is_not_overwritten(roster):
    from logic.authz import Actor
    from models.people import correct_review
    wang, last_year = _wang(roster), date.today().year - 1
    at = _on_wang(open_page("own_officer", PAGE), roster)
    other = Actor("officer_li", "county_officer", OWN)
    with write_session(roster, other) as s:  # a colleague corrects the same grade while the form is open
        correct_review(session=s, actor=other, person_id=wang, year=last_year, grade="basic", expected_version=1)
    at.number_input(key="ro_review_year").set_value(last_year)
    at.selectbox(key="ro_review_grade").set_value("competent")
    at.checkbox(key="ro_review_correct").check()
    at.button(key="ro_review_save").click().run()
    assert not at.exception and "officer_li" in _errors(at)
    assert _grade(roster, wang, last_year) == "basic"


def test_a_correction_is_checked_against_the_person_being_edited_whoever_the_history_shows(roster):
    wang, last_year = _wang(roster), date.today().year - 1
    with read_session(roster) as s:
        li = s.exec(select(Person.id).where(Person.name == "李强")).one()
    at = _on_wang(open_page("own_officer", PAGE), roster)
    at.selectbox(key="ro_history_person").set_value(li).run()
    at.number_input(key="ro_review_year").set_value(last_year)
    at.selectbox(key="ro_review_grade").set_value("competent")
    at.checkbox(key="ro_review_correct").check()
    at.button(key="ro_review_save").click().run()
    assert not at.exception and not at.error
    assert _grade(roster, wang, last_year) == "competent"


def test_correcting_a_year_that_has_no_grade_names_the_year_and_writes_nothing(roster):
    before = (_count(roster, Review), _count(roster, AuditLog))
    at = _on_wang(open_page("own_officer", PAGE), roster)
    at.number_input(key="ro_review_year").set_value(2021)
    at.checkbox(key="ro_review_correct").check()
    at.button(key="ro_review_save").click().run()
    assert not at.exception
    assert "考核年度" in _errors(at) and "2021 年度尚无考核等次" in _errors(at)
    assert (_count(roster, Review), _count(roster, AuditLog)) == before


def test_a_viewer_gets_no_form_field_at_all(roster):
    """Not only the save buttons: no input of the add, edit, train, review, move or leave forms is drawn."""
    at = open_page("viewer", PAGE)
    at.selectbox(key="ro_platform").set_value("S1").run()
    keys = {w.key for w in [*at.text_input, *at.date_input, *at.checkbox, *at.selectbox] if w.key}
    assert not {k for k in keys if k.startswith(("ro_add_", "ro_edit_", "ro_train_", "ro_review_", "ro_move_",
                                                 "ro_leave_"))}


def test_a_missing_certificate_reads_as_an_empty_cell_not_none(roster):
    with write_session(roster, SYSTEM) as s:
        add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "S1", "name": "陈静",
                                                   "certificate_no": None, "certificate_date": None})
    at = open_page("own_officer", PAGE)
    at.selectbox(key="ro_platform").set_value("S1").run()
    chen = _people(at).set_index("姓名").loc["陈静"]
    assert (chen["证书编号"], chen["发证日期"], chen["离岗日期"]) == ("", "", "")


def test_the_english_roster_and_flags_say_the_same(roster):
    at = signed_in_app("own_officer")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    at.selectbox(key="ro_platform").set_value("S1").run()
    assert set(_people(at)["Name"]) == {"王芳", "李强"}
    assert "Incompetent" in " ".join(str(df.value.to_dict()) for df in at.dataframe)


def test_the_edit_form_shows_the_person_again_after_a_platform_without_people(roster):
    """Streamlit forgets a widget's value when a run does not draw it: coming back from a platform with nobody
    on it, the edit form must be filled from the store again, not left at its defaults (a save would write
    them)."""
    at = _on_wang(open_page("own_officer", PAGE), roster)
    assert at.selectbox(key="ro_edit_source").value == "assistant"
    at.selectbox(key="ro_platform").set_value("C1").run()
    at.selectbox(key="ro_platform").set_value("S1").run()
    at.selectbox(key="ro_person").set_value(_wang(roster)).run()
    assert (at.text_input(key="ro_edit_name").value, at.selectbox(key="ro_edit_source").value,
            at.date_input(key="ro_edit_joined_on").value) == ("王芳", "assistant", date(2020, 3, 1))
