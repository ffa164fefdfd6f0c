"""The people roster in the store (models.people): authorised, validated, audited, never deleted.

Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
from datetime import date

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.errors import StaleEdit, ValidationFailed
from logic.staffing_gap import apply_roster_counts
from logic.vectorised import evaluate_frame
from models.db import read_session, write_session
from models.people import (
    Person,
    Review,
    Training,
    add_person,
    add_training,
    correct_review,
    leave_person,
    list_people,
    move_person,
    roster_counts,
    set_review,
    update_person,
)
from models.people_frames import flag_frames, gap_frame, people_frame, platforms_with_roster
from models.platforms import platforms_frame
from models.tables import AuditLog, Platform

TODAY = date(2026, 6, 15)
CUIPING, NANXI = "511502", "511503"
OFFICER = Actor("cuiping", "county_officer", CUIPING)
OTHER_OFFICER = Actor("nanxi", "county_officer", NANXI)
ADMIN = Actor("admin", "city_admin")
VIEWER = Actor("viewer", "viewer")
COMPLETE = dict(sign_installed=True, sign_text="白沙湾街道就业和社会保障服务中心", area_m2=80,
                windows=["employment", "social_medical", "resident_insurance"], open_counter=True, info_area=True,
                office=True, equipment=["desks_chairs", "file_cabinets", "service_counter", "waiting_chairs",
                                        "computer", "printer", "copier_fax", "telephone", "display_board"],
                network_connected=True, work_funds_secured=True, rules_posted=True,
                services=["employment", "talent", "social_insurance", "ss_card", "labour_inspection",
                          "dispute_mediation", "contract_filing", "statistics"])


def _facts(platform="511502-S1", **over) -> dict:
    facts = dict(platform_code=platform, name="王芳", post="协理员", source="assistant", establishment="off",
                 employment="full_time", recruitment="open_selection", certificate_no="川人社协证2020001",
                 certificate_date=date(2020, 5, 1), monthly_income_fen=300_000, joined_on=date(2019, 3, 1))
    return {**facts, **over}


@pytest.fixture
def engine(store):
    """Two street centres in Cuiping (one complete but for staff), one in Nanxi."""
    with write_session(store, SYSTEM) as s:
        s.add(Platform(code="511502-S1", name="白沙湾街道", level="street", county_code=CUIPING,
                       service_population=25_000, **COMPLETE))
        s.add(Platform(code="511502-S2", name="合江门街道", level="street", county_code=CUIPING, staff_full_time=2))
        s.add(Platform(code="511503-S1", name="南溪街道", level="street", county_code=NANXI))
    return store


def _add(engine, actor=OFFICER, **over) -> int:
    with write_session(engine, actor) as s:
        return add_person(session=s, actor=actor, facts=_facts(**over), today=TODAY).id


def _count(engine, table) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def _audit(engine, entity: str) -> list[AuditLog]:
    with read_session(engine) as s:
        return list(s.exec(select(AuditLog).where(AuditLog.entity == entity).order_by(AuditLog.id)))


def _get(engine, pid: int) -> Person:
    with read_session(engine) as s:
        return s.get(Person, pid)


class TestRSTAFF4Roster:
    """R-STAFF-4 "各级平台所需人员应通过调剂编制内人员、招聘劳动保障协理员、公益性岗位人员、“三支一扶”人员等方式解决"."""

    def test_r_staff_4_a_person_round_trips_with_exact_money_and_an_audit_row(self, engine):
        pid = _add(engine)
        stored = _get(engine, pid)
        assert (stored.county_code, stored.monthly_income_fen, stored.joined_on) == (CUIPING, 300_000, date(2019, 3, 1))
        assert isinstance(stored.monthly_income_fen, int) and stored.version == 1 and stored.updated_by == "cuiping"
        [row] = _audit(engine, "person")
        assert (row.action, row.actor, row.county_code, row.entity_key) == ("create", "cuiping", CUIPING, str(pid))
        assert row.after["monthly_income_fen"] == 300_000 and row.after["joined_on"] == "2019-03-01"

    @pytest.mark.parametrize("actor", [OTHER_OFFICER, VIEWER, Actor("gone", "county_officer", CUIPING, active=False)])
    def test_only_the_platforms_own_county_or_the_city_changes_its_people(self, engine, actor):
        with pytest.raises(PermissionDenied):
            _add(engine, actor=actor)
        assert _get(engine, _add(engine, actor=ADMIN)).county_code == CUIPING  # from the platform row
        assert _count(engine, Person) == 1 and len(_audit(engine, "person")) == 1

    @pytest.mark.parametrize("over, field", [
        ({"monthly_income_fen": -100}, "monthly_income_fen"),
        ({"certificate_date": date(2026, 6, 16)}, "certificate_date"),
        ({"joined_on": date(2027, 1, 1)}, "joined_on"),
        ({"source": "volunteer"}, "source"),
        ({"platform": "NOPE"}, "platform_code"),
    ])
    def test_bad_input_names_its_field_and_writes_nothing(self, engine, over, field):
        with pytest.raises(ValidationFailed) as caught:
            _add(engine, **over)
        assert [e.field for e in caught.value.errors] == [field]
        assert _count(engine, Person) == 0 and _audit(engine, "person") == []

    def test_an_edit_saves_over_its_own_version_only(self, engine):
        pid = _add(engine)
        with write_session(engine, OFFICER) as s:
            update_person(session=s, actor=OFFICER, person_id=pid, facts={"monthly_income_fen": 320_000},
                          expected_version=1, today=TODAY)
        with pytest.raises(StaleEdit) as caught, write_session(engine, OFFICER) as s:
            update_person(session=s, actor=OFFICER, person_id=pid, facts={"post": "经办员"}, expected_version=1,
                          opened={"monthly_income_fen": 300_000}, today=TODAY)
        assert caught.value.changes == {"monthly_income_fen": (300_000, 320_000)} and caught.value.by == "cuiping"
        assert (_get(engine, pid).version, _get(engine, pid).post) == (2, "协理员")
        update = _audit(engine, "person")[-1]
        assert (update.action, update.before["monthly_income_fen"], update.after["monthly_income_fen"]) == (
            "update", 300_000, 320_000)

    def test_an_edit_with_bad_input_writes_nothing(self, engine):
        pid = _add(engine)
        with pytest.raises(ValidationFailed) as caught, write_session(engine, OFFICER) as s:
            update_person(session=s, actor=OFFICER, person_id=pid, facts={"monthly_income_fen": -1},
                          expected_version=1, today=TODAY)
        assert caught.value.errors[0].field == "monthly_income_fen"
        assert _get(engine, pid).monthly_income_fen == 300_000 and len(_audit(engine, "person")) == 1


class TestLeavingAndMoving:
    """People are never deleted: leaving keeps the row and its history ("建立收入增长机制,以保证骨干队伍的稳定" needs it).
    R-NET-2 "在安全认证体系下开展各项就业和社会保障业务经办工作": a move across counties needs edit rights on both."""

    def test_leaving_keeps_the_person_and_their_history(self, engine):
        pid = _add(engine)
        with write_session(engine, OFFICER) as s:
            add_training(session=s, actor=OFFICER, person_id=pid, trained_on=date(2025, 4, 1), hours="7.5",
                         today=TODAY)
            leave_person(session=s, actor=OFFICER, person_id=pid, left_on=date(2026, 3, 31), reason=" 辞职 ",
                         expected_version=1, today=TODAY)
        with read_session(engine) as s:
            assert list_people(s, county_code=CUIPING) == [] and roster_counts(s) == {"511502-S1": (0, 0)}
            [gone] = list_people(s, county_code=CUIPING, include_left=True)
            assert (gone.left_on, gone.leave_reason, gone.version) == (date(2026, 3, 31), "辞职", 2)
        assert _count(engine, Training) == 1
        assert [a.action for a in _audit(engine, "person")] == ["create", "update"]

    @pytest.mark.parametrize("left_on, reason, field", [
        (date(2019, 2, 28), "辞职", "left_on"),  # the day before joining
        (date(2026, 6, 16), "辞职", "left_on"),  # tomorrow
        (date(2025, 1, 1), "", "leave_reason"),
    ])
    def test_leaving_before_joining_in_the_future_or_without_a_reason_is_refused(self, engine, left_on, reason, field):
        pid = _add(engine)
        with pytest.raises(ValidationFailed) as caught, write_session(engine, OFFICER) as s:
            leave_person(session=s, actor=OFFICER, person_id=pid, left_on=left_on, reason=reason,
                         expected_version=1, today=TODAY)
        assert [e.field for e in caught.value.errors] == [field] and _get(engine, pid).left_on is None

    def test_a_move_within_the_county_is_the_officers_to_make(self, engine):
        pid = _add(engine)
        with write_session(engine, OFFICER) as s:
            move_person(session=s, actor=OFFICER, person_id=pid, to_platform_code="511502-S2", expected_version=1)
        moved = _audit(engine, "person")[-1]
        assert (moved.before["platform_code"], moved.after["platform_code"]) == ("511502-S1", "511502-S2")

    def test_a_move_across_counties_needs_edit_rights_on_both(self, engine):
        pid = _add(engine)
        for actor in (OFFICER, OTHER_OFFICER):  # each officer holds only one of the two counties
            with pytest.raises(PermissionDenied), write_session(engine, actor) as s:
                move_person(session=s, actor=actor, person_id=pid, to_platform_code="511503-S1", expected_version=1)
        assert _get(engine, pid).platform_code == "511502-S1"
        with write_session(engine, ADMIN) as s:
            move_person(session=s, actor=ADMIN, person_id=pid, to_platform_code="511503-S1", expected_version=1)
        assert (_get(engine, pid).county_code, _audit(engine, "person")[-1].county_code) == (NANXI, NANXI)
        with pytest.raises(PermissionDenied), write_session(engine, OFFICER) as s:  # no longer Cuiping's
            update_person(session=s, actor=OFFICER, person_id=pid, facts={"post": "x"}, expected_version=2)


class TestRPERSRecords:
    """R-PERS-2 "考核优秀的…予以表彰,对连续两年考核不称职的予以辞退或解除合同"; R-PERS-4 "持证上岗…定期开展技能培训"."""

    def test_r_pers_4_a_training_keeps_exact_tenths_and_is_audited(self, engine):
        pid = _add(engine)
        with write_session(engine, OFFICER) as s:
            add_training(session=s, actor=OFFICER, person_id=pid, trained_on=TODAY, hours="7.5", topic="金保系统",
                         today=TODAY)
        with read_session(engine) as s:
            assert s.exec(select(Training.hours_tenths)).one() == 75
        [row] = _audit(engine, "training")
        assert (row.action, row.actor, row.county_code) == ("create", "cuiping", CUIPING)

    @pytest.mark.parametrize("trained_on, hours, field", [
        (TODAY, 0, "hours"), (TODAY, "-1", "hours"), (date(2026, 6, 16), 8, "trained_on")])
    def test_r_pers_4_bad_training_writes_nothing(self, engine, trained_on, hours, field):
        pid = _add(engine)
        with pytest.raises(ValidationFailed) as caught, write_session(engine, OFFICER) as s:
            add_training(session=s, actor=OFFICER, person_id=pid, trained_on=trained_on, hours=hours, today=TODAY)
        assert [e.field for e in caught.value.errors] == [field] and _count(engine, Training) == 0

    def test_r_pers_2_one_grade_per_year_after_joining_and_a_correction_is_audited(self, engine):
        pid = _add(engine)
        with write_session(engine, OFFICER) as s:
            set_review(session=s, actor=OFFICER, person_id=pid, year=2025, grade="competent", today=TODAY)
        for year in (2025, 2018):  # twice for one year; before the year of joining
            with pytest.raises(ValidationFailed) as caught, write_session(engine, OFFICER) as s:
                set_review(session=s, actor=OFFICER, person_id=pid, year=year, grade="excellent", today=TODAY)
            assert [e.field for e in caught.value.errors] == ["year"]
        with write_session(engine, OFFICER) as s:
            correct_review(session=s, actor=OFFICER, person_id=pid, year=2025, grade="excellent", expected_version=1)
        assert _count(engine, Review) == 1
        assert [(a.action, (a.after or {}).get("grade")) for a in _audit(engine, "review")] == [
            ("create", "competent"), ("update", "excellent")]
        with pytest.raises(PermissionDenied), write_session(engine, OTHER_OFFICER) as s:
            set_review(session=s, actor=OTHER_OFFICER, person_id=pid, year=2026, grade="competent", today=TODAY)

    def test_r_pers_flags_come_from_the_store(self, engine):
        ids = [_add(engine, name=n, certificate_no=None, certificate_date=None) for n in ("甲", "乙")]
        with write_session(engine, OFFICER) as s:
            for year, grades in ((2025, ("incompetent", "excellent")), (2026, ("incompetent", "excellent"))):
                for pid, grade in zip(ids, grades, strict=True):
                    set_review(session=s, actor=OFFICER, person_id=pid, year=year, grade=grade, today=TODAY)
            add_training(session=s, actor=OFFICER, person_id=ids[1], trained_on=TODAY, hours=8, today=TODAY)
        with read_session(engine) as s:
            flags = flag_frames(s, 2026, CUIPING)
            assert flag_frames(s, 2026, NANXI)["not_certified"].empty
        assert flags["dismiss_or_terminate"][["name", "first_year", "last_year"]].values.tolist() == [["甲", 2025, 2026]]
        assert flags["commend"]["name"].tolist() == ["乙"] and flags["no_training"]["name"].tolist() == ["甲"]
        assert sorted(flags["not_certified"]["name"]) == ["乙", "甲"] and flags["not_openly_selected"].empty


class TestR83StaffFromRoster:
    """R-8.3 有工作人员 (R-STAFF-1/2): once a platform keeps a roster, its people are its staff counts."""

    def _staff_ok(self, engine) -> bool:
        with read_session(engine) as s:
            frame = platforms_with_roster(s, CUIPING).set_index("code")
        return bool(evaluate_frame(frame).loc["511502-S1", "ok_staff"])

    def test_r_8_3_entering_people_turns_the_staff_item_from_failing_to_passing(self, engine):
        with read_session(engine) as s:
            entered = platforms_frame(s, CUIPING)
        assert not evaluate_frame(entered).set_index(entered["code"]).loc["511502-S1", "ok_staff"]  # 25,000 need 3
        assert not self._staff_ok(engine)
        _add(engine, employment="full_time")
        _add(engine, employment="part_time", name="李强")
        assert not self._staff_ok(engine)  # 2 of the 3 needed
        _add(engine, employment="part_time", name="张敏")
        assert self._staff_ok(engine)
        with read_session(engine) as s:
            counts = roster_counts(s, CUIPING)
            gap = gap_frame(s, CUIPING).set_index("code")
            roster = people_frame(s, platform_code="511502-S1")
        assert counts == {"511502-S1": (1, 2)} and len(roster) == 3
        assert (gap.loc["511502-S1", "actual"], gap.loc["511502-S1", "status"]) == (3, "balanced")
        assert gap.loc["511502-S2", "full_time"] == 2 and not gap.loc["511502-S2", "staff_from_roster"]  # entered counts
        assert bool(evaluate_frame(apply_roster_counts(entered, counts)).set_index(entered["code"]).loc["511502-S1",
                                                                                                       "compliant"])


def test_today_s_roster_counts_follow_the_one_rule_for_who_is_on_the_staff(store):
    """models.people.roster_counts counts in the database exactly whom logic.people.on_staff_on counts today,
    per platform and employment, with (0, 0) for a platform whose people have all left."""
    from collections import Counter
    from datetime import date

    from sqlmodel import select

    from logic.people import on_staff_on
    from models.db import read_session
    from models.people import Person, roster_counts
    from tests.conftest import small_demo, store_with
    demo = store_with(store, small_demo)
    try:
        with read_session(demo) as session:
            people = list(session.exec(select(Person)))
            counted = roster_counts(session)
    finally:
        demo.dispose()
    expected = {p.platform_code: [0, 0] for p in people}
    tally = Counter((p.platform_code, p.employment) for p in people if on_staff_on(p.joined_on, p.left_on, date.today()))
    for (code, employment), n in tally.items():
        expected[code][0 if employment == "full_time" else 1] += n
    assert counted == {code: tuple(pair) for code, pair in expected.items()}
    assert any(p.left_on for p in people)  # leavers are there to be left out
