"""R-FUND-1, -2, -5 and R-8.6: funding lines checked before saving, exact roll-ups, and the ledger's R-8.6 verdict.

"各县(区)要将街道、乡(镇)、社区基层就业和社会保障公共服务平台的工作经费纳入同级财政专项预算" (三、(二)2);
"市级安排专项财政资金对全市各级基层平台的部分示范建设和达标建设给予一定金额的奖补" (三、(二)1).
"""
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from logic import funding as F

TODAY = date(2026, 6, 1)


def _line(**over) -> dict:
    facts = {"county_code": "511502", "year": 2025, "platform_code": None, "category": "work_funds",
             "source": "county_budget", "budgeted": "1000", "allocated": "1000", "spent": "900", "note": ""}
    facts.update(over)
    clean, errors = F.clean_line(facts)
    return clean, errors


def _errors(platform_county=None, purpose_counties=None, **over) -> set[str]:
    clean, errors = _line(**over)
    if errors:
        return {e.field for e in errors}
    found = F.validate_line(clean, today=TODAY, platform_county=platform_county,
                            purpose_platform_counties=purpose_counties)
    return {e.field for e in found}


class TestParseYuan:
    """Money is exact: yuan as typed to integer fen; no floats, no third decimal, no negatives."""

    @pytest.mark.parametrize("typed, fen", [
        ("0", 0), ("12", 1200), ("12.3", 1230), ("12.34", 1234), ("1,234.56", 123456), (" 7 ", 700),
        (Decimal("0.01"), 1), (15, 1500), ("", 0), (None, 0),
    ])
    def test_amounts_read_to_the_fen(self, typed, fen):
        assert F.parse_yuan(typed, "budgeted", "预算金额") == (fen, None)

    @pytest.mark.parametrize("typed", ["12.345", "0.001", "-1", "-0.01", "abc", "1e999999", "NaN", "Infinity",
                                       12.5, True, "1000000000.01"])
    def test_bad_amounts_are_refused_naming_the_field(self, typed):
        fen, error = F.parse_yuan(typed, "allocated", "到位金额")
        assert fen is None and error.field == "allocated" and "到位金额" in error.reason_zh

    def test_yuan_and_back_agree(self):
        assert F.yuan(123456) == Decimal("1234.56") and F.yuan(1) == Decimal("0.01")


class TestValidateLine:
    def test_a_good_line_passes(self):
        assert _errors() == set()

    # bad inputs an officer can type, each refused naming its field
    @pytest.mark.parametrize("over, field", [
        ({"budgeted": "-5"}, "budgeted"),
        ({"spent": "1000.001"}, "spent"),
        ({"year": 2013}, "year"),
        ({"year": 2028}, "year"),  # next year may be budgeted (2027), no further
        ({"category": "party"}, "category"),
        ({"source": "lottery"}, "source"),
        ({"note": "x" * 501}, "note"),
    ])
    def test_bad_input_is_refused_with_its_field(self, over, field):
        assert field in _errors(**over)

    def test_year_range_runs_from_2014_to_next_year(self):
        assert _errors(year=2014) == set() and _errors(year=2027) == set()

    def test_spent_above_allocated_needs_a_note_saying_why(self):
        assert _errors(spent="1000.01") == {"spent"}
        assert _errors(spent="1000.01", note="年中追加,已报财政备案") == set()
        assert _errors(spent="1000") == set()  # spending all of it is no overspend

    def test_a_platform_of_another_county_is_refused(self):
        assert _errors(platform_code="511503-T001", platform_county="511503") == {"platform_code"}
        assert _errors(platform_code="511502-T001", platform_county="511502") == set()
        assert _errors(platform_code="NOPE", platform_county=None) == {"platform_code"}

    def test_r_fund_1_a_city_subsidy_says_what_it_was_for_and_its_platforms_are_the_countys(self):
        base = {"category": "city_subsidy", "source": "city_special"}
        assert _errors(**base) == {"purpose"}
        assert _errors(**base, purpose="demonstration", purpose_platforms=["A", "B"],
                       purpose_counties={"A": "511502", "B": "511502"}) == set()
        assert _errors(**base, purpose="compliance", purpose_platforms=["A", "C"],
                       purpose_counties={"A": "511502", "C": "511503"}) == {"purpose_platforms"}
        assert _errors(category="city_subsidy", source="county_budget", purpose="compliance") == {"source"}
        assert _errors(purpose="demonstration") == {"purpose"}  # only city subsidies carry a purpose


