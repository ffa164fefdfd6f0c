"""R-ASSESS-1..2: the county assessment as arithmetic (宜府办函〔2014〕282号 三、(六)).

"将各区县基层平台建设工作纳入全市就业和社会保障目标管理考核…考核结果作为年度评先和专项补助资金分配的重要依据"

SPEC's interpretation: dimensions (platform building, funding guarantee, work performance, national pilot) hold
indicators; indicators and weights are settings. Here:
- each indicator is scaled against **fixed goalposts** (min-max between a set low and high, clipped to 0..1 and
  turned round where lower is better), so a score means the same in every year;
- a missing value is **missing**, never zero: a dimension scores over the indicators it has (weights
  renormalised), the total over the dimensions it has, and `coverage` says what share of the full weight had
  data — below the coverage threshold a county is shown but **not ranked**;
- a county with no data at all in a dimension that applies to it is shown but **not ranked** either, unless the
  scheme says otherwise (`every_dimension`): scored on the other dimensions alone, a county with no work
  performance entered could otherwise come first and take the largest share of the money on less evidence;
- ranks are competition ranks on totals rounded to 6 decimals (1, 2, 2, 4), so float noise never splits a tie;
- stability: every weight multiplied by an independent uniform factor in [1 − spread, 1 + spread], many draws
  from a seeded generator (reproducible), giving each county's median rank, its 5–95 % interval and how often
  its award tier would change;
- money: a pool in integer fen split by tier shares or by score with the largest-remainder method, so the parts
  add up to the pool exactly.
"""
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

TIE_DECIMALS = 6


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    direction: str  # "higher" (more is better) or "lower"
    low: float  # fixed goalposts: `low` scores 0 and `high` scores 1 (turned round for "lower")
    high: float
    weight: float = 1.0  # within its dimension


@dataclass(frozen=True)
class Scheme:
    year: int
    indicators: tuple[Indicator, ...]
    dimension_weights: dict[str, float]
    coverage_threshold: float = 0.75
    tiers: tuple[tuple[str, int], ...] = (("first", 2), ("second", 3), ("third", 3))  # tier, how many ranks
    tier_shares: tuple[tuple[str, int], ...] = (("first", 3), ("second", 2), ("third", 1))  # pool shares by tier
    every_dimension: bool = True  # rank only counties with data in every dimension that applies to them


@dataclass
class CountyScore:
    county: str
    values: dict[str, float | None]
    normalised: dict[str, float | None]
    dimensions: dict[str, float | None]
    total: float | None
    coverage: float
    ranked: bool
    rank: int | None = None
    tier: str | None = None
    missing_dimensions: tuple[str, ...] = ()  # dimensions that apply and have no data at all
    coverage_ok: bool = True  # coverage at or above the scheme's threshold

    @property
    def unranked_because(self) -> str | None:
        """Why a county is listed without a rank: "no_data", "dimension" (a whole dimension missing) or
        "coverage" (below the threshold); None when it is ranked."""
        if self.ranked:
            return None
        if self.total is None:
            return "no_data"
        return "dimension" if self.missing_dimensions and self.coverage_ok else "coverage"


def normalise(value: float | None, indicator: Indicator) -> float | None:
    """Scale one value against its goalposts; None stays None (missing is never zero)."""
    if value is None or value != value:  # NaN is missing too
        return None
    if indicator.high == indicator.low:
        raise ValueError(f"indicator {indicator.code}: the goalposts must differ")
    share = (float(value) - indicator.low) / (indicator.high - indicator.low)
    share = min(1.0, max(0.0, share))
    return share if indicator.direction == "higher" else 1.0 - share


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    weight = sum(w for _, w in pairs)
    return None if not pairs or weight <= 0 else sum(v * w for v, w in pairs) / weight


