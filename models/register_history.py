"""The register as it stood at the end of a past year, read back from the audit trail.

Every write leaves an audit row holding the whole row after it (models.audit), so the register on a day is,
for each platform and each person, the state their last create or update before that day left — and nothing for
a row deleted by then or not yet entered. A year's targets and its ranking are then judged on the platforms and
rosters of that year rather than on today's: a platform made compliant this year does not count for 2016.

"The end of a year" is midnight at the start of 1 January in China Standard Time (UTC+8), the bureau's calendar;
audit times are UTC. Rows the trail knows nothing about (written before the trail existed) are left out of past
years and counted, so the screen can say so.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pandas as pd
from sqlmodel import Session, func, select

from logic.staffing_gap import apply_roster_counts
from models.people_frames import platforms_with_roster
from models.platforms import FACT_FIELDS, SET_FIELDS, model_defaults
from models.tables import AuditLog, Platform

CHINA = timezone(timedelta(hours=8))
PLATFORM_COLUMNS = (*FACT_FIELDS, "version", "updated_at", "updated_by")


def year_end_utc(year: int) -> datetime:
    """The instant year `year` ends in Beijing time, in UTC (how the store keeps times)."""
    return datetime(year + 1, 1, 1, tzinfo=CHINA).astimezone(timezone.utc)


def is_past(year: int, today: date | None = None) -> bool:
    return year < (today or date.today()).year


def rows_as_of(session: Session, entity: str, cutoff: datetime) -> list[dict]:
    """Each row of `entity` as the trail had it just before `cutoff`: the after-state of its last create or
    update before then; a row whose last event by then was its deletion, or whose first came later, is absent."""
    query = (select(AuditLog.entity_key, AuditLog.action, AuditLog.after)
             .where(AuditLog.entity == entity, AuditLog.at < cutoff).order_by(AuditLog.at, AuditLog.id))
    state: dict[str, dict | None] = {}
    for key, action, after in session.exec(query):
        state[key] = None if action == "delete" else after
    return [row for row in state.values() if row is not None]


@dataclass(frozen=True)
class RegisterAsOf:
    year: int
    cutoff: datetime  # UTC
    platforms: pd.DataFrame  # platforms_with_roster's columns, as at the cutoff
    first_record: datetime | None  # the earliest platform change on the trail
    untracked: int  # platforms on the register now that the trail has never seen


def _roster_counts(people: list[dict], county_code: str | None) -> dict[str, tuple[int, int]]:
    """models.people.roster_counts' rule on recorded rows: people still on the staff (no leaving date), by
    employment; a platform whose people have all left keeps a roster of (0, 0)."""
    counts: dict[str, list[int]] = {}
    for person in people:
        if county_code and person.get("county_code") != county_code:
            continue
        pair = counts.setdefault(person["platform_code"], [0, 0])
        if person.get("left_on") is None:
            pair[0 if person.get("employment") == "full_time" else 1] += 1
    return {code: (full, part) for code, (full, part) in counts.items()}


def _platform_frame(rows: list[dict], county_code: str | None) -> pd.DataFrame:
    """Recorded rows as platforms_frame lays them out; a field the row's time did not have gets its default."""
    defaults = model_defaults()
    rows = [r for r in rows if not county_code or r.get("county_code") == county_code]
    frame = pd.DataFrame([{c: r.get(c, defaults.get(c)) for c in PLATFORM_COLUMNS} for r in rows],
                         columns=list(PLATFORM_COLUMNS))
    for column in SET_FIELDS:  # JSON lists: never NaN
        frame[column] = frame[column].map(lambda v: list(v) if isinstance(v, list) else [])
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True, format="ISO8601")
    return frame.sort_values(["county_code", "code"], ignore_index=True)


def register_as_of(session: Session, year: int, county_code: str | None = None) -> RegisterAsOf:
    """Platforms with roster-backed staff counts as they stood at the end of `year`."""
    cutoff = year_end_utc(year)
    platforms = rows_as_of(session, Platform.__tablename__, cutoff)
    people = rows_as_of(session, "person", cutoff)
    frame = apply_roster_counts(_platform_frame(platforms, county_code), _roster_counts(people, county_code))
    first = session.exec(select(func.min(AuditLog.at)).where(AuditLog.entity == Platform.__tablename__)).one()
    seen = select(AuditLog.entity_key).where(AuditLog.entity == Platform.__tablename__)
    untracked = select(func.count()).select_from(Platform).where(Platform.code.not_in(seen))
    if county_code:
        untracked = untracked.where(Platform.county_code == county_code)
    return RegisterAsOf(year, cutoff, frame, first, session.exec(untracked).one())


def platforms_in_year(session: Session, year: int, county_code: str | None = None,
                      today: date | None = None) -> tuple[pd.DataFrame, RegisterAsOf | None]:
    """This year: the live register. A past year: the register at its end, and how it was read back."""
    if not is_past(year, today):
        return platforms_with_roster(session, county_code), None
    past = register_as_of(session, year, county_code)
    return past.platforms, past
