"""AppTest of the standards editor (R-8.11): copy the 2014 version, raise the centre area to 60 m²,
see exactly the platform that would fail, save, put it in force — and every screen names the new version."""
from datetime import date

import pytest
from sqlmodel import select

from logic.authz import SYSTEM
from logic.standard import yibin_2014
from models.db import read_session, write_session
from models.tables import Platform, StandardVersion
from tests.pages.conftest import OWN, open_page, shown

PAGE = "pages/standards.py"
BASE = yibin_2014()
CENTRE = dict(level="street", county_code=OWN, sign_installed=True, windows=["employment", "social_medical", "resident_insurance"],
              open_counter=True, info_area=True, office=True, service_population=8000, staff_full_time=2,
              equipment=sorted(BASE.equipment), network_connected=True, work_funds_secured=True,
              services=sorted(BASE.services), rules_posted=True)


@pytest.fixture
def centres(app_store):
    with write_session(app_store, SYSTEM) as s:
        for code, area in (("S55", 55), ("S65", 65), ("S45", 45)):
            s.add(Platform(code=code, name=f"{code}街道", sign_text=f"{code}街道就业和社会保障服务中心", area_m2=area, **CENTRE))
    return app_store


def _draft_id(engine) -> int:
    with read_session(engine) as s:
        return max(s.exec(select(StandardVersion.id)))


def test_r_8_11_an_edit_moves_exactly_the_verdicts_it_should_and_goes_in_force(centres):
    at = open_page("city_admin", PAGE)
    assert not at.exception, at.exception
    at.button(key="sd_copy").click().run()
    assert not at.exception, at.exception
    draft = _draft_id(centres)
    assert any("草稿" in s.value for s in at.success)
    at.number_input(key=f"sd_{draft}_street_township_area").set_value(60.0).run()
    assert not at.exception, at.exception
    assert "1 个平台的评价会改变" in at.warning[0].value
    preview = at.dataframe[-1].value
    assert list(preview["编码"]) == ["S55"] and list(preview["调整后"]) == ["未达标"]
    at.button(key="sd_save").click().run()
    with read_session(centres) as s:
        assert s.get(StandardVersion, draft).content["columns"]["street_township"]["min_area_m2"] == 60
    at.number_input(key=f"sd_{draft}_force_year").set_value(date.today().year).run()
    at.button(key="sd_force").click().run()
    assert not at.exception, at.exception
    label = f"{BASE.name}(调整) v2"
    assert any(label in c.value for c in at.caption)

    overview = open_page("viewer", "pages/overview.py")
    assert any(f"评价标准:{label}" in c.value for c in overview.caption)


def test_a_version_in_force_shows_read_only(centres):
    at = open_page("city_admin", PAGE)
    assert any("只能查看" in i.value for i in at.info)
    assert "sd_save" not in [b.key for b in at.button]


def test_an_invalid_draft_is_not_saved(centres):
    at = open_page("city_admin", PAGE)
    at.button(key="sd_copy").click().run()
    draft = _draft_id(centres)
    at.number_input(key=f"sd_{draft}_community_area").set_value(50.0).run()  # above its demonstration area (40)
    at.button(key="sd_save").click().run()
    assert "未保存" in at.error[0].value
    with read_session(centres) as s:
        assert s.get(StandardVersion, draft).content["columns"]["community"]["min_area_m2"] == 20


def test_the_editor_speaks_english_too(centres):
    at = open_page("city_admin", PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Versions of the eight-haves standard"


@pytest.mark.both_stores  # a stale save, on the shared server too
def test_a_draft_saved_by_another_admin_while_it_was_being_edited_is_not_overwritten(centres):
    from logic.authz import Actor
    from logic.standard import Standard
    from models.standards import save_version
    at = open_page("city_admin", PAGE)
    at.button(key="sd_copy").click().run()
    draft = _draft_id(centres)
    at.number_input(key=f"sd_{draft}_street_township_area").set_value(60.0).run()  # editing: reruns
    other = Actor("admin_wang", "city_admin")
    with write_session(centres, other) as s:
        row = s.get(StandardVersion, draft)
        save_version(session=s, actor=other, version_id=draft, expected_version=row.row_version,
                     standard=Standard.from_dict(row.content).with_version(0, "另一位管理员的版本"))
    at.button(key="sd_save").click().run()
    assert not at.exception and any("未保存" in e.value and "admin_wang" in shown(e.value) for e in at.error)
    with read_session(centres) as s:
        kept = s.get(StandardVersion, draft)
        assert kept.name == "另一位管理员的版本"
        assert kept.content["columns"]["street_township"]["min_area_m2"] == BASE.columns["street_township"].min_area_m2


def test_the_preview_judges_once_per_edit_and_store_revision(centres, monkeypatch):
    """A rerun that changes neither the edit nor the store judges nothing; a platform saved meanwhile shows."""
    import ui.views.standards_editor as editor
    calls = []
    real = editor.verdict_changes_from
    monkeypatch.setattr(editor, "verdict_changes_from", lambda judged, after: calls.append(1) or real(judged, after))
    at = open_page("city_admin", PAGE)
    at.button(key="sd_copy").click().run()
    draft = _draft_id(centres)
    at.number_input(key=f"sd_{draft}_street_township_area").set_value(60.0).run()
    judged = len(calls)
    at.run()
    assert not at.exception and len(calls) == judged and "1 个平台的评价会改变" in at.warning[0].value
    with write_session(centres, SYSTEM) as s:
        s.add(Platform(code="S58", name="S58街道", sign_text="S58街道就业和社会保障服务中心", area_m2=58, **CENTRE))
    at.run()
    assert not at.exception and len(calls) == judged + 1 and "2 个平台的评价会改变" in at.warning[0].value
