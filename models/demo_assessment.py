"""Demo work-performance scores (R-ASSESS): most counties scored for the last three years; one county left
without a score this year, so the ranking shows how missing data is treated; pilots' building progress for the
same three years."""
import random

from sqlmodel import Session

from logic.authz import SYSTEM
from models.assessment import set_performance, set_pilot
from models.counties import county_names
from models.locking import NEW  # a demo store starts empty: every record is new


def seed_demo_assessment(session: Session, *, seed: int = 2014, current_year: int = 2026) -> int:
    rng = random.Random(seed)
    actor = SYSTEM
    written = 0
    counties = list(county_names(session))
    for year in range(current_year - 2, current_year + 1):
        for county in counties:
            if year == current_year and county == counties[-1]:
                continue  # not yet scored: shown as missing, never as zero
            score = f"{rng.randrange(700, 990) / 10:.1f}"
            set_performance(session=session, actor=actor, county_code=county, year=year, score=score,
                            expected_version=NEW)
            written += 1
    for index, county in enumerate(counties[:-1]):  # ten of eleven units had won a pilot by 2016 (R-TGT-4)
        set_pilot(session=session, actor=actor, county_code=county, year_won=2014 + index % 3,
                  project="国家基层就业和社会保障服务设施建设试点", expected_version=NEW)
        set_performance(session=session, actor=actor, county_code=county, year=current_year,
                        score=f"{rng.randrange(600, 1000) / 10:.1f}", indicator="pilot_progress",
                        expected_version=NEW)
    _earlier_pilot_progress(session, counties[:-1], seed, current_year)
    return written


def _earlier_pilot_progress(session: Session, counties: list[str], seed: int, current_year: int) -> None:
    """The pilots' building progress in the two years before, lower than this year's (its own random stream, so
    the scores above stay what they were)."""
    rng = random.Random(seed + 1)
    for county in counties:
        for year, (low, high) in ((current_year - 2, (300, 700)), (current_year - 1, (500, 900))):
            set_performance(session=session, actor=SYSTEM, county_code=county, year=year,
                            score=f"{rng.randrange(low, high) / 10:.1f}", indicator="pilot_progress",
                        expected_version=NEW)
