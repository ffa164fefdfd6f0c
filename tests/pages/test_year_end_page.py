"""The year-end screen: an officer sees what their county's year lacks and submits it; the city returns it with a
reason or approves it, and the approved year refuses the ledger's writes on the funding screen."""
from datetime import date

import pytest

from logic.authz import SYSTEM
from models import approval
from models.db import read_session, write_session
from models.tables import Platform
from tests.pages.conftest import OTHER, OWN, open_page

PAGE = "pages/year_end.py"
YEAR = date.today().year - 1


@pytest.fixture
def county(app_store):
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code=f"{OWN}001000", name="白沙湾街道", level="street", county_code=OWN))
    return app_store


def _state(engine):
    with read_session(engine) as s:
        row = approval.state_of(s, OWN, YEAR)
        return None if row is None else (row.state, row.reason)


def test_the_officer_sees_their_county_s_completeness_and_submits(county):
    at = open_page("own_officer", PAGE)
    assert not at.exception
    assert "ye_county" not in {s.key for s in at.selectbox}  # their own county only
    assert any("未报送" in i.value for i in at.info)
    assert any(m.label == "中心台账" and "街道、乡(镇)中心有当年经费台账" in m.help for m in at.metric)
    at.button(key="ye_submit").click().run()
    assert not at.exception and any("已报送" in s.value for s in at.success)
    assert _state(county) == ("submitted", "")
    assert "ye_approve" not in {b.key for b in at.button}  # the city decides


def test_the_city_returns_with_a_reason_then_approves_and_the_ledger_refuses_the_locked_year(county):
    officer = open_page("own_officer", PAGE)
    officer.button(key="ye_submit").click().run()
    admin = open_page("city_admin", PAGE)
    admin.selectbox(key="ye_county").set_value(OWN).run()
    admin.button(key="ye_return").click().run()  # no reason: refused, saying so
    assert any("退回修改须写明原因" in e.value for e in admin.error)
    assert _state(county) == ("submitted", "")
    admin.text_area(key="ye_reason").input("缺少培训记录").run()
    admin.button(key="ye_return").click().run()
    assert _state(county) == ("returned", "缺少培训记录")
    officer = open_page("own_officer", PAGE)
    assert any("缺少培训记录" in w.value for w in officer.warning)
    officer.button(key="ye_submit").click().run()
    admin = open_page("city_admin", PAGE)
    admin.selectbox(key="ye_county").set_value(OWN).run()
    admin.button(key="ye_approve").click().run()
    assert not admin.exception and _state(county)[0] == "approved"
    assert any("全市各县(区)" in h.value for h in admin.subheader)
    ledger = open_page("own_officer", "pages/funding.py")
    ledger.session_state["fd_l_year"] = YEAR
    ledger.run()
    ledger.text_input(key="fd_f_budgeted").input("100")
    ledger.selectbox(key="fd_f_category").set_value("construction")
    ledger.selectbox(key="fd_f_source").set_value("county_budget")
    ledger.number_input(key="fd_f_year").set_value(YEAR)
    ledger.button(key="fd_f_submit").click().run()
    assert any("已审核锁定" in e.value for e in ledger.error)


def test_a_viewer_reads_the_states_and_takes_no_step(county):
    at = open_page("viewer", PAGE)
    assert not at.exception
    assert not {b.key for b in at.button} & {"ye_submit", "ye_approve", "ye_return", "ye_reopen"}
    at.selectbox(key="ye_county").set_value(OTHER).run()
    assert not at.exception


def test_the_officer_confirms_the_platforms_that_needed_no_change_and_the_year_counts_them(county):
    """A platform saved this year but not last: last year's completeness lacks it until the county confirms it for
    that year on this screen (tick all, confirm); the share then reads 100 % and the list is gone."""
    with write_session(county, SYSTEM) as s:
        s.add(Platform(code=f"{OWN}001001", name="南岸街道", level="street", county_code=OWN))
    at = open_page("own_officer", PAGE)
    assert next(m for m in at.metric if m.label == "平台核实").value == "0%"
    at.checkbox(key=f"ye_confirm_all_{OWN}_{YEAR}").check().run()
    at.button(key=f"ye_confirm_{OWN}_{YEAR}").click().run()
    assert not at.exception, at.exception
    assert any(f"已核实 2 个平台({YEAR} 年度)" in s.value for s in at.success)
    assert next(m for m in at.metric if m.label == "平台核实").value == "100%"
    assert f"ye_confirm_{OWN}_{YEAR}" not in {b.key for b in at.button}  # nothing left to confirm
    viewer = open_page("viewer", PAGE)
    assert not any(b.key and b.key.startswith("ye_confirm") for b in viewer.button)  # only who may edit the county
