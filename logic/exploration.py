"""R-ASSESS-1..2, explored: the ranking under weights, indicators, threshold and tiers other than the scheme's.

Exploring is asking "what if", never an official act: nothing here is stored or frozen. An exploration is written
as a scheme spec (logic.assessment_inputs.spec_of's shape) and read back through scheme_from_spec, so it passes
the very checks the scheme editor applies, and a city administrator can carry it into the editor unchanged.
The explored ranking is rank_counties with that scheme: with the scheme's own settings it is the official
ranking exactly.
"""
from dataclasses import dataclass

from logic.assessment_inputs import scheme_from_spec, spec_of
from logic.errors import FieldError
from logic.ranking import CountyScore, Scheme, rank_counties


@dataclass(frozen=True)
class Exploration:
    """What the reader changed. Weights keyed by indicator code / dimension; a switched-off indicator or dimension
    is left out of the scheme altogether (as if the scheme never had it), not weighted 0."""
    indicator_weights: dict[str, float]
    dimension_weights: dict[str, float]
    off: frozenset[str]  # indicator codes and dimension names switched off
    coverage_threshold: float
    tiers: tuple[tuple[str, int], ...]


def unchanged(scheme: Scheme) -> Exploration:
    """The scheme's own settings: where an exploration starts."""
    return Exploration({i.code: i.weight for i in scheme.indicators}, dict(scheme.dimension_weights), frozenset(),
                       scheme.coverage_threshold, tuple(scheme.tiers))


def explored_spec(scheme: Scheme, exploration: Exploration) -> dict:
    """The scheme with the exploration applied, as a spec (goalposts, directions and tier shares kept)."""
    spec = spec_of(scheme)
    spec["indicators"] = [{**row, "weight": exploration.indicator_weights.get(row["code"], row["weight"])}
                          for row in spec["indicators"]
                          if row["code"] not in exploration.off and row["dimension"] not in exploration.off]
    spec["dimension_weights"] = {d: exploration.dimension_weights.get(d, w)
                                 for d, w in spec["dimension_weights"].items() if d not in exploration.off}
    spec["coverage_threshold"] = exploration.coverage_threshold
    spec["tiers"] = [list(t) for t in exploration.tiers]
    return spec


def explored_scheme(scheme: Scheme, exploration: Exploration) -> tuple[Scheme | None, list[FieldError]]:
    """The explored scheme, or why it cannot rank (the scheme editor's own checks, plus: something to rank on)."""
    spec = explored_spec(scheme, exploration)
    if not spec["indicators"]:
        return None, [FieldError("indicators", "至少要保留一个指标", "keep at least one indicator")]
    return scheme_from_spec(spec, scheme.year)


@dataclass(frozen=True)
class Move:
    county: str
    official_rank: int | None
    explored_rank: int | None
    official_tier: str | None
    explored_tier: str | None
    explored_total: float | None

    @property
    def places_up(self) -> int | None:
        """Places gained (positive) or lost (negative); None when either ranking leaves the county unranked."""
        if self.official_rank is None or self.explored_rank is None:
            return None
        return self.official_rank - self.explored_rank

    @property
    def tier_changed(self) -> bool:
        return self.official_tier != self.explored_tier


def compare(official: list[CountyScore], explored: list[CountyScore]) -> list[Move]:
    """Each county's official and explored rank and tier, in the explored order."""
    before = {s.county: s for s in official}
    return [Move(s.county, before[s.county].rank, s.rank, before[s.county].tier, s.tier, s.total) for s in explored]


def explore(values: dict[str, dict[str, float | None]], scheme: Scheme, exploration: Exploration,
            skip: dict[str, frozenset] | None = None) -> tuple[list[CountyScore] | None, list[FieldError]]:
    """The ranking under the exploration (None and the reasons when it cannot rank)."""
    explored, errors = explored_scheme(scheme, exploration)
    if errors:
        return None, errors
    return rank_counties(values, explored, skip=skip), []
