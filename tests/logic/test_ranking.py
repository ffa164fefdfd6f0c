"""R-ASSESS-1..2 "考核结果作为年度评先和专项补助资金分配的重要依据": normalisation against fixed goalposts,
aggregation that treats missing data as missing, competition ranks with ties, the coverage threshold, the seeded
weight perturbation, and a subsidy pool split to the fen."""
import math
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from logic.ranking import (
    Indicator,
    Scheme,
    allocate,
    allocate_by_score,
    allocate_by_tier,
    competition_ranks,
    normalise,
    perturb,
    rank_counties,
    score_county,
    tier_of,
)

UP = Indicator("compliant_share", "building", "higher", 0.0, 1.0)
DOWN = Indicator("below_floor_share", "funding", "lower", 0.0, 0.5)
PILOT = Indicator("pilot_progress", "pilot", "higher", 0.0, 100.0)
SCHEME = Scheme(2026, (
    Indicator("compliant_share", "building", "higher", 0.0, 1.0, 2.0),
    Indicator("demo_share", "building", "higher", 0.0, 0.3, 1.0),
    Indicator("funds_ratio", "funding", "higher", 0.5, 1.0, 1.0),
    Indicator("below_floor_share", "funding", "lower", 0.0, 0.5, 1.0),
    Indicator("performance", "performance", "higher", 60.0, 100.0, 1.0),
), {"building": 0.5, "funding": 0.3, "performance": 0.2}, coverage_threshold=0.75,
    tiers=(("first", 1), ("second", 2)))
LENIENT = replace(SCHEME, every_dimension=False)  # ranks a county on the dimensions it has data in


class TestNormalisation:
    """Fixed goalposts: the same value scores the same in every year; outside them it is clipped."""

    @pytest.mark.parametrize(("indicator", "value", "expected"), [
        (UP, 0.0, 0.0), (UP, 0.25, 0.25), (UP, 1.0, 1.0),
        (UP, -0.2, 0.0), (UP, 1.7, 1.0),                       # clipped at the goalposts
        (DOWN, 0.0, 1.0), (DOWN, 0.25, 0.5), (DOWN, 0.5, 0.0), (DOWN, 0.9, 0.0),  # lower is better
    ])
    def test_values_scale_between_the_goalposts(self, indicator, value, expected):
        assert normalise(value, indicator) == pytest.approx(expected)

    @pytest.mark.parametrize("missing", [None, float("nan")])
    def test_a_missing_value_stays_missing_never_zero(self, missing):
        assert normalise(missing, UP) is None

    def test_goalposts_that_coincide_are_refused(self):
        with pytest.raises(ValueError, match="goalposts"):
            normalise(1, Indicator("x", "d", "higher", 1.0, 1.0))


