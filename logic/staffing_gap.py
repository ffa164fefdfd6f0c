"""R-STAFF-1..3 as a gap view: required against actual staff per platform, rolled up (宜府办函〔2014〕282号 二、(一)3).

The ratio is WHO's WISN ratio, actual ÷ required: below 1 is a shortage. The gap is actual − required
(negative = short). A community counts as balanced anywhere in "1—2名" (R-STAFF-3); elsewhere any staff
beyond the requirement is a surplus. Status follows the total; a street/township that has enough people but
no full-time one is marked separately (`full_time_short`), because R-STAFF-1 asks for both.

Roll-ups add whole numbers only, so a street/township (its centre plus the communities and villages that
answer to it, R-ORG-3), a county and the city always sum exactly to their platforms. The net gap of a group
can hide a shortage offset by a surplus elsewhere, so each roll-up also carries `shortfall` and `excess`.
"""
import numpy as np
import pandas as pd

from logic.codes import PARENT_LEVELS
from logic.staffing import needs
from logic.standard import Standard, yibin_2014

INPUT_COLUMNS = ("code", "level", "county_code", "parent_code", "service_population",
                 "staff_full_time", "staff_part_time")
CARRIED = ("name", "staff_from_roster")  # kept when present, so a screen can name rows and show their source
SUMMED = ("platforms", "required", "required_full_time", "full_time", "part_time", "actual", "gap",
          "shortfall", "excess", "short_platforms", "surplus_platforms")
STATUSES = ("shortage", "balanced", "surplus")
STATUS_LABELS = {"shortage": ("缺员", "Shortage"), "balanced": ("持平", "Balanced"), "surplus": ("超配", "Surplus")}


def apply_roster_counts(frame: pd.DataFrame, counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Staff counts from the roster for platforms that keep one; others keep what was entered (SPEC R-8.3)."""
    out = frame.copy()
    # by mapping codes, not isin: isin over a province's string codes is a slow per-value conversion
    full = out["code"].map({code: pair[0] for code, pair in counts.items()})
    from_roster = full.notna()
    out["staff_from_roster"] = from_roster.to_numpy()
    if from_roster.any():
        part = out["code"].map({code: pair[1] for code, pair in counts.items()})
        out.loc[from_roster, "staff_full_time"] = full[from_roster].astype(np.int64).to_numpy()
        out.loc[from_roster, "staff_part_time"] = part[from_roster].astype(np.int64).to_numpy()
    return out


def staffing_gap(platforms: pd.DataFrame, *, standard: Standard | None = None,
                 partial_increment: bool | None = None) -> pd.DataFrame:
    """One row per platform: required (by the standard's column rule for the level and its R-STAFF-2 reading,
    unless another reading is asked for), actual, ratio, gap and status."""
    std = standard or yibin_2014()
    partial = std.partial_increment if partial_increment is None else partial_increment
    carried = [c for c in CARRIED if c in platforms]
    out = platforms.loc[:, [*INPUT_COLUMNS, *carried]].copy()
    rules = out["level"].map({lv: std.staff_rule(lv) for lv in std.level_column})
    need = needs(rules.to_numpy(dtype=object), out["service_population"].fillna(0).to_numpy(dtype=np.int64),
                 std.staff_params(), partial)
    out["required"], out["required_full_time"] = need["total"], need["min_full_time"]
    ceiling = need["ceiling"]
    out["clause"] = need["clause"]
    out["full_time"] = out.pop("staff_full_time").fillna(0).astype(np.int64)
    out["part_time"] = out.pop("staff_part_time").fillna(0).astype(np.int64)
    out["actual"] = out["full_time"] + out["part_time"]
    out["gap"] = out["actual"] - out["required"]
    out["ratio"] = _ratio(out["actual"], out["required"])
    out["status"] = np.select([out["gap"] < 0, out["actual"] > ceiling],
                              ["shortage", "surplus"], "balanced")
    out["full_time_short"] = out["full_time"] < out["required_full_time"]
    out["township_code"] = _township_of(out)
    return out


def _ratio(actual: pd.Series, required: pd.Series) -> pd.Series:
    """WISN ratio; NaN only if a standard ever asked for no staff at all."""
    return actual.astype(float) / required.where(required > 0).astype(float)


def _township_of(frame: pd.DataFrame) -> pd.Series:
    """The street/township a platform rolls up into: itself, its parent, or none (county platforms)."""
    own = frame["level"].isin(PARENT_LEVELS)
    parent = frame["parent_code"].where(frame["parent_code"].notna() & (frame["parent_code"] != ""), None)
    return pd.Series(np.where(own, frame["code"], parent), index=frame.index, dtype=object)


def _summable(gap: pd.DataFrame) -> pd.DataFrame:
    parts = gap.assign(platforms=1, shortfall=(-gap["gap"]).clip(lower=0), excess=gap["gap"].clip(lower=0),
                       short_platforms=(gap["status"] == "shortage").astype(np.int64),
                       surplus_platforms=(gap["status"] == "surplus").astype(np.int64))
    return parts


def _finish(sums: pd.DataFrame) -> pd.DataFrame:
    sums = sums.astype({k: np.int64 for k in SUMMED})
    sums["ratio"] = _ratio(sums["actual"], sums["required"])
    sums["status"] = np.select([sums["gap"] < 0, sums["gap"] > 0], ["shortage", "surplus"], "balanced")
    return sums


def by_township(gap: pd.DataFrame) -> pd.DataFrame:
    """Per street/township: the centre plus its communities and villages (county platforms are left out)."""
    rows = _summable(gap[gap["township_code"].notna()])
    sums = rows.groupby(["county_code", "township_code"], sort=True)[list(SUMMED)].sum().reset_index()
    return _finish(sums)


def by_county(gap: pd.DataFrame) -> pd.DataFrame:
    sums = _summable(gap).groupby("county_code", sort=True)[list(SUMMED)].sum().reset_index()
    return _finish(sums)


def city_total(gap: pd.DataFrame) -> pd.DataFrame:
    """One row for the whole of `gap` (the city, or one county when `gap` holds only that county)."""
    sums = _summable(gap)[list(SUMMED)].sum().to_frame().T
    return _finish(sums.reset_index(drop=True))
