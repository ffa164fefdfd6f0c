"""AppTest of the staffing-gap view (R-STAFF-1..3 against the roster): every role opens it, the figures are the
policy's, and the roll-ups add up exactly to the platforms they hold."""
from datetime import date

import pytest

from logic.authz import SYSTEM
from models.db import write_session
from models.people import add_person
from models.tables import Platform
from tests.pages.conftest import OTHER, OWN, open_page, standard_in_force

PAGE = "pages/staff_gap.py"
PERSON = dict(post="协理员", source="assistant", establishment="off", employment="full_time",
              recruitment="open_selection", monthly_income_fen=300_000, joined_on=date(2020, 3, 1))


@pytest.fixture
def register(app_store):
    """Own county: a 25,000-people street (R-STAFF-2: 2 + 1 per further 10,000 → 3) with two on its roster, a
    community under it with its entered count; the other county: a township of 8,000 with nobody."""
    with write_session(app_store, SYSTEM) as s:
        s.add(Platform(code="S1", name="白沙湾街道", level="street", county_code=OWN, service_population=25_000))
        s.add(Platform(code="T9", name="仙临镇", level="township", county_code=OTHER, service_population=8_000))
        s.flush()
        s.add(Platform(code="C1", name="莲花池社区", level="community", county_code=OWN, parent_code="S1",
                       staff_part_time=1))
        s.flush()
        for name in ("王芳", "李强"):
            add_person(session=s, actor=SYSTEM, facts={**PERSON, "platform_code": "S1", "name": name})
    return app_store


def _table(at, index=0):
    return at.dataframe[index].value


@pytest.mark.parametrize("who", ["city_admin", "own_officer", "other_officer", "viewer"])
def test_every_role_opens_the_view_without_error(register, who):
    at = open_page(who, PAGE)
    assert not at.exception
    assert at.selectbox(key="sg_scope") is not None


def test_an_officer_starts_on_their_county_with_the_policy_figures_and_the_roster_counts(register):
    at = open_page("own_officer", PAGE)
    assert at.selectbox(key="sg_scope").value == OWN
    rows = _table(at).set_index("编号")
    street = rows.loc["S1"]
    assert (street["应配"], street["实有"], street["差额(实有−应配)"], street["状态"]) == (3, 2, -1, "缺员")
    assert street["人数来源"] == "名册" and rows.loc["C1", "人数来源"] == "填报"
    assert "T9" not in rows.index


def test_the_rollups_add_up_exactly_to_the_platform_rows(register):
    at = open_page("city_admin", PAGE)
    assert at.selectbox(key="sg_scope").value == "city"
    platforms = _table(at, 0)
    by_township, by_county = _table(at, 1), _table(at, 2)
    for table in (by_county,):
        body, total = table.iloc[:-1], table.iloc[-1]
        assert total.iloc[0] == "合计"
        for column in ("应配", "实有", "专职", "兼职", "平台数"):
            assert body[column].sum() == total[column]
    assert by_county["应配"].iloc[-1] == platforms["应配"].sum()
    assert by_county["实有"].iloc[-1] == platforms["实有"].sum()
    assert by_township.iloc[:-1]["应配"].sum() == platforms["应配"].sum()  # every platform here has a township


def test_the_other_reading_of_r_staff_2_and_the_shortage_filter(register):
    """R-STAFF-2 with a started 10,000 counting: 25,000 served → 2 + 2 = 4 (not 3)."""
    at = open_page("own_officer", PAGE)
    at.toggle(key="sg_partial").set_value(True).run()
    assert _table(at).set_index("编号").loc["S1", "应配"] == 4
    at.toggle(key="sg_short").set_value(True).run()
    assert set(_table(at)["状态"]) == {"缺员"}


def test_the_standard_in_force_sets_the_numbers_and_the_reading_and_is_named(register):
    """R-8.11: a version asking 3 staff up to 10,000 and counting begun steps: 25,000 → 3 + 2 = 5."""
    label = standard_in_force(register, staff_base=3, partial_increment=True)
    at = open_page("own_officer", PAGE)
    assert any(label in c.value for c in at.caption)
    assert at.toggle(key="sg_partial").value is True
    assert _table(at).set_index("编号").loc["S1", "应配"] == 5


def test_the_english_view_says_the_same(register):
    at = open_page("viewer", PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Required" in _table(at).columns


def _body_and_total(table):
    body, total = table.iloc[:-1], table.iloc[-1]
    assert total.iloc[0] == "合计"
    return body, total


@pytest.mark.parametrize("scope", ["city", OWN])
def test_every_rollup_row_sums_and_every_total_equals_the_platform_rows(register, scope):
    """Roll-ups by street/township and by county, and their total rows, add up exactly to the platforms shown."""
    at = open_page("city_admin", PAGE)
    at.selectbox(key="sg_scope").set_value(scope).run()
    platforms, by_township, by_county = _table(at, 0), _table(at, 1), _table(at, 2)
    for table in (by_township, by_county):
        body, total = _body_and_total(table)
        assert body["平台数"].sum() == total["平台数"] == len(platforms)
        for column in ("应配", "专职", "兼职", "实有", "差额(实有−应配)"):
            assert body[column].sum() == total[column] == platforms[column].sum(), column
    assert _table(at, 2).iloc[-1]["缺员平台数"] == (platforms["状态"] == "缺员").sum()


def test_the_level_filter_narrows_the_rows_and_the_rollups_follow(register):
    at = open_page("city_admin", PAGE)
    at.session_state["sg_level"] = ["community"]  # the pills, set as a browser would
    at.run()
    platforms = _table(at, 0)
    assert set(platforms["编号"]) == {"C1"}
    assert _table(at, 2).iloc[-1]["应配"] == platforms["应配"].sum()


def test_the_county_rollup_draws_the_shortfall_and_excess_chart(register):
    at = open_page("viewer", PAGE)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