class TestAggregation:
    FULL = {"compliant_share": 0.5, "demo_share": 0.15, "funds_ratio": 1.0, "below_floor_share": 0.0,
            "performance": 80.0}

    def test_dimensions_are_weighted_means_and_the_total_weighs_the_dimensions(self):
        s = score_county("A", self.FULL, SCHEME)
        assert s.dimensions["building"] == pytest.approx((0.5 * 2 + 0.5 * 1) / 3)
        assert s.dimensions["funding"] == pytest.approx(1.0)
        assert s.dimensions["performance"] == pytest.approx(0.5)
        assert s.total == pytest.approx(0.5 * 0.5 + 0.3 * 1.0 + 0.2 * 0.5)
        assert s.coverage == pytest.approx(1.0) and s.ranked

    def test_a_missing_indicator_is_left_out_and_its_weight_shared_not_scored_zero(self):
        values = {**self.FULL, "demo_share": None}
        s = score_county("A", values, SCHEME)
        assert s.dimensions["building"] == pytest.approx(0.5)  # from compliant_share alone
        assert s.coverage == pytest.approx(1 - 0.5 * (1 / 3))
        zero = score_county("A", {**self.FULL, "demo_share": 0.0}, SCHEME)
        assert zero.dimensions["building"] != s.dimensions["building"]

    def test_a_whole_missing_dimension_leaves_the_total_to_the_others(self):
        values = {**self.FULL, "performance": None}
        s = score_county("A", values, LENIENT)
        assert s.dimensions["performance"] is None
        assert s.total == pytest.approx((0.5 * 0.5 + 0.3 * 1.0) / 0.8)
        assert s.coverage == pytest.approx(0.8) and s.ranked

    def test_by_default_a_whole_missing_dimension_lists_the_county_without_a_rank(self):
        """R-ASSESS-2: the ranking pays money, so a county with no data in a whole dimension (here no work
        performance entered) is not ranked on the others: shown with its total, coverage and the reason."""
        scores = {s.county: s for s in rank_counties({"A": {**self.FULL, "performance": None},
                                                      "B": self.FULL}, SCHEME)}
        a = scores["A"]
        assert a.total == pytest.approx((0.5 * 0.5 + 0.3 * 1.0) / 0.8) and a.coverage == pytest.approx(0.8)
        assert not a.ranked and a.rank is None and a.tier is None
        assert a.missing_dimensions == ("performance",) and a.unranked_because == "dimension"
        assert scores["B"].rank == 1

    def test_one_indicator_of_a_dimension_is_enough_for_the_dimension_to_count(self):
        s = score_county("A", {**self.FULL, "funds_ratio": None}, SCHEME)
        assert s.ranked and s.missing_dimensions == ()

    def test_a_dimension_that_does_not_apply_is_not_missing(self):
        s = score_county("A", self.FULL, replace(SCHEME, dimension_weights={**SCHEME.dimension_weights, "pilot": 0.1},
                                                 indicators=(*SCHEME.indicators, PILOT)), skip=frozenset({"pilot"}))
        assert s.ranked and s.missing_dimensions == ()

    def test_a_missing_dimension_of_weight_zero_takes_nothing_away(self):
        s = score_county("A", {**self.FULL, "performance": None},
                         replace(SCHEME, dimension_weights={**SCHEME.dimension_weights, "performance": 0.0}))
        assert s.ranked and s.coverage == pytest.approx(1.0)

    @pytest.mark.parametrize(("missing", "ranked", "because"), [
        (("performance",), True, None),                          # coverage 0.80 ≥ 0.75
        (("funds_ratio", "below_floor_share"), False, "coverage"),  # 0.70 < 0.75: shown, not ranked
    ])
    def test_the_coverage_threshold_decides_who_is_ranked(self, missing, ranked, because):
        values = {**self.FULL, **{m: None for m in missing}}
        scores = {s.county: s for s in rank_counties({"A": values, "B": self.FULL}, LENIENT)}
        assert scores["A"].ranked is ranked and scores["A"].unranked_because == because
        assert (scores["A"].rank is not None) is ranked

    def test_exactly_at_the_threshold_is_ranked(self):
        at = replace(LENIENT, coverage_threshold=0.8)
        assert score_county("A", {**self.FULL, "performance": None}, at).ranked
        assert not score_county("A", {**self.FULL, "performance": None}, replace(at, coverage_threshold=0.81)).ranked

    def test_a_county_with_no_data_at_all_has_no_total_and_no_rank(self):
        scores = rank_counties({"A": {}, "B": self.FULL}, SCHEME)
        assert scores[-1].county == "A" and scores[-1].total is None and scores[-1].rank is None
        assert scores[-1].unranked_because == "no_data"


class TestTies:
    @pytest.mark.parametrize(("totals", "expected"), [
        ({"A": 0.9, "B": 0.8, "C": 0.8, "D": 0.7}, {"A": 1, "B": 2, "C": 2, "D": 4}),
        ({"A": 0.5, "B": 0.5, "C": 0.5}, {"A": 1, "B": 1, "C": 1}),
        ({"A": 0.1 + 0.2, "B": 0.3, "C": 0.2}, {"A": 1, "B": 1, "C": 3}),  # float noise is not a difference
    ])
    def test_competition_ranks(self, totals, expected):
        assert competition_ranks(totals) == expected

    def test_tied_counties_share_a_tier(self):
        assert [tier_of(r, (("first", 2), ("second", 3))) for r in (1, 2, 2, 4, 5, 6)] == \
            ["first", "first", "first", "second", "second", None]


def _counties(n: int = 8) -> dict:
    return {f"C{i}": {"compliant_share": 0.3 + 0.07 * i, "demo_share": 0.3 - 0.03 * i,
                      "funds_ratio": 0.6 + 0.05 * (i % 4), "below_floor_share": 0.05 * (i % 3),
                      "performance": 70 + 3 * ((i * 5) % 7)} for i in range(n)}


