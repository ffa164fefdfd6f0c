"""Bulk import of people, reviews and funding lines: the whole file checked against one read of what it touches,
then written in chunks through the store's bulk writes (models.people / models.funding `*_checked_*`), which
build each row as the form's save builds it; models.audit writes one audit row per changed record per flush.

The check makes every check a form save makes (platform exists, the actor's right on the row's county, the
version the dry run saw, the policy rules of logic.people / logic.funding) but reads the store once per file
instead of once per row. The commit runs it again inside its writing transaction, with the rows it will change
locked (PostgreSQL; SQLite's write transaction already excludes other writers), so what it writes is what it
checked.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from logic.authz import Actor, PermissionDenied, authorize
from logic.errors import FieldError, NotFound, StaleEdit
from logic.import_rows import Problem
from logic.people import grade_errors, validate_person, validate_review
from models import funding as funding_store, people as people_store
from models.approval import locked_pairs, locked_refusal
from models.funding import FundingLine
from models.people import Person, Review
from models.tables import AuditLog, Platform

CHUNK = 50  # rows per flush: bounded statements, and a progress bar that moves
IN_LIMIT = 500  # keys per IN (...) list: far below SQLite's and PostgreSQL's bound-parameter limits


@dataclass
class Checked:
    """The outcome of the whole-file check: every problem, and what the bulk writes take for each good row."""
    problems: list = field(default_factory=list)
    adds: list = field(default_factory=list)  # what the kind's add_checked_* takes, one item per row
    edits: dict = field(default_factory=dict)  # what the kind's update_checked_* takes, by the row's key


def cell_text(facts: dict, key: str) -> str:
    value = facts.get(key)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def chunks(items: list, total: int, progress, start: int, size: int = CHUNK):
    """`items` `size` at a time (one flush each), telling `progress` how many of `total` are written after each."""
    for first in range(0, len(items), size):
        chunk = items[first:first + size]
        yield chunk
        if progress:
            progress(start + first + len(chunk), total)


def check(session: Session, actor: Actor, kind: str, plans: list, today: date | None, *,
          lock: bool = False) -> Checked:
    """Every problem a form's save of each planned row would meet, against the store as this session reads it."""
    return CHECKS[kind](session, actor, [p for p in plans if p.action != "unchanged"], today or date.today(), lock)


def apply(session: Session, actor: Actor, kind: str, plans: list, today: date | None, progress, *,
          checked: Checked | None = None) -> list[Problem]:
    """Write the file; the problems if any (then the caller rolls back, audit rows included). `checked` is the dry
    run's check when the store has not changed since it read it; without it the file is checked again here,
    inside the writing transaction, with the rows it will change locked. Either way each changed row's version
    is compared again as the bulk update locks it."""
    if checked is None:
        checked = check(session, actor, kind, plans, today, lock=True)
    if checked.problems:
        return checked.problems
    total = len(checked.edits) + len(checked.adds)
    update, add = WRITES[kind]
    try:
        edits = list(checked.edits.items())
        for chunk in chunks(edits, total, progress, start=0):
            update(session=session, actor=actor, edits=dict(chunk))
        for chunk in chunks(checked.adds, total, progress, start=len(edits)):
            add(session=session, actor=actor, rows=chunk)
    except PermissionDenied as denied:  # the check has the row; this is the store's last word
        return [Problem(0, "county_code", "", denied.decision.reason_zh, denied.decision.reason_en)]
    except (StaleEdit, NotFound, IntegrityError):  # a save between the check and the lock, or a grade entered twice
        return [Problem(0, "version", "", "试算之后他人修改了数据,请重新试算", "someone changed the data after the dry run: run it again")]
    return []


# --- reading what the file touches, a few hundred keys per query ---------------------------------------------

def _in_parts(keys) -> list[list]:
    keys = sorted({k for k in keys if k not in (None, "")}, key=str)
    return [keys[i:i + IN_LIMIT] for i in range(0, len(keys), IN_LIMIT)]


