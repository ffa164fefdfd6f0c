"""No last save wins. For every editable record, two people open it at the same version; the
first saves; the second's save is refused with StaleEdit naming the first, when, and what they changed — and the
first's value is what the store keeps. A record two people both saw absent is created once; the second is stale.

Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import func, select

from logic.assessment_inputs import default_scheme, spec_of
from logic.authz import SYSTEM, Actor
from logic.errors import StaleEdit
from logic.standard import Standard
from models import assessment, funding, importer, pay, people, platforms, settings, standards, users
from models.db import read_session, write_session
from models.locking import NEW, version_of
from models.tables import AuditLog, StandardVersion
from tests.models.write_matrix_cases import TODAY, A, seed

FIRST, SECOND = Actor("admin_zhang", "city_admin"), Actor("admin_wang", "city_admin")


@dataclass(frozen=True)
class Record:
    name: str
    version: Callable  # (session, ids) -> the version an editor opens
    save: Callable  # (session, actor, ids, expected_version, value)
    value: Callable  # (session, ids) -> what is stored
    values: tuple  # what the first and the second editor type
    field: str  # the field the refusal reports as changed (None: reported by the version alone)


def _review(s, ids):
    return s.exec(select(people.Review).where(people.Review.person_id == ids["person"],
                                              people.Review.year == 2025)).one()


def _draft(s, ids) -> StandardVersion:
    return s.get(StandardVersion, ids["draft"])


def _score(s):
    return s.exec(select(assessment.PerformanceScore).where(assessment.PerformanceScore.county_code == A,
                                                            assessment.PerformanceScore.year == 2025)).one()


RECORDS = [
    Record("review grade", lambda s, ids: _review(s, ids).version,
           lambda s, a, ids, v, x: people.correct_review(session=s, actor=a, person_id=ids["person"], year=2025,
                                                         grade=x, expected_version=v),
           lambda s, ids: _review(s, ids).grade, ("excellent", "basic"), "grade"),
    Record("pay record", lambda s, ids: s.exec(select(pay.PayRecord)).one().version,
           lambda s, a, ids, v, x: pay.set_pay(session=s, actor=a, person_id=ids["person"], year=2025, amount=x,
                                               expected_version=v, today=TODAY),
           lambda s, ids: s.exec(select(pay.PayRecord)).one().monthly_pay_fen, ("3100", "3200"), "monthly_pay_fen"),
    Record("pay benchmark", lambda s, ids: s.get(settings.PayBenchmark, 2025).version,
           lambda s, a, ids, v, x: settings.set_benchmark(session=s, actor=a, year=2025, amount=x,
                                                          expected_version=v, today=TODAY),
           lambda s, ids: s.get(settings.PayBenchmark, 2025).monthly_fen, ("2100", "2200"), "monthly_fen"),
    Record("pay-balance tolerance", lambda s, ids: s.get(settings.Setting, settings.TOLERANCE_KEY).version,
           lambda s, a, ids, v, x: settings.set_tolerance(session=s, actor=a, value=x, expected_version=v),
           lambda s, ids: s.get(settings.Setting, settings.TOLERANCE_KEY).value, ("1.3", "1.5"), "value"),
    Record("pay-balance scope", lambda s, ids: s.get(settings.Setting, settings.SCOPE_KEY).version,
           lambda s, a, ids, v, x: settings.set_balance_scope(session=s, actor=a, scope=x, expected_version=v),
           lambda s, ids: s.get(settings.Setting, settings.SCOPE_KEY).value, ("with_stations", "centre"), "value"),
    Record("performance score", lambda s, ids: _score(s).version,
           lambda s, a, ids, v, x: assessment.set_performance(session=s, actor=a, county_code=A, year=2025, score=x,
                                                              expected_version=v),
           lambda s, ids: _score(s).score_tenths, ("90", "70"), "score_tenths"),
    Record("national pilot", lambda s, ids: s.get(assessment.NationalPilot, A).version,
           lambda s, a, ids, v, x: assessment.set_pilot(session=s, actor=a, county_code=A, year_won=x,
                                                        expected_version=v),
           lambda s, ids: s.get(assessment.NationalPilot, A).year_won, (2016, 2017), "year_won"),
    Record("standard draft contents", lambda s, ids: _draft(s, ids).row_version,
           lambda s, a, ids, v, x: standards.save_version(
               session=s, actor=a, version_id=ids["draft"], expected_version=v,
               standard=Standard.from_dict(_draft(s, ids).content).with_version(0, x)),
           lambda s, ids: _draft(s, ids).name, ("宜宾调整版甲", "宜宾调整版乙"), "name"),
    Record("standard in force from", lambda s, ids: _draft(s, ids).row_version,
           lambda s, a, ids, v, x: standards.put_in_force(session=s, actor=a, version_id=ids["draft"], year=x,
                                                          expected_version=v),
           lambda s, ids: _draft(s, ids).in_force_from_year, (2030, 2031), "in_force_from_year"),
    Record("assessment scheme", lambda s, ids: assessment.latest_scheme_version(s, 2026),
           lambda s, a, ids, v, x: assessment.save_scheme(
               session=s, actor=a, year=2026, expected_version=v,
               spec={**spec_of(default_scheme(2026)), "coverage_threshold": x}),
           lambda s, ids: assessment.scheme_for(s, 2026).scheme.coverage_threshold, (0.9, 0.8), "version"),
    Record("funding line", lambda s, ids: s.get(funding.FundingLine, ids["line"]).version,
           lambda s, a, ids, v, x: funding.update_line(session=s, actor=a, line_id=ids["line"], facts={"spent": x},
                                                       expected_version=v, today=TODAY),
           lambda s, ids: s.get(funding.FundingLine, ids["line"]).spent_fen, ("200", "300"), "spent_fen"),
    Record("person", lambda s, ids: s.get(people.Person, ids["person"]).version,
           lambda s, a, ids, v, x: people.update_person(session=s, actor=a, person_id=ids["person"],
                                                        facts={"post": x}, expected_version=v, today=TODAY),
           lambda s, ids: s.get(people.Person, ids["person"]).post, ("经办员", "协管员"), None),
    Record("platform", lambda s, ids: platforms.get_platform(s, "511502-S1").version,
           lambda s, a, ids, v, x: platforms.update_platform(
               session=s, actor=a, code="511502-S1", expected_version=v,
               facts={**platforms.facts_of(platforms.get_platform(s, "511502-S1")), "name": x}),
           lambda s, ids: platforms.get_platform(s, "511502-S1").name, ("白沙湾街道", "合江门街道"), "name"),
    Record("user", lambda s, ids: users.get_user(s, "officer_a").version,
           lambda s, a, ids, v, x: users.update_user(session=s, actor=a, username="officer_a", display_name=x,
                                                     role="county_officer", county_code=A, active=True,
                                                     expected_version=v),
           lambda s, ids: users.get_user(s, "officer_a").display_name, ("甲县经办一", "甲县经办二"), "display_name"),
]


@pytest.fixture
def seeded(store):
    with write_session(store, SYSTEM) as s:
        ids = seed(s)
    return store, ids


def _opened(engine, record, ids):
    with read_session(engine) as s:
        return record.version(s, ids)


def _audit_rows(engine) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog)).one()


@pytest.mark.parametrize("record", RECORDS, ids=[r.name for r in RECORDS])
def test_two_editors_open_the_same_version_the_second_save_is_refused_naming_the_first(seeded, record):
    engine, ids = seeded
    first_opened, second_opened = _opened(engine, record, ids), _opened(engine, record, ids)
    assert first_opened == second_opened
    with write_session(engine, FIRST) as s:
        record.save(s, FIRST, ids, first_opened, record.values[0])
    with read_session(engine) as s:
        kept = record.value(s, ids)
    trail = _audit_rows(engine)
    with pytest.raises(StaleEdit) as refused, write_session(engine, SECOND) as s:
        record.save(s, SECOND, ids, second_opened, record.values[1])
    assert refused.value.by == FIRST.username and refused.value.at is not None
    assert refused.value.current_version != second_opened
    if record.field:
        assert record.field in refused.value.changes
    with read_session(engine) as s:
        assert record.value(s, ids) == kept  # no lost update
    assert _audit_rows(engine) == trail  # and nothing of the refused save reached the trail
    with write_session(engine, SECOND) as s:  # opened again at the version now, the save goes through
        record.save(s, SECOND, ids, record.version(s, ids), record.values[1])
    with read_session(engine) as s:
        assert record.value(s, ids) != kept


def test_a_stale_refusal_says_what_the_other_person_changed_from_and_to(seeded):
    engine, ids = seeded
    with read_session(engine) as s:
        opened = _review(s, ids).version
    with write_session(engine, FIRST) as s:
        people.correct_review(session=s, actor=FIRST, person_id=ids["person"], year=2025, grade="excellent",
                              expected_version=opened)
    with pytest.raises(StaleEdit) as refused, write_session(engine, SECOND) as s:
        people.correct_review(session=s, actor=SECOND, person_id=ids["person"], year=2025, grade="basic",
                              expected_version=opened)
    assert refused.value.changes == {"grade": ("competent", "excellent")}


# Records an editor can see absent and create: (name, create(session, actor, expected_version, value), read)
FIRST_ENTRIES = [
    ("pay record", lambda s, a, ids, v, x: pay.set_pay(session=s, actor=a, person_id=ids["person"], year=2026,
                                                       amount=x, expected_version=v, today=TODAY),
     lambda s, ids: s.exec(select(pay.PayRecord.monthly_pay_fen).where(pay.PayRecord.year == 2026)).one()),
    ("pay benchmark", lambda s, a, ids, v, x: settings.set_benchmark(session=s, actor=a, year=2026, amount=x,
                                                                     expected_version=v, today=TODAY),
     lambda s, ids: s.get(settings.PayBenchmark, 2026).monthly_fen),
    ("performance score", lambda s, a, ids, v, x: assessment.set_performance(
        session=s, actor=a, county_code=A, year=2026, score=x[:2], expected_version=v),
     lambda s, ids: assessment.performance_scores(s, 2026)[A]),
    ("national pilot", lambda s, a, ids, v, x: assessment.set_pilot(session=s, actor=a, county_code="511503",
                                                                    year_won=int(x), expected_version=v),
     lambda s, ids: s.get(assessment.NationalPilot, "511503").year_won),
    ("assessment scheme of a new year", lambda s, a, ids, v, x: assessment.save_scheme(
        session=s, actor=a, year=2027, expected_version=v,
        spec={**spec_of(default_scheme(2027)), "coverage_threshold": int(x) / 10_000}),
     lambda s, ids: assessment.scheme_for(s, 2027).scheme.coverage_threshold),
]


@pytest.mark.parametrize(("create", "read"), [(c, r) for _, c, r in FIRST_ENTRIES], ids=[n for n, _, _ in FIRST_ENTRIES])
def test_two_editors_who_saw_a_record_absent_create_it_once(seeded, create, read):
    engine, ids = seeded
    with write_session(engine, FIRST) as s:
        create(s, FIRST, ids, NEW, "2018")
    with read_session(engine) as s:
        kept = read(s, ids)
    with pytest.raises(StaleEdit) as refused, write_session(engine, SECOND) as s:
        create(s, SECOND, ids, NEW, "2019")
    assert refused.value.by == FIRST.username
    with read_session(engine) as s:
        assert read(s, ids) == kept


def test_a_version_is_required_never_assumed(seeded):
    engine, ids = seeded
    with pytest.raises(TypeError), write_session(engine, FIRST) as s:
        people.correct_review(session=s, actor=FIRST, person_id=ids["person"], year=2025, grade="basic",
                              expected_version=None)


def test_a_reviews_import_refuses_a_row_corrected_after_its_dry_run(seeded):
    """The dry run records the version of each review it saw; a correction saved meanwhile is not overwritten:
    the import is refused naming the row and who changed it."""
    engine, ids = seeded
    csv = f"人员编号,考核年度,考核等次\n{ids['person']},2025,优秀\n".encode()
    officer = Actor("officer_a", "county_officer", A)
    dry = importer.dry_run(engine, officer, "reviews", csv, "reviews.csv", today=TODAY)
    assert not dry.problems and dry.counts["update"] == 1, dry.problems
    with read_session(engine) as s:
        opened = _review(s, ids).version
    with write_session(engine, FIRST) as s:  # an administrator corrects the grade by hand meanwhile
        people.correct_review(session=s, actor=FIRST, person_id=ids["person"], year=2025, grade="basic",
                              expected_version=opened)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.commit(engine, officer, dry, today=TODAY)
    (problem,) = refused.value.problems
    assert problem.row == dry.plans[0].row and FIRST.username in problem.reason_zh
    with read_session(engine) as s:
        assert _review(s, ids).grade == "basic"


def test_version_of_an_absent_record_is_new():
    assert version_of(None) is NEW and repr(NEW) == "NEW"
    assert date(2026, 1, 1) != NEW  # NEW equals nothing but itself


def test_editors_creating_the_same_record_at_once_make_it_once_and_the_rest_are_stale(threaded_store):
    """Eight administrators enter the year's benchmark at the same moment, each having seen none: one entry,
    seven refusals naming who made it, never a database error (the unique key is met inside a savepoint)."""
    import threading
    barrier, outcomes = threading.Barrier(8), []

    def enter(i):
        actor = Actor(f"admin{i}", "city_admin")
        barrier.wait(timeout=10)
        try:
            with write_session(threaded_store, actor) as s:
                settings.set_benchmark(session=s, actor=actor, year=2026, amount=str(2000 + i),
                                       expected_version=NEW, today=TODAY)
            outcomes.append(("saved", actor.username))
        except StaleEdit as refused:
            outcomes.append(("stale", refused.by))
        except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
            outcomes.append(("error", repr(error)))

    threads = [threading.Thread(target=enter, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    saved = [who for kind, who in outcomes if kind == "saved"]
    assert len(saved) == 1 and sorted(kind for kind, _ in outcomes) == ["saved"] + ["stale"] * 7, outcomes
    assert {who for kind, who in outcomes if kind == "stale"} == set(saved)
    with read_session(threaded_store) as s:
        assert settings.benchmarks(s) == {2026: 200_000 + 100 * int(saved[0].removeprefix("admin"))}