def _dimension_shares(scheme: Scheme, ind_weights: dict[str, float], dim_weights: dict[str, float]) -> dict[str, float]:
    """Each indicator's share of the full weight (dimension share × share within the dimension)."""
    dim_total = sum(dim_weights.get(d, 0.0) for d in {i.dimension for i in scheme.indicators})
    shares = {}
    for ind in scheme.indicators:
        siblings = sum(ind_weights[i.code] for i in scheme.indicators if i.dimension == ind.dimension)
        dim_share = dim_weights.get(ind.dimension, 0.0) / dim_total if dim_total else 0.0
        shares[ind.code] = dim_share * (ind_weights[ind.code] / siblings if siblings else 0.0)
    return shares


def score_county(county: str, values: dict[str, float | None], scheme: Scheme,
                 ind_weights: dict[str, float] | None = None,
                 dim_weights: dict[str, float] | None = None, skip: frozenset = frozenset()) -> CountyScore:
    """`skip`: dimensions that do not apply to this county (the national-pilot one where it has no pilot);
    they leave its total and its coverage alone, as if the scheme had not had them."""
    ind_weights = ind_weights or {i.code: i.weight for i in scheme.indicators}
    dim_weights = {d: w for d, w in (dim_weights or scheme.dimension_weights).items() if d not in skip}
    if skip:
        scheme = replace(scheme, indicators=tuple(i for i in scheme.indicators if i.dimension not in skip),
                         dimension_weights=dim_weights)
    normalised = {i.code: normalise(values.get(i.code), i) for i in scheme.indicators}
    dimensions = {}
    for dim in dict.fromkeys(i.dimension for i in scheme.indicators):
        pairs = [(normalised[i.code], ind_weights[i.code]) for i in scheme.indicators
                 if i.dimension == dim and normalised[i.code] is not None]
        dimensions[dim] = _weighted_mean(pairs)
    total = _weighted_mean([(s, dim_weights.get(d, 0.0)) for d, s in dimensions.items() if s is not None])
    shares = _dimension_shares(scheme, ind_weights, dim_weights)
    coverage = sum(shares[c] for c, v in normalised.items() if v is not None)
    coverage_ok = coverage >= scheme.coverage_threshold - 1e-12
    # a dimension of weight 0 adds nothing to the total, so having no data in it takes nothing away either
    missing = tuple(d for d, v in dimensions.items() if v is None and dim_weights.get(d, 0.0) > 0)
    ranked = total is not None and coverage_ok and not (scheme.every_dimension and missing)
    return CountyScore(county, {i.code: values.get(i.code) for i in scheme.indicators}, normalised, dimensions,
                       total, coverage, ranked, missing_dimensions=missing, coverage_ok=coverage_ok)


def competition_ranks(totals: dict[str, float]) -> dict[str, int]:
    """1, 2, 2, 4: equal totals (to TIE_DECIMALS) share a rank and the next rank is skipped."""
    rounded = {c: round(v, TIE_DECIMALS) for c, v in totals.items()}
    return {c: 1 + sum(1 for other in rounded.values() if other > v) for c, v in rounded.items()}


def tier_of(rank: int, tiers: tuple[tuple[str, int], ...]) -> str | None:
    """Tiers take the ranks in order: with (("first", 2), …) ranks 1–2 are first; tied ranks share a tier."""
    limit = 0
    for name, count in tiers:
        limit += count
        if rank <= limit:
            return name
    return None


def rank_counties(values: dict[str, dict[str, float | None]], scheme: Scheme,
                  ind_weights: dict[str, float] | None = None,
                  dim_weights: dict[str, float] | None = None,
                  skip: dict[str, frozenset] | None = None) -> list[CountyScore]:
    """Score every county, rank those with enough data, and give tiers; best first, unranked last."""
    skip = skip or {}
    scores = [score_county(c, v, scheme, ind_weights, dim_weights, skip.get(c, frozenset()))
              for c, v in values.items()]
    ranks = competition_ranks({s.county: s.total for s in scores if s.ranked})
    for s in scores:
        s.rank = ranks.get(s.county)
        s.tier = tier_of(s.rank, scheme.tiers) if s.rank is not None else None
    return sorted(scores, key=lambda s: (s.rank is None, s.rank or 0, s.county))


