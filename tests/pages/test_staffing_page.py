"""AppTest of the staffing calculator: live figures, both readings of R-STAFF-2, a what-if run."""
from tests.pages.conftest import open_page

PAGE = "pages/staffing.py"


def test_the_calculator_shows_required_staff_clause_and_working(app_store):
    at = open_page("own_officer", PAGE)
    assert not at.exception
    at.selectbox(key="sf_level").set_value("township")
    at.number_input(key="sf_population").set_value(32_000).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["应配人员"] == "4"  # R-STAFF-2: 2 + 2 full further 10,000s
    assert metrics["依据条款"] == "R-STAFF-2"
    assert any("→ 4" in m.value for m in at.markdown)


def test_both_readings_are_shown_when_they_differ_and_not_otherwise(app_store):
    at = open_page("city_admin", PAGE)
    at.selectbox(key="sf_level").set_value("street")
    at.number_input(key="sf_population").set_value(20_001).run()
    assert any("3 人" in w.value and "4 人" in w.value for w in at.warning)  # R-STAFF-2 readings 3 vs 4
    at.number_input(key="sf_population").set_value(20_000).run()
    assert not at.warning


def test_a_what_if_run_projects_growth_and_the_gap(app_store):
    at = open_page("viewer", PAGE)
    at.selectbox(key="sf_level").set_value("township")
    at.number_input(key="sf_population").set_value(28_000)
    at.number_input(key="sf_growth").set_value(3.5)
    at.number_input(key="sf_years").set_value(5)
    at.number_input(key="sf_full_manual").set_value(2)
    at.number_input(key="sf_part_manual").set_value(1).run()
    assert not at.exception
    table = at.dataframe[0].value
    later = table[table["情景"] == "5 年后"]
    assert set(later["服务对象"]) == {"33,255"}  # 28,000 × 1.035^5, rounded half-up
    assert list(later["应配"]) == [4, 5]  # full increments, then partial
    assert list(later["差额(负数为缺员)"]) == [-1, -2]
