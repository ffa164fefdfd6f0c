"""AppTest of the staffing calculator: live figures, both readings of R-STAFF-2, a what-if run."""
from tests.pages.conftest import open_page, standard_in_force

PAGE = "pages/staffing.py"


def test_the_calculator_shows_required_staff_clause_and_working(app_store):
    at = open_page("own_officer", PAGE)
    assert not at.exception
    at.selectbox(key="sf_level").set_value("township")
    at.number_input(key="sf_population").set_value(32_000).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["应配人员"] == "4"  # R-STAFF-2: 2 + 2 full further 10,000s
    assert metrics["依据条款"] == "按服务人口增配"  # the clause named, not its rule id
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


def test_the_calculator_uses_the_staffing_numbers_of_the_standard_in_force_and_names_it(app_store):
    """R-8.11: a standard version that asks 3 staff up to 10,000 people changes the calculator as it changes the
    verdicts; the screen names the version used."""
    label = standard_in_force(app_store, staff_base=3)
    at = open_page("viewer", PAGE)
    assert any(label in c.value for c in at.caption)
    at.selectbox(key="sf_level").set_value("township")
    at.number_input(key="sf_population").set_value(32_000).run()
    assert {m.label: m.value for m in at.metric}["应配人员"] == "5"  # 3 + 2 full further 10,000s
    later = at.dataframe[0].value
    assert list(later[later["情景"] == "现在"]["应配"]) == [5, 6]  # full increments, then partial


def test_a_standard_that_reads_r_staff_2_by_begun_steps_leads_with_that_reading(app_store):
    standard_in_force(app_store, partial_increment=True)
    at = open_page("viewer", PAGE)
    at.selectbox(key="sf_level").set_value("township")
    at.number_input(key="sf_population").set_value(32_000).run()
    assert {m.label: m.value for m in at.metric}["应配人员"] == "5"  # 2 + 3 begun further 10,000s
    assert any("不足1万的部分也计1人:5 人(现行评价标准采用)" in w.value and "只计满1万的部分:4 人\n" in w.value
               for w in at.warning)
