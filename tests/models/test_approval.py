"""Year-end approval (R-ASSESS-2): a county submits its year, the city approves (locking it) or returns it with a
reason, and may reopen it with a reason. Every step is audited; a locked county-year refuses every kind of write to
that year's records, with 0 rows changed. SQLite and PostgreSQL (the `store` fixture)."""
from datetime import date

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.errors import NotFound, StaleEdit, ValidationFailed
from models import approval, assessment, funding, pay, people
from models.db import read_session, write_session
from models.locking import NEW
from models.tables import AuditLog, Platform

TODAY = date(2026, 6, 15)
YEAR = 2025
CUIPING, NANXI = "511502", "511503"
OFFICER = Actor("cuiping", "county_officer", CUIPING)
OTHER_OFFICER = Actor("nanxi", "county_officer", NANXI)
ADMIN = Actor("admin", "city_admin")
VIEWER = Actor("viewer", "viewer")
TABLES = (funding.FundingLine, pay.PayRecord, people.Review, people.Training, assessment.PerformanceScore)


@pytest.fixture
def engine(store):
    """A street of Cuiping with one off-establishment person, a funding line and a review of YEAR."""
    with write_session(store, SYSTEM) as s:
        s.add(Platform(code="511502001000", name="白沙湾街道", level="street", county_code=CUIPING))
        s.add(Platform(code="511503001000", name="南溪街道", level="street", county_code=NANXI))
        s.flush()
        person = people.add_person(session=s, actor=SYSTEM, today=TODAY, facts=dict(
            platform_code="511502001000", name="王芳", post="协理员", source="assistant", establishment="off",
            employment="full_time", recruitment="open_selection", monthly_income_fen=300_000,
            joined_on=date(2019, 3, 1)))
        line = funding.add_line(session=s, actor=SYSTEM, county_code=CUIPING, today=TODAY, facts=dict(
            year=YEAR, category="work_funds", source="county_budget", budgeted="1000", platform_code="511502001000"))
        people.set_review(session=s, actor=SYSTEM, person_id=person.id, year=YEAR, grade="competent", today=TODAY)
        store.ids = {"person": person.id, "line": line.id}
    return store


def _step(engine, actor, step, county=CUIPING, reason="", year=YEAR):
    with read_session(engine) as s:
        seen = approval.version_of_year(approval.state_of(s, county, year))
    with write_session(engine, actor) as s:
        return approval.take_step(session=s, actor=actor, county_code=county, year=year, step=step,
                                  expected_version=seen, reason=reason, completeness={"platforms": 1})


def _state(engine, county=CUIPING, year=YEAR):
    with read_session(engine) as s:
        row = approval.state_of(s, county, year)
        return None if row is None else row.state


def _counts(engine) -> tuple:
    with read_session(engine) as s:
        rows = tuple(s.exec(select(func.count()).select_from(t)).one() for t in TABLES)
        return rows, s.exec(select(func.count()).select_from(AuditLog)).one()


def test_submit_return_resubmit_approve_is_the_year_s_path_and_every_step_is_audited(engine):
    _step(engine, OFFICER, "submit")
    assert _state(engine) == "submitted"
    _step(engine, ADMIN, "return", reason="缺少 2025 年度培训记录")
    assert _state(engine) == "returned"
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    assert _state(engine) == "approved"
    with read_session(engine) as s:
        trail = list(s.exec(select(AuditLog).where(AuditLog.entity == "countyyear").order_by(AuditLog.id)))
        row = approval.state_of(s, CUIPING, YEAR)
    assert [(a.actor, (a.before or {}).get("state"), a.after["state"]) for a in trail] == [
        ("cuiping", None, "submitted"), ("admin", "submitted", "returned"), ("cuiping", "returned", "submitted"),
        ("admin", "submitted", "approved")]
    assert trail[1].after["reason"] == "缺少 2025 年度培训记录"
    assert (row.submitted_by, row.decided_by, row.completeness) == ("cuiping", "admin", {"platforms": 1})


