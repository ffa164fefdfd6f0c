"""Reads of the roster for screens: the roster, one person's history, the R-PERS flags and the staffing gap.

Frames always carry their columns, even when empty, so a screen can select and rename without checking.
Flags look at people still on the staff: someone who has left is no longer commended, dismissed or trained.
"""
import pandas as pd
from sqlmodel import Session, select

from logic import people_flags as rules
from logic.staffing_gap import apply_roster_counts, staffing_gap
from logic.standard import Standard
from models.people import Person, Review, Training, list_people, roster_counts
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


def _records(rows, columns) -> list[dict]:
    return [{c: getattr(r, c) for c in columns} for r in rows]


def people_frame(session: Session, *, platform_code: str | None = None, county_code: str | None = None,
                 include_left: bool = False) -> pd.DataFrame:
    people = list_people(session, platform_code=platform_code, county_code=county_code, include_left=include_left)
    return pd.DataFrame(_records(people, PERSON_COLUMNS), columns=list(PERSON_COLUMNS))


def _scoped(session: Session, table, county_code: str | None, person_id: int | None = None) -> list:
    """Rows of `table` whose person is (now) in `county_code`: scoping follows the person, not the row."""
    query = select(table).join(Person, Person.id == table.person_id).order_by(table.person_id, table.id)
    if county_code:
        query = query.where(Person.county_code == county_code)
    if person_id is not None:
        query = query.where(table.person_id == person_id)
    return list(session.exec(query))


def reviews_frame(session: Session, county_code: str | None = None, person_id: int | None = None) -> pd.DataFrame:
    rows = _records(_scoped(session, Review, county_code, person_id), REVIEW_COLUMNS)
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))


def trainings_frame(session: Session, county_code: str | None = None, person_id: int | None = None) -> pd.DataFrame:
    rows = _records(_scoped(session, Training, county_code, person_id), TRAINING_COLUMNS)
    return pd.DataFrame(rows, columns=list(TRAINING_COLUMNS))


def flag_frames(session: Session, year: int, county_code: str | None = None) -> dict[str, pd.DataFrame]:
    """The R-PERS lists for `year`, each a frame of who and why (keys as FLAG_COLUMNS)."""
    people = _records(list_people(session, county_code=county_code), PERSON_COLUMNS)
    reviews = _records(_scoped(session, Review, county_code), REVIEW_COLUMNS)
    trainings = _records(_scoped(session, Training, county_code), TRAINING_COLUMNS)
    found = {
        "commend": rules.commend(people, reviews, year),
        "dismiss_or_terminate": rules.dismiss_or_terminate(people, reviews, year),
        "not_certified": rules.not_certified(people),
        "no_training": rules.no_training_in(people, trainings, year),
        "not_openly_selected": rules.not_openly_selected(people),
    }
    return {k: pd.DataFrame(rows, columns=[*rules.WHO, *FLAG_COLUMNS[k]]) for k, rows in found.items()}


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
