"""Year-end approval, the store half (logic.approval has the rules): one row per county and year with its state,
who took the last steps and when, and the completeness the county submitted with. Each step is an audited write
(models.audit), made against the version the screen showed; a write into an approved county-year is refused by
`refuse_if_locked`, which every store function of a year's records calls, whatever screen or import calls it.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, Session, select

from logic import approval as rules
from logic.authz import Actor, PermissionDenied, require
from logic.errors import NotFound, ValidationFailed
from logic.records import CountyYearBase, PlatformConfirmationBase
from models.locking import NEW, bump, insert_new, load_for_edit
from models.tables import County, Platform, utc_now

DEADLINE_KEY = "year_end_deadline:{year}"  # a setting per year (models.settings.Setting): the day entries are due


class CountyYear(CountyYearBase, table=True):
    """A county's year under approval (fields and limits: logic.records.CountyYearBase)."""
    __table_args__ = (UniqueConstraint("county_code", "year"),)
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    submitted_by: str | None = Field(default=None, max_length=64)
    submitted_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    completeness: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # as submitted
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


def state_of(session: Session, county_code: str, year: int) -> CountyYear | None:
    return session.exec(select(CountyYear).where(CountyYear.county_code == county_code,
                                                 CountyYear.year == year)).first()


def states(session: Session, year: int) -> dict[str, CountyYear]:
    """{county: its row} for the counties whose `year` has been submitted at least once."""
    return {row.county_code: row for row in session.exec(select(CountyYear).where(CountyYear.year == year))}


class PlatformConfirmation(PlatformConfirmationBase, table=True):
    """A platform's record confirmed for a year by its county (fields: logic.records.PlatformConfirmationBase)."""
    __table_args__ = (UniqueConstraint("platform_code", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now)
    created_by: str = Field(default="system", max_length=64)


def confirm_platforms(*, session: Session, actor: Actor, county_code: str, year: int, codes: list[str],
                      today: date | None = None) -> int:
    """Confirm that each of `codes` (platforms of `county_code`) stands as recorded for `year`; one audited row per
    platform and year, a platform already confirmed for the year left as it is. Returns how many were confirmed
    now. Refused for another county's platform, a year not yet begun, or a year the city has approved."""
    require(actor, "edit", county_code)
    if not isinstance(year, int) or isinstance(year, bool) or year > (today or date.today()).year:
        raise ValidationFailed([rules.future_year_error(year)])
    refuse_if_locked(session, county_code, year)
    wanted = sorted(set(codes))
    found = dict(session.exec(select(Platform.code, Platform.county_code).where(Platform.code.in_(wanted))).all())
    for code in wanted:
        if code not in found:
            raise NotFound(code)
        require(actor, "edit", found[code])
        if found[code] != county_code:
            raise ValidationFailed([rules.other_county_error(code)])
    done = set(session.exec(select(PlatformConfirmation.platform_code).where(
        PlatformConfirmation.platform_code.in_(wanted), PlatformConfirmation.year == year)))
    new = [code for code in wanted if code not in done]
    for code in new:  # two officers confirming the same platform at once: the second is told, not an error
        insert_new(session, PlatformConfirmation(platform_code=code, county_code=county_code, year=year,
                                                 created_by=actor.username), {"platform_code": code, "year": year})
    return len(new)


def confirmed_platforms(session: Session, county_code: str, year: int) -> list[str]:
    return list(session.exec(select(PlatformConfirmation.platform_code).where(
        PlatformConfirmation.county_code == county_code, PlatformConfirmation.year == year)))


def take_step(*, session: Session, actor: Actor, county_code: str, year: int, step: str, expected_version,
              reason: str = "", completeness: dict | None = None) -> CountyYear:
    """Submit, approve, return or reopen `county_code`'s `year`, as the screen showed it (`expected_version`: the
    row's version, or NEW when there was none). Submitting keeps `completeness` as it was at that moment."""
    decision = rules.may_take(actor, step, county_code)
    if not decision:
        raise PermissionDenied(decision)
    row = load_for_edit(session, CountyYear, {"county_code": county_code, "year": year}, expected_version)
    state = row.state if row is not None else rules.OPEN
    errors = rules.step_errors(step, state, reason)
    if errors:
        raise ValidationFailed(errors)
    if row is None:  # the first step of the year: a row of its own, which two officers cannot both make
        row = CountyYear(county_code=county_code, year=year)
        _apply(row, actor, step, (reason or "").strip(), completeness)
        return insert_new(session, row, {"county_code": county_code, "year": year})
    _apply(row, actor, step, (reason or "").strip(), completeness)
    bump(row)
    session.add(row)
    session.flush()
    return row


def _apply(row: CountyYear, actor: Actor, step: str, reason: str, completeness: dict | None) -> None:
    row.state, row.reason = rules.STEPS[step].to_state, reason
    if step == "submit":
        row.submitted_by, row.submitted_at, row.completeness = actor.username, utc_now(), dict(completeness or {})
        row.decided_by = row.decided_at = None
    else:
        row.decided_by, row.decided_at = actor.username, utc_now()


def refuse_if_locked(session: Session, county_code: str | None, year, field: str = "year") -> None:
    """Refuse a write into `county_code`'s `year` once the city has approved it (nothing of it may change)."""
    if not county_code or not isinstance(year, int) or isinstance(year, bool):
        return
    row = state_of(session, county_code, year)
    if row is not None and rules.locked(row.state):
        county = session.get(County, county_code)
        raise ValidationFailed([rules.locked_error(field, county.name if county else county_code, year)])


def locked_years(session: Session, county_code: str) -> set[int]:
    """The years of a county that are approved and locked (for an importer's whole-file check)."""
    query = select(CountyYear.year).where(CountyYear.county_code == county_code, CountyYear.state == rules.APPROVED)
    return set(session.exec(query))


def version_of_year(row: CountyYear | None):
    return NEW if row is None else row.version


def deadline(session: Session, year: int) -> date | None:
    from models.settings import Setting
    row = session.get(Setting, DEADLINE_KEY.format(year=year))
    try:
        return date.fromisoformat(row.value) if row else None
    except ValueError:
        return None


def set_deadline(*, session: Session, actor: Actor, year: int, day, expected_version):
    """The day a year's entries are due (a setting per year; city administrators), as shown at `expected_version`."""
    from logic.authz import require
    from logic.errors import FieldError
    from models.settings import put_setting
    require(actor, "administer")
    if not isinstance(day, date) or day.year not in (year, year + 1):
        raise ValidationFailed([FieldError("deadline", f"截止日期应在 {year} 年或 {year + 1} 年内",
                                           f"the deadline must fall in {year} or {year + 1}")])
    return put_setting(session, actor, DEADLINE_KEY.format(year=year), day.isoformat(), expected_version)


def deadline_version(session: Session, year: int):
    from models.settings import Setting
    row = session.get(Setting, DEADLINE_KEY.format(year=year))
    return NEW if row is None else row.version


def locked_pairs(session: Session) -> set[tuple[str, int]]:
    """Every (county, year) that is approved and locked, read once (an importer checks a whole file against it)."""
    return set(session.exec(select(CountyYear.county_code, CountyYear.year).where(CountyYear.state == rules.APPROVED)))


def locked_refusal(session: Session, pairs: set, county_code: str | None, year, field: str = "year"):
    """The refusal refuse_if_locked would raise for `county_code`'s `year`, against `pairs` (None: not locked)."""
    if (county_code, year) not in pairs:
        return None
    county = session.get(County, county_code)
    return rules.locked_error(field, county.name if county else county_code, year)
