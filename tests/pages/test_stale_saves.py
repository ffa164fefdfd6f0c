"""A save refused because someone else saved the record after the form was opened (issue 12, item 11).

Each test opens a form, lets a second user change the same record straight through the store, then saves: the
save is refused, nothing of it is written, every typed field is still in the form, and the message names the
other user (display name, never "?") and lists the fields they changed, in Chinese. Saving again — now at the
new version — is the officer's deliberate choice, and wins.
"""
from sqlmodel import select

from logic.authz import SYSTEM, Actor
from models.db import read_session, write_session
from models.platforms import facts_of, get_platform, update_platform
from models.tables import Platform
from tests.pages.conftest import OWN, open_page

PLATFORMS = "pages/platforms.py"
ADMIN = Actor("admin", "city_admin")  # display name "Admin" (conftest)


def _platform(engine, code="CP-S8", name="合江门街道"):
    with write_session(engine, SYSTEM) as s:
        s.add(Platform(code=code, name=name, level="street", county_code=OWN, service_population=20_000,
                       sign_text="合江门街道便民服务中心"))


def _admin_edits_platform(engine, code="CP-S8", **changes):
    with write_session(engine, ADMIN) as s:
        platform = get_platform(s, code)
        update_platform(session=s, actor=ADMIN, code=code, facts={**facts_of(platform), **changes},
                        expected_version=platform.version)


def _stored(engine, code="CP-S8") -> Platform:
    with read_session(engine) as session:
        return session.exec(select(Platform).where(Platform.code == code)).one()


def _officer_types(at):
    at.selectbox(key="pf_select").set_value("CP-S8").run()
    at.number_input(key="pf_area_m2").set_value(90.0)
    at.text_input(key="pf_sign_text").input("合江门街道社区就业和社会保障服务站")
    at.checkbox(key="pf_rules_posted").check()
    at.pills(key="pf_windows").set_value(["employment", "social_insurance"])
    return at


def _changes_table(at) -> dict:
    frame = at.dataframe[-1].value
    return {row["字段"]: row for row in frame.to_dict("records")}


def test_a_stale_platform_save_keeps_every_typed_field_and_the_picked_platform(app_store):
    _platform(app_store)
    at = _officer_types(open_page("own_officer", PLATFORMS))
    _admin_edits_platform(app_store, name="合江门街道便民服务中心", service_population=26_000)
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert at.selectbox(key="pf_select").value == "CP-S8"  # not 新增平台, though its label changed
    assert at.number_input(key="pf_area_m2").value == 90.0
    assert at.text_input(key="pf_sign_text").value == "合江门街道社区就业和社会保障服务站"
    assert at.checkbox(key="pf_rules_posted").value is True
    assert sorted(at.pills(key="pf_windows").value) == ["employment", "social_insurance"]
    # what the officer did not touch takes the other user's values, so a second save does not undo them
    assert at.text_input(key="pf_name").value == "合江门街道便民服务中心"
    assert at.number_input(key="pf_service_population").value == 26_000
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
        s.delete(get_platform(s, "CP-S8"))
    at.button(key="pf_save").click().run()
    assert not at.exception
    assert any("已被他人删除" in e.value for e in at.error)
