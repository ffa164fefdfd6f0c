"""R-STAFF-1..3: how many staff a platform needs (宜府办函〔2014〕282号 二、(一)3).

"服务对象1万人以下的,配备2名专兼职工作人员(至少1名专职人员),服务对象超过1万人的,每增加1万人,
应增加1名工作人员" — the text does not say how a part of 10,000 counts, so both readings are offered:
full increments only (the default) and partial increment counts.
"""
from dataclasses import dataclass

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


def further_steps(service_population: int, params: StaffParams, partial_increment: bool) -> int:
    """Whole (or, under the partial reading, begun) steps of population above the base."""
    above = service_population - params.base_population
    if above <= 0:
        return 0
    if partial_increment:
        return -(-above // params.step_population)  # ceiling without floats
    return above // params.step_population


def required_staff(
    level: str,
    service_population: int,
    *,
    partial_increment: bool = False,
    params: StaffParams = DEFAULT_PARAMS,
) -> StaffRequirement:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if isinstance(service_population, bool) or not isinstance(service_population, int):
        raise TypeError("service_population must be a whole number")
    if service_population < 0:
        raise ValueError("service_population must not be negative")
    if level == "community":
        return StaffRequirement(1, 0, 2, "R-STAFF-3", "社区按工作量配备1—2名专兼职 → 至少1",
                                "community: 1–2 staff by workload → at least 1")
    if level == "village":
        return StaffRequirement(1, 0, None, "R-STAFF-3", "村服务站可由村干部兼任 → 1",
                                "village: may be a village cadre part-time → 1")
    return _scaled(service_population, params, partial_increment)


def _scaled(population: int, params: StaffParams, partial: bool) -> StaffRequirement:
    steps = further_steps(population, params, partial)
    total = params.base + steps
    if population <= params.base_population:  # above it R-STAFF-2 applies, even with no whole step yet
        return StaffRequirement(
            total, params.min_full_time, None, "R-STAFF-1",
            f"服务对象 {population:,} ≤ {params.base_population:,} → {total}",
            f"{population:,} served ≤ {params.base_population:,} → {total}",
        )
    how_zh = "不足1万的部分也计1人" if partial else "只计满1万的部分"
    how_en = "a part of 10,000 counts" if partial else "full 10,000s only"
    return StaffRequirement(
        total, params.min_full_time, None, "R-STAFF-2",
        f"{params.base} + 每增加 {params.step_population:,} 人增1人 × {steps}({how_zh}) → {total}",
        f"{params.base} + 1 per further {params.step_population:,} × {steps} ({how_en}) → {total}",
    )


def readings_differ(level: str, service_population: int, params: StaffParams = DEFAULT_PARAMS) -> bool:
    """True when the two readings of R-STAFF-2 give different totals, so a screen shows both."""
    full = required_staff(level, service_population, params=params)
    partial = required_staff(level, service_population, partial_increment=True, params=params)
    return full.total != partial.total
