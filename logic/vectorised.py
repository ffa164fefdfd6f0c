"""The eight-haves verdicts of a whole table of platforms at once (R-8.1..R-8.9, R-8.11).

The overview and the ranking judge tens of thousands of platforms; calling `evaluate` per row is too slow
for a screen. This gives exactly `evaluate`'s verdicts (a hypothesis property in the tests holds it to that):
the rules are applied per column of the R-8 table with numpy arrays, and the three code sets are turned into
bit masks once, so containment is one integer AND per row.
"""
from itertools import repeat

import numpy as np
import pandas as pd

from logic.codes import EQUIPMENT, ITEMS, LEVELS, SERVICES, WINDOWS
from logic.staffing import needs
from logic.standard import ColumnRule, Standard, yibin_2014

_DEFAULT = yibin_2014()


def _bits(order: tuple[str, ...]) -> dict[str, int]:
    return {code: 1 << i for i, code in enumerate(order)}


def _with(order: tuple[str, ...], codes) -> dict[str, int]:
    """Bits for the canonical codes plus any a copied standard added (R-8.11), so those are required too."""
    return _bits((*order, *sorted(set(codes) - set(order))))


def _mask_of(codes, bits: dict[str, int]) -> int:
    if isinstance(codes, float):  # a blank cell (NaN): no codes, as evaluate reads it
        return 0
    distinct = set(codes or ())
    return sum(map(bits.get, distinct, repeat(0, len(distinct))))  # bits.get(code, 0) for each, without a generator


def _masks(series: pd.Series, bits: dict[str, int]) -> np.ndarray:
    # A register's lists are decoded once per distinct stored text (models.platforms._decoded), so its rows
    # share a few hundred list objects: each object's mask is worked out once and spread to its rows by numpy,
    # the objects told apart by identity (sound while the series holds every one alive, as it does here).
    values = series.to_numpy(dtype=object)
    ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    _, first, where = np.unique(ids, return_index=True, return_inverse=True)
    distinct = np.fromiter((_mask_of(values[i], bits) for i in first), dtype=np.int64, count=len(first))
    return distinct[where] if len(values) else np.zeros(0, dtype=np.int64)


def _failed_sets(ok: dict[str, np.ndarray], n: int) -> list[frozenset]:
    """The failed items of each row as a frozenset, one set object per distinct pattern (at most 256)."""
    pattern = np.zeros(n, dtype=np.int64)
    for bit, item in enumerate(ITEMS):
        pattern |= (~ok[item]).astype(np.int64) << bit
    sets = {p: frozenset(item for bit, item in enumerate(ITEMS) if p >> bit & 1) for p in np.unique(pattern).tolist()}
    return [sets[p] for p in pattern.tolist()]


def _bool(df: pd.DataFrame, key: str) -> np.ndarray:
    if key not in df:
        return np.zeros(len(df), dtype=bool)
    if df[key].dtype == bool:  # as the store gives it: nothing to fill
        return df[key].to_numpy()
    # via object: a column of blanks only is float64 NaN, which pandas will no longer fill with False
    return df[key].astype(object).fillna(False).astype(bool).to_numpy()


def _num(df: pd.DataFrame, key: str, dtype) -> np.ndarray:
    if key not in df:
        return np.zeros(len(df), dtype=dtype)
    return pd.to_numeric(df[key]).fillna(0).astype(dtype).to_numpy()


def evaluate_frame(df: pd.DataFrame, standard: Standard | None = None) -> pd.DataFrame:
    """Verdicts for every row of `df` (canonical columns), indexed like `df`.

    Columns out: `ok_<item>` for each of the eight items, `compliant`, `demonstration_eligible`,
    `failed_items` (a frozenset per row) and `standard` (the version label used).
    """
    std = standard or _DEFAULT
    if len(df) == 0 and "level" not in df:  # pd.DataFrame([]) — no platforms, so no columns either
        df = df.assign(level=pd.Series(dtype=object))
    unknown = set(df["level"].unique()) - set(LEVELS)  # unique first: iterating an Arrow column is per row
    if unknown:
        raise ValueError(f"unknown level(s) {sorted(map(str, unknown))}; expected one of {', '.join(LEVELS)}")
    n = len(df)
    ok = {item: np.zeros(n, dtype=bool) for item in ITEMS}
    demo = np.zeros(n, dtype=bool)
    levels = df["level"].to_numpy()
    column_of = pd.Series(levels, dtype=object).map(std.level_column).to_numpy(dtype=object)
    facts = _Facts(df, std)
    for name, rule in std.columns.items():
        rows = column_of == name
        if rows.any():
            _judge_column(facts, rows, levels, rule, std, ok, demo)
    compliant = np.logical_and.reduce([ok[i] for i in ITEMS]) if n else np.zeros(0, dtype=bool)
    out = pd.DataFrame({f"ok_{i}": ok[i] for i in ITEMS}, index=df.index)
    out["compliant"] = compliant
    out["demonstration_eligible"] = compliant & demo
    out["failed_items"] = _failed_sets(ok, n)
    out["standard"] = std.label
    return out


