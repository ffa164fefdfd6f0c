"""R-STAFF-1..3: `logic.staffing.required_staff` at every boundary, for every level and both readings of R-STAFF-2.

The expected figures are written out by hand from the text and SPEC's worked examples
(15,000 → 2, 20,000 → 3, 20,001 → 3, 30,000 → 4 by full increments; 10,001 → 3 when a part counts).
"""
import dataclasses

import pytest

from logic.staffing import StaffParams, readings_differ, required_staff
from logic.standard import yibin_2014

SCALED = ("county", "street", "township")  # the county is staffed like a street/township

# population -> (total by full increments only [default], total when a part of 10,000 counts)
SCALED_TABLE = {
    # R-STAFF-1 "服务对象1万人以下的,配备2名专兼职工作人员" — "以下" includes 10,000 itself
    0: (2, 2),
    1: (2, 2),
    9_999: (2, 2),
    10_000: (2, 2),
    # R-STAFF-2 "超过1万人的,每增加1万人,应增加1名": the readings part between the steps
    10_001: (2, 3),
    15_000: (2, 3),
    19_999: (2, 3),
    20_000: (3, 3),
    20_001: (3, 4),
    29_999: (3, 4),
    30_000: (4, 4),
    30_001: (4, 5),
    40_000: (5, 5),
    99_999: (10, 11),
    100_000: (11, 11),
    100_001: (11, 12),
    1_000_000: (101, 101),
}


class TestRSTAFF1And2StreetTownshipAndCounty:
    """R-STAFF-1/2 "街道、乡(镇)平台根据服务对象数量配备专兼职工作员:服务对象1万人以下的,配备2名专兼职工作人员
    (至少1名专职人员),服务对象超过1万人的,每增加1万人,应增加1名工作人员"

    SPEC's interpretation: full increments only by default; the setting "partial increment counts" gives
    2 + ceil((P − 10,000) / 10,000).
    """

    @pytest.mark.parametrize("level", SCALED)
    @pytest.mark.parametrize("population, full_reading", [(p, t[0]) for p, t in SCALED_TABLE.items()])
    def test_r_staff_2_by_default_only_full_further_10000s_add_a_member(self, level, population, full_reading):
        need = required_staff(level, population)
        assert need.total == full_reading
        assert required_staff(level, population, partial_increment=False).total == full_reading

    @pytest.mark.parametrize("level", SCALED)
    @pytest.mark.parametrize("population, partial_reading", [(p, t[1]) for p, t in SCALED_TABLE.items()])
    def test_r_staff_2_when_a_part_counts_any_begun_further_10000_adds_a_member(self, level, population,
                                                                                  partial_reading):
        assert required_staff(level, population, partial_increment=True).total == partial_reading

    @pytest.mark.parametrize("level", SCALED)
    @pytest.mark.parametrize("partial", [False, True])
    @pytest.mark.parametrize("population", list(SCALED_TABLE))
    def test_r_staff_1_at_least_one_member_is_full_time_at_any_population(self, level, partial, population):
        assert required_staff(level, population, partial_increment=partial).min_full_time == 1

    @pytest.mark.parametrize("population, clause", [
        # R-STAFF-1 up to and including 10,000; R-STAFF-2 above
        (0, "R-STAFF-1"), (10_000, "R-STAFF-1"), (20_000, "R-STAFF-2"),
    ])
    def test_the_figure_names_the_clause_it_follows(self, population, clause):
        need = required_staff("township", population)
        assert need.clause == clause
        assert str(need.total) in need.working_zh and str(need.total) in need.working_en

    @pytest.mark.parametrize("partial", [False, True])
    @pytest.mark.parametrize("population", [10_001, 15_000, 19_999])
    def test_above_10000_the_figure_follows_r_staff_2_under_either_reading(self, partial, population):
        """Even when no whole further 10,000 is reached yet: the working must not claim "10,001 ≤ 10,000"."""
        need = required_staff("street", population, partial_increment=partial)
        assert need.clause == "R-STAFF-2"
        assert "≤" not in need.working_zh and "≤" not in need.working_en

    @pytest.mark.parametrize("partial, working_zh, working_en", [
        # the working says which reading it used
        (False, "只计满1万", "full 10,000s only"),
        (True, "不足1万的部分也计1人", "a part of 10,000 counts"),
    ])
    def test_the_working_says_which_reading_of_r_staff_2_it_used(self, partial, working_zh, working_en):
        need = required_staff("street", 25_000, partial_increment=partial)
        assert working_zh in need.working_zh and working_en in need.working_en

    @pytest.mark.parametrize("population, full, partial", [
        # a standard version may change the numbers: 3 up to 5,000, one more per further 5,000
        (5_000, 3, 3), (5_001, 3, 4), (10_000, 4, 4), (12_500, 4, 5),
    ])
    def test_the_numbers_of_r_staff_1_and_2_are_parameters(self, population, full, partial):
        params = StaffParams(base=3, base_population=5_000, step_population=5_000, min_full_time=2)
        assert required_staff("street", population, params=params).total == full
        assert required_staff("street", population, partial_increment=True, params=params).total == partial
        assert required_staff("street", population, params=params).min_full_time == 2


