"""A refusal for a stale save stays on screen while the person looks around, and they may reload instead.

On every editing screen the refusal (who saved first, what they changed) is still shown after another widget
is touched; it goes once a save succeeds, the person reloads, or they pick another record. The editors that
only say who saved (standards, the ranking scheme and scores, national pilots) offer the same "重新载入": it
fills the editor with the other person's values, and a save then succeeds.
"""
import pytest
from sqlmodel import select

from logic.authz import Actor
from models.db import read_session, write_session
from tests.pages.conftest import open_page, shown
from tests.pages.test_stale_saves import (  # noqa: F401 -- fixtures, used by name as test parameters
    FUNDING,
    ROSTER,
    _admin_edits,
    _deputy_moves_officer_a,
    _funding_lines,
    _line,
    _on_wang,
    _open_officer_a,
    _person_now,
    _user_now,
    _wang,
    roster,
)

pytestmark = pytest.mark.usefixtures("served_app")  # every rerun through Home.py, as on the server

REFUSED = "在您打开之后"  # in every refusal's first line
OTHER_ADMIN = Actor("admin_wang", "city_admin")


def _refused(at) -> bool:
    return any(REFUSED in e.value for e in at.error)


def _reload(at, key):
    button = at.button(key=key)
    assert button.label == "重新载入"
    return button.click().run()


# --- users -------------------------------------------------------------------------------------------
def _users_save_refused(app_store, **deputy_changes):
    """officer_a's record opened, a display name typed, the deputy's save first, then ours: refused."""
    at = _open_officer_a()
    at.text_input(key="us_edit_display_name").input("王小明")
    _deputy_moves_officer_a(app_store, **deputy_changes)
    at.button(key="us_save").click().run()
    assert _refused(at)
    return at


def test_the_users_refusal_stays_while_the_form_is_touched_and_goes_after_a_save(app_store):
    at = _users_save_refused(app_store, county_code="511503")
    at.checkbox(key="us_edit_active").uncheck().run()  # any other widget
    assert not at.exception and _refused(at)
    at.checkbox(key="us_edit_active").check().run()
    at.button(key="us_save").click().run()
    assert not at.exception and at.success and not _refused(at)
    at.run()
    assert not _refused(at)


def test_the_users_reload_drops_the_typing_and_the_refusal(app_store):
    at = _users_save_refused(app_store, display_name="王明")
    _reload(at, "us_reload")
    assert not at.exception and not _refused(at)
    assert at.text_input(key="us_edit_display_name").value == "王明"


def test_picking_another_user_drops_the_refusal(app_store):
    at = _open_officer_a()
    _deputy_moves_officer_a(app_store, active=False)
    at.button(key="us_save").click().run()
    assert _refused(at)
    at.selectbox(key="us_pick").set_value("officer_b").run()
    assert not at.exception and not _refused(at)


# --- funding ledger ----------------------------------------------------------------------------------
def _stale_ledger(app_store):
    from models.funding import update_line
    line_id = _funding_lines(app_store)
    at = open_page("own_officer", FUNDING)
    at.session_state["fd_l_editor"] = {"edited_rows": {0: {"note": "核对后更正"}}, "added_rows": [],
                                       "deleted_rows": []}
    with write_session(app_store, OTHER_ADMIN) as s:
        update_line(session=s, actor=OTHER_ADMIN, line_id=line_id, facts={"budgeted": "1200"}, expected_version=1)
    at.button(key="fd_l_save_table").click().run()
    assert _refused(at)
    return at, line_id


def test_the_ledger_refusal_stays_while_the_form_is_touched_and_goes_after_a_save(app_store):
    at, line_id = _stale_ledger(app_store)
    at.text_input(key="fd_f_budgeted").input("10").run()  # the add form, beside the table
    assert not at.exception and _refused(at)
    at.button(key="fd_l_save_table").click().run()
    assert not at.exception and at.success and not _refused(at)
    assert _line(app_store, line_id).note == "核对后更正"


def test_the_ledger_reload_drops_the_table_edits(app_store):
    at, line_id = _stale_ledger(app_store)
    _reload(at, "fd_l_result_reload")
    assert not at.exception and not _refused(at)
    at.button(key="fd_l_save_table").click().run()  # the edits are gone: nothing to save
    assert not at.exception and any("表格没有修改" in i.value for i in at.info)
    assert _line(app_store, line_id).note == ""


def test_another_year_drops_the_ledger_refusal(app_store):
    at, _ = _stale_ledger(app_store)
    at.selectbox(key="fd_l_year").set_value(2020).run()
    assert not at.exception and not _refused(at)


# --- roster ------------------------------------------------------------------------------------------
def _stale_roster_edit(roster):
    at, wang = _on_wang(open_page("own_officer", ROSTER), roster), _wang(roster)
    at.text_input(key="ro_edit_post").input("就业社保协理员")
    _admin_edits(roster, wang, name="王芳芳")
    at.button(key="ro_edit_save").click().run()
    assert _refused(at)
    return at, wang


def test_the_roster_refusal_stays_while_other_widgets_are_touched_and_goes_after_a_save(roster):
    at, wang = _stale_roster_edit(roster)
    at.toggle(key="ro_include_left").set_value(True).run()
    assert not at.exception and _refused(at)
    at.text_input(key="ro_train_topic").input("政策培训").run()
    assert _refused(at)
    at.button(key="ro_edit_save").click().run()
    assert not at.exception and at.success and not _refused(at)
    assert (_person_now(roster, wang).name, _person_now(roster, wang).post) == ("王芳芳", "就业社保协理员")


