"""R-STAFF-1..3 as a gap view (logic.staffing_gap): required against actual, WISN ratio, roll-ups."""
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from logic.staffing_gap import SUMMED, apply_roster_counts, by_county, by_township, city_total, staffing_gap


def _platform(code, level, county="511502", parent=None, population=5_000, full=0, part=0) -> dict:
    return dict(code=code, level=level, county_code=county, parent_code=parent, service_population=population,
                staff_full_time=full, staff_part_time=part)


def _gap(rows, **kw) -> pd.DataFrame:
    return staffing_gap(pd.DataFrame(rows), **kw).set_index("code")


class TestRSTAFFGapPerPlatform:
    """R-STAFF-1/2 "服务对象1万人以下的,配备2名…每增加1万人,应增加1名"; R-STAFF-3 "社区…1—2名…村…可由村干部兼任"."""

    @pytest.mark.parametrize("level, population, full, part, required, gap, status", [
        # street/township: 2 up to 10,000, one more per further 10,000
        ("street", 10_000, 1, 1, 2, 0, "balanced"),
        ("street", 10_000, 1, 0, 2, -1, "shortage"),
        ("township", 20_000, 2, 2, 3, 1, "surplus"),
        ("township", 30_000, 1, 2, 4, -1, "shortage"),
        ("county", 5_000, 2, 0, 2, 0, "balanced"),  # judged like a street/township
        # community: 1–2 by workload, so 2 is still balanced; 3 is over
        ("community", 3_000, 0, 1, 1, 0, "balanced"),
        ("community", 3_000, 1, 1, 1, 1, "balanced"),
        ("community", 3_000, 2, 1, 1, 2, "surplus"),
        ("community", 3_000, 0, 0, 1, -1, "shortage"),
        # village: one cadre part-time
        ("village", 900, 0, 1, 1, 0, "balanced"),
        ("village", 900, 0, 2, 1, 1, "surplus"),
    ])
    def test_r_staff_required_actual_gap_and_status(self, level, population, full, part, required, gap, status):
        parent = "T" if level in ("community", "village") else None
        row = _gap([_platform("X", level, parent=parent, population=population, full=full, part=part)]).loc["X"]
        assert (row.required, row.actual, row.gap, row.status) == (required, full + part, gap, status)
        assert row.ratio == pytest.approx((full + part) / required)  # WISN: actual ÷ required

    def test_r_staff_2_both_readings_are_selectable(self):
        rows = [_platform("S", "street", population=10_001, full=1, part=1)]
        assert _gap(rows).loc["S", "required"] == 2  # full increments only (the default)
        partial = _gap(rows, partial_increment=True).loc["S"]
        assert (partial.required, partial.gap, partial.status, partial.clause) == (3, -1, "shortage", "R-STAFF-2")
        assert partial.ratio == pytest.approx(2 / 3)

    def test_r_staff_1_enough_people_but_no_full_time_one_is_marked(self):
        row = _gap([_platform("S", "street", full=0, part=3)]).loc["S"]
        assert row.status == "surplus" and bool(row.full_time_short)


class TestRosterCounts:
    """SPEC R-8.3 "staff_full_time, staff_part_time … (from the staff roster where one is kept)"."""

    def test_roster_counts_replace_entered_counts_only_where_a_roster_is_kept(self):
        frame = pd.DataFrame([_platform("A", "street", full=5, part=5), _platform("B", "street", full=1, part=1)])
        out = apply_roster_counts(frame, {"A": (1, 0), "Z": (3, 3)}).set_index("code")
        assert out.loc["A", ["staff_full_time", "staff_part_time"]].tolist() == [1, 0]
        assert out.loc["B", ["staff_full_time", "staff_part_time"]].tolist() == [1, 1]
        assert out["staff_from_roster"].to_dict() == {"A": True, "B": False}
        assert frame.loc[0, "staff_full_time"] == 5  # the caller's frame is untouched

    def test_an_empty_roster_map_changes_nothing(self):
        frame = pd.DataFrame([_platform("A", "street", full=2, part=0)])
        out = apply_roster_counts(frame, {})
        assert out["staff_full_time"].tolist() == [2] and not out["staff_from_roster"].any()


# A city: counties of streets/townships, each with its communities and villages, plus county-level platforms.
_counts = st.integers(min_value=0, max_value=6)
_centre = st.tuples(st.sampled_from(["street", "township"]), st.integers(0, 80_000), _counts, _counts,
                    st.lists(st.tuples(st.sampled_from(["community", "village"]), _counts, _counts), max_size=5))
_county = st.tuples(st.booleans(), st.lists(_centre, max_size=5))
cities = st.lists(_county, min_size=1, max_size=4)


def _city_frame(city) -> pd.DataFrame:
    rows = []
    for c, (has_county_platform, centres) in enumerate(city):
        county = f"51150{c}"
        if has_county_platform:
            rows.append(_platform(f"{county}-C", "county", county, population=40_000, full=2, part=1))
        for t, (level, population, full, part, children) in enumerate(centres):
            code = f"{county}-T{t}"
            rows.append(_platform(code, level, county, population=population, full=full, part=part))
            rows += [_platform(f"{code}-{k}", lv, county, code, 2_000, f, p) for k, (lv, f, p) in enumerate(children)]
    columns = ["code", "level", "county_code", "parent_code", "service_population", "staff_full_time",
               "staff_part_time"]
    return pd.DataFrame(rows, columns=columns)


class TestRollUps:
    """R-ORG-3 "社区、行政村就业和社会保障服务站接受街道、乡(镇)就业和社会保障服务中心直接管理和监督":
    a street/township rolls up as its centre plus its stations; a county and the city add up exactly."""

    @pytest.mark.slow
    @settings(max_examples=60, deadline=None)
    @given(cities, st.booleans())
    def test_roll_ups_sum_exactly_to_the_platforms(self, city, partial):
        gap = staffing_gap(_city_frame(city), partial_increment=partial)
        townships, counties, total = by_township(gap), by_county(gap), city_total(gap)
        county_level = gap[gap["level"] == "county"]
        for key in ("required", "full_time", "part_time", "actual", "gap"):
            assert townships[key].sum() + county_level[key].sum() == counties[key].sum() == total.at[0, key]
            assert total.at[0, key] == gap[key].sum()
        assert total.at[0, "platforms"] == len(gap)
        assert total.at[0, "shortfall"] - total.at[0, "excess"] == -total.at[0, "gap"]
        for row in townships.itertuples():
            members = gap[(gap["code"] == row.township_code) | (gap["parent_code"] == row.township_code)]
            assert (row.required, row.actual, row.platforms) == (members["required"].sum(), members["actual"].sum(),
                                                                 len(members))

    def test_a_net_balance_does_not_hide_a_shortage(self):
        gap = staffing_gap(pd.DataFrame([_platform("T", "street", full=1, part=2),
                                         _platform("T-1", "community", parent="T", full=0, part=0)]))
        row = by_township(gap).iloc[0]
        assert (row.required, row.actual, row.gap, row.status) == (3, 3, 0, "balanced")
        assert (row.shortfall, row.excess, row.short_platforms, row.surplus_platforms) == (1, 1, 1, 1)
        assert row.ratio == pytest.approx(1.0)

    def test_an_empty_city_rolls_up_to_zeros(self):
        gap = staffing_gap(_city_frame([(False, [])]))
        assert by_township(gap).empty and by_county(gap).empty
        assert city_total(gap).loc[0, list(SUMMED)].tolist() == [0] * len(SUMMED)
