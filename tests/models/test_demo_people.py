"""The demo rosters (models.demo_people): reproducible, plausible, audited, and exercising every R-PERS list."""
from datetime import date

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM
from logic.people_flags import incompetent_run
from logic.staffing import required_staff
from logic.vectorised import evaluate_frame
from models.db import make_engine, read_session, write_session
from models.demo import seed_demo
from models.demo_people import seed_demo_people
from models.people import Person, Review, Training
from models.people_frames import flag_frames, gap_frame, people_frame, platforms_with_roster, reviews_frame
from models.platforms import platforms_frame
from models.seed import init_database
from models.standards import standard_in_force
from models.tables import AuditLog, Platform


def _demo_store(seed: int = 2014):
    """The demo register (models.demo) with its rosters, as the demo database gets them."""
    engine = make_engine("sqlite://")
    init_database(engine)
    with write_session(engine, SYSTEM) as s:
        seed_demo(s)
        seed_demo_people(s, seed=seed)
    return engine


@pytest.fixture(scope="module")
def demo(demo_store):
    """The demo as the app seeds it, shared with the other read-only tests."""
    return demo_store


def _snapshot(engine):
    with read_session(engine) as s:
        people = people_frame(s, include_left=True).drop(columns=["updated_at"])
        return people, reviews_frame(s)


class TestDemoPeople:
    """R-STAFF-4 and R-PERS-1..4 in the demo: each list has someone on it, for the same reasons on every run."""

    @pytest.mark.slow
    def test_the_same_seed_gives_the_same_rosters(self, demo):
        again = _demo_store()
        (p1, r1), (p2, r2) = _snapshot(demo), _snapshot(again)
        assert p1.equals(p2) and r1.equals(r2)
        again.dispose()

    def test_rosters_sit_near_the_requirement_with_shortages_and_surpluses(self, demo):
        with read_session(demo) as s:
            gap = gap_frame(s)
            platforms = len(s.exec(select(Platform.code)).all())
        roster = gap[gap["staff_from_roster"]]
        assert 0.8 * platforms < len(roster) < platforms  # a few keep their entered counts
        assert set(roster["status"]) == {"shortage", "balanced", "surplus"}
        assert 0.9 < roster["actual"].sum() / roster["required"].sum() < 1.3  # communities often have two

    def test_r_8_3_rosters_hold_the_entered_counts_so_the_dealt_verdicts_stand(self, demo):
        """R-8.3 judges staff by the roster once it has people: the demo's rosters must not move its verdicts."""
        with read_session(demo) as s:
            standard = standard_in_force(s)
            entered, rostered = platforms_frame(s), platforms_with_roster(s)
        assert evaluate_frame(entered, standard)["compliant"].equals(evaluate_frame(rostered, standard)["compliant"])
        kept = rostered[rostered["staff_from_roster"]].set_index("code")
        same = entered.set_index("code").loc[kept.index]
        assert (kept["staff_full_time"] == same["staff_full_time"]).all()
        assert (kept["staff_part_time"] == same["staff_part_time"]).all()

    def test_every_write_has_its_audit_row(self, demo):
        with read_session(demo) as s:
            for table in (Person, Training, Review):
                rows = s.exec(select(func.count()).select_from(table)).one()
                audited = s.exec(select(func.count()).where(AuditLog.entity == table.__tablename__)).one()
                assert rows == audited > 0

    def test_every_r_pers_list_has_people_on_it(self, demo):
        with read_session(demo) as s:
            flags = flag_frames(s, 2026)
        for name in ("commend", "dismiss_or_terminate", "not_certified", "no_training", "not_openly_selected"):
            assert len(flags[name]) > 0, name
        assert (flags["dismiss_or_terminate"]["last_year"] == 2026).sum() >= 6  # the planted runs

    @pytest.mark.parametrize("year", [2024, 2026])
    def test_the_lists_read_from_the_latest_grades_name_whom_every_grade_would(self, demo, year):
        """flag_frames loads each person's latest two grades up to the year, not all of them: the R-PERS-2/3
        lists are those that every grade, read person by person, gives."""
        with read_session(demo) as s:
            flags = flag_frames(s, year)
            on_staff = set(people_frame(s)["id"])
            reviews = reviews_frame(s)
        reviews = reviews[reviews["person_id"].isin(on_staff) & (reviews["year"] <= year)]
        grades = {p: dict(zip(g["year"], g["grade"], strict=True)) for p, g in reviews.groupby("person_id")}
        runs = {p: run for p, g in grades.items() if (run := incompetent_run(g))}
        listed = flags["dismiss_or_terminate"]
        assert dict(zip(listed["id"], zip(listed["first_year"], listed["last_year"], strict=True), strict=True)) == runs
        excellent = {p for p, g in grades.items() if g.get(year) == "excellent"}
        assert set(flags["commend"]["id"]) == excellent and excellent

    def test_broken_runs_are_planted_and_not_flagged(self, demo):
        with read_session(demo) as s:
            reviews = reviews_frame(s)
        grades = reviews.groupby("person_id").apply(lambda g: dict(zip(g["year"], g["grade"], strict=True)),
                                                    include_groups=False)
        i_c_i = [p for p, g in grades.items() if [g.get(y) for y in (2024, 2025, 2026)] ==
                 ["incompetent", "competent", "incompetent"]]
        gap_year = [p for p, g in grades.items() if g.get(2024) == "incompetent" and 2025 not in g
                    and g.get(2026) == "incompetent"]
        assert len(i_c_i) >= 5 and len(gap_year) >= 5
        assert not any(incompetent_run(grades[p]) for p in i_c_i + gap_year)

    def test_nothing_lies_after_the_current_year_or_outside_time_on_the_staff(self, demo):
        with read_session(demo) as s:
            people = {p.id: p for p in s.exec(select(Person))}
            trainings, reviews = s.exec(select(Training)).all(), s.exec(select(Review)).all()
        assert all(p.joined_on <= date(2026, 12, 31) and (p.certificate_date or p.joined_on) <= date(2026, 12, 31)
                   for p in people.values())
        for t in trainings:
            person = people[t.person_id]
            assert person.joined_on <= t.trained_on <= (person.left_on or date(2026, 12, 31)) and t.hours_tenths > 0
        for r in reviews:
            person = people[r.person_id]
            assert person.joined_on.year <= r.year <= (person.left_on or date(2026, 1, 1)).year
        off = [p.monthly_income_fen for p in people.values() if p.establishment == "off"]
        assert all(isinstance(v, int) for v in off) and min(off) < 200_000 <= sorted(off)[len(off) // 2] <= 400_000

    def test_centres_mostly_have_an_in_establishment_full_timer_and_villages_part_time_cadres(self, demo):
        with read_session(demo) as s:
            frame = people_frame(s).merge(
                gap_frame(s)[["code", "level"]], left_on="platform_code", right_on="code")
        villages = frame[frame["level"] == "village"]
        # Mostly part-time cadres; the register gives some villages a full-timer (an assistant on the roster).
        assert (villages["employment"] == "part_time").mean() > 0.6
        assert set(villages.loc[villages["employment"] == "full_time", "source"]) == {"assistant"}
        centres = frame[frame["level"].isin(["street", "township"])]
        assert (centres["establishment"] == "in").any() and (centres["source"] == "assistant").any()
        assert required_staff("village", 0).total == 1  # the sizes above are measured against this
