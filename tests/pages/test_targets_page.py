"""AppTest of the targets screen (R-TGT-1..5, R-NET-1): every role opens it, the year is selectable, pilots count
from the year they were won, and only city administrators record a pilot (audited)."""
from datetime import UTC

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor
from models.assessment import NationalPilot, set_pilot
from models.db import read_session, write_session
from models.locking import NEW
from models.tables import AuditLog, Platform
from models.users import create_user
from tests.pages.conftest import open_page, shown

PAGE = "pages/targets.py"


@pytest.fixture
def register(app_store):
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="A1", name="甲街道", level="street", county_code="511502", network_connected=True,
                       services_online=["employment"]))
        set_pilot(session=s, actor=Actor("admin", "city_admin"), county_code="511502", year_won=2015,
                  expected_version=NEW)
    return app_store


@pytest.mark.parametrize("who", ["city_admin", "own_officer", "viewer"])
def test_every_role_opens_the_targets(register, who):
    at = open_page(who, PAGE)
    assert not at.exception
    assert any(b.key == "tg_pilot_save" for b in at.button) == (who == "city_admin")


def test_pilots_count_from_the_year_won(register):
    at = open_page("viewer", PAGE)
    at.selectbox(key="tg_year").set_value(2014).run()
    assert any("0/11" in w.value for w in at.warning)
    at.selectbox(key="tg_year").set_value(2016).run()
    assert any("1/11" in w.value and "未达到" in w.value for w in at.warning)


def test_a_city_admin_records_a_pilot_with_an_audit_row(register):
    at = open_page("city_admin", PAGE)
    at.selectbox(key="tg_pilot_county").set_value("511503")
    at.number_input(key="tg_pilot_year").set_value(2016)
    at.button(key="tg_pilot_save").click().run()
    assert not at.exception and any("已登记" in s.value for s in at.success)
    with read_session(register) as s:
        assert s.get(NationalPilot, "511503").year_won == 2016
        assert s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "nationalpilot")).one() == 2


@pytest.mark.both_stores  # a stale save, on the shared server too
def test_a_pilot_recorded_by_another_admin_after_the_form_was_shown_is_not_overwritten(register):
    at = open_page("city_admin", PAGE)
    other = Actor("admin_wang", "city_admin")
    with write_session(register, SYSTEM) as s:  # the refusal names the other admin as people know them
        create_user(session=s, actor=SYSTEM, username="admin_wang", display_name="王科长", role="city_admin",
                    county_code=None, password="another-admin-2026")
    with write_session(register, other) as s:  # 511503 had no pilot when the form was drawn
        set_pilot(session=s, actor=other, county_code="511503", year_won=2017, expected_version=NEW)
    at.selectbox(key="tg_pilot_county").set_value("511503")
    at.number_input(key="tg_pilot_year").set_value(2016)
    at.button(key="tg_pilot_save").click().run()
    assert not at.exception and any("未保存" in e.value and "王科长" in shown(e.value) for e in at.error)
    with read_session(register) as s:
        assert s.get(NationalPilot, "511503").year_won == 2017


def test_the_network_table_counts_connected_platforms_per_level(register):
    at = open_page("viewer", PAGE)
    network = next(df.value for df in at.dataframe if "联网率" in df.value.columns).set_index("层级")
    assert (network.loc["街道", "平台数"], network.loc["街道", "已联网"], network.loc["街道", "联网率"]) == (1, 1, "100%")


def test_a_past_year_is_judged_on_its_own_register(app_store):
    """A platform entered in 2015 counts for 2016; one entered this year does not; before the first record the
    screen says the register held nothing then instead of showing zeros."""
    from datetime import datetime

    from models import audit
    with pytest.MonkeyPatch.context() as clock:  # the trail writes this platform down in 2015
        clock.setattr(audit, "utc_now", lambda: datetime(2015, 6, 1, tzinfo=UTC))
        with write_session(app_store, SYSTEM) as s:
            s.add(Platform(code="A1", name="甲街道", level="street", county_code="511502"))
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="B1", name="乙街道", level="street", county_code="511503"))
    at = open_page("viewer", PAGE)
    at.selectbox(key="tg_year").set_value(2016).run()
    assert not at.exception
    assert any("2016 年 12 月 31 日 24 时" in c.value and "当时登记 1 个平台" in c.value for c in at.caption)
    by_county = next(d.value for d in at.dataframe if "登记平台" in d.value.columns).set_index("县(区)")
    assert by_county.loc["翠屏区", "登记平台"] == 1 and by_county.loc["南溪区", "登记平台"] == 0
    at.selectbox(key="tg_year").set_value(2014).run()
    assert any("2014 年底时登记册里还没有平台" in i.value and "2015-06-01 08:00" in i.value for i in at.info)
    assert not any("登记平台" in d.value.columns for d in at.dataframe)


def _registered(at, county: str) -> int:
    by_county = next(d.value for d in at.dataframe if "登记平台" in d.value.columns).set_index("县(区)")
    return int(by_county.loc[county, "登记平台"])


def test_a_rerun_without_a_write_works_out_nothing_and_a_write_shows_on_the_next(register, monkeypatch):
    import ui.assessment_data
    calls = []
    real = ui.assessment_data.progress_by_county
    monkeypatch.setattr(ui.assessment_data, "progress_by_county",
                        lambda frame, counties: calls.append(1) or real(frame, counties))
    at = open_page("viewer", PAGE)
    at.run()
    assert not at.exception and len(calls) == 1 and _registered(at, "翠屏区") == 1
    with write_session(register, SYSTEM) as s:
        s.add(Platform(code="A2", name="乙街道", level="street", county_code="511502"))
    at.run()
    assert not at.exception and len(calls) == 2 and _registered(at, "翠屏区") == 2
