"""A save refused because someone else saved the record after the form was opened: no last save wins.

Each test opens a form, lets a second user change the same record straight through the store, then saves: the
save is refused, nothing of it is written, every typed field is still in the form, and the message names the
other user (display name, never "?") and lists the fields they changed, in Chinese. Saving again — now at the
new version — is the officer's deliberate choice, and wins.
"""
import pytest
from sqlmodel import select

from logic.authz import SYSTEM, Actor
from models.db import read_session, write_session
from models.platforms import facts_of, get_platform, update_platform
from models.tables import Platform
from models.users import create_user, get_user, update_user
from tests.pages.conftest import OTHER, OWN, PASSWORD, open_page

# every rerun through Home.py, as on the server; stale saves and locking on PostgreSQL too
pytestmark = [pytest.mark.usefixtures("served_app"), pytest.mark.both_stores]

PLATFORMS = "pages/platforms.py"
ADMIN = Actor("admin", "city_admin")  # display name "Admin" (conftest)


def _platform(engine, code="511502-S8", name="合江门街道"):
    with write_session(engine, SYSTEM) as s:
        s.add(Platform(code=code, name=name, level="street", county_code=OWN, service_population=20_000,
                       sign_text="合江门街道便民服务中心"))


def _admin_edits_platform(engine, code="511502-S8", **changes):
    with write_session(engine, ADMIN) as s:
        platform = get_platform(s, code)
        update_platform(session=s, actor=ADMIN, code=code, facts={**facts_of(platform), **changes},
                        expected_version=platform.version)


def _stored(engine, code="511502-S8") -> Platform:
    with read_session(engine) as session:
        return session.exec(select(Platform).where(Platform.code == code)).one()


def _officer_types(at):
    at.selectbox(key="pf_select").set_value("511502-S8").run()
    at.number_input(key="pf_area_m2").set_value(90.0)
    at.text_input(key="pf_sign_text").input("合江门街道社区就业和社会保障服务站")
    at.checkbox(key="pf_rules_posted").check()
    at.pills(key="pf_windows").set_value(["employment", "social_insurance"])
    return at


def _changes_table(at) -> dict:
    frame = next(d.value for d in at.dataframe if "修改人" in d.value.columns)
    return {row["字段"]: row for row in frame.to_dict("records")}


