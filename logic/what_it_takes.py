"""R-ASSESS-1..2: what it would take a county to move up — per indicator, holding the others as they are.

For one indicator at a time, the smallest whole number of the indicator's own units (platforms made compliant,
tenths of a percentage point of a share, tenths of a score point) that lifts the county to a better rank, and to
the next award tier. Goalposts are fixed, so improving one county's value changes its total alone and never the
others': its total does not fall as the value improves, and the smallest sufficient number of units is found by
bisection over whole units, each candidate scored by the very functions that rank (logic.ranking.rank_counties).
So the answer is exact at its boundary: the stated improvement reaches the target, one unit less does not.

An indicator cannot get the county there when its value is already at the goalpost (more scores nothing), or
when even reaching the goalpost is not enough. A missing value is reported as missing: entering one changes the
county's coverage and weighting as well, which is not "improving" it.
"""
from dataclasses import dataclass
from decimal import Decimal

from logic.ranking import CountyScore, Indicator, Scheme, rank_counties

# reasons an indicator cannot take the county to the target
AT_GOALPOST, NOT_ENOUGH, MISSING, NOT_APPLICABLE = "at_goalpost", "not_enough", "missing", "not_applicable"
SHARES = ("compliant_share", "demo_share", "work_funds_allocated_share", "pay_floor_share", "subsidy_used_share")


# What a share counts, where the county's whole is known: one more platform of its platforms, one more pay record
# of its off-establishment records of the year at the benchmark, one more yuan (100 fen) of its budgeted work funds
# allocated or of its city special funds received spent (as logic.assessment_inputs computes each share).
COUNTED = {"compliant_share": ("platform", 1), "demo_share": ("platform", 1), "pay_floor_share": ("record", 1),
           "work_funds_allocated_share": ("yuan", 100), "subsidy_used_share": ("yuan", 100)}


@dataclass(frozen=True)
class Unit:
    """One step of an indicator in its own terms: one more "platform" or pay "record" of `of`, one more "yuan" of
    `of` fen; else "pp" (a tenth of a percentage point of a share) or "point" (a tenth of a score point, as scores
    are entered)."""
    kind: str
    of: int | None = None  # the share's whole: platforms, pay records, or fen
    step: int = 1  # of the whole's units: 100 fen to a yuan

    def value_after(self, value: float, steps: int, toward: int) -> float:
        """The value `steps` units better (`toward` +1 when higher is better, −1 when lower is)."""
        if self.of:  # as logic.assessment_inputs computes the share: part ÷ whole, the part whole units
            return float(Decimal(round(value * self.of) + toward * steps * self.step) / Decimal(self.of))
        step = Decimal("0.001") if self.kind == "pp" else Decimal("0.1")
        return float(Decimal(str(value)) + toward * steps * step)

    def bounds(self) -> tuple[float, float]:
        """What the value can be at all: a share 0–1, a score 0–100."""
        return (0.0, 100.0) if self.kind == "point" else (0.0, 1.0)


def unit_of(code: str, whole: int | None = None) -> Unit:
    """Counted in the share's own things (platforms, pay records, yuan) where the county's whole is known, else in
    tenths of a percentage point or of a score point."""
    if code in COUNTED and whole:
        kind, step = COUNTED[code]
        return Unit(kind, whole, step)
    return Unit("pp" if code in SHARES else "point")


@dataclass(frozen=True)
class Need:
    indicator: str
    target: str  # "rank" (a better rank) or "tier" (a better award tier)
    steps: int | None  # units of improvement that reach the target; None when it cannot
    value: float | None  # the indicator's value then
    reason: str | None = None  # why it cannot (AT_GOALPOST, NOT_ENOUGH, MISSING, NOT_APPLICABLE)


