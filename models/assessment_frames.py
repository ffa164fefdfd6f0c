"""What the ranking screen reads: every county's indicator values for a year, from the store."""
from sqlmodel import Session

from logic.assessment_inputs import building, funding, pay_floor, pilot_skips, values_for
from logic.funding import apply_work_funds
from logic.ranking import Scheme
from logic.vectorised import evaluate_frame
from models.assessment import entered_values, pilots
from models.counties import county_names
from models.funding import lines_frame, work_funds_by_platform
from models.pay import pay_frame
from models.register_history import platforms_in_year
from models.settings import benchmarks
from models.standards import standard_in_force


def indicator_values(session: Session, year: int, scheme: Scheme) -> dict[str, dict[str, float | None]]:
    registered, _ = platforms_in_year(session, year)  # a past year: its register at that year's end
    platforms = apply_work_funds(registered, work_funds_by_platform(session, year))
    verdicts = platforms[["county_code"]].join(evaluate_frame(platforms, standard_in_force(session, year)))
    return values_for(county_names(session), building(verdicts), funding(lines_frame(session, year=year), year),
                      pay_floor(pay_frame(session), benchmarks(session), year),
                      entered=entered_values(session, year), scheme=scheme)


def pilot_skip_map(session: Session, year: int) -> dict[str, frozenset]:
    return pilot_skips(county_names(session), pilots(session), year)
