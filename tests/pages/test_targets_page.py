"""AppTest of the targets screen (R-TGT-1..5, R-NET-1): every role opens it, the year is selectable, pilots count
from the year they were won, and only city administrators record a pilot (audited)."""
import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor
from models.assessment import NationalPilot, set_pilot
from models.db import read_session, write_session
from models.tables import AuditLog, Platform
from tests.pages.conftest import open_page

PAGE = "pages/targets.py"


@pytest.fixture
def register(app_store):
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="A1", name="甲街道", level="street", county_code="511502", network_connected=True,
                       services_online=["employment"]))
        set_pilot(session=s, actor=Actor("admin", "city_admin"), county_code="511502", year_won=2015)
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


def test_the_network_table_counts_connected_platforms_per_level(register):
    at = open_page("viewer", PAGE)
    network = next(df.value for df in at.dataframe if "联网率" in df.value.columns).set_index("层级")
    assert (network.loc["街道", "平台数"], network.loc["街道", "已联网"], network.loc["街道", "联网率"]) == (1, 1, "100%")
