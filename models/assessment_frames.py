"""What the ranking screen reads: every county's indicator values for a year, from the store.

Only sums and counts per county are needed from the funding ledger and the pay records, so the store adds them
up (a province has hundreds of thousands of those rows; the screen needs a dozen figures per county). The
building indicators come from the year's judged register, which the caller usually holds already.
"""
import pandas as pd
from sqlalchemy import case, func
from sqlmodel import Session, select

from logic.assessment_inputs import FUNDING_SUMS, building, funding_shares, pay_floor_shares, pilot_skips, values_for
from logic.ranking import Scheme
from models.assessment import PerformanceScore, RankingSnapshot, entered_values, pilots
from models.counties import county_names
from models.funding import FundingLine
from models.judged_register import JudgedRegister, judged_register
from models.pay import PayRecord
from models.people import Person
from models.settings import benchmarks
from models.tables import Platform

IndicatorParts = tuple[dict[str, dict[str, float | None]], ...]


def funding_sums(session: Session, year: int) -> pd.DataFrame:
    """Per county with a funding line in `year`: work funds allocated and budgeted, city special funds spent
    and received (logic.assessment_inputs.FUNDING_SUMS)."""
    work = FundingLine.category == "work_funds"
    city = FundingLine.source == "city_special"
    query = (select(FundingLine.county_code,
                    func.sum(case((work, FundingLine.allocated_fen), else_=0)),
                    func.sum(case((work, FundingLine.budgeted_fen), else_=0)),
                    func.sum(case((city, FundingLine.spent_fen), else_=0)),
                    func.sum(case((city, FundingLine.allocated_fen), else_=0)))
             .where(FundingLine.year == year).group_by(FundingLine.county_code))
    return pd.DataFrame([(county, *(int(v) for v in sums)) for county, *sums in session.exec(query)],
                        columns=list(FUNDING_SUMS))


def pay_floor_counts(session: Session, year: int, benchmark_fen: int) -> pd.DataFrame:
    """Per county: the year's pay records of off-establishment people still on the roster, and how many are at or
    above `benchmark_fen`. Counted by the person's county now, over the same people as models.pay.pay_frame."""
    at_floor = case((PayRecord.monthly_pay_fen >= benchmark_fen, 1), else_=0)
    query = (select(Person.county_code, func.count(), func.sum(at_floor))
             .join(Person, Person.id == PayRecord.person_id).join(Platform, Platform.code == Person.platform_code)
             .where(Person.left_on.is_(None), Person.establishment == "off", PayRecord.year == year)
             .group_by(Person.county_code))
    return pd.DataFrame([(county, int(records), int(at)) for county, records, at in session.exec(query)],
                        columns=["county_code", "records", "at_floor"])


def indicator_inputs(session: Session, year: int, register: JudgedRegister | None = None
                     ) -> tuple[IndicatorParts, dict[str, dict[str, int]]]:
    """The computed indicators per county (building, funding, pay floor) and each counted share's whole, each
    table read once. `register` is the city's judged register of `year` when the caller already has it (a past
    year: its register at that year's end)."""
    register = register or judged_register(session, year)
    sums = funding_sums(session, year)
    floor = benchmarks(session).get(year)
    counts = pay_floor_counts(session, year, floor) if floor is not None else None
    parts = (building(register.frame), funding_shares(sums), pay_floor_shares(counts) if counts is not None else {})
    return parts, _wholes(register.frame, sums, counts)


def indicator_parts(session: Session, year: int, register: JudgedRegister | None = None) -> IndicatorParts:
    return indicator_inputs(session, year, register)[0]


def _wholes(frame: pd.DataFrame, sums: pd.DataFrame, counts: pd.DataFrame | None) -> dict[str, dict[str, int]]:
    """{county: {share indicator: its whole}}: what each of a county's counted shares is a share of — its platforms,
    its off-establishment pay records of the year, its work funds budgeted and city special funds received (fen) —
    so "what it takes" says "N more platforms / pay records / yuan" (logic.what_it_takes.COUNTED)."""
    out: dict[str, dict[str, int]] = {}
    for county, n in (frame["county_code"].value_counts().items() if len(frame) else ()):
        out.setdefault(str(county), {}).update(compliant_share=int(n), demo_share=int(n))
    for row in sums.itertuples(index=False):
        out.setdefault(row.county_code, {}).update(work_funds_allocated_share=row.work_budgeted,
                                                   subsidy_used_share=row.city_allocated)
    if counts is not None:
        for county, records in counts[["county_code", "records"]].itertuples(index=False):
            out.setdefault(county, {})["pay_floor_share"] = int(records)
    return out


def indicator_values(session: Session, year: int, scheme: Scheme, register: JudgedRegister | None = None
                     ) -> dict[str, dict[str, float | None]]:
    return values_for(county_names(session), *indicator_parts(session, year, register),
                      entered=entered_values(session, year), scheme=scheme)


def pilot_skip_map(session: Session, year: int) -> dict[str, frozenset]:
    return pilot_skips(county_names(session), pilots(session), year)


def assessed_years(session: Session, this_year: int) -> list[int]:
    """The years that can have a ranking: any with a funding line, a pay record, an entered score or a frozen
    ranking, and this year; not later than this year (a budget line for next year ranks nobody yet)."""
    years = {this_year}
    for column in (FundingLine.year, PayRecord.year, PerformanceScore.year, RankingSnapshot.year):
        years.update(y for y in session.exec(select(column).distinct()) if y is not None and y <= this_year)
    return sorted(years)
