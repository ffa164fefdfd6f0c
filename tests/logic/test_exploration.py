"""R-ASSESS-1..2 explored ("考核结果作为年度评先和专项补助资金分配的重要依据"): the ranking under other weights, with
indicators or dimensions switched off, another coverage threshold or other tier sizes. With the scheme's own
settings it is the official ranking exactly; moved weights give the ranks worked out by hand below."""
import numpy as np
import pytest

from logic.assessment_inputs import default_scheme, spec_of
from logic.exploration import Exploration, compare, explore, explored_scheme, explored_spec, unchanged
from logic.ranking import Indicator, Scheme, rank_counties

# Two indicators, one per dimension, each scored 0 at 0 and 1 at 100; equal dimension weights.
SMALL = Scheme(2024, (Indicator("performance", "performance", "higher", 0.0, 100.0),
                      Indicator("pilot_progress", "pilot", "higher", 0.0, 100.0)),
               {"performance": 0.5, "pilot": 0.5}, coverage_threshold=0.0, tiers=(("first", 1), ("second", 1)))
TABLE = {"P": {"performance": 90.0, "pilot_progress": 10.0},  # 0.5·0.9 + 0.5·0.1 = 0.50
         "Q": {"performance": 40.0, "pilot_progress": 70.0},  # 0.5·0.4 + 0.5·0.7 = 0.55
         "R": {"performance": 60.0, "pilot_progress": 30.0}}  # 0.5·0.6 + 0.5·0.3 = 0.45


def _ranks(scores) -> dict:
    return {s.county: (s.rank, s.tier) for s in scores}


def _demo_like_table(seed: int) -> dict:
    """Ten counties with the default scheme's indicators, some values missing, as the screen would have them."""
    rng = np.random.default_rng(seed)
    codes = [i.code for i in default_scheme(2024).indicators]
    table = {}
    for n in range(10):
        values = {c: float(rng.uniform(0, 1)) for c in codes}
        values["performance"] = float(round(rng.uniform(55, 100), 1))
        values["pilot_progress"] = float(round(rng.uniform(0, 100), 1))
        if n % 4 == 3:
            values[codes[n % len(codes)]] = None
        table[f"51150{n}"] = values
    return table


class TestTheOfficialSettingsReproduceTheOfficialRanking:
    """Exploring starts from the scheme in force and, untouched, shows exactly the ranking the screen shows."""

    def test_the_spec_is_the_scheme_s_own(self):
        scheme = default_scheme(2024)
        assert explored_spec(scheme, unchanged(scheme)) == spec_of(scheme)

    @pytest.mark.parametrize("seed", range(5))
    def test_ranks_tiers_totals_and_coverage_equal_the_official_ones(self, seed):
        scheme, values = default_scheme(2024), _demo_like_table(seed)
        skip = {c: frozenset({"pilot"}) if i % 3 else frozenset() for i, c in enumerate(values)}
        official = rank_counties(values, scheme, skip=skip)
        explored, errors = explore(values, scheme, unchanged(scheme), skip)
        assert not errors
        assert [(s.county, s.rank, s.tier, s.total, s.coverage, s.ranked) for s in explored] == \
               [(s.county, s.rank, s.tier, s.total, s.coverage, s.ranked) for s in official]
        assert all(m.places_up in (0, None) and not m.tier_changed for m in compare(official, explored))


class TestMovedWeightsByHand:
    """Official: Q 0.55 (1st, first tier), P 0.50 (2nd, second tier), R 0.45 (3rd, no tier)."""

    def test_the_official_ranking_of_the_small_table(self):
        assert _ranks(rank_counties(TABLE, SMALL)) == {"Q": (1, "first"), "P": (2, "second"), "R": (3, None)}

    def test_performance_weighted_0_8_puts_p_first_r_second_and_q_last(self):
        """P 0.8·0.9 + 0.2·0.1 = 0.74; R 0.8·0.6 + 0.2·0.3 = 0.54; Q 0.8·0.4 + 0.2·0.7 = 0.46."""
        moved = Exploration({"performance": 1.0, "pilot_progress": 1.0}, {"performance": 0.8, "pilot": 0.2},
                            frozenset(), 0.0, SMALL.tiers)
        explored, errors = explore(TABLE, SMALL, moved)
        assert not errors
        assert _ranks(explored) == {"P": (1, "first"), "R": (2, "second"), "Q": (3, None)}
        assert [round(s.total, 6) for s in explored] == [0.74, 0.54, 0.46]
        moves = {m.county: m for m in compare(rank_counties(TABLE, SMALL), explored)}
        assert (moves["P"].places_up, moves["R"].places_up, moves["Q"].places_up) == (1, 1, -2)
        assert all(m.tier_changed for m in moves.values())

    def test_the_pilot_dimension_switched_off_ranks_on_performance_alone(self):
        off = Exploration({}, {}, frozenset({"pilot"}), 0.0, SMALL.tiers)
        explored, _ = explore(TABLE, SMALL, off)
        assert [(s.county, s.rank, round(s.total, 6)) for s in explored] == [("P", 1, 0.9), ("R", 2, 0.6),
                                                                               ("Q", 3, 0.4)]

    def test_an_indicator_switched_off_leaves_its_dimension_without_it(self):
        off = Exploration({}, {}, frozenset({"performance"}), 0.0, SMALL.tiers)
        explored, _ = explore(TABLE, SMALL, off)
        assert [s.county for s in explored] == ["Q", "R", "P"]

    def test_wider_tiers_and_a_higher_threshold(self):
        """Three in the second tier takes R in; a threshold of 0.6 leaves a county with half the weight unranked."""
        table = {**TABLE, "R": {"performance": 60.0, "pilot_progress": None}}
        wider = Exploration({}, {}, frozenset(), 0.6, (("first", 1), ("second", 3)))
        explored, _ = explore(table, SMALL, wider)
        assert _ranks(explored) == {"Q": (1, "first"), "P": (2, "second"), "R": (None, None)}
        explored, _ = explore(TABLE, SMALL, wider)
        assert _ranks(explored)["R"] == (3, "second")


class TestAnExplorationTheSchemeEditorWouldRefuseIsRefused:
    """It passes the editor's own checks (scheme_from_spec), so what can be explored can also be saved."""

    def test_every_dimension_weight_zero_is_refused_naming_the_field(self):
        zero = Exploration({}, {"performance": 0.0, "pilot": 0.0}, frozenset(), 0.0, SMALL.tiers)
        scheme, errors = explored_scheme(SMALL, zero)
        assert scheme is None and [e.field for e in errors] == ["dimension_weights"]

    def test_a_negative_weight_is_refused(self):
        negative = Exploration({"performance": -1.0}, {}, frozenset(), 0.0, SMALL.tiers)
        _, errors = explored_scheme(SMALL, negative)
        assert [e.field for e in errors] == ["performance.weight"]

    def test_everything_switched_off_is_refused(self):
        _, errors = explored_scheme(SMALL, Exploration({}, {}, frozenset({"performance", "pilot"}), 0.0, ()))
        assert [e.field for e in errors] == ["indicators"] and "至少" in errors[0].reason("zh")