def test_the_roster_reload_drops_the_typing_and_the_refusal(roster):
    at, _ = _stale_roster_edit(roster)
    _reload(at, "ro_edit_reload")
    assert not at.exception and not _refused(at)
    assert at.text_input(key="ro_edit_post").value == "协理员"
    assert at.text_input(key="ro_edit_name").value == "王芳芳"


def test_picking_another_person_drops_the_roster_refusal(roster):
    at, _ = _stale_roster_edit(roster)
    with read_session(roster) as s:
        from models.people import Person
        li = s.exec(select(Person.id).where(Person.name == "李强")).one()
    at.selectbox(key="ro_person").set_value(li).run()
    assert not at.exception and not _refused(at)


# --- reload in the editors that say who saved first ----------------------------------------------------
def test_the_standards_editor_reloads_the_other_admins_version_and_then_saves(app_store):
    from logic.standard import Standard
    from models.standards import save_version
    from models.tables import StandardVersion
    at = open_page("city_admin", "pages/standards.py")
    at.button(key="sd_copy").click().run()
    with read_session(app_store) as s:
        draft = max(s.exec(select(StandardVersion.id)))
    area = f"sd_{draft}_street_township_area"
    at.number_input(key=area).set_value(60.0).run()
    with write_session(app_store, OTHER_ADMIN) as s:
        row = s.get(StandardVersion, draft)
        theirs = Standard.from_dict(row.content).with_version(0, "另一位管理员的版本")
        save_version(session=s, actor=OTHER_ADMIN, version_id=draft, expected_version=row.row_version,
                     standard=_with_area(theirs, 70.0))
    at.button(key="sd_save").click().run()
    assert any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
    at.run()  # another rerun: the refusal and its reload stay
    assert any("未保存" in e.value for e in at.error)
    _reload(at, "sd_reload")
    assert not at.exception and not any("未保存" in e.value for e in at.error)
    assert at.selectbox(key="sd_pick").value == draft  # renamed by the other admin, still the one on screen
    assert at.text_input(key=f"sd_{draft}_name").value == "另一位管理员的版本"
    assert at.number_input(key=area).value == 70.0
    at.number_input(key=area).set_value(65.0).run()
    at.button(key="sd_save").click().run()
    assert not at.exception and at.success and not at.error
    with read_session(app_store) as s:
        kept = s.get(StandardVersion, draft)
        assert (kept.name, kept.content["columns"]["street_township"]["min_area_m2"]) == ("另一位管理员的版本", 65)


def _with_area(standard, area: float):
    from logic.standard_edit import with_column
    return with_column(standard, "street_township", min_area_m2=area)


def test_the_ranking_scheme_editor_reloads_the_other_admins_scheme_and_then_saves(app_store):
    from logic.assessment_inputs import default_scheme, spec_of
    from models.assessment import AssessmentScheme, save_scheme
    from models.locking import NEW
    at = open_page("city_admin", "pages/ranking.py")
    year = at.selectbox(key="rk_year").value
    threshold = f"rk_scheme_threshold_{year}"
    at.number_input(key=threshold).set_value(0.95).run()
    with write_session(app_store, OTHER_ADMIN) as s:
        save_scheme(session=s, actor=OTHER_ADMIN, year=year, expected_version=NEW,
                    spec={**spec_of(default_scheme(year)), "coverage_threshold": 0.8})
    at.button(key="rk_scheme_save").click().run()
    assert any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
    at.run()
    assert any("未保存" in e.value for e in at.error)
    _reload(at, "rk_scheme_reload")
    assert not at.exception and not any("未保存" in e.value for e in at.error)
    assert at.number_input(key=threshold).value == 0.8
    at.number_input(key=threshold).set_value(0.7).run()
    at.button(key="rk_scheme_save").click().run()
    assert not at.exception and any("第 2 版" in s.value for s in at.success)
    with read_session(app_store) as s:
        latest = s.exec(select(AssessmentScheme).order_by(AssessmentScheme.version.desc())).first()
        assert (latest.version, latest.spec["coverage_threshold"]) == (2, 0.7)


def test_the_pilot_form_reloads_the_other_admins_pilot_and_then_saves(app_store):
    from models.assessment import NationalPilot, set_pilot
    from models.locking import NEW
    at = open_page("city_admin", "pages/targets.py")
    with write_session(app_store, OTHER_ADMIN) as s:
        set_pilot(session=s, actor=OTHER_ADMIN, county_code="511503", year_won=2017, project="零工市场",
                  expected_version=NEW)
    at.selectbox(key="tg_pilot_county").set_value("511503")
    at.number_input(key="tg_pilot_year").set_value(2016)
    at.button(key="tg_pilot_save").click().run()
    assert any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
    _reload(at, "tg_pilot_reload")
    assert not at.exception and not any("未保存" in e.value for e in at.error)
    assert (at.number_input(key="tg_pilot_year").value, at.text_input(key="tg_pilot_project").value) == (
        2017, "零工市场")
    at.number_input(key="tg_pilot_year").set_value(2018)
    at.button(key="tg_pilot_save").click().run()
    assert not at.exception and any("已登记" in s.value for s in at.success)
    with read_session(app_store) as s:
        pilot = s.get(NationalPilot, "511503")
        assert (pilot.year_won, pilot.project) == (2018, "零工市场")
