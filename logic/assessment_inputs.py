"""The default assessment scheme and its indicator values per county (R-ASSESS-1, SPEC's interpretation),
computed from the tables the store gives: verdicts, funding lines, pay records and entered performance.

A value that cannot be computed (no platforms, no funding lines of that kind, no benchmark or no pay records for
the year, no performance entered) is None — missing, shown as missing, never a zero.
"""
from decimal import Decimal

import pandas as pd

from logic.ranking import Indicator, Scheme

DIMENSIONS = ("building", "funding", "performance")


def default_scheme(year: int) -> Scheme:
    """Goalposts are fixed (not this year's best and worst), so a score compares across years."""
    return Scheme(year, (
        Indicator("compliant_share", "building", "higher", 0.0, 1.0, 2.0),
        Indicator("demo_share", "building", "higher", 0.0, 0.3, 1.0),
        Indicator("work_funds_allocated_share", "funding", "higher", 0.5, 1.0, 1.0),
        Indicator("pay_floor_share", "funding", "higher", 0.5, 1.0, 1.0),
        Indicator("subsidy_used_share", "funding", "higher", 0.0, 1.0, 1.0),
        Indicator("performance", "performance", "higher", 60.0, 100.0, 1.0),
    ), {"building": 0.4, "funding": 0.3, "performance": 0.3}, coverage_threshold=0.6,
        tiers=(("first", 2), ("second", 3), ("third", 3)))


def _share(part, whole) -> float | None:
    return None if not whole else float(Decimal(int(part)) / Decimal(int(whole)))


def building(verdicts: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """Share of a county's platforms compliant, and demonstration-eligible (R-8, R-8.9)."""
    out = {}
    for county, rows in verdicts.groupby("county_code"):
        out[county] = {"compliant_share": _share(rows["compliant"].sum(), len(rows)),
                       "demo_share": _share(rows["demonstration_eligible"].sum(), len(rows))}
    return out


def funding(lines: pd.DataFrame, year: int) -> dict[str, dict[str, float | None]]:
    """Work funds allocated ÷ budgeted, and city special funds spent ÷ received, in the year (R-FUND-2, 7)."""
    out: dict[str, dict[str, float | None]] = {}
    if lines.empty:
        return out
    in_year = lines[lines["year"] == year]
    for county, rows in in_year.groupby("county_code"):
        work = rows[rows["category"] == "work_funds"]
        city = rows[rows["source"] == "city_special"]
        out[county] = {
            "work_funds_allocated_share": _share(work["allocated_fen"].sum(), work["budgeted_fen"].sum()),
            "subsidy_used_share": _share(city["spent_fen"].sum(), city["allocated_fen"].sum()),
        }
    return out


def pay_floor(pay: pd.DataFrame, benchmarks: dict[int, int], year: int) -> dict[str, dict[str, float | None]]:
    """Share of off-establishment pay records of the year at or above the benchmark (R-FUND-3)."""
    if year not in benchmarks or pay.empty:
        return {}
    rows = pay[(pay["establishment"] == "off") & (pay["year"] == year)]
    return {county: {"pay_floor_share": _share((group["monthly_pay_fen"] >= benchmarks[year]).sum(), len(group))}
            for county, group in rows.groupby("county_code")}


def values_for(counties, *parts: dict, performance: dict[str, float] | None = None,
               scheme: Scheme) -> dict[str, dict[str, float | None]]:
    """Every indicator of the scheme for every county, None where no part supplied it."""
    codes = [i.code for i in scheme.indicators]
    out = {c: dict.fromkeys(codes) for c in counties}
    for part in parts:
        for county, values in part.items():
            if county in out:
                out[county].update({k: v for k, v in values.items() if k in codes})
    for county, score in (performance or {}).items():
        if county in out and "performance" in codes:
            out[county]["performance"] = float(score)
    return out