def test_a_stale_platform_save_keeps_every_typed_field_and_the_picked_platform(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    _admin_edits_platform(app_store, name="合江门街道便民服务中心", service_population=26_000)
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert at.selectbox(key="pf_select").value == "511502-S8"  # not 新增平台, though its label changed
    assert at.number_input(key="pf_area_m2").value == 90.0
    assert at.text_input(key="pf_sign_text").value == "合江门街道社区就业和社会保障服务站"
    assert at.checkbox(key="pf_rules_posted").value is True
    assert sorted(at.pills(key="pf_windows").value) == ["employment", "social_insurance"]
    # what the officer did not touch takes the other user's values, so a second save does not undo them
    assert at.text_input(key="pf_name").value == "合江门街道便民服务中心"
    assert at.number_input(key="pf_service_population").value == 26_000
    assert not any("都修改了" in w.value for w in at.warning)  # no field was changed by both
    stored = _stored(app_store)
    assert (stored.area_m2, stored.rules_posted, stored.version) == (0, False, 2)


def test_the_refusal_names_the_other_user_and_lists_their_changes_in_chinese(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    _admin_edits_platform(app_store, name="合江门街道便民服务中心", level="township")
    at.button(key="pf_save").click().run()
    message = " ".join(e.value for e in at.error)
    assert "Admin" in message and "?" not in message and "第 2 版" in message
    changes = _changes_table(at)
    assert set(changes) == {"平台名称", "层级"}
    assert (changes["平台名称"]["您打开时"], changes["平台名称"]["现在"]) == ("合江门街道", "合江门街道便民服务中心")
    assert (changes["层级"]["您打开时"], changes["层级"]["现在"]) == ("街道", "乡(镇)")
    assert {row["修改人"] for row in changes.values()} == {"Admin"}
    assert all(row["修改时间(北京时间)"] for row in changes.values())
    shown = " ".join(str(v) for row in changes.values() for v in row.values())
    assert "None" not in shown and "township" not in shown


def test_a_field_both_changed_keeps_the_officers_value_and_says_a_second_save_writes_over_it(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    at.text_input(key="pf_name").input("合江门便民服务站")
    _admin_edits_platform(app_store, name="合江门街道便民服务中心")
    at.button(key="pf_save").click().run()
    assert at.text_input(key="pf_name").value == "合江门便民服务站"
    assert any("平台名称" in w.value for w in at.warning)
    assert _stored(app_store).name == "合江门街道便民服务中心"


def test_saving_again_after_the_refusal_writes_the_officers_values_at_the_new_version(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    _admin_edits_platform(app_store, name="合江门街道便民服务中心")
    at.button(key="pf_save").click().run()
    at.button(key="pf_save").click().run()
    assert not at.exception and at.success
    stored = _stored(app_store)
    assert (stored.name, stored.area_m2, stored.rules_posted, stored.version) == (
        "合江门街道便民服务中心", 90, True, 3)


def test_a_platform_deleted_meanwhile_is_refused_with_words_not_a_traceback(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    with write_session(app_store, ADMIN) as s:
        s.delete(get_platform(s, "511502-S8"))
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert any("已被他人删除" in e.value for e in at.error)


# --- users -----------------------------------------------------------------------------------------
USERS = "pages/users.py"
DEPUTY = Actor("deputy", "city_admin")


def _deputy_moves_officer_a(engine, **changes):
    """A second city administrator (display name 李主任) saves officer_a first."""
    with write_session(engine, SYSTEM) as s:
        create_user(session=s, actor=SYSTEM, username="deputy", display_name="李主任", role="city_admin",
                    county_code=None, password=PASSWORD)
    with write_session(engine, DEPUTY) as s:
        user = get_user(s, "officer_a")
        facts = dict(display_name=user.display_name, role=user.role, county_code=user.county_code, active=True)
        update_user(session=s, actor=DEPUTY, username="officer_a", expected_version=user.version,
                    **{**facts, **changes})


def _open_officer_a():
    at = open_page("city_admin", USERS)
    at.selectbox(key="us_pick").set_value("officer_a").run()
    return at


def test_a_stale_user_save_keeps_the_typing_and_names_the_other_administrator(app_store):
    at = _open_officer_a()
    at.text_input(key="us_edit_display_name").input("王小明")
    _deputy_moves_officer_a(app_store, county_code=OTHER)
    at.button(key="us_save").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "李主任" in message and "?" not in message
    changes = _changes_table(at)
    assert set(changes) == {"所属县(区)(仅县(区)经办人员)", "此时间之前的登录失效(重设密码或强制下线)"}  # a move ends sessions
    row = changes["所属县(区)(仅县(区)经办人员)"]
    assert (row["您打开时"], row["现在"], row["修改人"]) == ("翠屏区", "南溪区", "李主任")
    assert at.text_input(key="us_edit_display_name").value == "王小明"
    assert at.selectbox(key="us_edit_county").value == OTHER  # left alone: the other's value
    assert _user_now(app_store).display_name == "Officer_A"
    at.button(key="us_save").click().run()  # seen it: save again
    assert not at.exception and at.success
    after = _user_now(app_store)
    assert (after.display_name, after.county_code) == ("王小明", OTHER)


def test_a_stale_password_reset_keeps_the_typed_password_and_writes_nothing(app_store):
    at = _open_officer_a()
    before = _user_now(app_store).password_hash
    at.text_input(key="us_reset_password").input("another-secret-7")
    _deputy_moves_officer_a(app_store, active=False)
    at.button(key="us_reset").click().run()
    assert not at.exception
    assert "李主任" in " ".join(e.value for e in at.error)
    assert set(_changes_table(at)) >= {"启用"}
    assert at.text_input(key="us_reset_password").value == "another-secret-7"
    assert _user_now(app_store).password_hash == before


def _user_now(engine):
    with read_session(engine) as session:
        return get_user(session, "officer_a")


# --- funding lines (the ledger table) ----------------------------------------------------------------
FUNDING = "pages/funding.py"


def _funding_lines(engine):
    from datetime import date

    from models.funding import add_line
    year = date.today().year
    with write_session(engine, SYSTEM) as s:
        s.add(Platform(code="OWN-S1", name="白沙湾街道", level="street", county_code=OWN))
        s.flush()
        line = add_line(session=s, actor=SYSTEM, county_code=OWN, facts={
            "year": year, "platform_code": "OWN-S1", "category": "personnel", "source": "county_budget",
            "budgeted": "1000.10", "allocated": "1000.10", "spent": "500"})
        return line.id


def _line(engine, line_id):
    from models.funding import FundingLine
    with read_session(engine) as session:
        return session.get(FundingLine, line_id)


def test_a_stale_ledger_save_keeps_the_table_edits_and_lists_the_other_users_changes(app_store):
    from models.funding import update_line
    line_id = _funding_lines(app_store)
    at = open_page("own_officer", FUNDING)
    edits = {"edited_rows": {0: {"note": "核对后更正"}}, "added_rows": [], "deleted_rows": []}
    at.session_state["fd_l_editor"] = edits
    with write_session(app_store, ADMIN) as s:
        update_line(session=s, actor=ADMIN, line_id=line_id, facts={"budgeted": "1200", "source": "city_special"},
                    expected_version=1)
    at.button(key="fd_l_save_table").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "Admin" in message and "?" not in message
    changes = _changes_table(at)
    assert set(changes) == {f"#{line_id} 预算(元)", f"#{line_id} 资金来源"}
    assert (changes[f"#{line_id} 预算(元)"]["您打开时"], changes[f"#{line_id} 预算(元)"]["现在"]) == ("1000.10", "1200.00")
    assert "city_special" not in " ".join(changes[f"#{line_id} 资金来源"].values())
    assert at.session_state["fd_l_editor"]["edited_rows"] == {0: {"note": "核对后更正"}} or \
        at.session_state["fd_l_editor"]["edited_rows"] == {"0": {"note": "核对后更正"}}
    assert _line(app_store, line_id).note == ""
    at.button(key="fd_l_save_table").click().run()  # seen it: save again, over the new version
    assert not at.exception and at.success
    line = _line(app_store, line_id)
    assert (line.note, line.budgeted_fen, line.version) == ("核对后更正", 120_000, 3)


# --- roster (people) -------------------------------------------------------------------------------------
from tests.pages.test_roster_page import PAGE as ROSTER, _on_wang, _wang, roster  # noqa: E402, F401 -- the roster screen, its helpers and fixture, beside its tests


def _admin_edits(engine, person_id, **changes):
    from models.people import get_person, update_person
    with write_session(engine, ADMIN) as s:
        person = get_person(s, person_id)
        update_person(session=s, actor=ADMIN, person_id=person.id, facts=changes, expected_version=person.version)


def _person_now(engine, person_id):
    from models.people import get_person
    with read_session(engine) as session:
        return get_person(session, person_id)


def test_a_stale_roster_edit_keeps_the_typing_and_lists_the_other_users_changes(roster):
    at, wang = _on_wang(open_page("own_officer", ROSTER), roster), _wang(roster)
    at.text_input(key="ro_edit_post").input("就业社保协理员")
    at.text_input(key="ro_edit_monthly_income_fen").input("3100.50")
    _admin_edits(roster, wang, name="王芳芳", employment="part_time")
    at.button(key="ro_edit_save").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "Admin" in message and "?" not in message
    changes = _changes_table(at)
    assert set(changes) == {"姓名", "专兼职"}
    assert (changes["专兼职"]["您打开时"], changes["专兼职"]["现在"]) == ("专职", "兼职")
    assert at.text_input(key="ro_edit_post").value == "就业社保协理员"
    assert at.text_input(key="ro_edit_monthly_income_fen").value == "3100.50"
    assert at.text_input(key="ro_edit_name").value == "王芳芳"  # left alone: theirs
    assert at.selectbox(key="ro_person").value == wang  # renamed, still the same person
    assert _person_now(roster, wang).post == "协理员"
    at.button(key="ro_edit_save").click().run()  # seen it: save again
    assert not at.exception and at.success
    person = _person_now(roster, wang)
    assert (person.name, person.post, person.employment, person.monthly_income_fen) == (
        "王芳芳", "就业社保协理员", "part_time", 310_050)


def test_a_stale_leaving_is_refused_naming_who_changed_the_person_and_keeps_the_reason(roster):
    from datetime import date
    at, wang = _on_wang(open_page("own_officer", ROSTER), roster), _wang(roster)
    at.date_input(key="ro_leave_on").set_value(date.today())
    at.text_input(key="ro_leave_reason").input("调离")
    _admin_edits(roster, wang, post="就业协理员")
    at.button(key="ro_leave_save").click().run()
    assert not at.exception
    assert "Admin" in " ".join(e.value for e in at.error)
    assert _changes_table(at)["岗位"]["现在"] == "就业协理员"
    assert at.text_input(key="ro_leave_reason").value == "调离"
    assert _person_now(roster, wang).left_on is None


def test_picking_another_platform_after_a_refusal_drops_the_refusal(app_store):
    _platform(app_store)
    _platform(app_store, code="511502-S9", name="白沙湾街道")
    at = _officer_types(open_page("own_officer", PLATFORMS))
    _admin_edits_platform(app_store, name="合江门街道便民服务中心")
    at.button(key="pf_save").click().run()
    assert any("在您打开之后" in e.value for e in at.error)
    at.selectbox(key="pf_select").set_value("511502-S9").run()
    assert not any("在您打开之后" in e.value for e in at.error)
    assert at.text_input(key="pf_name").value == "白沙湾街道"
