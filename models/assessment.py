"""The county assessment's stored data (R-ASSESS): work-performance scores entered per county and year by city
administrators, and frozen rankings — a year's ranking and subsidy split kept as they were on the day they were
frozen, so money paid on them never moves when the data behind them change later. Audited like every write."""
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from logic.assessment_inputs import ENTERED, default_scheme, scheme_from_spec
from logic.authz import Actor, require
from logic.errors import FieldError, StaleEdit, ValidationFailed
from logic.ranking import Scheme
from logic.record_errors import errors_of
from logic.records import MAX_SCORE_TENTHS, NationalPilotBase, PerformanceScoreBase, RankingSnapshotBase
from models.approval import refuse_if_locked
from models.locking import NEW, bump, insert_new, load_for_edit
from models.tables import utc_now

MAX_TENTHS = MAX_SCORE_TENTHS


class PerformanceScore(PerformanceScoreBase, table=True):
    """An entered indicator (logic.assessment_inputs.ENTERED): work performance, or a pilot's building progress."""
    __table_args__ = (UniqueConstraint("county_code", "year", "indicator"),)
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


class RankingSnapshot(RankingSnapshotBase, table=True):
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    frozen_at: datetime = Field(default_factory=utc_now)
    payload: dict = Field(sa_column=Column(JSON, nullable=False))


class NationalPilot(NationalPilotBase, table=True):
    """R-TGT-4 (fields and limits: logic.records.NationalPilotBase)."""
    __audit_key__ = "county_code"
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

def set_pilot(*, session: Session, actor: Actor, county_code: str, year_won: int, expected_version,
              project: str = "") -> NationalPilot:
    """Record or change a county's pilot, as shown at `expected_version` (NEW: the county had none)."""
    require(actor, "administer")
    project = (project or "").strip()
    errors = errors_of(NationalPilotBase, {"county_code": county_code, "year_won": year_won, "project": project})
    if errors:  # a project name too long is refused, never cut short
        raise ValidationFailed(errors)
    row = load_for_edit(session, NationalPilot, {"county_code": county_code}, expected_version)
    if row is None:
        return insert_new(session, NationalPilot(county_code=county_code, year_won=year_won, project=project),
                          {"county_code": county_code})
    bump(row)
    row.year_won, row.project = year_won, project
    session.add(row)
    session.flush()
    return row


def pilots(session: Session) -> dict[str, int]:
    return {p.county_code: p.year_won for p in session.exec(select(NationalPilot))}


def pilot_versions(session: Session) -> dict[str, int]:
    return dict(session.exec(select(NationalPilot.county_code, NationalPilot.version)).all())


def pilot_projects(session: Session) -> dict[str, str]:
    return {p.county_code: p.project for p in session.exec(select(NationalPilot))}


def _tenths(value) -> int:
    try:
        tenths = Decimal(str(value).strip()) * 10
    except (InvalidOperation, ValueError):
        raise ValidationFailed([FieldError("score", f"绩效得分应为数字,现为“{value}”",
                                           f"the score must be a number, got {value!r}")]) from None
    if tenths != tenths.to_integral_value() or not 0 <= tenths <= MAX_TENTHS:
        raise ValidationFailed([FieldError("score", "绩效得分应在 0–100 之间,最多一位小数",
                                           "the score must be between 0 and 100 with at most one decimal")])
    return int(tenths)


def set_performance(*, session: Session, actor: Actor, county_code: str, year: int, score, expected_version,
                    indicator: str = "performance") -> PerformanceScore:
    """City administrators enter a county's score of an entered indicator for a year (one per county, year
    and indicator): work performance, or the national pilot's building progress. `expected_version`: the
    score's version as shown (NEW: none was entered)."""
    require(actor, "administer")
    if indicator not in ENTERED:
        raise ValidationFailed([FieldError("indicator", f"“{indicator}”不是录入类指标", f"{indicator!r} is not entered")])
    tenths = _tenths(score)
    refuse_if_locked(session, county_code, year)
    row = load_for_edit(session, PerformanceScore, {"county_code": county_code, "year": year,
                                                     "indicator": indicator}, expected_version)
    if row is None:
        return insert_new(session, PerformanceScore(county_code=county_code, year=year, score_tenths=tenths,
                                                    indicator=indicator, updated_by=actor.username),
                          {"county_code": county_code, "year": year, "indicator": indicator})
    bump(row)
    row.score_tenths, row.updated_at, row.updated_by = tenths, utc_now(), actor.username
    session.add(row)
    session.flush()
    return row


def performance_scores(session: Session, year: int, indicator: str = "performance") -> dict[str, float]:
    rows = session.exec(select(PerformanceScore).where(PerformanceScore.year == year,
                                                       PerformanceScore.indicator == indicator))
    return {r.county_code: r.score_tenths / 10 for r in rows}


