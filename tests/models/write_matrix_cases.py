"""One case per store write function: how to call it on a record of county A, and who may.

`level` is what authorises it (logic.authz): "edit" (the record's county), "administer" (city administrators
only) or "self" (the user themself, or an administrator). Every call reads the version it saves against from
the store in the same session, as a form does. tests/models/test_write_matrix.py runs every case as every role.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from logic.assessment_inputs import default_scheme, spec_of
from logic.authz import SYSTEM
from logic.standard import Standard
from models import approval, assessment, funding, importer, pay, people, platforms, settings, standards, users
from models.locking import NEW, version_of
from models.tables import StandardVersion

A, B = "511502", "511503"
TODAY = date(2026, 6, 30)
PASSWORD = "Yibin-2026-secure"
PERSON = dict(platform_code="511502-S1", name="王芳", post="协理员", source="assistant", establishment="off",
              employment="full_time", recruitment="open_selection", certificate_no="川人社协证2020001",
              certificate_date=date(2020, 5, 1), monthly_income_fen=300_000, joined_on=date(2019, 3, 1))
LINE = {"year": 2026, "platform_code": "511502-S1", "category": "work_funds", "source": "county_budget",
        "budgeted": "30000", "allocated": "30000", "spent": "100", "note": ""}


@dataclass(frozen=True)
class Case:
    name: str  # module.function
    level: str  # edit | administer | self
    call: Callable  # (session, actor, ids) -> anything; or (engine, actor, ids) when on_engine
    on_engine: bool = False  # the function opens its own transaction (importer.commit)


def seed(s: Session) -> dict:
    """County A's records every case acts on, written by the system; returns their keys."""
    for code, county in (("511502-S1", A), ("511502-S2", A), ("511503-S1", B)):
        platforms.create_platform(session=s, actor=SYSTEM, facts=dict(code=code, name=f"{code}街道", level="street",
                                                                      county_code=county))
    person = people.add_person(session=s, actor=SYSTEM, facts=dict(PERSON), today=TODAY)
    people.set_review(session=s, actor=SYSTEM, person_id=person.id, year=2025, grade="competent", today=TODAY)
    pay.set_pay(session=s, actor=SYSTEM, person_id=person.id, year=2025, amount="3000", expected_version=NEW,
                today=TODAY)
    line = funding.add_line(session=s, actor=SYSTEM, county_code=A, facts=dict(LINE), today=TODAY)
    users.create_user(session=s, actor=SYSTEM, username="officer_a", display_name="甲县经办", role="county_officer",
                      county_code=A, password=PASSWORD)
    draft = standards.copy_version(session=s, actor=SYSTEM, version_id=standards.list_standards(s)[0].id)
    assessment.set_pilot(session=s, actor=SYSTEM, county_code=A, year_won=2015, expected_version=NEW)
    assessment.set_performance(session=s, actor=SYSTEM, county_code=A, year=2025, score=80, expected_version=NEW)
    assessment.save_scheme(session=s, actor=SYSTEM, year=2026, spec=spec_of(default_scheme(2026)),
                           expected_version=NEW)
    settings.set_benchmark(session=s, actor=SYSTEM, year=2025, amount="2000", expected_version=NEW, today=TODAY)
    settings.set_tolerance(session=s, actor=SYSTEM, value="1.2", expected_version=NEW)
    settings.set_balance_scope(session=s, actor=SYSTEM, scope="centre", expected_version=NEW)
    return {"person": person.id, "line": line.id, "draft": draft.id}


def _person(s, ids):
    return s.get(people.Person, ids["person"])


def _review_version(s, ids):
    return s.exec(select(people.Review.version).where(people.Review.person_id == ids["person"],
                                                      people.Review.year == 2025)).one()


def _setting_version(s, key):
    return version_of(s.get(settings.Setting, key))


def _draft(s, ids) -> StandardVersion:
    return s.get(StandardVersion, ids["draft"])


def _commit_reviews(engine, actor, ids):
    """The reviews import after its dry run: the plan corrects county A's 2025 grade at the version seen."""
    from models.db import read_session
    with read_session(engine) as s:
        seen = _review_version(s, ids)
    plan = importer.Plan(row=2, action="update", key=(ids["person"], 2025), facts={"grade": "excellent"},
                         version=seen)
    return importer.commit(engine, actor, importer.DryRun("reviews", plans=[plan]), today=TODAY)


