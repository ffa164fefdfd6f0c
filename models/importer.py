"""Bulk import, the store half: a dry run that checks every row as a save would, and a commit that
writes them all in ONE transaction or nothing.

The whole file is checked against one read of the store (platforms here, people, reviews and funding lines in
models.import_bulk): every check a form's save makes, the county right taken from the actor (never a county the
file names), without a round trip per row. The dry run only reads. The commit runs the same check again inside
its writing transaction, compares every version the dry run saw, and writes through the store's bulk writes,
which build each row as the form's save builds it (models.audit writes the same audit rows); any problem and
nothing is written.
"""
import os
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from logic import funding as fund
from logic.authz import Actor, PermissionDenied, authorize, require
from logic.codes import CHILD_LEVELS
from logic.import_kinds import KINDS, Kind
from logic.import_rows import Limits, Parsed, Problem, changes, parse
from logic.people import fen_from_yuan
from logic.validation import ParentInfo, validate_platform
from models import funding as funding_store, import_bulk as bulk, people as people_store, platforms as platform_store
from models.db import read_session, write_session
from models.import_bulk import cell_text, chunks
from models.revision import store_revision
from models.tables import Platform

ACTIONS = ("add", "update", "unchanged")


def limits() -> Limits:
    """The upload limits: settings from the environment (GSP_IMPORT_MAX_MB, GSP_IMPORT_MAX_ROWS), sane defaults."""
    def env_int(name: str, default: int) -> int:
        try:
            return max(1, int(os.environ.get(name, default)))
        except ValueError:
            return default
    return Limits(max_bytes=env_int("GSP_IMPORT_MAX_MB", 10) * 1024 * 1024,
                  max_rows=env_int("GSP_IMPORT_MAX_ROWS", 20_000))


@dataclass
class Plan:
    row: int
    action: str  # add | update | unchanged
    key: tuple
    facts: dict  # what the store function takes
    version: int | None = None  # the stored version the dry run saw (no lost updates between dry run and commit)


@dataclass(frozen=True)
class Seen:
    """What a whole-file check's outcome depends on besides the file: the store (its revision), who, and the day."""
    revision: int
    actor: Actor
    today: date


@dataclass
class DryRun:
    kind: str
    encoding: str = ""
    plans: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    seen: Seen | None = None  # the store the check read, for the commit to tell whether it must check again
    checked: bulk.Checked | None = None  # what the check found to write (people, reviews, funding)

    @property
    def counts(self) -> dict[str, int]:
        """Rows to add, update and leave — of the rows with no problem (a row with one is none of these)."""
        bad = {p.row for p in self.problems}
        return {a: sum(p.action == a and p.row not in bad for p in self.plans) for a in ACTIONS}

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.plans)