def _frame(rows) -> pd.DataFrame:
    base = {c: None for c in F.LINE_COLUMNS}
    frame = pd.DataFrame([{**base, "purpose_platforms": [], "note": "", **r} for r in rows], columns=list(F.LINE_COLUMNS))
    return frame.astype({k: "int64" for k in F.AMOUNTS})


LINES = _frame([
    {"id": 1, "county_code": "A", "year": 2025, "category": "work_funds", "source": "county_budget",
     "platform_code": "A-T1", "budgeted_fen": 10_001, "allocated_fen": 10_000, "spent_fen": 3_333},
    {"id": 2, "county_code": "A", "year": 2025, "category": "personnel", "source": "county_budget",
     "platform_code": "A-T2", "budgeted_fen": 1, "allocated_fen": 1, "spent_fen": 1},
    {"id": 3, "county_code": "A", "year": 2026, "category": "city_subsidy", "source": "city_special",
     "platform_code": None, "purpose": "demonstration", "purpose_platforms": ["A-T1", "A-C1"],
     "budgeted_fen": 5_000_000_01, "allocated_fen": 5_000_000_01, "spent_fen": 0},
    {"id": 4, "county_code": "B", "year": 2025, "category": "work_funds", "source": "county_budget",
     "platform_code": "B-T1", "budgeted_fen": 7, "allocated_fen": 0, "spent_fen": 0},
])


class TestAmountsAndDatesThatMakeSense:
    """A line records money: at least one amount; its dates are real, never after today, and in the line's year
    unless the note says why (TODAY is 2026-06-01; the line is of 2025)."""

    def test_a_line_with_no_amount_at_all_is_refused_naming_the_budget(self):
        assert _errors(budgeted="0", allocated="0", spent="0") == {"budgeted"}
        assert _errors(budgeted="0", allocated="0", spent="0.01", note="先行支出") == set()  # one fen is an amount

    @pytest.mark.parametrize(("key", "day", "note", "refused"), [
        ("allocated_on", date(2025, 1, 1), "", False),  # first day of the year
        ("allocated_on", date(2025, 12, 31), "", False),  # last day
        ("allocated_on", date(2026, 1, 1), "", True),  # the next year, unexplained
        ("allocated_on", date(2026, 1, 1), "上年资金次年初到位", False),  # explained
        ("spent_on", date(2024, 12, 31), "", True),  # the year before
        ("spent_on", date(2026, 6, 1), "跨年支出", False),  # today
        ("spent_on", date(2026, 6, 2), "跨年支出", True),  # tomorrow: never, explained or not
        ("allocated_on", date(2030, 1, 1), "说明", True),
    ])
    def test_dates_fall_in_the_year_or_are_explained_and_none_is_after_today(self, key, day, note, refused):
        assert (key in _errors(note=note, **{key: day})) is refused

    def test_a_date_that_is_not_a_date_is_refused(self):
        assert "spent_on" in _errors(spent_on="2025-13-40")