CASES = [
    # --- assessment (city administrators) ---
    Case("assessment.freeze", "administer",
         lambda s, a, ids: assessment.freeze(session=s, actor=a, year=2026, payload={"counties": []})),
    Case("assessment.save_scheme", "administer",
         lambda s, a, ids: assessment.save_scheme(session=s, actor=a, year=2026, spec=spec_of(default_scheme(2026)),
                                                  expected_version=assessment.latest_scheme_version(s, 2026))),
    Case("assessment.set_performance", "administer",
         lambda s, a, ids: assessment.set_performance(
             session=s, actor=a, county_code=A, year=2025, score=90,
             expected_version=assessment.entered_versioned(s, 2025)[1][("performance", A)])),
    Case("assessment.set_pilot", "administer",
         lambda s, a, ids: assessment.set_pilot(session=s, actor=a, county_code=A, year_won=2016,
                                                expected_version=assessment.pilot_versions(s)[A])),
    # --- funding (the county's own lines) ---
    Case("funding.add_line", "edit",
         lambda s, a, ids: funding.add_line(session=s, actor=a, county_code=A, facts=dict(LINE), today=TODAY)),
    Case("funding.update_line", "edit",
         lambda s, a, ids: funding.update_line(session=s, actor=a, line_id=ids["line"], facts={"spent": "200"},
                                               expected_version=s.get(funding.FundingLine, ids["line"]).version,
                                               today=TODAY)),
    Case("funding.add_checked_lines", "edit",
         lambda s, a, ids: funding.add_checked_lines(session=s, actor=a, rows=[
             (A, funding.new_line_facts(A, dict(LINE))[0])])),
    Case("funding.update_checked_lines", "edit",
         lambda s, a, ids: funding.update_checked_lines(session=s, actor=a, edits={
             ids["line"]: ({"spent": "200"}, s.get(funding.FundingLine, ids["line"]).version)})),
    Case("funding.save_lines", "edit",
         lambda s, a, ids: funding.save_lines(session=s, actor=a, county_code=A, added=[dict(LINE)], edited={},
                                              today=TODAY)),
    # --- the reviews import (each row needs edit on its county) ---
    Case("importer.commit", "edit", _commit_reviews, on_engine=True),
    # --- pay and the roster (the person's county) ---
    Case("pay.set_pay", "edit",
         lambda s, a, ids: pay.set_pay(session=s, actor=a, person_id=ids["person"], year=2025, amount="3100",
                                       expected_version=s.exec(select(pay.PayRecord.version)).one(), today=TODAY)),
    Case("people.add_person", "edit",
         lambda s, a, ids: people.add_person(session=s, actor=a, facts={**PERSON, "name": "李明"}, today=TODAY)),
    Case("people.update_person", "edit",
         lambda s, a, ids: people.update_person(session=s, actor=a, person_id=ids["person"], facts={"post": "经办员"},
                                                expected_version=_person(s, ids).version, today=TODAY)),
    Case("people.move_person", "edit",
         lambda s, a, ids: people.move_person(session=s, actor=a, person_id=ids["person"], to_platform_code="511502-S2",
                                              expected_version=_person(s, ids).version)),
    Case("people.leave_person", "edit",
         lambda s, a, ids: people.leave_person(session=s, actor=a, person_id=ids["person"], left_on=date(2026, 3, 1),
                                               reason="调离", expected_version=_person(s, ids).version, today=TODAY)),
    Case("people.add_training", "edit",
         lambda s, a, ids: people.add_training(session=s, actor=a, person_id=ids["person"],
                                               trained_on=date(2026, 3, 1), hours="8", today=TODAY)),
    Case("people.set_review", "edit",
         lambda s, a, ids: people.set_review(session=s, actor=a, person_id=ids["person"], year=2024,
                                             grade="competent", today=TODAY)),
    Case("people.correct_review", "edit",
         lambda s, a, ids: people.correct_review(session=s, actor=a, person_id=ids["person"], year=2025,
                                                 grade="excellent", expected_version=_review_version(s, ids))),
    Case("people.add_checked_people", "edit",
         lambda s, a, ids: people.add_checked_people(session=s, actor=a, rows=[
             (platforms.get_platform(s, "511502-S1"), {**PERSON, "name": "李明"})])),
    Case("people.update_checked_people", "edit",
         lambda s, a, ids: people.update_checked_people(session=s, actor=a, edits={
             ids["person"]: ({"post": "经办员"}, _person(s, ids).version)})),
    Case("people.add_checked_reviews", "edit",
         lambda s, a, ids: people.add_checked_reviews(session=s, actor=a, rows=[(_person(s, ids), 2024, "competent")])),
    Case("people.correct_checked_reviews", "edit",
         lambda s, a, ids: people.correct_checked_reviews(session=s, actor=a, edits={
             (ids["person"], 2025): ("excellent", _review_version(s, ids))})),
    # --- platforms (the county's own) ---
    Case("platforms.create_platform", "edit",
         lambda s, a, ids: platforms.create_platform(session=s, actor=a, facts=dict(
             code="511502-S9", name="新建街道", level="street", county_code=A))),
    Case("platforms.update_platform", "edit",
         lambda s, a, ids: platforms.update_platform(
             session=s, actor=a, code="511502-S1", facts={**platforms.facts_of(platforms.get_platform(s, "511502-S1")),
                                                     "name": "白沙湾街道"},
             expected_version=platforms.get_platform(s, "511502-S1").version)),
    Case("platforms.add_checked_platforms", "edit",
         lambda s, a, ids: platforms.add_checked_platforms(session=s, actor=a, rows=[dict(
             code="511502-S8", name="导入街道", level="street", county_code=A)])),
    Case("platforms.save_stations", "edit",
         lambda s, a, ids: platforms.save_stations(session=s, actor=a, edits={}, added=[dict(
             code="511502-C9", name="新建社区", level="community", county_code=A, parent_code="511502-S1")])),
    Case("platforms.update_checked_platforms", "edit",
         lambda s, a, ids: platforms.update_checked_platforms(session=s, actor=a, edits={
             "511502-S1": ({"name": "导入改名街道"}, platforms.get_platform(s, "511502-S1").version)})),
    # --- year-end approval: a county submits its own year ---
    Case("approval.take_step", "edit",
         lambda s, a, ids: approval.take_step(session=s, actor=a, county_code=A, year=2025, step="submit",
                                              expected_version=NEW)),
    Case("approval.confirm_platforms", "edit",
         lambda s, a, ids: approval.confirm_platforms(session=s, actor=a, county_code=A, year=2025,
                                                      codes=["511502-S1"], today=TODAY)),
    Case("approval.set_deadline", "administer",
         lambda s, a, ids: approval.set_deadline(session=s, actor=a, year=2025, day=date(2026, 1, 31),
                                                 expected_version=NEW)),
    # --- settings (city administrators) ---
    Case("settings.set_benchmark", "administer",
         lambda s, a, ids: settings.set_benchmark(session=s, actor=a, year=2025, amount="2100", today=TODAY,
                                                  expected_version=settings.benchmarks_versioned(s)[2025][1])),
    Case("settings.set_tolerance", "administer",
         lambda s, a, ids: settings.set_tolerance(session=s, actor=a, value="1.3",
                                                  expected_version=_setting_version(s, settings.TOLERANCE_KEY))),
    Case("settings.set_balance_scope", "administer",
         lambda s, a, ids: settings.set_balance_scope(session=s, actor=a, scope="with_stations",
                                                      expected_version=_setting_version(s, settings.SCOPE_KEY))),
    # --- standards (city administrators) ---
    Case("standards.copy_version", "administer",
         lambda s, a, ids: standards.copy_version(session=s, actor=a, version_id=ids["draft"], name="再调整")),
    Case("standards.save_version", "administer",
         lambda s, a, ids: standards.save_version(
             session=s, actor=a, version_id=ids["draft"], expected_version=_draft(s, ids).row_version,
             standard=Standard.from_dict(_draft(s, ids).content).with_version(0, "宜宾调整版"))),
    Case("standards.put_in_force", "administer",
         lambda s, a, ids: standards.put_in_force(session=s, actor=a, version_id=ids["draft"], year=2030,
                                                  expected_version=_draft(s, ids).row_version)),
    # --- users ---
    Case("users.create_user", "administer",
         lambda s, a, ids: users.create_user(session=s, actor=a, username="officer_new", display_name="新经办",
                                             role="county_officer", county_code=A, password=PASSWORD)),
    Case("users.update_user", "administer",
         lambda s, a, ids: users.update_user(session=s, actor=a, username="officer_a", display_name="甲县经办员",
                                             role="county_officer", county_code=A, active=True,
                                             expected_version=users.get_user(s, "officer_a").version)),
    Case("users.reset_password", "administer",
         lambda s, a, ids: users.reset_password(session=s, actor=a, username="officer_a", password=PASSWORD + "!",
                                                expected_version=users.get_user(s, "officer_a").version)),
    Case("users.end_sessions", "self",
         lambda s, a, ids: users.end_sessions(session=s, actor=a, username="officer_a")),
]

