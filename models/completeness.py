"""The facts logic.completeness counts for one county's year, read from the store as columns (no ORM rows), and the
entries of the year made after its deadline (from the audit trail: when each was entered)."""
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlmodel import Session, select

from logic.codes import PARENT_LEVELS
from models.approval import confirmed_platforms, deadline
from models.assessment import NationalPilot, PerformanceScore
from models.funding import FundingLine
from models.pay import PayRecord
from models.people import Person, Review, Training
from models.platforms import platform_places
from models.tables import AuditLog

BEIJING = timedelta(hours=8)
YEAR_RECORDS = ("fundingline", "payrecord", "review", "training", "performancescore")


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year in Beijing time, as the UTC times the store keeps."""
    start = datetime.combine(date(year, 1, 1), time(), tzinfo=UTC) - BEIJING
    return start, datetime.combine(date(year + 1, 1, 1), time(), tzinfo=UTC) - BEIJING


def year_facts(session: Session, county_code: str, year: int) -> dict:
    places = platform_places(session, county_code)
    towns = places["township_code"]
    centres = places[places["level"].isin(PARENT_LEVELS)]
    start, end = _year_bounds(year)
    saved = session.exec(select(AuditLog.entity_key).where(
        AuditLog.entity == "platform", AuditLog.county_code == county_code, AuditLog.at >= start,
        AuditLog.at < end).distinct())
    funded = session.exec(select(FundingLine.platform_code).where(
        FundingLine.county_code == county_code, FundingLine.year == year).distinct())
    return {
        "platforms": pd.DataFrame({"code": places["code"], "name": places["name"], "township": towns.astype(object)}),
        "saved_platforms": sorted(set(saved) | set(confirmed_platforms(session, county_code, year))),
        "centres": dict(zip(centres["code"], centres["name"], strict=True)),
        "townships": dict(zip(centres["code"], centres["name"], strict=True)),
        "funded_platforms": [c for c in funded if c],
        "people": _people(session, county_code, dict(zip(places["code"], towns, strict=True))),
        "paid": list(session.exec(select(PayRecord.person_id).where(PayRecord.county_code == county_code,
                                                                    PayRecord.year == year))),
        "reviewed": list(session.exec(select(Review.person_id).join(Person, Person.id == Review.person_id).where(
            Person.county_code == county_code, Review.year == year))),
        "trained": list(session.exec(select(Training.person_id).join(Person, Person.id == Training.person_id).where(
            Person.county_code == county_code, Training.trained_on >= date(year, 1, 1),
            Training.trained_on <= date(year, 12, 31)).distinct())),
        "has_pilot": session.exec(select(NationalPilot.county_code).where(
            NationalPilot.county_code == county_code, NationalPilot.year_won <= year)).first() is not None,
        "scores": list(session.exec(select(PerformanceScore.indicator).where(
            PerformanceScore.county_code == county_code, PerformanceScore.year == year))),
    }


def _people(session: Session, county_code: str, township: dict) -> pd.DataFrame:
    columns = ("id", "name", "establishment", "joined_on", "left_on", "platform_code")
    rows = session.exec(select(*(getattr(Person, c) for c in columns)).where(Person.county_code == county_code)
                        .order_by(Person.id)).all()
    frame = pd.DataFrame(rows, columns=list(columns))
    # object, so a person of the county's own platform has None for its street/township (a str column says NaN)
    frame["township"] = pd.Series([township.get(code) for code in frame["platform_code"]], dtype=object,
                                  index=frame.index)
    return frame


def late_entries(session: Session, county_code: str, year: int) -> list[tuple[str, date]]:
    """The year's records entered or changed after the year's deadline: [(entity, day entered, Beijing)]."""
    due = deadline(session, year)
    if due is None:
        return []
    after = datetime.combine(due + timedelta(days=1), time(), tzinfo=UTC) - BEIJING
    rows = session.exec(select(AuditLog.entity, AuditLog.at, AuditLog.after).where(
        AuditLog.county_code == county_code, AuditLog.entity.in_(YEAR_RECORDS), AuditLog.at >= after))
    return [(entity, _day(at)) for entity, at, values in rows if _of_year(values or {}, year)]


def _of_year(values: dict, year: int) -> bool:
    if "year" in values:
        return values["year"] == year
    return str(values.get("trained_on") or "").startswith(str(year))


def _day(at) -> date:
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return (at + BEIJING).date()