@pytest.mark.parametrize("actor, step, county", [
    (OFFICER, "approve", CUIPING), (OFFICER, "reopen", CUIPING), (OTHER_OFFICER, "submit", CUIPING),
    (VIEWER, "submit", CUIPING), (VIEWER, "approve", CUIPING)])
def test_only_the_county_submits_and_only_the_city_decides(engine, actor, step, county):
    if step != "submit":
        _step(engine, OFFICER, "submit")
    before = _counts(engine)
    with pytest.raises(PermissionDenied):
        _step(engine, actor, step, county=county, reason="原因")
    assert _counts(engine) == before


def test_returning_or_reopening_needs_a_reason_and_steps_follow_their_order(engine):
    with pytest.raises(ValidationFailed) as caught:
        _step(engine, ADMIN, "approve")  # nothing submitted yet
    assert caught.value.errors[0].field == "state" and "未报送" in caught.value.errors[0].reason_zh
    _step(engine, OFFICER, "submit")
    with pytest.raises(ValidationFailed) as caught:
        _step(engine, ADMIN, "return", reason="  ")
    assert caught.value.errors[0].field == "reason"
    with pytest.raises(ValidationFailed) as caught:
        _step(engine, ADMIN, "return", reason="长" * 201)
    assert "最多 200 字,现有 201 字" in caught.value.errors[0].reason_zh
    assert _state(engine) == "submitted"


def test_a_step_against_a_version_someone_moved_is_stale(engine):
    _step(engine, OFFICER, "submit")
    with write_session(engine, ADMIN) as s:
        approval.take_step(session=s, actor=ADMIN, county_code=CUIPING, year=YEAR, step="approve", expected_version=1)
    with pytest.raises(StaleEdit), write_session(engine, ADMIN) as s:
        approval.take_step(session=s, actor=ADMIN, county_code=CUIPING, year=YEAR, step="return", expected_version=1,
                           reason="迟了")
    assert _state(engine) == "approved"


def _writes(engine):
    """Every kind of write into Cuiping's YEAR records, each as its store function makes it."""
    ids = engine.ids
    line_facts = dict(year=YEAR, category="construction", source="county_budget", budgeted="50")
    return {
        "funding.add_line": lambda s: funding.add_line(session=s, actor=OFFICER, county_code=CUIPING, facts=line_facts,
                                                       today=TODAY),
        "funding.update_line": lambda s: funding.update_line(session=s, actor=OFFICER, line_id=ids["line"],
                                                             facts={"budgeted": "2000"}, expected_version=1,
                                                             today=TODAY),
        "funding.update_line out of the year": lambda s: funding.update_line(
            session=s, actor=OFFICER, line_id=ids["line"], facts={"year": 2024, "note": "年度更正"},
            expected_version=1, today=TODAY),
        "pay.set_pay": lambda s: pay.set_pay(session=s, actor=OFFICER, person_id=ids["person"], year=YEAR,
                                             amount="3000", expected_version=NEW, today=TODAY),
        "people.add_training": lambda s: people.add_training(session=s, actor=OFFICER, person_id=ids["person"],
                                                             trained_on=date(YEAR, 5, 1), hours="8", today=TODAY),
        "people.correct_review": lambda s: people.correct_review(session=s, actor=OFFICER, person_id=ids["person"],
                                                                 year=YEAR, grade="excellent", expected_version=1),
        "assessment.set_performance": lambda s: assessment.set_performance(
            session=s, actor=ADMIN, county_code=CUIPING, year=YEAR, score="88", expected_version=NEW),
    }


@pytest.mark.parametrize("write", ["funding.add_line", "funding.update_line", "funding.update_line out of the year",
                                   "pay.set_pay", "people.add_training", "people.correct_review",
                                   "assessment.set_performance"])
def test_an_approved_year_refuses_every_kind_of_write_and_changes_nothing(engine, write):
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    before = _counts(engine)
    with pytest.raises(ValidationFailed) as caught, write_session(engine, ADMIN) as s:
        _writes(engine)[write](s)
    assert "已审核锁定" in caught.value.errors[0].reason_zh and "翠屏区" in caught.value.errors[0].reason_zh
    assert _counts(engine) == before