class TestRSTAFF3CommunityAndVillage:
    """R-STAFF-3 "社区服务站根据工作量配备1—2名专兼职工作人员;村服务站可由村干部兼任。\""""

    @pytest.mark.parametrize("level", ["community", "village"])
    @pytest.mark.parametrize("partial", [False, True])
    @pytest.mark.parametrize("population", list(SCALED_TABLE))
    def test_one_member_of_either_kind_whatever_the_population(self, level, partial, population):
        need = required_staff(level, population, partial_increment=partial)
        assert (need.total, need.min_full_time) == (1, 0)
        assert need.clause == "R-STAFF-3"

    def test_a_community_needs_one_and_at_most_two_by_workload(self):
        assert required_staff("community", 3_000).maximum == 2

    def test_a_village_may_be_served_by_one_part_time_cadre(self):
        need = required_staff("village", 800)
        assert need.maximum is None
        assert "村干部" in need.working_zh and "cadre" in need.working_en


class TestRSTAFFBadInput:
    """R-STAFF input: a population is a whole number ≥ 0 and the level one of R-ORG-1's five."""

    @pytest.mark.parametrize("level", ["county", "street", "township", "community", "village"])
    @pytest.mark.parametrize("population", [-1, -10_000])
    def test_a_negative_population_is_rejected_at_every_level(self, level, population):
        with pytest.raises(ValueError, match="negative"):
            required_staff(level, population)

    @pytest.mark.parametrize("level", ["city", "province", "Street", "", "社区", None])
    def test_an_unknown_level_is_rejected(self, level):
        with pytest.raises(ValueError, match="unknown level"):
            required_staff(level, 5_000)

    @pytest.mark.parametrize("population", [10_000.0, 10_000.5, "10000", None, True])
    def test_a_population_that_is_not_a_whole_number_is_rejected(self, population):
        with pytest.raises(TypeError):
            required_staff("street", population)


class TestRSTAFF2ReadingsDiffer:
    """R-STAFF-2 interpretation: "the calculator shows both when they differ"."""

    @pytest.mark.parametrize("level", SCALED)
    @pytest.mark.parametrize("population, differ", [(p, t[0] != t[1]) for p, t in SCALED_TABLE.items()])
    def test_the_readings_differ_exactly_between_whole_steps(self, level, population, differ):
        assert readings_differ(level, population) is differ

    @pytest.mark.parametrize("level", ["community", "village"])
    @pytest.mark.parametrize("population", [0, 10_001, 15_000, 20_001, 30_001])
    def test_the_readings_never_differ_for_communities_or_villages(self, level, population):
        assert readings_differ(level, population) is False

    @pytest.mark.parametrize("population, differ", [
        # hand-written, not taken from the table above: a few populations named by SPEC
        (10_000, False), (10_001, True), (15_000, True), (20_000, False), (20_001, True), (30_000, False),
    ])
    def test_readings_differ_for_the_populations_spec_names(self, population, differ):
        assert readings_differ("street", population) is differ


def test_r_staff_2_what_if_scenarios_use_the_staffing_numbers_they_are_given():
    """R-8.11: a standard version's staffing numbers reach the what-if table (base 3 up to 10,000 people)."""
    from decimal import Decimal

    from logic.what_if import scenarios
    rows = scenarios("township", 32_000, growth_pct=Decimal("0"), years=0,
                     standard=dataclasses.replace(yibin_2014(), staff_base=3))
    assert [(r.partial_increment, r.required) for r in rows] == [(False, 5), (True, 6)]
    assert [r.required for r in scenarios("township", 32_000)] == [4, 5]