class ImportRefused(Exception):
    """The commit met a problem: nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def dry_run(engine, actor: Actor, kind: str, data: bytes, filename: str, *, today: date | None = None,
            lim: Limits | None = None) -> DryRun:
    """Read and check the whole file; nothing is written, whatever happens (it only reads)."""
    spec = KINDS[kind]
    parsed: Parsed = parse(data, filename, spec.columns, spec.key, lim or limits(), sheet=spec.zh)
    result = DryRun(kind, parsed.encoding, problems=list(parsed.problems), notes=list(parsed.notes))
    if not authorize(actor, "import"):
        result.problems.insert(0, Problem(0, "", "", "只读用户不能导入数据", "viewers cannot import data"))
        return result
    if parsed.problems and not parsed.rows:
        return result
    with read_session(engine) as session:  # thousands of rows: every save's checks, against the store read once
        # the revision before the rows: a write committed after this read moves it, so the commit checks again
        seen = Seen(store_revision(session), actor, today or date.today())
        result.plans, more = _plan(session, actor, spec, parsed.rows)
        result.problems += more
        if kind == "platforms":
            result.problems += _check_platforms(session, actor, result.plans)
        else:
            result.checked = bulk.check(session, actor, kind, result.plans, seen.today)
            result.problems += result.checked.problems
        result.seen = seen
    result.problems.sort(key=lambda p: (p.row, p.column))
    return result


def commit(engine, actor: Actor, dry: DryRun, *, today: date | None = None, progress=None) -> dict[str, int]:
    """Write every planned row in one transaction; any problem and nothing is written (ImportRefused)."""
    require(actor, "import")  # and each row's own store function checks its county
    if dry.problems:
        raise ImportRefused(dry.problems)
    try:
        with write_session(engine, actor) as session:
            # the dry run's check stands when nothing was written since it read the store (same actor, same day);
            # otherwise the whole file is checked again here, inside the writing transaction
            unchanged = dry.seen == Seen(store_revision(session), actor, today or date.today())
            if dry.kind == "platforms":
                problems = _apply_platforms(session, actor, dry.plans, progress, checked=unchanged)
            else:
                problems = bulk.apply(session, actor, dry.kind, dry.plans, today, progress,
                                      checked=dry.checked if unchanged else None)
            if problems:
                raise ImportRefused(problems)  # write_session rolls back, audit rows included
    except ImportRefused:
        raise
    except Exception as exc:  # rolled back all the same; re-raised so the screen shows why
        raise ImportRefused([_unexpected(exc)]) from exc
    return dry.counts


def _unexpected(exc: Exception) -> Problem:
    return Problem(0, "", type(exc).__name__, "数据库拒绝了写入,未写入任何数据,请联系管理员",
                   "the database refused the write; nothing was written: tell the administrator")


# --- planning: which rows add, update or stay ------------------------------------------------------------

def _plan(session: Session, actor: Actor, spec: Kind, rows: list) -> tuple[list[Plan], list[Problem]]:
    stored = STORED[spec.name](session, actor)
    counties = {c.code for c in platform_store.list_counties(session)}
    plans, problems = [], []
    for number, facts in rows:
        facts = {k: v for k, v in facts.items() if v is not None}
        key = tuple(facts.get(k) for k in spec.key)
        found = stored.get(key) if all(v not in (None, "") for v in key) else None
        if found is None and spec.name in ("people", "funding") and key[0] is not None:
            problems.append(Problem(number, "id", str(key[0]), f"编号 {key[0]} 不存在(新增请留空)",
                                    f"id {key[0]} does not exist (leave it blank to add)"))
            continue
        problem, facts = PREPARE[spec.name](actor, number, facts, found)
        if not problem and found is None and spec.name == "funding" and facts.get("_county") not in counties:
            problem = Problem(number, "county_code", str(facts.get("_county") or ""), "县(区)代码缺失或未知",
                              "the county code is missing or unknown")
        if problem:
            problems.append(problem)
            continue
        if found is None:
            plans.append(Plan(number, "add", key, facts))
        else:
            action = "update" if changes(_comparable(spec.name, facts), found["facts"]) else "unchanged"
            plans.append(Plan(number, action, key, facts, found["version"]))
    return plans, problems


def _comparable(kind: str, facts: dict) -> dict:
    if kind == "funding":
        out = {k: v for k, v in facts.items() if k not in fund.AMOUNT_NAMES}
        for typed, (stored, zh, _) in fund.AMOUNT_NAMES.items():
            if typed in facts:
                out[stored] = fund.parse_yuan(facts[typed], typed, zh)[0]
        return out
    return facts


def _stored_platforms(session: Session, actor: Actor) -> dict:
    return {(p.code,): {"facts": platform_store.facts_of(p), "version": p.version, "county": p.county_code}
            for p in platform_store.list_platforms(session)}


def _stored_people(session: Session, actor: Actor) -> dict:
    people = session.exec(select(people_store.Person))
    return {(p.id,): {"facts": {**{k: getattr(p, k) for k in people_store.EDITABLE}, "platform_code": p.platform_code},
                      "version": p.version, "county": p.county_code} for p in people}


def _stored_reviews(session: Session, actor: Actor) -> dict:
    return {(r.person_id, r.year): {"facts": {"grade": r.grade}, "version": r.version, "county": r.county_code}
            for r in session.exec(select(people_store.Review))}


def _stored_funding(session: Session, actor: Actor) -> dict:
    return {(f.id,): {"facts": {k: getattr(f, k) for k in (*funding_store.EDITABLE, "county_code")},
                      "version": f.version, "county": f.county_code}
            for f in session.exec(select(funding_store.FundingLine))}


STORED = {"platforms": _stored_platforms, "people": _stored_people, "reviews": _stored_reviews,
          "funding": _stored_funding}


def _county_problem(actor: Actor, number: int, county) -> Problem | None:
    """A county officer imports only their own county's rows: the county comes from the actor."""
    if actor.role == "county_officer" and county not in (None, "", actor.county_code):
        return Problem(number, "county_code", str(county), f"只能导入本县(区)({actor.county_code})的数据",
                       f"you may import only your own county's ({actor.county_code}) rows")
    return None