def test_a_review_of_a_locked_year_is_refused_and_another_year_or_county_is_not(engine):
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    person = engine.ids["person"]
    with pytest.raises(ValidationFailed), write_session(engine, OFFICER) as s:
        people.set_review(session=s, actor=OFFICER, person_id=person, year=YEAR, grade="excellent", today=TODAY)
    with write_session(engine, OFFICER) as s:  # 2026 is open
        people.set_review(session=s, actor=OFFICER, person_id=person, year=2026, grade="excellent", today=TODAY)
    with write_session(engine, OTHER_OFFICER) as s:  # Nanxi's 2025 is open
        funding.add_line(session=s, actor=OTHER_OFFICER, county_code=NANXI, today=TODAY, facts=dict(
            year=YEAR, category="construction", source="county_budget", budgeted="50"))


def test_reopen_change_reapprove_works_and_is_audited(engine):
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    _step(engine, ADMIN, "reopen", reason="审计发现经费台账有误")
    assert _state(engine) == "open"
    with write_session(engine, OFFICER) as s:
        funding.update_line(session=s, actor=OFFICER, line_id=engine.ids["line"], facts={"budgeted": "2000"},
                            expected_version=1, today=TODAY)
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    with read_session(engine) as s:
        steps = [a.after["state"] for a in s.exec(select(AuditLog).where(AuditLog.entity == "countyyear")
                                                  .order_by(AuditLog.id))]
        reopened = s.exec(select(AuditLog).where(AuditLog.entity == "countyyear").order_by(AuditLog.id)).all()[2]
    assert steps == ["submitted", "approved", "open", "submitted", "approved"]
    assert (reopened.actor, reopened.after["reason"]) == ("admin", "审计发现经费台账有误")


def _csv(rows: list[list]) -> bytes:
    return "\r\n".join(",".join(map(str, r)) for r in rows).encode("utf-8-sig")


LOCKED_YEAR_FILES = [
    ("funding", [["id", "county_code", "year", "category", "source", "budgeted"],
                 ["", "", YEAR, "阵地建设经费", "县(区)财政预算", "50"]]),
    ("reviews", [["person_id", "name", "year", "grade"], ["{person}", "王芳", YEAR, "优秀"]]),
]


@pytest.mark.parametrize("kind, rows", LOCKED_YEAR_FILES)
def test_a_year_approved_between_the_dry_run_and_the_commit_refuses_the_commit(engine, kind, rows):
    """The commit trusts its dry run's check only while nothing has been written since; an approval in between
    changes no row of the file (no version to compare) but locks its year: the file is checked again and refused."""
    from models import importer
    rows = [[str(c).format(person=engine.ids["person"]) for c in row] for row in rows]
    dry = importer.dry_run(engine, OFFICER, kind, _csv(rows), f"{kind}.csv", today=TODAY)
    assert dry.problems == [] and dry.counts["add"] + dry.counts["update"] == 1
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    before = _counts(engine)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.commit(engine, OFFICER, dry, today=TODAY)
    assert any("已审核锁定" in p.reason_zh for p in refused.value.problems), refused.value.problems
    assert _counts(engine) == before


@pytest.mark.parametrize("kind, rows", LOCKED_YEAR_FILES)
def test_an_import_into_a_locked_year_is_refused_and_writes_nothing(engine, kind, rows):
    from models import importer
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    rows = [[str(c).format(person=engine.ids["person"]) for c in row] for row in rows]
    before = _counts(engine)
    dry = importer.dry_run(engine, OFFICER, kind, _csv(rows), f"{kind}.csv", today=TODAY)
    assert any("已审核锁定" in p.reason_zh for p in dry.problems), dry.problems
    with pytest.raises(importer.ImportRefused):
        importer.commit(engine, OFFICER, dry, today=TODAY)
    assert _counts(engine) == before