# Public functions of models/ that write but are no person's store write, and why.
NOT_A_PERSONS_WRITE = {
    "db.write_session": "the transaction itself: it records the actor that every write function then authorises",
    "locking.insert_new": "a step of the write functions above, after they have authorised",
    "locking.load_owned": "a step of the write functions above: it authorises the county itself (tested there)",
    "locking.load_for_edit": "a step of the write functions above: it authorises the county itself (tested there)",
    "locking.still_at": "a step of the write functions above: it authorises the county itself (tested there)",
    "settings.put_setting": "a step of set_tolerance, set_balance_scope and approval.set_deadline (cased above); it "
                            "requires the administer right itself as well",
    "importer.dry_run": "always rolled back: checks an import and writes nothing",
    "importer.export_frame": "reads only (scoped by the actor's county)",
    "import_bulk.check": "reads only: the import's whole-file check (each row's county right is one of its checks)",
    "import_bulk.apply": "a step of importer.commit (cased above), which requires the import right first",
    "audit_queries.audit_rows": "reads only; `actor` there is a filter on the trail",
    "audit_queries.audit_frame": "reads only; `actor` there is a filter on the trail",
    "seed.seed_reference": "reference rows at start-up (the system)",
    "seed.init_database": "schema and reference rows at start-up (the system)",
    "standards.seed_yibin_2014": "reference rows at start-up (the system)",
    "migrate.upgrade": "schema migrations at start-up",
    "create_admin.main": "the command line that makes the first administrator (shell access to the server)",
    "demo.seed_demo": "the demo store (the system)",
    "demo_funding.seed_demo_funding": "the demo store (the system)",
    "demo_people.seed_demo_people": "the demo store (the system)",
    "demo_setup.ensure_demo": "the demo store (the system)",
}