class _Facts:
    """The table's facts as numpy arrays, read once."""

    def __init__(self, df: pd.DataFrame, std: Standard):
        self.window_bits = _with(WINDOWS, set().union(*(rule.windows for rule in std.columns.values())))
        self.equip_bits = _with(EQUIPMENT, std.equipment | std.demo_extra_equipment)
        self.service_bits = _with(SERVICES, std.services)
        self.sign_installed = _bool(df, "sign_installed")
        text = df["sign_text"] if "sign_text" in df else pd.Series([""] * len(df), index=df.index)
        self.sign_text = text.astype("string").fillna("").str.strip()  # string methods run in Arrow, not per row
        self.area = _num(df, "area_m2", float)
        self.population = _num(df, "service_population", np.int64)
        self.full = _num(df, "staff_full_time", np.int64)
        self.part = _num(df, "staff_part_time", np.int64)
        self.flags = {k: _bool(df, k) for k in (
            "open_counter", "info_area", "office", "service_seat",
            "network_connected", "work_funds_secured", "rules_posted")}
        self.windows = _masks(df.get("windows", pd.Series([()] * len(df))), self.window_bits)
        self.equipment = _masks(df.get("equipment", pd.Series([()] * len(df))), self.equip_bits)
        self.services = _masks(df.get("services", pd.Series([()] * len(df))), self.service_bits)


def _judge_column(f: _Facts, rows, levels, rule: ColumnRule, std: Standard, ok: dict, demo) -> None:
    suffix = rule.sign_suffix
    text = f.sign_text[rows]
    ends = (text.str.endswith(suffix) & (text.str.len() > len(suffix))).to_numpy(dtype=bool)
    ok["signboard"][rows] = f.sign_installed[rows] & ends
    ok["premises"][rows] = _premises_ok(f, rows, rule)
    need_total, need_full = _staff_need(f, rows, rule, std)
    full, part = f.full[rows], f.part[rows]
    ok["staff"][rows] = (full + part >= need_total) & (full >= need_full)
    ok["equipment"][rows] = _contains(f.equipment[rows], _mask_of(std.equipment, f.equip_bits))
    ok["services"][rows] = _contains(f.services[rows], _mask_of(std.services, f.service_bits))
    ok["network"][rows] = f.flags["network_connected"][rows]
    ok["funds"][rows] = f.flags["work_funds_secured"][rows]
    ok["rules"][rows] = f.flags["rules_posted"][rows]
    demo[rows] = _demo_ok(f, rows, rule, std, need_total)


def _contains(masks: np.ndarray, required: int) -> np.ndarray:
    return (masks & required) == required


def _premises_ok(f: _Facts, rows, rule: ColumnRule) -> np.ndarray:
    good = (f.area[rows] >= rule.min_area_m2) & _contains(f.windows[rows], _mask_of(rule.windows, f.window_bits))
    for key in ("open_counter", "info_area", "office", "service_seat"):
        if getattr(rule, key):
            good &= f.flags[key][rows]
    return good


def _staff_need(f: _Facts, rows, rule: ColumnRule, std: Standard):
    population = f.population[rows]
    need = needs(np.full(len(population), rule.staff_rule, dtype=object), population, std.staff_params(),
                 std.partial_increment)
    return need["total"], need["min_full_time"]


def _demo_ok(f: _Facts, rows, rule: ColumnRule, std: Standard, need_total) -> np.ndarray:
    count = int(rows.sum())
    if rule.demo_min_area_m2 is None:
        return np.zeros(count, dtype=bool)
    good = f.area[rows] >= rule.demo_min_area_m2
    if rule.demo_full_time == "all_required":
        good &= f.full[rows] >= need_total
    elif rule.demo_full_time == "at_least_one":
        good &= f.full[rows] >= 1
    return good & _contains(f.equipment[rows], _mask_of(std.demo_extra_equipment, f.equip_bits))
