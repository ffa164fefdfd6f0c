"""What-if planning with R-STAFF ("if this township grows to 32,000 people, how many do we need?").

Population growth is compounded with Decimal and rounded half-up to whole people, so the same inputs
always give the same staff figures; each scenario is judged under both readings of R-STAFF-2.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from logic.standard import Standard, yibin_2014

MAX_YEARS = 30


@dataclass(frozen=True)
class Scenario:
    key: str  # "now" or "in_n_years"
    years: int
    population: int
    partial_increment: bool
    required: int
    min_full_time: int
    clause: str
    working_zh: str
    working_en: str
    actual: int | None  # staff the platform has now (full + part-time), when known
    actual_full_time: int | None

    @property
    def gap(self) -> int | None:
        """actual − required: negative is a shortage (WISN reads actual ÷ required under 1 the same way)."""
        return None if self.actual is None else self.actual - self.required


def project_population(population: int, growth_pct: Decimal, years: int) -> int:
    if population < 0:
        raise ValueError("population must not be negative")
    if not 0 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 0 and {MAX_YEARS}")
    if growth_pct <= Decimal(-100):
        raise ValueError("growth must be above -100%")
    factor = (Decimal(1) + Decimal(growth_pct) / Decimal(100)) ** years
    return int((Decimal(population) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def scenarios(level: str, population: int, *, growth_pct: Decimal = Decimal(0), years: int = 0,
              actual_full: int | None = None, actual_part: int | None = None,
              standard: Standard | None = None) -> list[Scenario]:
    """Now and after `years` of growth, each under the full-increment and partial-increment readings, with the
    standard in force (its staffing numbers and the staff rule of the column that judges the level)."""
    std = standard or yibin_2014()
    horizons = [("now", 0, population)]
    if years:
        horizons.append(("in_n_years", years, project_population(population, growth_pct, years)))
    actual = None if actual_full is None else actual_full + (actual_part or 0)
    out = []
    for key, n, pop in horizons:
        for partial in (False, True):
            need = std.staff_requirement(level, pop, partial_increment=partial)
            out.append(Scenario(key, n, pop, partial, need.total, need.min_full_time, need.clause,
                                need.working_zh, need.working_en, actual, actual_full))
    return out
