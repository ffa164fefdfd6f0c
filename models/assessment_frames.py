"""What the ranking screen reads: every county's indicator values for a year, from the store."""
from sqlmodel import Session

from logic.assessment_inputs import building, funding, pay_floor, pilot_skips, values_for
from logic.ranking import Scheme
from models.assessment import entered_values, pilots
from models.counties import county_names
from models.funding import lines_frame
from models.judged_register import JudgedRegister, judged_register
from models.pay import pay_frame
from models.settings import benchmarks


def indicator_values(session: Session, year: int, scheme: Scheme, register: JudgedRegister | None = None
                     ) -> dict[str, dict[str, float | None]]:
    """`register` is the city's judged register of `year` when the caller already has it (a screen's cache)."""
    register = register or judged_register(session, year)  # a past year: its register at that year's end
    return values_for(county_names(session), building(register.frame), funding(lines_frame(session, year=year), year),
                      pay_floor(pay_frame(session), benchmarks(session), year),
                      entered=entered_values(session, year), scheme=scheme)


def pilot_skip_map(session: Session, year: int) -> dict[str, frozenset]:
    return pilot_skips(county_names(session), pilots(session), year)