# --- confirming platforms for the year-end (a platform with nothing to change is confirmed, not re-saved) -------

def _confirmations(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        rows = s.exec(select(func.count()).select_from(approval.PlatformConfirmation)).one()
        return rows, s.exec(select(func.count()).select_from(AuditLog)).one()


def _platform_share(engine, year=YEAR):
    from logic.completeness import shares
    from models.completeness import year_facts
    with read_session(engine) as s:
        return next(x for x in shares(year_facts(s, CUIPING, year), year) if x.kind == "platforms")


def _confirm(engine, actor, codes, year=YEAR, county=CUIPING):
    with write_session(engine, actor) as s:
        return approval.confirm_platforms(session=s, actor=actor, county_code=county, year=year, codes=codes,
                                          today=TODAY)


def test_a_platform_confirmed_for_a_past_year_counts_in_that_year_s_completeness_once(engine):
    """Completeness (year-end): a platform not saved in YEAR (the fixture saved it in 2026) counts once its county
    confirms it for YEAR — after the year, as a year-end is done; audited; a second confirmation adds nothing."""
    assert _platform_share(engine).done == 0
    before = _confirmations(engine)
    assert _confirm(engine, OFFICER, ["511502001000"]) == 1
    assert _confirmations(engine) == (before[0] + 1, before[1] + 1)
    share = _platform_share(engine)
    assert (share.done, share.total, share.missing) == (1, 1, ())
    assert _platform_share(engine, YEAR - 1).done == 0  # another year is not confirmed by it
    assert _confirm(engine, OFFICER, ["511502001000"]) == 0 and _confirmations(engine) == (before[0] + 1, before[1] + 1)
    with read_session(engine) as s:
        trail = s.exec(select(AuditLog).where(AuditLog.entity == "platformconfirmation")).one()
    assert (trail.actor, trail.after["platform_code"], trail.after["year"]) == ("cuiping", "511502001000", YEAR)


@pytest.mark.parametrize("actor, county, codes, year, refused", [
    (OTHER_OFFICER, CUIPING, ["511502001000"], YEAR, PermissionDenied),  # another county's officer
    (OTHER_OFFICER, NANXI, ["511502001000"], YEAR, PermissionDenied),  # another county's platform, named as own
    (ADMIN, NANXI, ["511502001000"], YEAR, ValidationFailed),  # a platform confirmed under a county not its own
    (VIEWER, CUIPING, ["511502001000"], YEAR, PermissionDenied),
    (OFFICER, CUIPING, ["511502-NOPE"], YEAR, NotFound),  # no such platform
    (OFFICER, CUIPING, ["511502001000"], TODAY.year + 1, ValidationFailed),  # a year not begun
])
def test_a_confirmation_that_is_not_the_county_s_to_make_is_refused_and_writes_nothing(engine, actor, county, codes,
                                                                                       year, refused):
    before = _confirmations(engine)
    with pytest.raises(refused):
        _confirm(engine, actor, codes, year=year, county=county)
    assert _confirmations(engine) == before


def test_an_approved_year_takes_no_confirmation(engine):
    _step(engine, OFFICER, "submit")
    _step(engine, ADMIN, "approve")
    before = _confirmations(engine)
    with pytest.raises(ValidationFailed) as refused:
        _confirm(engine, OFFICER, ["511502001000"])
    assert "已审核锁定" in refused.value.errors[0].reason_zh
    assert _confirmations(engine) == before


def test_a_confirmation_leaves_every_kept_register_as_it_is():
    """A confirmation changes no platform's facts or verdict: a kept register is not read again because of it (the
    year-end's approval steps neither), where an unknown table would make it read the whole register again."""
    from models.judged_register import _platforms_touched
    after = {"platform_code": "511502001000", "county_code": CUIPING, "year": YEAR}
    assert _platforms_touched([("platformconfirmation", "1", None, after), ("countyyear", "1", None, {})]) == set()
    assert _platforms_touched([("somethingnew", "1", None, after)]) is None