@dataclass
class Stability:
    county: str
    base_rank: int
    median_rank: float
    p5: int
    p95: int
    tier_change_share: float  # share of draws in which the county's award tier differs from the base one
    ranks: tuple[int, ...] = field(default=(), repr=False, compare=False)  # the rank in each draw


def perturb(values: dict[str, dict[str, float | None]], scheme: Scheme, *, draws: int = 500, spread: float = 0.25,
            seed: int = 2014, skip: dict[str, frozenset] | None = None) -> list[Stability]:
    """Ranks when every weight moves by up to ±spread at random (seeded: the same answer every time)."""
    base = {s.county: s for s in rank_counties(values, scheme, skip=skip) if s.ranked}
    if not base:
        return []
    rng = np.random.default_rng(seed)
    codes = [i.code for i in scheme.indicators]
    dims = list(scheme.dimension_weights)
    ranks = {c: [] for c in base}
    changed = {c: 0 for c in base}
    for _ in range(draws):
        f_ind = rng.uniform(1 - spread, 1 + spread, len(codes))
        f_dim = rng.uniform(1 - spread, 1 + spread, len(dims))
        ind_w = {c: i.weight * f for c, i, f in zip(codes, scheme.indicators, f_ind, strict=True)}
        dim_w = {d: scheme.dimension_weights[d] * f for d, f in zip(dims, f_dim, strict=True)}
        scored = {s.county: s for s in rank_counties({c: values[c] for c in base}, scheme, ind_w, dim_w, skip)}
        for c in base:
            rank = scored[c].rank if scored[c].rank is not None else len(base)
            ranks[c].append(rank)
            changed[c] += tier_of(rank, scheme.tiers) != base[c].tier
    # the interval's ends are ranks that some draws gave ("lower"/"higher", never an interpolated 5.05)
    return [Stability(c, base[c].rank, float(np.median(r)), int(np.percentile(r, 5, method="lower")),
                      int(np.percentile(r, 95, method="higher")), changed[c] / draws, tuple(r))
            for c, r in ranks.items()]


def allocate(pool_fen: int, shares: dict[str, Fraction | int | float]) -> dict[str, int]:
    """Split `pool_fen` in proportion to `shares` with the largest-remainder method: whole fen, summing exactly
    to the pool; equal remainders go to the county code that sorts first, so the split is reproducible."""
    if pool_fen < 0:
        raise ValueError("the pool cannot be negative")
    exact = {c: Fraction(s) for c, s in shares.items() if Fraction(s) > 0}
    total = sum(exact.values())
    if not exact:
        return {c: 0 for c in shares}
    quotas = {c: pool_fen * s / total for c, s in exact.items()}
    out = {c: int(q) for c, q in quotas.items()}  # floor: quotas are non-negative
    left = pool_fen - sum(out.values())
    for c in sorted(quotas, key=lambda c: (-(quotas[c] - out[c]), c))[:left]:
        out[c] += 1
    return {c: out.get(c, 0) for c in shares}


def allocate_by_tier(pool_fen: int, tiers: dict[str, str | None], tier_weights: dict[str, int]) -> dict[str, int]:
    """Each county gets its tier's weight as its share (e.g. first 3, second 2, third 1, none 0)."""
    return allocate(pool_fen, {c: tier_weights.get(t, 0) if t else 0 for c, t in tiers.items()})


def allocate_by_score(pool_fen: int, totals: dict[str, float | None]) -> dict[str, int]:
    """In proportion to the total score (exactly, from the score rounded as ranks see it)."""
    return allocate(pool_fen, {c: Fraction(str(round(v, TIE_DECIMALS))) if v is not None else 0
                               for c, v in totals.items()})
