"""The default assessment scheme and its indicator values per county (R-ASSESS-1, SPEC's interpretation),
computed from the tables the store gives: verdicts, funding lines, pay records and entered performance.

A value that cannot be computed (no platforms, no funding lines of that kind, no benchmark or no pay records for
the year, no performance entered) is None — missing, shown as missing, never a zero.
"""
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from logic.errors import FieldError
from logic.ranking import Indicator, Scheme

DIMENSIONS = ("building", "funding", "performance", "pilot")
ENTERED = ("performance", "pilot_progress")  # indicators the bureau enters per county and year
PILOT = "pilot"  # R-ASSESS-1: only counties with a national pilot are assessed on it
TIERS = ("first", "second", "third")


def default_scheme(year: int) -> Scheme:
    """Goalposts are fixed (not this year's best and worst), so a score compares across years."""
    return Scheme(year, (
        Indicator("compliant_share", "building", "higher", 0.0, 1.0, 2.0),
        Indicator("demo_share", "building", "higher", 0.0, 0.3, 1.0),
        Indicator("work_funds_allocated_share", "funding", "higher", 0.5, 1.0, 1.0),
        Indicator("pay_floor_share", "funding", "higher", 0.5, 1.0, 1.0),
        Indicator("subsidy_used_share", "funding", "higher", 0.0, 1.0, 1.0),
        Indicator("performance", "performance", "higher", 60.0, 100.0, 1.0),
        Indicator("pilot_progress", PILOT, "higher", 0.0, 100.0, 1.0),
    ), {"building": 0.35, "funding": 0.3, "performance": 0.25, PILOT: 0.1}, coverage_threshold=0.6,
        tiers=(("first", 2), ("second", 3), ("third", 3)), tier_shares=(("first", 3), ("second", 2), ("third", 1)))


def spec_of(scheme: Scheme) -> dict:
    """A scheme as plain JSON, as the store keeps it and the editor shows it."""
    return {"indicators": [vars(i) for i in scheme.indicators], "dimension_weights": dict(scheme.dimension_weights),
            "coverage_threshold": scheme.coverage_threshold, "tiers": [list(t) for t in scheme.tiers],
            "tier_shares": [list(t) for t in scheme.tier_shares], "every_dimension": scheme.every_dimension}


def _number(value, field: str, zh: str, errors: list, *, positive: bool = False) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.append(FieldError(field, f"{zh}应为数字,现为“{value}”", f"{field} must be a number, got {value!r}"))
        return None
    if number != number or number in (float("inf"), float("-inf")) or (positive and number < 0):
        errors.append(FieldError(field, f"{zh}应为不小于 0 的数字", f"{field} must be a number not below 0"))
        return None
    return number


def scheme_from_spec(spec: dict, year: int) -> tuple[Scheme | None, list[FieldError]]:
    """Check an edited scheme: known indicators, valid directions, distinct goalposts, weights not negative
    and not all zero, a threshold within 0–1, whole non-negative tier sizes and shares, and a yes/no for
    "every dimension must have data to be ranked"."""
    errors: list[FieldError] = []
    known = {i.code: i for i in default_scheme(year).indicators}
    indicators = []
    for row in spec.get("indicators", []):
        code = row.get("code")
        if code not in known:
            errors.append(FieldError("indicators", f"未知指标“{code}”", f"unknown indicator {code!r}"))
            continue
        if row.get("direction") not in ("higher", "lower"):
            errors.append(FieldError(f"{code}.direction", f"{code} 的方向应为 higher 或 lower",
                                     f"{code}: direction must be higher or lower"))
        low, high = (_number(row.get(k), f"{code}.{k}", f"{code} 的目标值", errors) for k in ("low", "high"))
        weight = _number(row.get("weight"), f"{code}.weight", f"{code} 的权重", errors, positive=True)
        if low is not None and high is not None and low == high:
            errors.append(FieldError(f"{code}.high", f"{code} 的两个目标值不能相同", f"{code}: goalposts must differ"))
        if not errors:
            indicators.append(replace(known[code], direction=row["direction"], low=low, high=high, weight=weight))
    dims = {d: _number(w, f"dimension.{d}", f"维度“{d}”的权重", errors, positive=True)
            for d, w in (spec.get("dimension_weights") or {}).items()}
    if not errors and not any(dims.values()):
        errors.append(FieldError("dimension_weights", "维度权重不能全为 0", "dimension weights cannot all be 0"))
    threshold = _number(spec.get("coverage_threshold"), "coverage_threshold", "数据覆盖率门槛", errors)
    if threshold is not None and not 0 <= threshold <= 1:
        errors.append(FieldError("coverage_threshold", "数据覆盖率门槛应在 0–1 之间", "the threshold must be 0-1"))
    tiers, shares = _counts(spec.get("tiers"), "tiers", errors), _counts(spec.get("tier_shares"), "tier_shares", errors)
    every = spec.get("every_dimension", True)  # versions saved before the setting existed get the default
    if not isinstance(every, bool):
        errors.append(FieldError("every_dimension", "“每个维度都须有数据”应为是或否",
                                 "every_dimension must be true or false"))
    if errors:
        return None, errors
    return Scheme(year, tuple(indicators), dims, threshold, tiers, shares, every), []