def _rows(session: Session, columns, key_column, keys, lock: bool) -> list:
    out = []
    for part in _in_parts(keys):
        query = select(*columns).where(key_column.in_(part))
        out += session.exec(query.with_for_update() if lock else query).all()
    return out


def _platforms(session: Session, codes) -> dict:
    return {r.code: r for r in _rows(session, (Platform.code, Platform.county_code), Platform.code, codes, False)}


PERSON_COLUMNS = ("id", "county_code", "joined_on", "left_on", "version", *people_store.EDITABLE)


def _people(session: Session, ids, lock: bool) -> dict:
    columns = [getattr(Person, c) for c in PERSON_COLUMNS]
    return {r.id: r for r in _rows(session, columns, Person.id, ids, lock)}


def _reviews(session: Session, person_ids, lock: bool) -> dict[tuple[int, int], tuple[int, int]]:
    """{(person, year): (version, review id)} of the people's grades."""
    columns = (Review.person_id, Review.year, Review.version, Review.id)
    return {(r.person_id, r.year): (r.version, r.id) for r in _rows(session, columns, Review.person_id, person_ids, lock)}


def _lines(session: Session, ids, lock: bool) -> dict:
    columns = [getattr(FundingLine, c) for c in ("id", "county_code", "version", *funding_store.EDITABLE)]
    return {r.id: r for r in _rows(session, columns, FundingLine.id, ids, lock)}


# --- the problems, as the row-by-row saves named them --------------------------------------------------------

def _field_problems(plan, errors: list[FieldError]) -> list[Problem]:
    return [Problem(plan.row, e.field, cell_text(plan.facts, e.field), e.reason_zh, e.reason_en) for e in errors]


def _denied(plan, decision) -> Problem:
    return Problem(plan.row, "county_code", "", decision.reason_zh, decision.reason_en)


def _gone(plan) -> Problem:
    return Problem(plan.row, "/".join(map(str, plan.key)), "", "该记录已不存在", "the record no longer exists")


def _stale(session: Session, plan, now: int, entity: str, key) -> Problem:
    """The row changed since the dry run read it: who changed it last, from the audit trail (as a form says)."""
    query = select(AuditLog.actor).where(AuditLog.entity == entity, AuditLog.entity_key == str(key))
    by = session.exec(query.order_by(AuditLog.id.desc())).first()
    return Problem(plan.row, "version", str(now), f"试算之后 {by or '他人'} 修改了这一行,请重新试算",
                   f"{by or 'someone'} changed this row after the dry run: run it again")


def _refusal(session: Session, actor: Actor, plan, county, stored=None) -> Problem | None:
    """The county right on the stored row, then its version: what a save checks before the facts. `stored` is
    (the version now, its table, its audit key) for a row that exists."""
    decision = authorize(actor, "edit", county)
    if not decision:
        return _denied(plan, decision)
    if stored is not None and stored[0] != plan.version:
        return _stale(session, plan, *stored)
    return None


# --- the checks, kind by kind --------------------------------------------------------------------------------

def _check_people(session: Session, actor: Actor, work: list, today: date, lock: bool) -> Checked:
    adds, edits = [p for p in work if p.action == "add"], [p for p in work if p.action == "update"]
    places = _platforms(session, (p.facts.get("platform_code") for p in adds))
    people = _people(session, (p.key[0] for p in edits), lock)
    graded: dict[int, set] = {}
    for person_id, year in _reviews(session, people, False):
        graded.setdefault(person_id, set()).add(year)
    out = Checked()
    for plan in work:
        if plan.action == "add":
            facts = people_store.new_person_facts(plan.facts)
            platform = places.get(facts.get("platform_code"))
            if platform is None:
                out.problems += _field_problems(plan, [people_store.missing_platform(facts.get("platform_code"))])
                continue
            refusal = _refusal(session, actor, plan, platform.county_code)
            errors = [] if refusal else validate_person(facts, today=today)
            target = (platform, facts)
        else:
            person = people.get(plan.key[0])
            if person is None:
                out.problems.append(_gone(plan))
                continue
            refusal = _refusal(session, actor, plan, person.county_code, (person.version, Person.__tablename__, person.id))
            errors = [] if refusal else validate_person(people_store.edited_facts(person, plan.facts), today=today,
                                                        review_years=graded.get(person.id, set()),
                                                        left_on=person.left_on)
            target = (plan.facts, plan.version)
        _keep(out, plan, refusal, errors, target)
    return out


