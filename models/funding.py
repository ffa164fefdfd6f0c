"""The funding ledger (R-FUND-1, -2, -5, -7; R-8.6): table model, writes and reads.

Every write is authorised against the county of the line (a new line's county comes from the caller, which
screens take from the actor, never a widget; an edited line's from its stored row), validated by
logic.funding, and audited by models.audit (R-FUND-7: who entered or changed each line and when). Lines are
never deleted: a wrong line is corrected, and the audit trail keeps what it said before.
"""
from datetime import date, datetime

import pandas as pd
from sqlalchemy import case
from sqlmodel import Field, Session, func, select

from logic import funding as rules
from logic.authz import Actor, require
from logic.errors import FieldError, NotFound, ValidationFailed
from logic.records import FundingLineBase
from models.approval import refuse_if_locked
from models.audit import insert_audited
from models.locking import bump, load_for_edit, locked_many, still_at
from models.tables import Platform, new_values, utc_now

FUNDED_PLATFORM_COLUMNS = ("code", "name", "level", "county_code", "work_funds_secured")

EDITABLE = tuple(f for f in FundingLineBase.model_fields if f != "county_code")  # a line never changes county


class FundingLine(FundingLineBase, table=True):
    """One line of the ledger (fields and limits: logic.records.FundingLineBase)."""
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


def _platform_counties(session: Session, codes) -> dict[str, str]:
    codes = sorted({c for c in codes if c})
    if not codes:
        return {}
    return dict(session.exec(select(Platform.code, Platform.county_code).where(Platform.code.in_(codes))).all())


def _check(session: Session, facts: dict, errors: list[FieldError], today: date | None) -> None:
    counties = _platform_counties(session, platforms_named(facts))
    errors = line_errors(facts, errors, counties, today)
    if errors:
        raise ValidationFailed(errors)


def platforms_named(facts: dict) -> list:
    """The platform codes a line names (its own and the ones a city subsidy rewards): what _check looks up."""
    return [facts.get("platform_code"), *facts.get("purpose_platforms", [])]


def line_errors(facts: dict, errors: list[FieldError], counties: dict[str, str], today: date | None) -> list[FieldError]:
    """Everything wrong with a cleaned line, given the errors of cleaning it and the county of each platform it
    names (`counties`, from the store): what a save refuses."""
    unread = {e.field for e in errors}  # an amount that could not be read is not judged again
    return errors + [e for e in rules.validate_line(facts, today=today or date.today(),
                                                    platform_county=counties.get(facts.get("platform_code")),
                                                    purpose_platform_counties=counties) if e.field not in unread]


def add_line(*, session: Session, actor: Actor, county_code: str, facts: dict,
             today: date | None = None) -> FundingLine:
    """A new line of `county_code`; amounts as typed yuan under `budgeted`, `allocated`, `spent`."""
    require(actor, "edit", county_code)
    clean, errors = new_line_facts(county_code, facts)
    refuse_if_locked(session, county_code, clean.get("year"))  # told first: nothing of a locked year may change
    _check(session, clean, errors, today)
    line = FundingLine(**_line_values(actor, county_code, clean))
    session.add(line)
    session.flush()
    return line


def new_line_facts(county_code: str, facts: dict) -> tuple[dict, list[FieldError]]:
    """A new line's facts as add_line checks and stores them (amounts in fen), and the errors of reading them."""
    clean, errors = rules.clean_line({**facts, "county_code": county_code})
    unknown = set(clean) - set(EDITABLE) - {"county_code"}
    if unknown:
        raise ValueError(f"not a funding line field: {sorted(unknown)}")
    return clean, errors


def _line_values(actor: Actor, county_code: str, clean: dict) -> dict:
    """The row a new line is stored as (a form's save and an import's store the same row)."""
    require(actor, "edit", county_code)
    return new_values(FundingLine, {**{k: clean.get(k) for k in EDITABLE if k in clean}, "county_code": county_code,
                                    "updated_by": actor.username})


def add_checked_lines(*, session: Session, actor: Actor, rows: list[tuple[str, dict]]) -> list[int]:
    """Many new lines by one insert of the rows and one of their audit rows, each stored as add_line stores it:
    `rows` are (county, facts as new_line_facts gives them), validated against the store in this same
    transaction (the importer's whole-file check); the county right is still checked here, row by row."""
    return insert_audited(session, FundingLine, [_line_values(actor, county_code, clean) for county_code, clean in rows])