class TestRollups:
    def test_sums_by_county_year_and_category_agree_to_the_fen(self):
        grand = F.totals(F.rollup(LINES, ["county_code"]))
        for by in (["year"], ["category"], ["county_code", "year"], ["county_code", "year", "category"]):
            assert F.totals(F.rollup(LINES, by)) == grand
        assert grand["budgeted_fen"] == 10_001 + 1 + 5_000_000_01 + 7
        assert grand["lines"] == 4

    def test_execution_rate_is_spent_over_allocated_and_blank_without_allocation(self):
        table = F.rollup(LINES, ["county_code", "year"]).set_index(["county_code", "year"])
        assert table.loc[("A", 2025), "execution_rate"] == Decimal("33.3")  # 3,334 / 10,001 fen
        assert table.loc[("B", 2025), "execution_rate"] is None
        assert F.execution_rate(1, 3) == Decimal("33.3") and F.execution_rate(2, 3) == Decimal("66.7")

    def test_city_subsidy_received_and_used_counts_only_city_special_funds(self):
        table = F.city_subsidy(LINES, ["county_code"])
        assert list(table["received_fen"]) == [5_000_000_01] and list(table["used_fen"]) == [0]

    def test_empty_ledger_gives_empty_tables_with_their_columns(self):
        empty = _frame([]).iloc[0:0]
        assert list(F.rollup(empty, ["year"]).columns)[:4] == ["year", *F.AMOUNTS]
        assert F.totals(F.rollup(empty, ["year"]))["budgeted_fen"] == 0
        assert F.work_funds_secured(empty, 2025) == {}

    def test_subsidy_purposes_follow_the_money_to_the_platforms(self):
        table = F.subsidy_purposes(LINES)
        assert list(table["id"]) == [3]
        assert table.loc[0, "platforms"] == ["A-C1", "A-T1"] and table.loc[0, "purpose"] == "demonstration"


class TestR86FromTheLedger:
    """R-8.6 "有统一工作经费": judged by the lines where a platform has lines that year."""

    def test_work_funds_allocated_secure_a_platform_and_other_lines_alone_do_not(self):
        assert F.work_funds_secured(LINES, 2025) == {"A-T1": True, "A-T2": False, "B-T1": False}
        assert F.work_funds_secured(LINES, 2026) == {}  # the subsidy names platforms but funds no work

    def test_apply_overrides_only_platforms_with_lines(self):
        platforms = pd.DataFrame({"code": ["A-T1", "A-T2", "X"], "work_funds_secured": [False, True, True]})
        out = F.apply_work_funds(platforms, F.work_funds_secured(LINES, 2025))
        assert list(out["work_funds_secured"]) == [True, False, True]
        assert list(out["work_funds_from_lines"]) == [True, True, False]
        assert list(F.without_work_funds(platforms, F.work_funds_secured(LINES, 2025))["code"]) == ["A-T2"]

    def test_the_count_of_platforms_without_work_funds_is_the_length_of_their_list(self):
        platforms = pd.DataFrame({"code": ["A-T1", "A-T2", "X", "Y"], "work_funds_secured": [False, True, True, None]})
        for year in (2025, 2026):
            secured = F.work_funds_secured(LINES, year)
            assert F.count_without_work_funds(platforms, secured) == len(F.without_work_funds(platforms, secured))
        assert F.count_without_work_funds(platforms, F.work_funds_secured(LINES, 2025)) == 2  # A-T2 and Y

    def test_secured_by_year_decides_each_year_as_work_funds_secured_does(self):
        sums = pd.concat([F.work_fund_sums(LINES, 2025), F.work_fund_sums(LINES, 2026)])
        by_year = F.secured_by_year(sums)
        assert by_year.get(2025) == F.work_funds_secured(LINES, 2025)
        assert by_year.get(2026, {}) == F.work_funds_secured(LINES, 2026) == {}


class TestSumsAsTheStoreGivesThem:
    def test_with_rate_gives_what_rollup_gives(self):
        sums = F.rollup(LINES, ["county_code"]).drop(columns=["execution_rate"])
        assert F.with_rate(sums)["execution_rate"].to_list() == F.rollup(LINES, ["county_code"])["execution_rate"].to_list()

    def test_subsidy_sums_are_what_city_subsidy_gives(self):
        city = F.rollup(LINES[LINES["source"] == F.CITY_FUND], ["county_code"]).drop(columns=["execution_rate"])
        expected = F.city_subsidy(LINES, ["county_code"]).drop(columns=["execution_rate"])
        assert F.subsidy_sums(city).to_dict("list") == expected.to_dict("list")