def _keep(out: Checked, plan, refusal: Problem | None, errors: list[FieldError], target) -> None:
    if refusal or errors:
        out.problems += [refusal] if refusal else _field_problems(plan, errors)
    elif plan.action == "add":
        out.adds.append(target)
    else:
        out.edits[plan.key if len(plan.key) > 1 else plan.key[0]] = target


def _check_reviews(session: Session, actor: Actor, work: list, today: date, lock: bool) -> Checked:
    pairs = locked_pairs(session)  # a year the city approved takes no more grades (year-end)
    people = _people(session, (p.key[0] for p in work), lock)
    stored = _reviews(session, people, lock)
    graded: dict[int, set] = {}
    for person_id, year in stored:
        graded.setdefault(person_id, set()).add(year)
    out = Checked()
    for plan in work:
        person_id, year = plan.key
        grade, person = plan.facts.get("grade"), people.get(person_id)
        if person is None or (plan.action == "update" and plan.key not in stored):
            out.problems.append(_gone(plan))
            continue
        locked = locked_refusal(session, pairs, person.county_code, year)
        if plan.action == "add":
            refusal = _refusal(session, actor, plan, person.county_code)
            errors = [locked] if locked else [] if refusal else validate_review(
                year, grade, joined_on=person.joined_on, left_on=person.left_on, today=today,
                graded_years=graded.get(person_id, set()))
            if not (refusal or errors):  # a later row of the file grading the same year meets this one
                graded.setdefault(person_id, set()).add(year)
            target = (person, year, grade)
        else:
            version, review_id = stored[plan.key]
            refusal = _refusal(session, actor, plan, person.county_code, (version, Review.__tablename__, review_id))
            errors = [locked] if locked else [] if refusal else grade_errors(grade)
            target = (grade, plan.version)
        _keep(out, plan, refusal, errors, target)
    return out


def _check_funding(session: Session, actor: Actor, work: list, today: date, lock: bool) -> Checked:
    pairs = locked_pairs(session)  # a year the city approved takes no more ledger lines (year-end)
    lines = _lines(session, (p.key[0] for p in work if p.action == "update"), lock)
    read, out = [], Checked()
    for plan in work:
        facts = {k: v for k, v in plan.facts.items() if k != "_county"}
        if plan.action == "add":
            county = plan.facts.get("_county")
            refusal = _refusal(session, actor, plan, county)
            clean, errors = funding_store.new_line_facts(county, facts)
            errors += [e for e in [locked_refusal(session, pairs, county, clean.get("year"))] if e]
            target = (county, clean)
        else:
            line = lines.get(plan.key[0])
            if line is None:
                out.problems.append(_gone(plan))
                continue
            refusal = _refusal(session, actor, plan, line.county_code, (line.version, FundingLine.__tablename__, line.id))
            clean, errors = funding_store.edited_line_facts(line, facts)
            errors += [e for e in {locked_refusal(session, pairs, line.county_code, year)
                                   for year in (line.year, clean.get("year"))} if e]
            target = (facts, plan.version)
        read.append((plan, refusal, clean, errors, target))
    named = (code for _, _, clean, _, _ in read for code in funding_store.platforms_named(clean))
    counties = {code: r.county_code for code, r in _platforms(session, named).items()}
    for plan, refusal, clean, errors, target in read:
        errors = [] if refusal else funding_store.line_errors(clean, errors, counties, today)
        _keep(out, plan, refusal, errors, target)
    return out


CHECKS = {"people": _check_people, "reviews": _check_reviews, "funding": _check_funding}
WRITES = {"people": (people_store.update_checked_people, people_store.add_checked_people),
          "reviews": (people_store.correct_checked_reviews, people_store.add_checked_reviews),
          "funding": (funding_store.update_checked_lines, funding_store.add_checked_lines)}
