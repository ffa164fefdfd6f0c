"""Reads of the roster for screens: the roster, one person's history, the R-PERS flags and the staffing gap.

Frames always carry their columns, even when empty, so a screen can select and rename without checking.
Flags look at people still on the staff: someone who has left is no longer commended, dismissed or trained.
"""
from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from logic import people_flags as rules
from logic.staffing_gap import apply_roster_counts, staffing_gap
from logic.standard import Standard
from models.people import Person, Review, Training, roster_counts
from models.platforms import platforms_frame

PERSON_COLUMNS = ("id", "platform_code", "county_code", "name", "post", "source", "establishment", "employment",
                  "recruitment", "certificate_no", "certificate_date", "monthly_income_fen", "joined_on",
                  "left_on", "leave_reason", "version", "updated_at", "updated_by")
REVIEW_COLUMNS = ("id", "person_id", "year", "grade", "version")
TRAINING_COLUMNS = ("id", "person_id", "trained_on", "hours_tenths", "topic")
FLAG_COLUMNS = {
    "commend": ("year", "grade"),
    "dismiss_or_terminate": ("first_year", "last_year", "grades"),
    "not_certified": ("certificate_no", "joined_on"),
    "no_training": ("year", "last_trained_on", "joined_on"),
    "not_openly_selected": ("source", "recruitment"),
}


def _frame(session: Session, query, columns) -> pd.DataFrame:
    """The rows of `query` as a table with `columns`: values straight from the database, no ORM objects."""
    return pd.DataFrame([tuple(row) for row in session.exec(query)], columns=list(columns))


def people_frame(session: Session, *, platform_code: str | None = None, county_code: str | None = None,
                 include_left: bool = False) -> pd.DataFrame:
    query = select(*(getattr(Person, c) for c in PERSON_COLUMNS))
    query = query.order_by(Person.county_code, Person.platform_code, Person.id)
    if platform_code is not None:  # an empty code is a platform nobody is on, never "every platform"
        query = query.where(Person.platform_code == platform_code)
    if county_code:
        query = query.where(Person.county_code == county_code)
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    return _frame(session, query, PERSON_COLUMNS)


def _scoped(table, columns, county_code: str | None, person_id: int | None = None,
            platform_code: str | None = None, on_staff: bool = False):
    """Columns of `table` for people (now) in `county_code` or on `platform_code`: scoping follows the person,
    not the row. `on_staff`: only people still on the staff."""
    query = select(*(getattr(table, c) for c in columns)).join(Person, Person.id == table.person_id)
    query = query.order_by(table.person_id, table.id)
    if county_code:
        query = query.where(Person.county_code == county_code)
    if platform_code is not None:
        query = query.where(Person.platform_code == platform_code)
    if person_id is not None:
        query = query.where(table.person_id == person_id)
    if on_staff:
        query = query.where(Person.left_on.is_(None))
    return query


def reviews_frame(session: Session, county_code: str | None = None, person_id: int | None = None) -> pd.DataFrame:
    return _frame(session, _scoped(Review, REVIEW_COLUMNS, county_code, person_id), REVIEW_COLUMNS)


def trainings_frame(session: Session, county_code: str | None = None, person_id: int | None = None,
                    platform_code: str | None = None) -> pd.DataFrame:
    """Trainings of the people of a county, of one person, or of the people (now) on one platform."""
    query = _scoped(Training, TRAINING_COLUMNS, county_code, person_id, platform_code)
    return _frame(session, query, TRAINING_COLUMNS)


def _latest_trainings(county_code: str | None, year: int):
    """Per person on the staff, their latest training dated in `year` and their latest before it: all that
    R-PERS-4's rule reads of the trainings (one or two rows a person instead of every training)."""
    in_year = Training.trained_on >= date(year, 1, 1)
    query = select(Training.person_id, func.max(Training.trained_on)).join(Person, Person.id == Training.person_id)
    query = query.where(Person.left_on.is_(None), Training.trained_on <= date(year, 12, 31))
    if county_code:
        query = query.where(Person.county_code == county_code)
    return query.group_by(Training.person_id, in_year)


def _latest_grades(county_code: str | None, year: int):
    """Per person on the staff, their latest two grades up to `year`: all that R-PERS-2 (a grade for `year` is
    the latest) and R-PERS-3 (the latest and the one before it) read of the reviews."""
    newest_first = func.row_number().over(partition_by=Review.person_id, order_by=Review.year.desc())
    ranked = select(Review.person_id, Review.year, Review.grade, newest_first.label("newest"))
    ranked = ranked.join(Person, Person.id == Review.person_id).where(Person.left_on.is_(None), Review.year <= year)
    if county_code:
        ranked = ranked.where(Person.county_code == county_code)
    ranked = ranked.subquery()
    return select(ranked.c.person_id, ranked.c.year, ranked.c.grade).where(ranked.c.newest <= 2)


def flag_frames(session: Session, year: int, county_code: str | None = None) -> dict[str, pd.DataFrame]:
    """The R-PERS lists for `year`, each a frame of who and why (keys as FLAG_COLUMNS).

    Only what the rules read is loaded, as columns: people on the staff, their latest grades and their latest
    trainings (a province is 100,000 people, half a million grades and a quarter of a million trainings)."""
    people = select(*(getattr(Person, c) for c in rules.PEOPLE_COLUMNS)).where(Person.left_on.is_(None))
    people = people.order_by(Person.county_code, Person.platform_code, Person.id)
    if county_code:
        people = people.where(Person.county_code == county_code)
    people = _frame(session, people, rules.PEOPLE_COLUMNS)
    reviews = _frame(session, _latest_grades(county_code, year), rules.REVIEW_COLUMNS)
    trainings = _frame(session, _latest_trainings(county_code, year), rules.TRAINING_COLUMNS)
    found = {
        "commend": rules.commend(people, reviews, year),
        "dismiss_or_terminate": rules.dismiss_or_terminate(people, reviews, year),
        "not_certified": rules.not_certified(people),
        "no_training": rules.no_training_in(people, trainings, year),
        "not_openly_selected": rules.not_openly_selected(people),
    }
    return {k: frame[[*rules.WHO, *FLAG_COLUMNS[k]]] for k, frame in found.items()}


def platforms_with_roster(session: Session, county_code: str | None = None,
                          codes: list[str] | None = None) -> pd.DataFrame:
    """platforms_frame with staff counts from the roster where one is kept (column `staff_from_roster`); of the
    platforms `codes` only, if given."""
    return apply_roster_counts(platforms_frame(session, county_code, codes), roster_counts(session, county_code, codes))


def gap_frame(session: Session, county_code: str | None = None, *, standard: Standard | None = None,
              partial_increment: bool | None = None) -> pd.DataFrame:
    """logic.staffing_gap per platform on roster-backed counts; roll up with by_township/by_county/city_total."""
    return staffing_gap(platforms_with_roster(session, county_code), standard=standard,
                        partial_increment=partial_increment)
