"""What the ranking and targets screens compute from a year's judged register, kept per store revision and year.

st.cache_data hands back a copy of what it keeps on every rerun, so a province's judged register (60,000 rows)
costs its unpickling each time a screen asks for it. These screens need a few figures per county from it, so
the figures are what is kept: a rerun without a write copies a dozen rows, and a write from any process moves
the revision (models.revision) so the next rerun computes them afresh.
"""
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import streamlit as st

from logic.assessment_inputs import values_for
from logic.ranking import CountyScore, Scheme, Stability, perturb, rank_counties
from logic.target_tracking import network_by_level, progress_by_county
from logic.targets import Progress, target_progress
from logic.what_it_takes import Need, Unit, what_it_takes
from models.assessment import entered_values, scheme_for, snapshots
from models.assessment_frames import IndicatorParts, assessed_years, indicator_inputs, pilot_skip_map
from models.counties import county_names
from models.db import read_session
from ui.data import judged, per_revision
from ui.store import engine


@dataclass(frozen=True)
class PastRead:
    """How a past year's register was read back from the audit trail, without its rows."""
    platforms: int  # platforms on the register at the year's end
    untracked: int  # platforms whose creation the trail never saw (left out of past years)
    first_record: datetime | None  # the earliest platform change on the trail


@dataclass(frozen=True)
class RankingInputs:
    parts: IndicatorParts  # computed indicators per county: building, funding, pay floor
    untracked: int  # a past year: platforms its register had to leave out; 0 for this year
    wholes: dict[str, dict[str, int]] = field(default_factory=dict)  # what each county's shares are of ("what it
    # takes" counts in them: models.assessment_frames.indicator_inputs)


@dataclass(frozen=True)
class TargetFigures:
    past: PastRead | None  # None for this year (the live register)
    overall: list[Progress]
    by_county: pd.DataFrame  # logic.target_tracking.progress_by_county
    network: pd.DataFrame  # logic.target_tracking.network_by_level


def _past_read(past) -> PastRead | None:
    return None if past is None else PastRead(len(past.platforms), past.untracked, past.first_record)


def ranking_inputs(year: int) -> RankingInputs:
    """The year's computed indicators per county, as of now."""
    return _ranking_inputs(year)


@per_revision(16)
def _ranking_inputs(year: int) -> RankingInputs:
    register = judged(year)
    with read_session(engine()) as session:
        parts, wholes = indicator_inputs(session, year, register)
    return RankingInputs(parts, register.past.untracked if register.past else 0, wholes)


@dataclass(frozen=True)
class YearRank:
    """A county's place in one year: frozen (the latest snapshot, what money was paid on) or as the data stand."""
    year: int
    county: str
    rank: int | None
    total: float | None
    tier: str | None
    frozen: bool


def rank_history(this_year: int) -> list[YearRank]:
    """Every county's rank in every year that can have one (models.assessment_frames.assessed_years), as of now."""
    return _rank_history(this_year)


@per_revision(4)
def _rank_history(this_year: int) -> list[YearRank]:
    with read_session(engine()) as session:
        years = assessed_years(session, this_year)
        frozen = {}
        for snapshot in snapshots(session):  # newest first: a year's latest freeze is the one that stands
            frozen.setdefault(snapshot.year, snapshot.payload)
    rows = []
    for year in years:
        if year in frozen:
            rows += [YearRank(year, c["county"], c["rank"], c["total"], c["tier"], True)
                     for c in frozen[year]["counties"]]
        else:
            scores = _ranking_now(year)
            if any(s.rank is not None for s in scores):  # a year that ranks nobody has no place on the chart
                rows += [YearRank(year, s.county, s.rank, s.total, s.tier, False) for s in scores]
    return rows


def _ranking_now(year: int) -> list[CountyScore]:
    """The year's ranking as the ranking screen computes it: its inputs, the scheme in force, entries, pilots."""
    inputs = ranking_inputs(year)
    with read_session(engine()) as session:
        scheme = scheme_for(session, year).scheme
        entered = entered_values(session, year)
        skip = pilot_skip_map(session, year)
        counties = list(county_names(session))
    return rank_counties(values_for(counties, *inputs.parts, entered=entered, scheme=scheme), scheme, skip=skip)


@st.cache_data(max_entries=16, show_spinner=False)
def stability(values: dict[str, dict[str, float | None]], scheme: Scheme, skip: dict[str, frozenset], *,
              draws: int, spread: float, seed: int) -> list[Stability]:
    """logic.ranking.perturb, kept by its inputs: the draws are seeded, so the same inputs give the same answer,
    and a rerun that changed no value, weight or pilot does not draw again."""
    return perturb(values, scheme, draws=draws, spread=spread, seed=seed, skip=skip)


def target_figures(year: int, counties: tuple[str, ...]) -> TargetFigures:
    """The year's progress overall, by county (in the order of `counties`) and by level, as of now."""
    return _target_figures(year, counties)


@per_revision(16)
def _target_figures(year: int, counties: tuple[str, ...]) -> TargetFigures:
    register = judged(year)
    frame = register.frame
    return TargetFigures(_past_read(register.past), target_progress(frame), progress_by_county(frame, list(counties)),
                         network_by_level(frame))


@st.cache_data(max_entries=32, show_spinner=False)
def needs(values: dict[str, dict[str, float | None]], scheme: Scheme, county: str, units: dict[str, Unit],
          skip: dict[str, frozenset]) -> dict[str, list[Need]]:
    """logic.what_it_takes.what_it_takes, kept by its inputs: a rerun that changed nothing does not search again."""
    return what_it_takes(values, scheme, county, units, skip)