def _prepare_platform(actor: Actor, number: int, facts: dict, found) -> tuple:
    if actor.role == "county_officer" and not facts.get("county_code"):
        facts["county_code"] = actor.county_code
    problem = _county_problem(actor, number, facts.get("county_code")) or (
        found and _county_problem(actor, number, found["county"]))
    return problem, facts


def _prepare_person(actor: Actor, number: int, facts: dict, found) -> tuple:
    facts.pop("id", None)
    if "monthly_income" in facts:
        text = facts.pop("monthly_income")
        try:
            facts["monthly_income_fen"] = fen_from_yuan(text) if str(text).strip() else 0
        except ValueError:
            return Problem(number, "monthly_income", str(text), f"月收入“{text}”不是精确到分的金额",
                           f"monthly income {text!r} is not an amount to the fen"), facts
    if found is not None and facts.get("platform_code") not in (None, "", found["facts"]["platform_code"]):
        return Problem(number, "platform_code", str(facts["platform_code"]), "调动平台请在人员名册中办理",
                       "move a person to another platform on the people screen"), facts
    if found is not None:
        facts.pop("platform_code", None)
    return (found and _county_problem(actor, number, found["county"])), facts


def _prepare_review(actor: Actor, number: int, facts: dict, found) -> tuple:
    facts.pop("name", None)
    return (found and _county_problem(actor, number, found["county"])), facts


def _prepare_funding(actor: Actor, number: int, facts: dict, found) -> tuple:
    facts.pop("id", None)
    if isinstance(facts.get("purpose_platforms"), str):
        facts["purpose_platforms"] = [c for c in facts["purpose_platforms"].replace(",", "、").replace(",", "、")
                                      .split("、") if c.strip()]
    county = facts.pop("county_code", None) or None
    problem = _county_problem(actor, number, county) or (found and _county_problem(actor, number, found["county"]))
    if found is None:
        facts["_county"] = actor.county_code if actor.role == "county_officer" else county
        for typed in fund.AMOUNT_NAMES:  # a new line's blank amount is nothing yet (0), as the ledger form saves it
            facts.setdefault(typed, "")
    elif county not in (None, found["county"]):
        problem = problem or Problem(number, "county_code", str(county), "台账的县(区)不能修改",
                                     "a line's county cannot change")
    return problem, facts


PREPARE = {"platforms": _prepare_platform, "people": _prepare_person, "reviews": _prepare_review,
           "funding": _prepare_funding}


# --- applying: the store's bulk writes, which store each row as a form's save does -------------------------

def _apply_platforms(session: Session, actor: Actor, plans: list[Plan], progress, *, checked: bool) -> list[Problem]:
    """A platforms file written at once: unless the dry run's check still stands (`checked`: nothing written since),
    the whole-file check again, now, inside the writing transaction, every version compared; then the changed
    rows (each version compared again as it is locked) and the new ones — the rows and audit rows a form's save
    would write, without a round trip per row."""
    problems = [] if checked else _check_platforms(session, actor, plans) + _stale_platforms(session, plans)
    if problems:
        return problems
    adds = [p for p in plans if p.action == "add"]
    adds.sort(key=lambda p: p.facts.get("level") in CHILD_LEVELS)  # centres before the stations that name them
    edits = [p for p in plans if p.action == "update"]
    total = len(edits) + len(adds)
    try:
        for chunk in chunks(edits, total, progress, start=0):
            platform_store.update_checked_platforms(session=session, actor=actor, edits={
                p.key[0]: ({k: v for k, v in p.facts.items() if k != "code"}, p.version) for p in chunk})
        for chunk in chunks(adds, total, progress, start=len(edits)):
            platform_store.add_checked_platforms(session=session, actor=actor,
                                                 rows=[{**platform_store.model_defaults(), **p.facts} for p in chunk])
    except PermissionDenied as denied:  # the whole-file check has the row; this is the store's last word
        return [Problem(0, "county_code", "", denied.decision.reason_zh, denied.decision.reason_en)]
    return []


