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
from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd
from sqlmodel import Session, func, select

from logic.people import on_staff_on
from logic.staffing_gap import apply_roster_counts
from models.people_frames import platforms_with_roster
from models.platforms import FACT_FIELDS, SET_FIELDS, model_defaults
from models.tables import AuditLog, Platform

CHINA = timezone(timedelta(hours=8))
PLATFORM_COLUMNS = (*FACT_FIELDS, "version", "updated_at", "updated_by")


def year_end_utc(year: int) -> datetime:
    """The instant year `year` ends in Beijing time, in UTC (how the store keeps times)."""
    return datetime(year + 1, 1, 1, tzinfo=CHINA).astimezone(UTC)


def is_past(year: int, today: date | None = None) -> bool:
    return year < (today or date.today()).year


def rows_as_of(session: Session, entity: str, cutoff: datetime) -> list[dict]:
    return list(states_as_of(session, entity, cutoff).values())


def states_as_of(session: Session, entity: str, cutoff: datetime) -> dict[str, dict]:
    """Each row of `entity` as the trail had it just before `cutoff`: the after-state of its last create or
    update before then; a row whose last event by then was its deletion, or whose first came later, is absent.
    A row whose trail does not begin with its creation (it predates the trail) is left out: when it came into
    being is unknown, and counting it from its first recorded change on would make it appear from nowhere."""
    query = (select(AuditLog.entity_key, AuditLog.action, AuditLog.after)
             .where(AuditLog.entity == entity, AuditLog.at < cutoff).order_by(AuditLog.at, AuditLog.id))
    state: dict[str, dict | None] = {}
    for key, action, after in session.exec(query):
        if key not in state and action != "create":
            state[key] = None  # seen first mid-life: untracked, never counted
            continue
        if key in state and state[key] is None and action != "create":
            continue
        state[key] = None if action == "delete" else after
    return {key: row for key, row in state.items() if row is not None}


@dataclass(frozen=True)
class RegisterAsOf:
    year: int
    cutoff: datetime  # UTC
    platforms: pd.DataFrame  # platforms_with_roster's columns, as at the cutoff
    first_record: datetime | None  # the earliest platform change on the trail
    untracked: int  # platforms on the register now whose creation the trail never saw (left out of past years)


def _roster_counts(people: dict[str, dict], latest: dict[str, dict], platforms: set[str],
                   last_day: date) -> dict[str, tuple[int, int]]:
    """models.people.roster_counts' rule on the roster as recorded at the year's end, on its last day: people who
    had joined by then and not left, by employment; a platform whose people had all gone keeps a roster of (0, 0).
    The dates come from each person's latest record, so a leaving entered weeks late still counts from its date.
    People go with their platform's code (a platform moved to another county takes its people along)."""
    counts: dict[str, list[int]] = {}
    for key, person in people.items():
        if person.get("platform_code") not in platforms:
            continue
        pair = counts.setdefault(person["platform_code"], [0, 0])
        dated = latest.get(key, person)
        joined, left = _day(dated.get("joined_on")), _day(dated.get("left_on"))
        if on_staff_on(joined, left, last_day):
            pair[0 if person.get("employment") == "full_time" else 1] += 1
    return {code: (full, part) for code, (full, part) in counts.items()}


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else value or None


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
    people = states_as_of(session, "person", cutoff)
    latest = states_as_of(session, "person", datetime.now(UTC))
    frame = _platform_frame(platforms, county_code)
    frame = apply_roster_counts(frame, _roster_counts(people, latest, set(frame["code"]), date(year, 12, 31)))
    first = session.exec(select(func.min(AuditLog.at)).where(AuditLog.entity == Platform.__tablename__)).one()
    return RegisterAsOf(year, cutoff, frame, first, untracked_platforms(session, county_code))


def untracked_platforms(session: Session, county_code: str | None = None) -> int:
    """Platforms on the register whose creation the trail never saw: past years leave them out."""
    created = select(AuditLog.entity_key).where(AuditLog.entity == Platform.__tablename__,
                                                AuditLog.action == "create")
    query = select(func.count()).select_from(Platform).where(Platform.code.not_in(created))
    if county_code:
        query = query.where(Platform.county_code == county_code)
    return session.exec(query).one()


def platforms_in_year(session: Session, year: int, county_code: str | None = None,
                      today: date | None = None) -> tuple[pd.DataFrame, RegisterAsOf | None]:
    """This year: the live register. A past year: the register at its end, and how it was read back."""
    if not is_past(year, today):
        return platforms_with_roster(session, county_code), None
    past = register_as_of(session, year, county_code)
    return past.platforms, past
