"""R-8.11 "服务内容根据需要适时调整": checking an adjusted standard before it is saved, and which platforms it
would move between verdicts.

Pure: the editor hands in the edited `Standard` and a table of platforms (canonical columns); this says what is
wrong with the standard and, per platform whose verdict would change, the verdict and failing items before and
after. Only the canonical codes may be required (logic.codes): a platform can record no other code, so a
standard requiring one would fail every platform with no way to comply.
"""
from dataclasses import replace

import pandas as pd

from logic.codes import EQUIPMENT, LEVELS, SERVICES, WINDOWS
from logic.errors import FieldError
from logic.record_errors import errors_of
from logic.records import StandardVersionBase
from logic.standard import COLUMNS, ColumnRule, Standard
from logic.vectorised import evaluate_frame

MAX_AREA = 10_000
DEMO_FULL_TIME = ("all_required", "at_least_one", "none")
STAFF_RULES = ("scaled", "community", "village")


def validate_standard(std: Standard) -> list[FieldError]:
    errors: list[FieldError] = []
    errors += errors_of(StandardVersionBase, {"code": std.code, "version": std.version, "name": std.name})
    for name, rule in std.columns.items():
        errors += _column(name, rule)
    for key, allowed, zh in (("equipment", EQUIPMENT, "设施设备"), ("services", SERVICES, "服务内容"),
                             ("demo_extra_equipment", EQUIPMENT, "示范设备")):
        unknown = set(getattr(std, key)) - set(allowed)
        if unknown:
            errors.append(FieldError(key, f"{zh}含未知代码:{'、'.join(sorted(unknown))}", f"{key}: unknown codes {sorted(unknown)}"))
    if set(std.level_column) != set(LEVELS) or set(std.level_column.values()) - set(std.columns):
        errors.append(FieldError("level_column", "每个层级都须指定评价所用的列", "every level needs the column that judges it"))
    if not (1 <= std.staff_base <= 50 and 1 <= std.staff_base_population <= 10_000_000
            and 1 <= std.staff_step_population <= 10_000_000 and 0 <= std.staff_min_full_time <= std.staff_base):
        errors.append(FieldError("staff", "人员配备参数应为正整数,且专职最少人数不超过基本人数",
                                 "staffing figures must be positive whole numbers, the full-time minimum at most the base"))
    return errors


def _column(name: str, rule: ColumnRule) -> list[FieldError]:
    errors = []
    if not 0 <= rule.min_area_m2 <= MAX_AREA:
        errors.append(FieldError(f"{name}.min_area_m2", f"面积应在 0—{MAX_AREA} m² 之间", f"area must be 0–{MAX_AREA} m²"))
    if rule.demo_min_area_m2 is not None and not rule.min_area_m2 <= rule.demo_min_area_m2 <= MAX_AREA:
        errors.append(FieldError(f"{name}.demo_min_area_m2", "示范面积不能小于达标面积", "the demonstration area cannot be below the compliance area"))
    if set(rule.windows) - set(WINDOWS):
        errors.append(FieldError(f"{name}.windows", "服务窗口含未知代码", "windows hold an unknown code"))
    if rule.demo_full_time not in DEMO_FULL_TIME or rule.staff_rule not in STAFF_RULES:
        errors.append(FieldError(f"{name}.staff_rule", "人员规则无效", "staff rule is not valid"))
    if not str(rule.sign_suffix or "").strip():
        errors.append(FieldError(f"{name}.sign_suffix", "牌子名称后缀不能为空", "the sign suffix is required"))
    return errors


def with_column(std: Standard, column: str, **changes) -> Standard:
    """A copy of `std` with one column of the R-8 table changed."""
    if column not in COLUMNS:
        raise ValueError(column)
    return replace(std, columns={**std.columns, column: replace(std.columns[column], **changes)})


def verdict(compliant: bool, demo: bool) -> str:
    return "demo" if demo else "compliant" if compliant else "not"


def verdict_changes(platforms: pd.DataFrame, before: Standard, after: Standard) -> pd.DataFrame:
    """Every platform whose verdict (not compliant / compliant / demonstration-eligible) differs between the two
    standards: code, name, county, level, verdict and failing items before and after."""
    if platforms.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    return _changes(platforms, evaluate_frame(platforms, before), evaluate_frame(platforms, after))


def verdict_changes_from(judged: pd.DataFrame, after: Standard) -> pd.DataFrame:
    """verdict_changes for a judged register's frame (facts with their verdicts under the standard in force, as
    models.judged_register builds it): those verdicts are the "before", so only `after` is judged here."""
    if judged.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    return _changes(judged, judged, evaluate_frame(judged, after))


CHANGE_COLUMNS = ["code", "name", "county_code", "level", "before", "after", "failed_before", "failed_after"]


def _changes(platforms: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    was = [verdict(c, d) for c, d in zip(old["compliant"], old["demonstration_eligible"], strict=True)]
    now = [verdict(c, d) for c, d in zip(new["compliant"], new["demonstration_eligible"], strict=True)]
    out = platforms[["code", "name", "county_code", "level"]].copy()
    out["before"], out["after"] = was, now
    out["failed_before"], out["failed_after"] = list(old["failed_items"]), list(new["failed_items"])
    return out[out["before"] != out["after"]].reset_index(drop=True)[CHANGE_COLUMNS]
