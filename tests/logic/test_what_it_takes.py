"""R-ASSESS-1..2 "考核结果作为年度评先和专项补助资金分配的重要依据": what one indicator would have to improve, the
others held, for a county to reach a better rank and the next award tier — exact at the boundary (the stated
improvement gets there, one unit less does not), and "not reachable" when the goalpost is already reached or is
not enough."""
from dataclasses import replace

import numpy as np
import pytest

from logic.assessment_inputs import default_scheme
from logic.ranking import Indicator, Scheme, rank_counties
from logic.what_it_takes import (
    AT_GOALPOST,
    MISSING,
    NOT_APPLICABLE,
    NOT_ENOUGH,
    Unit,
    need,
    target_rank,
    unit_of,
    what_it_takes,
    with_value,
)
from tests.logic.test_exploration import SMALL, TABLE

POINT = Unit("point")


def _rank(values, scheme, county, skip=None):
    return next(s.rank for s in rank_counties(values, scheme, skip=skip) if s.county == county)


class TestByHand:
    """SMALL: Q 0.55 (1st), P 0.50 (2nd), R 0.45 (3rd); totals are 0.5·performance/100 + 0.5·pilot/100."""

    def test_r_needs_ten_points_of_performance_to_tie_p_for_second(self):
        """0.5·(60 + 10)/100 + 0.15 = 0.50 = P's total: a tie shares second place; 69.9 leaves R third."""
        got = need(TABLE, SMALL, "R", "performance", "rank", POINT)
        assert (got.steps, got.value) == (100, 70.0)
        assert _rank(with_value(TABLE, "R", "performance", 70.0), SMALL, "R") == 2
        assert _rank(with_value(TABLE, "R", "performance", 69.9), SMALL, "R") == 3

    def test_the_next_tier_of_a_county_in_none_is_the_last_tier(self):
        got = need(TABLE, SMALL, "R", "pilot_progress", "tier", POINT)
        assert (got.steps, got.value) == (100, 40.0)

    def test_p_reaches_first_only_at_the_performance_goalpost(self):
        got = need(TABLE, SMALL, "P", "performance", "rank", POINT)
        assert (got.steps, got.value) == (100, 100.0)

    def test_not_reachable_when_the_goalpost_is_not_enough(self):
        table = {**TABLE, "P": {"performance": 95.0, "pilot_progress": 0.0}}  # 0.475: 100 gives only 0.50
        got = need(table, SMALL, "P", "performance", "rank", POINT)
        assert (got.steps, got.reason) == (None, NOT_ENOUGH)
        assert need(table, SMALL, "P", "pilot_progress", "rank", POINT).value == 15.0  # 0.475 + 0.075

    def test_not_reachable_when_already_at_the_goalpost(self):
        table = {**TABLE, "S": {"performance": 100.0, "pilot_progress": 0.0}}  # 0.50, tied second with P
        got = need(table, SMALL, "S", "performance", "rank", POINT)
        assert (got.steps, got.reason) == (None, AT_GOALPOST)

    def test_missing_and_not_applicable_are_said_as_such(self):
        """R at 40 points of performance alone scores 0.40, still third."""
        table = {**TABLE, "R": {"performance": 40.0, "pilot_progress": None}}
        lenient = replace(SMALL, every_dimension=False)
        assert need(table, lenient, "R", "pilot_progress", "rank", POINT).reason == MISSING
        skip = {"R": frozenset({"pilot"})}
        assert need(table, SMALL, "R", "pilot_progress", "rank", POINT, skip).reason == NOT_APPLICABLE
        assert need(table, SMALL, "R", "performance", "rank", POINT, skip).value == 50.0  # 0.50 ties P

    def test_the_first_has_nothing_better_to_reach(self):
        assert what_it_takes(TABLE, SMALL, "Q", {}) == {}
        assert set(what_it_takes(TABLE, SMALL, "R", {})) == {"rank", "tier"}


class TestPlatformsAreCountedWhole:
    """A share of a county's platforms moves a platform at a time: 3 of 7 compliant needs 2 more to match 5 of 7."""

    SCHEME = Scheme(2024, (Indicator("compliant_share", "building", "higher", 0.0, 1.0),
                           Indicator("performance", "building", "higher", 0.0, 100.0)),
                    {"building": 1.0}, coverage_threshold=0.0, tiers=(("first", 1),))

    def test_two_more_compliant_platforms(self):
        table = {"A": {"compliant_share": 5 / 7, "performance": 50.0},
                 "B": {"compliant_share": 3 / 7, "performance": 50.0}}
        got = need(table, self.SCHEME, "B", "compliant_share", "rank", unit_of("compliant_share", 7))
        assert (got.steps, got.value) == (2, 5 / 7)
        assert _rank(with_value(table, "B", "compliant_share", 4 / 7), self.SCHEME, "B") == 2

    def test_the_value_stated_is_the_share_the_platforms_give_even_past_the_goalpost(self):
        """Demonstration-eligible scores 1 from 30 %: one more of 2 platforms is 50 %, and 50 % is what is said."""
        scheme = replace(self.SCHEME, indicators=(Indicator("demo_share", "building", "higher", 0.0, 0.3),
                                                  self.SCHEME.indicators[1]))
        table = {"A": {"demo_share": 0.5, "performance": 60.0}, "B": {"demo_share": 0.0, "performance": 60.0}}
        got = need(table, scheme, "B", "demo_share", "rank", unit_of("demo_share", 2))
        assert (got.steps, got.value) == (1, 0.5)

    def test_unit_of_counts_platforms_only_where_their_number_is_known(self):
        assert unit_of("compliant_share", 7) == Unit("platform", 7)
        assert unit_of("compliant_share") == Unit("pp")
        assert unit_of("performance", 7) == Unit("point")