def _stale_platforms(session: Session, plans: list[Plan]) -> list[Problem]:
    """Rows to update that someone saved, or removed, after the dry run read them."""
    wanted = {p.key[0]: p for p in plans if p.action == "update"}
    if not wanted:
        return []
    now = dict(session.exec(select(Platform.code, Platform.version).where(Platform.code.in_(list(wanted)))).all())
    problems = []
    for code, plan in wanted.items():
        if code not in now:
            problems.append(Problem(plan.row, "code", code, "该记录已不存在", "the record no longer exists"))
        elif now[code] != plan.version:
            problems.append(Problem(plan.row, "version", str(now[code]), "试算之后他人修改了这一行,请重新试算",
                                    "someone changed this row after the dry run: run it again"))
    return problems


def _check_platforms(session: Session, actor: Actor, plans: list[Plan]) -> list[Problem]:
    """validate_platform and authorize for every row, against the store as it will be once the whole file is in
    (a station may name a centre added further down the file). The commit checks each row again as it writes."""
    stored = {p.code: platform_store.facts_of(p) for p in platform_store.list_platforms(session)}
    counties = {c.code for c in platform_store.list_counties(session)}
    work = [p for p in plans if p.action != "unchanged"]
    after = {p.key[0]: platform_store.normalised({**(stored.get(p.key[0]) or platform_store.model_defaults()),
                                                  **p.facts}) for p in work}
    state = {**stored, **after}
    children: dict[str, set] = {}
    for facts in state.values():
        if facts.get("parent_code"):
            children.setdefault(facts["parent_code"], set()).add(facts.get("county_code"))
    problems = []
    for plan in work:
        facts = after[plan.key[0]]
        for county in {facts.get("county_code"), (stored.get(plan.key[0]) or {}).get("county_code")} - {None}:
            decision = authorize(actor, "edit", county)
            if not decision:
                problems.append(Problem(plan.row, "county_code", str(county), decision.reason_zh, decision.reason_en))
        parent = state.get(facts.get("parent_code") or "")
        info = ParentInfo(parent.get("code"), parent.get("level"), parent.get("county_code")) if parent else None
        errors = validate_platform(facts, code_taken=False, parent=info, known_counties=counties,
                                   children_counties=children.get(plan.key[0], set()) if plan.action == "update" else set(),
                                   new=plan.action == "add")
        problems += [Problem(plan.row, e.field, cell_text(facts, e.field), e.reason_zh, e.reason_en) for e in errors]
    return problems


# --- export in the template's own columns (so export -> import is a no-op) ------------------------------
# Stored values as they are (codes, lists, dates, bools, amounts as Decimal yuan): logic.import_template words
# them as a person fills the template.

def export_frame(engine, actor: Actor, kind: str, county_code: str | None = None) -> pd.DataFrame:
    """The stored rows of `kind` in the template's columns; a county officer gets their own county only."""
    county = actor.county_code if actor.role == "county_officer" else county_code
    with read_session(engine) as session:
        rows = EXPORT[kind](session, county)
    return pd.DataFrame(rows, columns=[c.key for c in KINDS[kind].columns])


def _export_platforms(session, county) -> list[dict]:
    return [platform_store.facts_of(p) for p in platform_store.list_platforms(session, county)]


def _export_people(session, county) -> list[dict]:
    out = []
    for p in people_store.list_people(session, county_code=county):
        row = {k: getattr(p, k) for k in people_store.EDITABLE if k != "monthly_income_fen"}
        out.append({**row, "id": p.id, "platform_code": p.platform_code,
                    "monthly_income": fund.yuan(p.monthly_income_fen)})  # yuan, exact: a number cell
    return out


def _export_reviews(session, county) -> list[dict]:
    query = select(people_store.Review, people_store.Person.name).join(
        people_store.Person, people_store.Person.id == people_store.Review.person_id)
    if county:
        query = query.where(people_store.Person.county_code == county)
    rows = session.exec(query.order_by(people_store.Review.person_id, people_store.Review.year))
    return [{"person_id": r.person_id, "name": name, "year": r.year, "grade": r.grade} for r, name in rows]


def _export_funding(session, county) -> list[dict]:
    out = []
    for line in funding_store.list_lines(session, county_code=county):
        row = {k: getattr(line, k) for k in funding_store.EDITABLE if not k.endswith("_fen")}
        row.update({typed: fund.yuan(getattr(line, stored)) for typed, (stored, _, _) in fund.AMOUNT_NAMES.items()})
        row["purpose_platforms"] = "、".join(line.purpose_platforms or [])
        out.append({**row, "id": line.id, "county_code": line.county_code})
    return out


EXPORT = {"platforms": _export_platforms, "people": _export_people, "reviews": _export_reviews,
          "funding": _export_funding}