def target_rank(score: CountyScore, scheme: Scheme, target: str) -> int | None:
    """The rank to reach: better than the present one ("rank"), or the last rank of the next better tier
    ("tier"; the last tier's when the county is in none). None when there is nothing better to reach."""
    if score.rank is None or score.rank == 1:
        return None
    if target == "rank":
        return score.rank - 1
    limits, total = {}, 0
    for name, count in scheme.tiers:
        total += count
        limits[name] = total
    names = [name for name, _ in scheme.tiers]
    if score.tier is None:
        return total if total else None
    better = names.index(score.tier) - 1
    return limits[names[better]] if better >= 0 else None


def _best(ind: Indicator, unit: Unit) -> float:
    """The goalpost that scores 1, or the bound of what the value can be when the goalpost lies beyond it."""
    low, high = unit.bounds()
    return min(max(ind.high if ind.direction == "higher" else ind.low, low), high)


def _first(holds, lo: int, hi: int) -> int:
    """The smallest step in lo..hi at which `holds` (true at hi, and from there on) is true."""
    while lo < hi:
        mid = (lo + hi) // 2
        if holds(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _steps_to_goalpost(value: float, best: float, unit: Unit, toward: int) -> int:
    def there(steps: int) -> bool:
        return toward * (unit.value_after(value, steps, toward) - best) >= 0
    span = 1
    while not there(span):  # doubling, then bisection: a handful of steps even for 1,000 units
        span *= 2
    return 0 if there(0) else _first(there, 1, span)


def need(values: dict[str, dict[str, float | None]], scheme: Scheme, county: str, code: str, target: str,
         unit: Unit, skip: dict[str, frozenset] | None = None) -> Need | None:
    """What `code` alone must improve for `county` to reach `target`; None when the county has no better rank
    or tier to reach (unranked, or already first / in the top tier)."""
    skip = skip or {}
    scores = {s.county: s for s in rank_counties(values, scheme, skip=skip)}
    goal = target_rank(scores[county], scheme, target)
    if goal is None:
        return None
    ind = next(i for i in scheme.indicators if i.code == code)
    value = values[county].get(code)
    if ind.dimension in skip.get(county, frozenset()):
        return Need(code, target, None, None, NOT_APPLICABLE)
    if value is None:
        return Need(code, target, None, None, MISSING)
    toward = 1 if ind.direction == "higher" else -1
    best = _best(ind, unit)
    most = _steps_to_goalpost(value, best, unit, toward)
    if most == 0:
        return Need(code, target, None, value, AT_GOALPOST)

    low, high = unit.bounds()

    def after(steps: int) -> float:  # the last tenth may pass what a share or score can be: it stops there
        return min(max(unit.value_after(value, steps, toward), low), high)

    def reaches(steps: int) -> bool:
        rank = next(s.rank for s in rank_counties(with_value(values, county, code, after(steps)), scheme, skip=skip)
                    if s.county == county)
        return rank is not None and rank <= goal

    if not reaches(most):  # the total never falls as the value improves: the goalpost is the best it can do
        return Need(code, target, None, value, NOT_ENOUGH)
    steps = _first(reaches, 1, most)
    return Need(code, target, steps, after(steps))


def what_it_takes(values: dict[str, dict[str, float | None]], scheme: Scheme, county: str,
                  units: dict[str, Unit], skip: dict[str, frozenset] | None = None) -> dict[str, list[Need]]:
    """{target: [Need per indicator of the scheme]} for "rank" and "tier"; a target the county has nothing
    better to reach for is left out."""
    out = {}
    for target in ("rank", "tier"):
        needs = [need(values, scheme, county, i.code, target, units.get(i.code, unit_of(i.code)), skip)
                 for i in scheme.indicators]
        if any(n is not None for n in needs):
            out[target] = [n for n in needs if n is not None]
    return out


def with_value(values: dict[str, dict[str, float | None]], county: str, code: str, value: float) -> dict:
    """`values` with one county's one indicator changed (what the tests and the screen check a need with)."""
    return {**values, county: {**values[county], code: value}}

