"""R-FUND-3, -4, -6: off-establishment pay against the benchmark, balance within a street/township, growth.

"各县(区)应当按照不低于大学生村官收入标准提高编制外人员的收入水平,同一街道、乡(镇)就业和社会保障公共服务平台
编制外人员待遇水平要大体平衡" and "建立收入增长机制" (三、(二)2).
"""
from decimal import Decimal

import pandas as pd
import pytest

from logic import pay_checks as P


def _pay(rows) -> pd.DataFrame:
    """rows: (person_id, platform_code, level, centre_code, establishment, year, monthly_pay_fen)"""
    out = [{"person_id": pid, "name": f"P{pid}", "platform_code": code, "platform_name": code, "level": level,
            "centre_code": centre, "county_code": "A", "establishment": est, "year": year, "monthly_pay_fen": fen}
           for pid, code, level, centre, est, year, fen in rows]
    return pd.DataFrame(out, columns=list(P.PAY_COLUMNS))


class TestRFund3Benchmark:
    """R-FUND-3 "不低于大学生村官收入标准": at the benchmark passes, one fen below is flagged."""

    BENCH = {2025: 200_000}

    @pytest.mark.parametrize("fen, flagged", [(200_000, False), (199_999, True), (200_001, False), (0, True)])
    def test_the_floor_at_its_boundary(self, fen, flagged):
        found = P.below_benchmark(_pay([(1, "T1", "township", "T1", "off", 2025, fen)]), self.BENCH)
        assert len(found) == int(flagged)
        if flagged:
            assert found.loc[0, "shortfall_fen"] == 200_000 - fen and found.loc[0, "benchmark_fen"] == 200_000

    def test_in_establishment_staff_and_years_without_a_benchmark_are_not_judged(self):
        rows = [(1, "T1", "township", "T1", "in", 2025, 1), (2, "T1", "township", "T1", "off", 2024, 1)]
        assert P.below_benchmark(_pay(rows), self.BENCH).empty


class TestRFund4Balance:
    """R-FUND-4 "大体平衡", interpreted as highest ≤ tolerance × lowest (default 1.2) within one centre."""

    @staticmethod
    def _centre(*fens, year=2025):
        return _pay([(i, "T1", "township", "T1", "off", year, f) for i, f in enumerate(fens, start=1)])

    def test_exactly_at_the_tolerance_is_balanced_one_fen_above_is_not(self):
        assert P.imbalance(self._centre(250_000, 300_000), 2025).empty  # 300,000 = 1.2 × 250,000
        found = P.imbalance(self._centre(250_000, 300_001, 260_000), 2025)
        assert list(found["centre_code"]) == ["T1"]
        row = found.iloc[0]
        assert (row.lowest_fen, row.highest_fen, row.people, row.ratio) == (250_000, 300_001, 3, Decimal("1.200"))
        assert (row.lowest_name, row.highest_name) == ("P1", "P2")

    def test_the_tolerance_is_a_setting(self):
        assert P.imbalance(self._centre(200_000, 300_000), 2025, tolerance=Decimal("1.5")).empty
        assert len(P.imbalance(self._centre(200_000, 300_001), 2025, tolerance=Decimal("1.5"))) == 1

    def test_one_person_and_in_establishment_staff_make_no_imbalance(self):
        assert P.imbalance(self._centre(100_000), 2025).empty
        rows = [(1, "T1", "township", "T1", "off", 2025, 100_000), (2, "T1", "township", "T1", "in", 2025, 900_000)]
        assert P.imbalance(_pay(rows), 2025).empty

    def test_stations_count_only_when_the_scope_setting_includes_them(self):
        rows = [(1, "T1", "township", "T1", "off", 2025, 200_000), (2, "C1", "community", "T1", "off", 2025, 300_000),
                (3, "T1", "township", "T1", "off", 2025, 210_000)]
        assert P.imbalance(_pay(rows), 2025, scope="centre").empty
        assert list(P.imbalance(_pay(rows), 2025, scope="with_stations")["people"]) == [3]

    @pytest.mark.parametrize("typed", ["0.9", "abc", "11", "NaN"])
    def test_a_tolerance_below_one_or_not_a_number_is_refused(self, typed):
        with pytest.raises((ValueError, ArithmeticError)):
            P.parse_tolerance(typed)


class TestRFund6Declines:
    """R-FUND-6 "建立收入增长机制": pay lower than the year before, by even one fen, is flagged."""

    @pytest.mark.parametrize("before, after, flagged", [(300_000, 299_999, True), (300_000, 300_000, False),
                                                        (300_000, 300_001, False)])
    def test_a_decline_at_its_boundary(self, before, after, flagged):
        rows = [(1, "T1", "township", "T1", "off", 2024, before), (1, "T1", "township", "T1", "off", 2025, after)]
        found = P.declines(_pay(rows))
        assert len(found) == int(flagged)
        if flagged:
            row = found.iloc[0]
            assert (row.previous_year, row.previous_fen, row.monthly_pay_fen, row.change_fen) == (2024, before, after, -1)

    def test_a_missing_year_is_no_comparison_and_the_year_filter_narrows(self):
        rows = [(1, "T1", "township", "T1", "off", 2022, 300_000), (1, "T1", "township", "T1", "off", 2024, 200_000),
                (2, "T1", "township", "T1", "off", 2023, 300_000), (2, "T1", "township", "T1", "off", 2024, 200_000),
                (2, "T1", "township", "T1", "off", 2025, 100_000)]
        assert list(P.declines(_pay(rows))["year"]) == [2024, 2025]
        assert list(P.declines(_pay(rows), 2025)["person_id"]) == [2]