class TestPayRecordsAndYuanAreCountedWhole:
    """R-FUND-2/3 shares move a pay record or a yuan at a time where the county's whole is known: 20 of 40 records
    at the benchmark needs 10 more to tie 30 of 40; 850,000 of 1,000,000 fen allocated needs 500 yuan to tie 90 %."""

    def _scheme(self, code):
        return Scheme(2024, (Indicator(code, "funding", "higher", 0.0, 1.0),
                             Indicator("performance", "funding", "higher", 0.0, 100.0)),
                      {"funding": 1.0}, coverage_threshold=0.0, tiers=(("first", 1),))

    def test_ten_more_pay_records_at_the_benchmark(self):
        scheme = self._scheme("pay_floor_share")
        table = {"A": {"pay_floor_share": 30 / 40, "performance": 50.0},
                 "B": {"pay_floor_share": 20 / 40, "performance": 50.0}}
        unit = unit_of("pay_floor_share", 40)
        assert unit == Unit("record", 40)
        got = need(table, scheme, "B", "pay_floor_share", "rank", unit)
        assert (got.steps, got.value) == (10, 30 / 40)
        assert _rank(with_value(table, "B", "pay_floor_share", 29 / 40), scheme, "B") == 2

    def test_five_hundred_more_yuan_of_work_funds_allocated(self):
        scheme = self._scheme("work_funds_allocated_share")
        table = {"A": {"work_funds_allocated_share": 0.9, "performance": 50.0},
                 "B": {"work_funds_allocated_share": 0.85, "performance": 50.0}}
        unit = unit_of("work_funds_allocated_share", 1_000_000)  # fen budgeted
        assert unit == Unit("yuan", 1_000_000, 100)
        got = need(table, scheme, "B", "work_funds_allocated_share", "rank", unit)
        assert (got.steps, got.value) == (500, 0.9)
        assert _rank(with_value(table, "B", "work_funds_allocated_share", 899_900 / 1_000_000), scheme, "B") == 2

    def test_subsidy_spent_is_counted_in_yuan_and_an_unknown_whole_in_points(self):
        assert unit_of("subsidy_used_share", 250_000) == Unit("yuan", 250_000, 100)
        assert unit_of("pay_floor_share", 0) == unit_of("pay_floor_share") == Unit("pp")


@pytest.mark.parametrize("seed", range(4))
def test_every_stated_improvement_is_exact_at_its_boundary(seed):
    """The default scheme on random tables: for every county, indicator and target, the stated number of units
    reaches the target rank and one unit less does not; "not enough" fails even at the goalpost."""
    rng = np.random.default_rng(seed)
    scheme = default_scheme(2024)
    wholes = {"compliant_share": 8, "demo_share": 8, "pay_floor_share": 40, "work_funds_allocated_share": 2_000_000,
              "subsidy_used_share": 500_000}  # platforms, pay records, fen: each share a whole number of them
    table = {f"c{n}": {"compliant_share": int(rng.integers(0, 9)) / 8, "demo_share": int(rng.integers(0, 4)) / 8,
                       "work_funds_allocated_share": int(rng.integers(800_000, 2_000_001)) / 2_000_000,
                       "pay_floor_share": int(rng.integers(16, 41)) / 40,
                       "subsidy_used_share": int(rng.integers(0, 500_001)) / 500_000,
                       "performance": float(round(rng.uniform(60, 100), 1)),
                       "pilot_progress": float(round(rng.uniform(0, 100), 1))} for n in range(9)}
    units = {i.code: unit_of(i.code, wholes.get(i.code)) for i in scheme.indicators}
    checked = 0
    for county in table:
        for target, needs in what_it_takes(table, scheme, county, units).items():
            goal = next(s for s in rank_counties(table, scheme) if s.county == county)
            for n in needs:
                if n.steps is None:
                    continue
                unit = units[n.indicator]
                before = unit.value_after(table[county][n.indicator], n.steps - 1, 1)
                assert _rank(with_value(table, county, n.indicator, n.value), scheme, county) < goal.rank or \
                    target == "tier"
                assert _rank(with_value(table, county, n.indicator, n.value), scheme, county) <= \
                    _goal(goal, scheme, target)
                assert _rank(with_value(table, county, n.indicator, before), scheme, county) > \
                    _goal(goal, scheme, target)
                checked += 1
    assert checked > 10


def _goal(score, scheme, target):
    return target_rank(score, scheme, target)


def test_lower_is_better_improves_downward():
    """Performance turned round (0 scores 1, 100 scores 0): P 0.10, R 0.35, Q 0.65. P passes R at 40, not 40.1."""
    lower = replace(SMALL, indicators=(replace(SMALL.indicators[0], direction="lower"), SMALL.indicators[1]))
    got = need(TABLE, lower, "P", "performance", "rank", POINT)
    assert (got.steps, got.value) == (500, 40.0)
    assert _rank(with_value(TABLE, "P", "performance", 40.1), lower, "P") == 3
    assert _rank(with_value(TABLE, "P", "performance", 40.0), lower, "P") == 2