def entered_values(session: Session, year: int) -> dict[str, dict[str, float]]:
    return entered_versioned(session, year)[0]


def entered_versioned(session: Session, year: int) -> tuple[dict[str, dict[str, float]], dict[tuple[str, str], int]]:
    """The year's entered scores {indicator: {county: score}} and their versions {(indicator, county): version},
    read together so an editor saves against the versions of the values it shows."""
    values: dict[str, dict[str, float]] = {indicator: {} for indicator in ENTERED}
    versions = {}
    query = select(PerformanceScore.indicator, PerformanceScore.county_code, PerformanceScore.score_tenths,
                   PerformanceScore.version).where(PerformanceScore.year == year)
    for indicator, county, tenths, version in session.exec(query):
        if indicator in values:
            values[indicator][county] = tenths / 10
            versions[(indicator, county)] = version
    return values, versions


class AssessmentScheme(SQLModel, table=True):
    """The assessment scheme as data (R-ASSESS): versioned, in force from its year until a later one."""
    __table_args__ = (UniqueConstraint("year", "version"),)
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    version: int
    spec: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)
    created_by: str = Field(max_length=64)


class SchemeInForce(NamedTuple):
    scheme: Scheme
    stored: AssessmentScheme | None  # the version used; None when the default is used
    broken: AssessmentScheme | None = None  # the version in force that no longer reads as a valid scheme
    errors: tuple[FieldError, ...] = ()  # why it does not


def scheme_for(session: Session, year: int) -> SchemeInForce:
    """The scheme in force in `year`: the latest version saved for the latest year up to `year`; else the default.
    A stored version that no longer validates (edited outside the app, or an indicator since withdrawn) is not
    used: the default is, and `broken`/`errors` say so, so the screen can tell the reader rather than rank on a
    scheme nobody chose without saying."""
    row = session.exec(select(AssessmentScheme).where(AssessmentScheme.year <= year)
                       .order_by(AssessmentScheme.year.desc(), AssessmentScheme.version.desc())).first()
    if row is None:
        return SchemeInForce(default_scheme(year), None)
    scheme, errors = scheme_from_spec(row.spec, year)
    if errors:
        return SchemeInForce(default_scheme(year), None, row, tuple(errors))
    return SchemeInForce(scheme, row)


def latest_scheme_version(session: Session, year: int):
    """The number of the latest scheme saved for `year` itself, or NEW: what an editor of that year saves over."""
    last = session.exec(select(AssessmentScheme.version).where(AssessmentScheme.year == year)
                        .order_by(AssessmentScheme.version.desc())).first()
    return NEW if last is None else last


def save_scheme(*, session: Session, actor: Actor, year: int, spec: dict, expected_version) -> AssessmentScheme:
    """A new version of the scheme from `year` on (city administrators); earlier versions stay as they were.
    `expected_version` is latest_scheme_version as the editor saw it: a version saved meanwhile makes it stale."""
    require(actor, "administer")
    _, errors = scheme_from_spec(spec, year)
    if errors:
        raise ValidationFailed(errors)
    latest = session.exec(select(AssessmentScheme).where(AssessmentScheme.year == year)
                          .order_by(AssessmentScheme.version.desc()).with_for_update()).first()
    last = latest.version if latest else None
    if (NEW if latest is None else last) != expected_version:
        raise _scheme_stale(latest, expected_version)
    row = AssessmentScheme(year=year, version=(last or 0) + 1, spec=spec, created_by=actor.username)
    return insert_new(session, row, {"year": year, "version": row.version})


def _scheme_stale(latest: AssessmentScheme | None, expected_version) -> StaleEdit:
    if latest is None:  # the version the editor saw is gone (a restored backup): nobody to name
        return StaleEdit({}, None, 0)
    return StaleEdit({"version": (None if expected_version is NEW else expected_version, latest.version)},
                     latest.created_by, latest.version, latest.created_at)


def freeze(*, session: Session, actor: Actor, year: int, payload: dict, note: str = "") -> RankingSnapshot:
    """Keep the year's ranking and allocation exactly as shown; later changes to the data do not touch it."""
    require(actor, "administer")
    note = (note or "").strip()
    errors = errors_of(RankingSnapshotBase, {"year": year, "frozen_by": actor.username, "note": note})
    if errors:  # a note too long is refused, never cut short
        raise ValidationFailed(errors)
    row = RankingSnapshot(year=year, frozen_by=actor.username, note=note, payload=payload)
    session.add(row)
    session.flush()
    return row


def snapshots(session: Session, year: int | None = None) -> list[RankingSnapshot]:
    query = select(RankingSnapshot).order_by(RankingSnapshot.id.desc())
    if year is not None:
        query = query.where(RankingSnapshot.year == year)
    return list(session.exec(query))
