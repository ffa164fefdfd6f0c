"""R-STAFF-4 and R-PERS-1..4: the roster's checks and flag lists in logic.people, without a store."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from logic.people import (
    GRADES,
    PEOPLE_LABELS,
    SOURCES,
    commend,
    dismiss_or_terminate,
    fen_from_yuan,
    hours_tenths,
    no_training_in,
    not_certified,
    not_openly_selected,
    people_label,
    validate_leave,
    validate_person,
    validate_review,
    validate_training,
)
from logic.people_flags import incompetent_run

TODAY = date(2026, 6, 15)
I, C, B, E = "incompetent", "competent", "basic", "excellent"  # noqa: E741 -- the grades' initials, as the tables read


def _person(pid=1, **over) -> dict:
    facts = dict(id=pid, name="王芳", post="协理员", platform_code="P1", county_code="511502", source="assistant",
                 establishment="off", employment="full_time", recruitment="open_selection",
                 certificate_no="川人社协证2020001", certificate_date=date(2020, 5, 1),
                 monthly_income_fen=300_000, joined_on=date(2019, 3, 1))
    return {**facts, **over}


def _reviews(grades: dict[int, str], pid=1) -> list[dict]:
    return [{"person_id": pid, "year": y, "grade": g} for y, g in grades.items()]


def _rows(frame) -> list[dict]:
    """A flag list as records, one per flagged person (the rules return DataFrames)."""
    return frame.to_dict("records")


def _fields(errors) -> list[str]:
    assert all(e.reason_zh and e.reason_en for e in errors), "every message is in Chinese and English"
    return [e.field for e in errors]


class TestRPERS3DismissOrTerminate:
    """R-PERS-3 "对连续两年考核不称职的予以辞退或解除合同": the latest two consecutive years both 不称职."""

    @pytest.mark.parametrize("grades, year, run", [
        # two in a row, ending in the year asked about or in the latest graded year
        ({2025: I, 2026: I}, 2026, (2025, 2026)),
        ({2024: C, 2025: I, 2026: I}, 2026, (2025, 2026)),
        ({2024: I, 2025: I}, 2026, (2024, 2025)),  # no 2026 grade yet: still flagged
        ({2023: I, 2024: I, 2025: I, 2026: I}, 2026, (2025, 2026)),
        # the run is broken by another grade or by a missing year
        ({2024: I, 2025: C, 2026: I}, 2026, None),
        ({2024: I, 2025: B, 2026: I}, 2026, None),
        ({2024: I, 2026: I}, 2026, None),
        ({2022: I, 2023: I, 2024: C}, 2026, None),  # an older run, dealt with: only the latest counts
        # one year alone is not two
        ({2026: I}, 2026, None),
        ({2025: C, 2026: I}, 2026, None),
        ({}, 2026, None),
        # judged as of an earlier year, later grades are not yet known
        ({2024: I, 2025: I, 2026: C}, 2025, (2024, 2025)),
        ({2024: I, 2025: I, 2026: C}, 2026, None),
    ])
    def test_r_pers_3_flags_only_two_consecutive_incompetent_years(self, grades, year, run):
        rows = _rows(dismiss_or_terminate([_person()], _reviews(grades), year))
        if run is None:
            assert rows == []
        else:
            assert [(r["first_year"], r["last_year"]) for r in rows] == [run]
            assert rows[0]["name"] == "王芳" and rows[0]["grades"] == "不称职、不称职"

    def test_r_pers_3_incompetent_run_reads_the_latest_two_years(self):
        assert incompetent_run({2025: I, 2026: I}) == (2025, 2026)
        assert incompetent_run({2024: I, 2026: I}) is None

    def test_r_pers_3_each_person_is_judged_on_their_own_grades(self):
        people = [_person(1), _person(2, name="李强")]
        reviews = _reviews({2025: I, 2026: I}, 1) + _reviews({2025: I, 2026: C}, 2)
        assert [r["id"] for r in _rows(dismiss_or_terminate(people, reviews, 2026))] == [1]


class TestRPERS2Commend:
    """R-PERS-2 "对考核优秀的基层工作人员,予以表彰": everyone graded 优秀 this year."""

    @pytest.mark.parametrize("grades, listed", [
        ({2026: E}, True),
        ({2025: E, 2026: C}, False),  # last year's excellence is last year's list
        ({2026: C}, False),
        ({}, False),
    ])
    def test_r_pers_2_excellent_this_year_is_commended(self, grades, listed):
        rows = _rows(commend([_person()], _reviews(grades), 2026))
        assert bool(rows) is listed
        if listed:
            assert rows[0]["year"] == 2026 and rows[0]["grade"] == E


class TestRPERS4CertificateAndTraining:
    """R-PERS-4 "推行持证上岗制度,定期开展技能培训": no certificate, or no training in the year, is flagged."""

    @pytest.mark.parametrize("number, flagged", [("川人社协证2020001", False), (None, True), ("", True), ("  ", True)])
    def test_r_pers_4_missing_certificate_is_flagged(self, number, flagged):
        assert bool(_rows(not_certified([_person(certificate_no=number)]))) is flagged

    @pytest.mark.parametrize("dates, flagged, last", [
        ([date(2026, 1, 1)], False, None),  # the first day of the year counts
        ([date(2026, 12, 31)], False, None),
        ([date(2025, 12, 31)], True, date(2025, 12, 31)),  # the day before does not
        ([date(2023, 4, 1), date(2025, 6, 1)], True, date(2025, 6, 1)),  # shows the latest training
        ([], True, None),
    ])
    def test_r_pers_4_training_in_the_year_and_not_the_previous_one(self, dates, flagged, last):
        trainings = [{"person_id": 1, "trained_on": d, "hours_tenths": 80} for d in dates]
        rows = _rows(no_training_in([_person()], trainings, 2026))
        assert bool(rows) is flagged
        if flagged:
            assert rows[0]["last_trained_on"] == last


class TestRPERS1OpenSelection:
    """R-PERS-1 "协理员的聘用应实行公开选聘": an assistant recruited otherwise is listed; other sources are not."""

    @pytest.mark.parametrize("source, recruitment, listed", [
        ("assistant", "open_selection", False), ("assistant", "other", True), ("village_cadre", "other", False)])
    def test_r_pers_1_assistants_not_openly_selected(self, source, recruitment, listed):
        establishment = "in" if source == "reassigned" else "off"
        people = [_person(source=source, recruitment=recruitment, establishment=establishment)]
        assert bool(_rows(not_openly_selected(people))) is listed


class TestRSTAFF4PersonRecord:
    """R-STAFF-4 "通过调剂编制内人员、招聘劳动保障协理员、公益性岗位人员、“三支一扶”人员等方式解决": the record is checked."""

    def test_r_staff_4_a_complete_record_passes_and_every_code_has_both_labels(self):
        assert validate_person(_person(), today=TODAY) == []
        assert set(PEOPLE_LABELS["source"]) == set(SOURCES) and set(PEOPLE_LABELS["grade"]) == set(GRADES)
        assert people_label("source", "assistant") == "劳动保障协理员"
        assert people_label("grade", "basic", "en") == "Basically competent"

    @pytest.mark.parametrize("change, field", [
        ({"monthly_income_fen": -1}, "monthly_income_fen"),
        ({"monthly_income_fen": 2500.5}, "monthly_income_fen"),  # money is whole fen, never a float
        ({"certificate_date": date(2026, 6, 16)}, "certificate_date"),  # one day ahead of today
        ({"certificate_no": None}, "certificate_no"),  # a date without its number
        ({"joined_on": date(2026, 6, 16)}, "joined_on"),
        ({"joined_on": None}, "joined_on"),
        ({"name": "  "}, "name"),
        ({"source": "volunteer"}, "source"),
        ({"establishment": "maybe"}, "establishment"),
        ({"employment": "sometimes"}, "employment"),
        ({"recruitment": None}, "recruitment"),
        ({"source": "reassigned", "establishment": "off"}, "establishment"),
    ])
    def test_r_staff_4_bad_input_names_its_field(self, change, field):
        assert _fields(validate_person(_person(**change), today=TODAY)) == [field]

    @pytest.mark.parametrize("change", [{"monthly_income_fen": 0}, {"certificate_date": TODAY},
                                        {"certificate_no": None, "certificate_date": None}, {"joined_on": TODAY}])
    def test_r_staff_4_boundaries_that_pass(self, change):
        assert validate_person(_person(**change), today=TODAY) == []

    def test_r_staff_4_joining_after_a_graded_year_is_refused(self):
        errors = validate_person(_person(joined_on=date(2024, 1, 1)), today=TODAY, review_years={2023, 2025})
        assert _fields(errors) == ["joined_on"] and "2023" in errors[0].reason_en

    def test_r_staff_4_joining_after_leaving_is_refused(self):
        late = _person(joined_on=date(2025, 1, 1))
        assert _fields(validate_person(late, today=TODAY, left_on=date(2024, 12, 31))) == ["joined_on"]
        assert validate_person(late, today=TODAY, left_on=date(2025, 1, 1)) == []


class TestLeavingTrainingReview:
    """R-PERS-2/4: leaving, training and review entries, each refused with the field it concerns."""

    @pytest.mark.parametrize("left_on, reason, field", [
        (date(2019, 2, 28), "辞职", "left_on"),  # before joining
        (date(2026, 6, 16), "辞职", "left_on"),  # in the future
        (None, "辞职", "left_on"),
        (date(2025, 1, 1), " ", "leave_reason"),
    ])
    def test_leaving_bad_input_names_its_field(self, left_on, reason, field):
        reason = reason.strip()
        errors = validate_leave(joined_on=date(2019, 3, 1), left_on=left_on, reason=reason, already_left=None,
                                today=TODAY)
        assert _fields(errors) == [field]

    def test_leaving_on_the_day_of_joining_passes_and_leaving_twice_does_not(self):
        ok = validate_leave(joined_on=date(2019, 3, 1), left_on=date(2019, 3, 1), reason="辞职", already_left=None,
                            today=TODAY)
        twice = validate_leave(joined_on=date(2019, 3, 1), left_on=TODAY, reason="辞职",
                               already_left=date(2024, 1, 1), today=TODAY)
        assert ok == [] and _fields(twice) == ["left_on"]

    @pytest.mark.parametrize("facts, field", [
        ({"trained_on": TODAY, "hours": 0}, "hours"),
        ({"trained_on": TODAY, "hours": -2}, "hours"),
        ({"trained_on": TODAY, "hours": "7.25"}, "hours"),  # tenths are kept exactly: no second decimal
        ({"trained_on": TODAY, "hours": "lots"}, "hours"),
        ({"trained_on": date(2026, 6, 16), "hours": 8}, "trained_on"),
        ({"trained_on": None, "hours": 8}, "trained_on"),
    ])
    def test_r_pers_4_training_bad_input_names_its_field(self, facts, field):
        assert _fields(validate_training(facts, today=TODAY)) == [field]

    def test_r_pers_4_training_hours_are_exact_tenths(self):
        assert validate_training({"trained_on": TODAY, "hours": "0.1"}, today=TODAY) == []
        assert [hours_tenths(v) for v in (8, "7.5", Decimal("0.1"), 1.5)] == [80, 75, 1, 15]
        assert [fen_from_yuan(v) for v in ("2,500", "2500.05", Decimal("0.01"))] == [250_000, 250_005, 1]
        with pytest.raises(ValueError):
            fen_from_yuan("1.001")

    @pytest.mark.parametrize("year, grade, field", [
        (2025, E, "year"),  # graded already
        (2018, C, "year"),  # before the year of joining
        (2027, C, "year"),  # a year that has not begun
        (2024, "good", "grade"),
        ("2024", C, "year"),
    ])
    def test_r_pers_2_review_bad_input_names_its_field(self, year, grade, field):
        errors = validate_review(year, grade, joined_on=date(2019, 3, 1), left_on=None, graded_years={2025},
                                 today=TODAY)
        assert _fields(errors) == [field]

    def test_r_pers_2_review_boundaries(self):
        common = dict(joined_on=date(2019, 12, 31), graded_years=set(), today=TODAY)
        assert validate_review(2019, C, left_on=None, **common) == []  # the year of joining counts
        assert validate_review(2026, C, left_on=None, **common) == []
        assert _fields(validate_review(2024, C, left_on=date(2023, 5, 1), **common)) == ["year"]  # after leaving


class TestOnTheStaffOnADay:
    """R-8.3 / R-STAFF-4: one rule for "on the staff on day D", used for today's staff counts and for the register
    of a past year's end: joined by D, not yet left; who leaves on D is gone that day."""

    D = date(2025, 12, 31)

    @pytest.mark.parametrize(("joined", "left", "on"), [
        (date(2025, 12, 31), None, True),  # joined that very day
        (date(2026, 1, 1), None, False),  # joined the day after
        (None, None, True),  # no date joined recorded: counted
        (date(2020, 1, 1), date(2025, 12, 31), False),  # left that day: gone
        (date(2020, 1, 1), date(2026, 1, 1), True),  # left the day after: still there on D
        (date(2020, 1, 1), date(2025, 12, 30), False),
    ])
    def test_joined_by_the_day_and_not_yet_left(self, joined, left, on):
        from logic.people import on_staff_on
        assert on_staff_on(joined, left, self.D) is on


GRADE_RUNS = st.dictionaries(st.integers(2018, 2027), st.sampled_from((I, C, B, E)), max_size=6)


# up to eight people per example; the run's boundaries are example tests in TestRPERS3DismissOrTerminate above
@settings(max_examples=80, deadline=None)
@given(people=st.lists(GRADE_RUNS, min_size=1, max_size=8), year=st.integers(2018, 2027))
def test_r_pers_3_the_whole_table_rule_flags_exactly_whom_incompetent_run_flags_person_by_person(people, year):
    """The list is worked out on whole columns; for any grades it names the people, and the two years, that the
    person-by-person reading of the interpretation (incompetent_run on the grades up to `year`) names."""
    staff = [_person(pid) for pid in range(1, len(people) + 1)]
    reviews = [r for pid, grades in enumerate(people, start=1) for r in _reviews(grades, pid)]
    expected = {pid: run for pid, grades in enumerate(people, start=1)
                if (run := incompetent_run({y: g for y, g in grades.items() if y <= year}))}
    rows = _rows(dismiss_or_terminate(staff, reviews, year))
    assert {r["id"]: (r["first_year"], r["last_year"]) for r in rows} == expected
