"""What the overview, staffing gap and platform list show of the judged register, made once per store revision.

ui.data.judged caches the register, but each rerun that reads it gets its own copy of every row, and a
screen that then re-derives its counts, gaps and labels pays for all of it again on a rerun that changed no
data: at a province's 60,000 platforms that was most of each rerun. The figures here are keyed like the register
(store, revision, year, scope), so a committed write from any process is seen on the next rerun, and a rerun
without one reads the figures back ready. Labels stay out: the language is the reader's, applied on screen.
"""
from dataclasses import dataclass
from datetime import date

import pandas as pd

from logic.codes import ITEMS, PARENT_LEVELS
from logic.staffing_gap import by_county, by_township, city_total, staffing_gap
from logic.targets import (
    Progress,
    failing_item_counts,
    other_compliant_villages,
    summary_by_county_level,
    target_progress,
)
from ui.data import judged, per_revision

LIST_COLUMNS = ("code", "name", "level", "parent_code", "compliant", "demonstration_eligible", "failed_items",
                "updated_by", "service_population", "staff_full_time", "staff_part_time")


@dataclass(frozen=True)
class OverviewFigures:
    platforms: int
    standard_label: str
    progress: list[Progress]
    other_villages: int
    by_county_level: pd.DataFrame  # county_code, level, registered, compliant, demonstration
    failing: pd.DataFrame  # item, failing


def _year(year: int | None) -> int:
    return year or date.today().year


def overview_figures(year: int | None = None) -> OverviewFigures:
    """The city's target progress, counts by county and level, and failing items."""
    return _overview(_year(year))


@per_revision(8)
def _overview(year: int) -> OverviewFigures:
    register = judged(year)
    frame = register.frame
    return OverviewFigures(len(frame), register.standard.label, target_progress(frame),
                           other_compliant_villages(frame), summary_by_county_level(frame),
                           failing_item_counts(frame, ITEMS))


def staffing_gaps(county_code: str | None, partial_increment: bool, year: int | None = None) -> pd.DataFrame:
    """logic.staffing_gap of one county's (or the city's) judged register, by the standard in force and the
    reading of R-STAFF-2 asked for."""
    return _staffing_gaps(_year(year), county_code, partial_increment)


@per_revision(16)
def _staffing_gaps(year: int, county_code: str | None,
                   partial_increment: bool) -> pd.DataFrame:
    register = judged(year, county_code)
    return staffing_gap(register.frame, standard=register.standard, partial_increment=partial_increment)


@dataclass(frozen=True)
class GapFilter:
    levels: tuple[str, ...]
    shortages_only: bool
    search: str  # part of a code or a name; empty for every platform

    def keep(self, gap: pd.DataFrame) -> pd.Series:
        keep = gap["level"].isin(self.levels)
        if self.shortages_only:
            keep &= gap["status"] == "shortage"
        if self.search:
            keep &= gap["code"].str.contains(self.search, regex=False) | gap["name"].str.contains(self.search,
                                                                                                 regex=False)
        return keep


@dataclass(frozen=True)
class GapView:
    rows: pd.DataFrame  # the platforms the filter keeps, one row each (logic.staffing_gap)
    total: pd.DataFrame  # one row: their sums
    by_township: pd.DataFrame
    by_county: pd.DataFrame
    township_names: dict[str, str]  # code -> name of every street/township centre in scope


def staffing_gap_view(county_code: str | None, partial_increment: bool, shown: GapFilter,
                      year: int | None = None) -> GapView:
    """The staffing gap of one county or the city, filtered, with its roll-ups: a filter change works them out
    again, a rerun without one (or a write) reads them back."""
    return _gap_view(_year(year), county_code, partial_increment, shown)


@per_revision(16)
def _gap_view(year: int, county_code: str | None, partial_increment: bool,
              shown: GapFilter) -> GapView:
    gap = _staffing_gaps(year, county_code, partial_increment)
    rows = gap[shown.keep(gap)]
    centres = gap[gap["level"].isin(PARENT_LEVELS)]
    return GapView(rows, city_total(rows), by_township(rows), by_county(rows),
                   dict(zip(centres["code"], centres["name"], strict=True)))


def platform_rows(county_code: str, year: int | None = None) -> tuple[pd.DataFrame, str]:
    """One county's platforms with the columns its list, pickers and calculator read, and the standard's label."""
    return _platform_rows(_year(year), county_code)


@per_revision(16)
def _platform_rows(year: int, county_code: str | None) -> tuple[pd.DataFrame, str]:
    register = judged(year, county_code)
    return register.frame.loc[:, list(LIST_COLUMNS)].reset_index(drop=True), register.standard.label
