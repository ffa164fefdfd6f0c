"""R-STAFF-1..3: how many staff a platform needs (宜府办函〔2014〕282号 二、(一)3).

"服务对象1万人以下的,配备2名专兼职工作人员(至少1名专职人员),服务对象超过1万人的,每增加1万人,
应增加1名工作人员" — the text does not say how a part of 10,000 counts, so both readings are offered:
full increments only (the default) and partial increment counts.

Which rule a platform follows is the staff rule of the standard's column that judges its level (R-8.10):
"scaled" (R-STAFF-1/2), "community" or "village" (R-STAFF-3). The arithmetic lives once, in `needs`, on
arrays; the single-platform `requirement` (with its working) and every table read through it, so the
calculator, the staffing gap, the platform form and the eight-haves verdicts cannot disagree.
"""
from dataclasses import dataclass

import numpy as np

from logic.codes import LEVELS


@dataclass(frozen=True)
class StaffRequirement:
    total: int  # staff required, full- and part-time together
    min_full_time: int  # of whom at least this many full-time
    maximum: int | None  # R-STAFF-3: a community needs 1–2 "by workload"
    clause: str  # the rule id the figure follows
    working_zh: str
    working_en: str


@dataclass(frozen=True)
class StaffParams:
    """The numbers of R-STAFF-1/2, kept apart so a standard version can change them."""

    base: int = 2
    base_population: int = 10_000
    step_population: int = 10_000
    min_full_time: int = 1


DEFAULT_PARAMS = StaffParams()
SCALED_LEVELS = ("county", "street", "township")  # county judged like a street/township
# The staff rule of each level under the Yibin 2014 standard; a saved standard may judge a level by another
# column (Standard.staff_rule), and then that column's rule applies.
LEVEL_RULE = {**{lv: "scaled" for lv in SCALED_LEVELS}, "community": "community", "village": "village"}
COMMUNITY_MAXIMUM = 2  # R-STAFF-3: "社区按工作量配备1—2名"


def further_steps(service_population, params: StaffParams, partial_increment: bool):
    """Whole (or, under the partial reading, begun) steps of population above the base; ints or arrays."""
    above = np.maximum(np.asarray(service_population, dtype=np.int64) - params.base_population, 0)
    if partial_increment:
        return -(-above // params.step_population)  # ceiling without floats
    return above // params.step_population


def needs(rules, populations, params: StaffParams = DEFAULT_PARAMS, partial_increment: bool = False) -> dict:
    """Required staff for many platforms at once: arrays `total`, `min_full_time`, `ceiling` (most staff still
    'balanced') and `clause`, one entry per (staff rule, population). Any rule other than "scaled" needs one
    person and no full-time one (R-STAFF-3)."""
    rules = np.asarray(rules, dtype=object)
    pop = np.asarray(populations, dtype=np.int64)
    scaled = rules == "scaled"
    total = np.where(scaled, params.base + further_steps(pop, params, partial_increment), 1).astype(np.int64)
    ceiling = np.where(rules == "community", np.maximum(total, COMMUNITY_MAXIMUM), total).astype(np.int64)
    clause = np.where(scaled, np.where(pop <= params.base_population, "R-STAFF-1", "R-STAFF-2"), "R-STAFF-3")
    return {"total": total, "min_full_time": np.where(scaled, params.min_full_time, 0).astype(np.int64),
            "ceiling": ceiling, "clause": clause.astype(object)}


def requirement(rule: str, service_population: int, *, partial_increment: bool = False,
                params: StaffParams = DEFAULT_PARAMS) -> StaffRequirement:
    """One platform's requirement under a staff rule, with the clause and its working in words."""
    if isinstance(service_population, bool) or not isinstance(service_population, (int, np.integer)):
        raise TypeError("service_population must be a whole number")
    if service_population < 0:
        raise ValueError("service_population must not be negative")
    one = {k: v[0] for k, v in needs([rule], [service_population], params, partial_increment).items()}
    total, full = int(one["total"]), int(one["min_full_time"])
    if rule == "community":
        return StaffRequirement(total, full, COMMUNITY_MAXIMUM, one["clause"], "社区按工作量配备1—2名专兼职 → 至少1",
                                "community: 1–2 staff by workload → at least 1")
    if rule != "scaled":
        return StaffRequirement(total, full, None, one["clause"], "村服务站可由村干部兼任 → 1",
                                "village: may be a village cadre part-time → 1")
    return StaffRequirement(total, full, None, one["clause"],
                            *_scaled_working(int(service_population), params, partial_increment, total))


def _scaled_working(population: int, params: StaffParams, partial: bool, total: int) -> tuple[str, str]:
    if population <= params.base_population:  # above it R-STAFF-2 applies, even with no whole step yet
        return (f"服务对象 {population:,} ≤ {params.base_population:,} → {total}",
                f"{population:,} served ≤ {params.base_population:,} → {total}")
    steps = total - params.base
    how_zh = "不足1万的部分也计1人" if partial else "只计满1万的部分"
    how_en = "a part of 10,000 counts" if partial else "full 10,000s only"
    return (f"{params.base} + 每增加 {params.step_population:,} 人增1人 × {steps}({how_zh}) → {total}",
            f"{params.base} + 1 per further {params.step_population:,} × {steps} ({how_en}) → {total}")


def required_staff(level: str, service_population: int, *, partial_increment: bool = False,
                   params: StaffParams = DEFAULT_PARAMS, rule: str | None = None) -> StaffRequirement:
    """A level's requirement; `rule` is the staff rule of the column that judges the level in the standard in
    force (Standard.staff_requirement passes it), the Yibin 2014 one when not given."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    return requirement(rule or LEVEL_RULE[level], service_population, partial_increment=partial_increment,
                       params=params)


def readings_differ(level: str, service_population: int, params: StaffParams = DEFAULT_PARAMS,
                    rule: str | None = None) -> bool:
    """True when the two readings of R-STAFF-2 give different totals, so a screen shows both."""
    full, partial = (required_staff(level, service_population, params=params, partial_increment=p, rule=rule)
                     for p in (False, True))
    return full.total != partial.total