def update_line(*, session: Session, actor: Actor, line_id: int, facts: dict, expected_version: int,
                today: date | None = None) -> FundingLine:
    """Change a line, only if nobody saved it since it was opened (`expected_version`)."""
    line = load_for_edit(session, FundingLine, {"id": line_id}, expected_version, actor=actor)
    merged, errors = edited_line_facts(line, facts)
    refuse_if_locked(session, line.county_code, line.year)  # the year it was in, and the year it would move to
    refuse_if_locked(session, line.county_code, merged.get("year"))
    _check(session, merged, errors, today)
    _save_over(line, merged, actor)
    session.add(line)
    session.flush()
    return line


def edited_line_facts(line: FundingLine, facts: dict) -> tuple[dict, list[FieldError]]:
    """The line's facts after an edit of `facts` (amounts as typed yuan), as update_line checks and stores them,
    and the errors of reading them."""
    clean, errors = rules.clean_line(facts)
    given = {rules.AMOUNT_NAMES[k][0] if k in rules.AMOUNT_NAMES else k for k in facts}
    if given - set(EDITABLE):
        raise ValueError(f"not editable here: {sorted(given - set(EDITABLE))}")
    merged = {**{k: getattr(line, k) for k in EDITABLE}, **{k: clean[k] for k in given},
              "county_code": line.county_code}
    return merged, errors


def _save_over(line: FundingLine, merged: dict, actor: Actor) -> None:
    for key in EDITABLE:
        setattr(line, key, merged[key])
    bump(line, actor.username)


def update_checked_lines(*, session: Session, actor: Actor, edits: dict[int, tuple[dict, int]]) -> None:
    """Many edits of lines ({id: (facts as typed, expected version)}) read and locked in one query and flushed
    together, each saved as update_line saves it: the county right and the version are checked here, the facts
    were validated against the store in this same transaction (the importer's whole-file check)."""
    found = locked_many(session, FundingLine, "id", edits)
    for line_id, (facts, expected_version) in edits.items():
        line = found.get(line_id)
        if line is None:
            raise NotFound(line_id)
        _save_over(still_at(session, line, expected_version, actor=actor), edited_line_facts(line, facts)[0], actor)
    session.flush()


def save_lines(*, session: Session, actor: Actor, county_code: str, added: list[dict],
               edited: dict[int, tuple[int, dict]], today: date | None = None) -> int:
    """Bulk entry (the editable table): every row through add_line / update_line, all or nothing.
    Errors are collected per row and raised together, fields named "row N: field"."""
    errors: list[FieldError] = []

    def attempt(label: str, write) -> None:
        try:
            write()
        except ValidationFailed as failed:
            errors.extend(FieldError(f"{label}: {e.field}", e.reason_zh, e.reason_en) for e in failed.errors)

    for n, facts in enumerate(added, start=1):
        attempt(f"+{n}", lambda f=facts: add_line(session=session, actor=actor, county_code=county_code, facts=f,
                                                 today=today))
    for line_id, (version, facts) in edited.items():
        attempt(f"#{line_id}", lambda i=line_id, v=version, f=facts: update_line(
            session=session, actor=actor, line_id=i, facts=f, expected_version=v, today=today))
    if errors:
        raise ValidationFailed(errors)
    return len(added) + len(edited)


def list_lines(session: Session, *, county_code: str | None = None, year: int | None = None) -> list[FundingLine]:
    query = select(FundingLine).order_by(FundingLine.year, FundingLine.county_code, FundingLine.id)
    if county_code:
        query = query.where(FundingLine.county_code == county_code)
    if year is not None:
        query = query.where(FundingLine.year == year)
    return list(session.exec(query))