class TestStability:
    def test_the_perturbation_is_reproducible_with_its_seed(self):
        a, b = perturb(_counties(), SCHEME, draws=60, seed=7), perturb(_counties(), SCHEME, draws=60, seed=7)
        assert a == b
        assert a != perturb(_counties(), SCHEME, draws=60, seed=8)

    @given(st.floats(min_value=0.01, max_value=100))
    @settings(max_examples=25, deadline=None)
    def test_scaling_every_weight_together_moves_no_rank(self, k):
        base = {s.county: s.rank for s in rank_counties(_counties(), SCHEME)}
        scaled = rank_counties(_counties(), SCHEME, {i.code: i.weight * k for i in SCHEME.indicators},
                               {d: w * k for d, w in SCHEME.dimension_weights.items()})
        assert {s.county: s.rank for s in scaled} == base

    def test_with_no_spread_every_draw_is_the_base_ranking(self):
        for s in perturb(_counties(), SCHEME, draws=20, spread=0.0):
            assert s.median_rank == s.p5 == s.p95 == s.base_rank and s.tier_change_share == 0

    def test_intervals_hold_the_median_and_stay_within_the_field(self):
        result = perturb(_counties(), SCHEME, draws=80)
        assert len(result) == 8
        for s in result:
            assert 1 <= s.p5 <= s.median_rank <= s.p95 <= 8 and 0 <= s.tier_change_share <= 1

    def test_the_interval_ends_are_ranks_that_occurred_at_the_5_and_95_percent_marks(self):
        """A rank interval reads "2–5", never an interpolated "2–5.05": each end is a rank some draw gave, with
        at most 5% of the draws beyond it and at least 5% at or beyond it."""
        moved = 0
        for s in perturb(_counties(), SCHEME, draws=37, spread=0.6):
            n = len(s.ranks)
            assert n == 37 and s.p5 in s.ranks and s.p95 in s.ranks
            assert sum(r < s.p5 for r in s.ranks) <= 0.05 * n <= sum(r <= s.p5 for r in s.ranks)
            assert sum(r > s.p95 for r in s.ranks) <= 0.05 * n <= sum(r >= s.p95 for r in s.ranks)
            moved += s.p5 != s.p95
        assert moved  # the spread is wide enough that some interval is not a single rank


class TestAllocation:
    @given(st.integers(min_value=0, max_value=10**12),
           st.dictionaries(st.text("ABCDEFGHIJ", min_size=1, max_size=2), st.integers(min_value=0, max_value=1000),
                           min_size=1, max_size=11))
    @settings(max_examples=80, deadline=None)
    def test_the_parts_add_up_to_the_pool_to_the_fen(self, pool, shares):
        parts = allocate(pool, shares)
        assert set(parts) == set(shares)
        if any(shares.values()):
            assert sum(parts.values()) == pool
            total = sum(shares.values())
            for c, s in shares.items():  # each part is its exact quota rounded down or up
                quota = Fraction(pool * s, total)
                assert math.floor(quota) <= parts[c] <= math.ceil(quota)
        else:
            assert sum(parts.values()) == 0

    def test_by_tier_uses_the_tier_weights(self):
        parts = allocate_by_tier(600_000_00, {"A": "first", "B": "second", "C": "second", "D": None},
                                 {"first": 2, "second": 1})
        assert parts == {"A": 300_000_00, "B": 150_000_00, "C": 150_000_00, "D": 0}

    def test_by_score_splits_in_proportion_and_leaves_the_unscored_out(self):
        parts = allocate_by_score(100, {"A": 0.5, "B": 0.25, "C": 0.25, "D": None})
        assert parts == {"A": 50, "B": 25, "C": 25, "D": 0}

    def test_remainders_go_by_size_then_by_code_so_the_split_is_reproducible(self):
        assert allocate(10, {"B": 1, "A": 1, "C": 1}) == {"B": 3, "A": 4, "C": 3}

    def test_a_negative_pool_is_refused(self):
        with pytest.raises(ValueError):
            allocate(-1, {"A": 1})


def test_a_dimension_that_does_not_apply_leaves_total_and_coverage_as_if_the_scheme_had_none():
    """R-ASSESS-1: counties without a national pilot are not assessed on it — neither penalised nor helped."""
    values = {"compliant_share": 0.5, "demo_share": 0.15, "funds_ratio": 1.0, "below_floor_share": 0.0}
    skipped = score_county("A", values, SCHEME, skip=frozenset({"performance"}))
    without = score_county("A", values, Scheme(2026, SCHEME.indicators[:4], {"building": 0.5, "funding": 0.3}))
    assert skipped.total == pytest.approx(without.total) and skipped.coverage == pytest.approx(1.0)
    assert "performance" not in skipped.dimensions


def test_r_assess_2_counties_missing_only_the_bureau_s_own_entries_are_named_for_confirmation():
    """A county unranked because work performance or pilot progress (typed in by the city) is missing is not
    unranked by its own doing: awaiting_entry names it; one missing its own funding data is not named."""
    from logic.assessment_inputs import awaiting_entry, default_scheme
    scheme = default_scheme(2026)
    full = {"compliant_share": 0.5, "demo_share": 0.1, "work_funds_allocated_share": 0.9, "pay_floor_share": 0.9,
            "subsidy_used_share": 0.8, "performance": 80.0, "pilot_progress": 70.0}
    values = {"A": full, "B": {**full, "pilot_progress": None}, "C": {**full, "performance": None},
              "D": {**full, "work_funds_allocated_share": None, "pay_floor_share": None, "subsidy_used_share": None}}
    scores = rank_counties(values, scheme)
    assert awaiting_entry(scores, scheme) == {"B": ("pilot",), "C": ("performance",)}
    assert {s.county for s in scores if s.ranked} == {"A"}