def _counts(pairs, field: str, errors: list) -> tuple:
    out = []
    for pair in pairs or []:
        name, count = [*pair, None, None][:2]
        if name not in TIERS or not isinstance(count, int) or isinstance(count, bool) or count < 0:
            errors.append(FieldError(field, f"档次设置“{pair}”无效", f"tier setting {pair!r} is not valid"))
        else:
            out.append((name, count))
    return tuple(out)


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
    if lines.empty:
        return {}
    in_year = lines[lines["year"] == year]
    work = in_year["category"] == "work_funds"
    city = in_year["source"] == "city_special"
    parts = pd.DataFrame({"county_code": in_year["county_code"],
                          "work_allocated": in_year["allocated_fen"].where(work, 0),
                          "work_budgeted": in_year["budgeted_fen"].where(work, 0),
                          "city_spent": in_year["spent_fen"].where(city, 0),
                          "city_allocated": in_year["allocated_fen"].where(city, 0)})
    return funding_shares(parts.groupby("county_code", as_index=False).sum())


FUNDING_SUMS = ("county_code", "work_allocated", "work_budgeted", "city_spent", "city_allocated")


def funding_shares(sums: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """`funding` from the year's sums per county (FUNDING_SUMS, one row for each county with a line that year):
    the store adds them up, so the screen need not read every line."""
    return {county: {"work_funds_allocated_share": _share(work_allocated, work_budgeted),
                     "subsidy_used_share": _share(city_spent, city_allocated)}
            for county, work_allocated, work_budgeted, city_spent, city_allocated
            in sums[list(FUNDING_SUMS)].itertuples(index=False)}


def pay_floor(pay: pd.DataFrame, benchmarks: dict[int, int], year: int) -> dict[str, dict[str, float | None]]:
    """Share of off-establishment pay records of the year at or above the benchmark (R-FUND-3)."""
    if year not in benchmarks or pay.empty:
        return {}
    rows = pay[(pay["establishment"] == "off") & (pay["year"] == year)]
    counts = pd.DataFrame({"county_code": rows["county_code"], "records": 1,
                           "at_floor": (rows["monthly_pay_fen"] >= benchmarks[year]).astype(int)})
    return pay_floor_shares(counts.groupby("county_code", as_index=False).sum())


def pay_floor_shares(counts: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """`pay_floor` from counts per county (county_code, records, at_floor), one row for each county with an
    off-establishment pay record of the year."""
    return {county: {"pay_floor_share": _share(at_floor, records)}
            for county, records, at_floor in counts[["county_code", "records", "at_floor"]].itertuples(index=False)}


def values_for(counties, *parts: dict, entered: dict[str, dict[str, float]] | None = None,
               scheme: Scheme) -> dict[str, dict[str, float | None]]:
    """Every indicator of the scheme for every county, None where no part supplied it. `entered` is
    {indicator: {county: value}} for the indicators the bureau types in."""
    codes = [i.code for i in scheme.indicators]
    out = {c: dict.fromkeys(codes) for c in counties}
    for part in parts:
        for county, values in part.items():
            if county in out:
                out[county].update({k: v for k, v in values.items() if k in codes})
    for indicator, by_county in (entered or {}).items():
        for county, value in by_county.items():
            if county in out and indicator in codes:
                out[county][indicator] = float(value)
    return out


def entered_dimensions(scheme: Scheme) -> set[str]:
    """Dimensions made only of indicators the bureau types in (work performance, pilot progress)."""
    dims = {i.dimension for i in scheme.indicators}
    return {d for d in dims if all(i.code in ENTERED for i in scheme.indicators if i.dimension == d)}


def awaiting_entry(scores, scheme: Scheme) -> dict[str, tuple[str, ...]]:
    """{county: dimensions} of counties left without a rank for want of data the bureau itself enters. Their
    absence is not the county's doing, yet it moves the split: the others share the pool. The screen says so and
    asks for a deliberate confirmation before such a ranking is frozen."""
    entered = entered_dimensions(scheme)
    return {s.county: tuple(d for d in s.missing_dimensions if d in entered) for s in scores
            if not s.ranked and entered & set(s.missing_dimensions)}


def pilot_skips(counties, pilots: dict[str, int], year: int) -> dict[str, frozenset]:
    """The pilot dimension applies only to counties that had won a national pilot by `year` (R-ASSESS-1)."""
    return {c: frozenset() if pilots.get(c, year + 1) <= year else frozenset({PILOT}) for c in counties}