def lines_frame(session: Session, *, county_code: str | None = None, year: int | None = None,
                category: str | None = None, rows: slice | None = None) -> pd.DataFrame:
    """The lines as a table (`rows`: only those rows of it, as a screen's page). Columns are read straight from
    the rows (no ORM objects): at province scale that is several times faster, and a screen needs the values,
    not objects to change."""
    query = select(*(getattr(FundingLine, c) for c in rules.LINE_COLUMNS))
    query = _scoped(query, county_code, year).order_by(FundingLine.year, FundingLine.county_code, FundingLine.id)
    if category is not None:
        query = query.where(FundingLine.category == category)
    if rows is not None:
        query = query.offset(rows.start).limit(rows.stop - rows.start)
    frame = pd.DataFrame(session.exec(query).all(), columns=list(rules.LINE_COLUMNS))
    frame = frame.astype({k: "int64" for k in (*rules.AMOUNTS, "year", "id", "version")})
    for column in ("platform_code", "purpose", "allocated_on", "spent_on"):  # missing stays None, never NaN
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def count_lines(session: Session, *, county_code: str | None = None, year: int | None = None) -> int:
    return session.exec(_scoped(select(func.count(FundingLine.id)), county_code, year)).one()


def _scoped(query, county_code: str | None, year: int | None):
    if county_code:
        query = query.where(FundingLine.county_code == county_code)
    if year is not None:
        query = query.where(FundingLine.year == year)
    return query


SUM_GROUPS = ("county_code", "year", "category")


def line_sums(session: Session, by: tuple[str, ...] | list[str], *, county_code: str | None = None,
              year: int | None = None, source: str | None = None) -> pd.DataFrame:
    """Budgeted, allocated and spent (exact integer fen) and the number of lines per group of `by`, summed by
    the database: a screen that shows totals never loads the lines (a province keeps some 180,000)."""
    if not set(by) <= set(SUM_GROUPS):
        raise ValueError(f"not a funding group: {sorted(set(by) - set(SUM_GROUPS))}")
    groups = [getattr(FundingLine, c) for c in by]
    query = select(*groups, *(func.coalesce(func.sum(getattr(FundingLine, k)), 0) for k in rules.AMOUNTS),
                   func.count(FundingLine.id))
    query = _scoped(query, county_code, year).group_by(*groups).order_by(*groups)
    if source is not None:
        query = query.where(FundingLine.source == source)
    rows = [(*row[:len(by)], *(int(v) for v in row[len(by):])) for row in session.exec(query)]
    frame = pd.DataFrame(rows, columns=[*by, *rules.AMOUNTS, "lines"])
    return frame.astype({k: "int64" for k in (*rules.AMOUNTS, "lines", *(["year"] if "year" in by else []))})


def work_fund_sums(session: Session, *, county_code: str | None = None, year: int | None = None,
                   codes: list[str] | None = None) -> pd.DataFrame:
    """R-8.6 input per (year, platform) with any line naming the platform (of `codes` only, if given): the work
    funds allocated to it that year (0 when its lines are all of other categories). logic.funding decides what
    counts as secured."""
    work = func.sum(case((FundingLine.category == "work_funds", FundingLine.allocated_fen), else_=0))
    query = select(FundingLine.year, FundingLine.platform_code, work)
    query = query.where(FundingLine.platform_code.is_not(None), FundingLine.platform_code != "")
    if codes is not None:
        query = query.where(FundingLine.platform_code.in_(codes))
    query = _scoped(query, county_code, year).group_by(FundingLine.year, FundingLine.platform_code)
    rows = [(int(y), code, int(fen or 0)) for y, code, fen in session.exec(query)]
    frame = pd.DataFrame(rows, columns=["year", "platform_code", "work_funds_fen"])
    return frame.astype({"year": "int64", "work_funds_fen": "int64"})


def work_funds_by_platform(session: Session, year: int, county_code: str | None = None,
                           codes: list[str] | None = None) -> dict[str, bool]:
    """R-8.6 input: {platform: work funds secured in `year`} for every platform with a funding line that year
    (of `codes` only, if given)."""
    return rules.secured_from_sums(work_fund_sums(session, county_code=county_code, year=year, codes=codes))


def funded_platforms(session: Session, county_code: str | None = None) -> pd.DataFrame:
    """The platform facts the funding screens show (R-8.6 included: the work-funds flag as entered), by county
    and code, read as columns: a province's 60,000 platforms without their other facts."""
    query = select(*(getattr(Platform, c) for c in FUNDED_PLATFORM_COLUMNS))
    query = query.order_by(Platform.county_code, Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    frame = pd.DataFrame(session.exec(query).all(), columns=list(FUNDED_PLATFORM_COLUMNS))
    return frame.astype({"work_funds_secured": bool})
