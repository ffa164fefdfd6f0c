"""The people roster (R-STAFF-4, R-PERS-1..4): table models and writes. Reads for screens: models.people_frames.

Every write is authorised against the county of the platform row (never a county the form sent), validated
by logic.people, and audited by models.audit. People are never deleted: leaving records a date and a reason.
`county_code` on Training and Review is the county the record was made in (the audit trail's scope); who may
see or change a record is decided through its person's current county.
"""
from datetime import date, datetime

from sqlalchemy import UniqueConstraint, and_, func, or_
from sqlmodel import Field, Session, select

from logic.authz import Actor, require
from logic.errors import FieldError, NotFound, ValidationFailed
from logic.people import grade_errors, hours_tenths, validate_leave, validate_person, validate_review, validate_training
from logic.records import PersonBase, ReviewBase, TrainingBase
from models.approval import refuse_if_locked
from models.audit import insert_audited
from models.locking import bump, insert_new, load_for_edit, load_owned, locked_many, still_at
from models.tables import Platform, new_values, utc_now

# what a person's form edits; the platform and county move with move_person, leaving has leave_person
EDITABLE = tuple(f for f in PersonBase.model_fields if f not in ("platform_code", "county_code", "left_on", "leave_reason"))


class Person(PersonBase, table=True):
    """One person on a platform's staff (fields and limits: logic.records.PersonBase)."""
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


class Training(TrainingBase, table=True):
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)


class Review(ReviewBase, table=True):
    __table_args__ = (UniqueConstraint("person_id", "year"),)  # R-PERS-2: one grade per person per year
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


def _clean(facts: dict, *, new: bool) -> dict:
    unknown = set(facts) - set(EDITABLE) - ({"platform_code"} if new else set())
    if unknown:  # moving and leaving have their own functions, with their own checks
        raise ValueError(f"not editable here: {sorted(unknown)}")
    out = dict(facts)
    for key in ("name", "post", "certificate_no"):
        if isinstance(out.get(key), str):
            out[key] = out[key].strip()
    if "certificate_no" in out:  # blank means no certificate (R-PERS-4 flags it), kept as NULL
        out["certificate_no"] = out["certificate_no"] or None
    return out


def _platform(session: Session, code) -> Platform:
    found = session.exec(select(Platform).where(Platform.code == code)).first() if code else None
    if found is None:
        raise ValidationFailed([missing_platform(code)])
    return found


def missing_platform(code) -> FieldError:
    return FieldError("platform_code", f"平台 {code} 不存在", f"platform {code} does not exist")


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def add_person(*, session: Session, actor: Actor, facts: dict, today: date | None = None) -> Person:
    facts = _clean(facts, new=True)
    platform = _platform(session, facts.get("platform_code"))
    require(actor, "edit", platform.county_code)
    _refuse(validate_person(facts, today=today or date.today()))
    person = Person(**_person_values(actor, platform, facts))
    session.add(person)
    session.flush()
    return person


def _person_values(actor: Actor, platform, facts: dict) -> dict:
    """The row a new person is stored as, on `platform` (anything with its code and county_code): a form's save
    and an import's store the same row. `facts` are cleaned (_clean) and validated."""
    require(actor, "edit", platform.county_code)
    return new_values(Person, {**{k: facts.get(k) for k in EDITABLE}, "platform_code": platform.code,
                               "county_code": platform.county_code, "updated_by": actor.username})


def add_checked_people(*, session: Session, actor: Actor, rows: list[tuple]) -> list[int]:
    """Many new people by one insert of the rows and one of their audit rows, each stored as add_person stores
    it: `rows` are (platform, facts), already validated against the store in this same transaction (the
    importer's whole-file check); the county right is still checked here, row by row."""
    return insert_audited(session, Person, [_person_values(actor, platform, _clean(facts, new=True))
                                            for platform, facts in rows])


def get_person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def _stamp(session: Session, person: Person, actor: Actor) -> Person:
    _stamped(person, actor)
    session.add(person)
    session.flush()
    return person


def _stamped(person: Person, actor: Actor) -> None:
    person.version += 1
    person.updated_at, person.updated_by = utc_now(), actor.username


def new_person_facts(facts: dict) -> dict:
    """A new person's facts as add_person checks and stores them."""
    return _clean(facts, new=True)


def edited_facts(person, facts: dict) -> dict:
    """The editable facts of `person` (a row or the stored values' columns) after an edit of `facts`: what
    update_person validates and stores."""
    return {**{k: getattr(person, k) for k in EDITABLE}, **_clean(facts, new=False)}


def update_person(*, session: Session, actor: Actor, person_id: int, facts: dict, expected_version: int,
                  opened: dict | None = None, today: date | None = None) -> Person:
    """Save the edited fields only if nobody saved this person since the editor opened it."""
    person = load_for_edit(session, Person, {"id": person_id}, expected_version, actor=actor, opened=opened)
    merged = edited_facts(person, facts)
    _refuse(validate_person(merged, today=today or date.today(), review_years=_graded_years(session, person_id),
                            left_on=person.left_on))
    for key in EDITABLE:
        setattr(person, key, merged[key])
    return _stamp(session, person, actor)


def move_person(*, session: Session, actor: Actor, person_id: int, to_platform_code: str,
                expected_version: int) -> Person:
    """Move to another platform; across counties the actor needs edit rights on both."""
    person = load_for_edit(session, Person, {"id": person_id}, expected_version, actor=actor)
    target = _platform(session, to_platform_code)
    require(actor, "edit", target.county_code)
    if person.left_on is not None:
        _refuse([FieldError("platform_code", "已离岗人员不能调动", "a person who has left cannot be moved")])
    if target.code == person.platform_code:
        _refuse([FieldError("platform_code", "已在该平台", "the person is already on this platform")])
    person.platform_code, person.county_code = target.code, target.county_code
    return _stamp(session, person, actor)


def leave_person(*, session: Session, actor: Actor, person_id: int, left_on: date, reason: str,
                 expected_version: int, today: date | None = None) -> Person:
    """The person leaves the staff; the row, its trainings and reviews stay as history."""
    person = load_for_edit(session, Person, {"id": person_id}, expected_version, actor=actor)
    reason = reason.strip() if isinstance(reason, str) else reason
    _refuse(validate_leave(joined_on=person.joined_on, left_on=left_on, reason=reason,
                           already_left=person.left_on, today=today or date.today()))
    person.left_on, person.leave_reason = left_on, reason
    return _stamp(session, person, actor)


def add_training(*, session: Session, actor: Actor, person_id: int, trained_on: date, hours,
                 topic: str = "", today: date | None = None) -> Training:
    person = load_owned(session, Person, {"id": person_id}, actor)
    if isinstance(trained_on, date):
        refuse_if_locked(session, person.county_code, trained_on.year, "trained_on")
    topic = (topic or "").strip()
    facts = {"trained_on": trained_on, "hours": hours, "topic": topic}
    _refuse(validate_training(facts, today=today or date.today()))
    row = Training(person_id=person.id, county_code=person.county_code, trained_on=trained_on,
                   hours_tenths=hours_tenths(hours), topic=topic)
    session.add(row)
    session.flush()
    return row


def _graded_years(session: Session, person_id: int) -> set[int]:
    return set(session.exec(select(Review.year).where(Review.person_id == person_id)))


def set_review(*, session: Session, actor: Actor, person_id: int, year: int, grade: str,
               today: date | None = None) -> Review:
    """R-PERS-2: record the year's grade; a second grade for the same year is refused, naming `year`."""
    person = load_owned(session, Person, {"id": person_id}, actor)
    refuse_if_locked(session, person.county_code, year)
    _refuse(validate_review(year, grade, joined_on=person.joined_on, left_on=person.left_on,
                            graded_years=_graded_years(session, person_id), today=today or date.today()))
    row = Review(**_review_values(actor, person, year, grade))
    # a grade entered at the same moment by someone else meets the unique key: stale, not a database error
    return insert_new(session, row, {"person_id": person.id, "year": year})


def correct_review(*, session: Session, actor: Actor, person_id: int, year: int, grade: str,
                   expected_version: int) -> Review:
    """Put right a grade entered wrongly, only if nobody changed it since it was shown at `expected_version`;
    the audit trail keeps the grade it replaces."""
    person = load_owned(session, Person, {"id": person_id}, actor)
    refuse_if_locked(session, person.county_code, year)
    if session.exec(select(Review.id).where(Review.person_id == person.id, Review.year == year)).first() is None:
        raise NotFound(f"review {person_id}/{year}")
    row = load_for_edit(session, Review, {"person_id": person.id, "year": year}, expected_version)
    _refuse(grade_errors(grade))
    row.grade = grade
    bump(row)
    session.add(row)
    session.flush()
    return row


def update_checked_people(*, session: Session, actor: Actor, edits: dict[int, tuple[dict, int]]) -> None:
    """Many edits of people ({id: (facts, expected version)}) read and locked in one query and flushed together,
    each saved as update_person saves it: the county right and the version are checked here, the facts were
    validated against the store in this same transaction (the importer's whole-file check)."""
    found = locked_many(session, Person, "id", edits)
    for person_id, (facts, expected_version) in edits.items():
        person = found.get(person_id)
        if person is None:
            raise NotFound(person_id)
        still_at(session, person, expected_version, actor=actor)
        merged = edited_facts(person, facts)
        for key in EDITABLE:
            setattr(person, key, merged[key])
        _stamped(person, actor)
    session.flush()


def add_checked_reviews(*, session: Session, actor: Actor, rows: list[tuple]) -> list[int]:
    """Many new grades by one insert of the rows and one of their audit rows, each stored as set_review stores it:
    `rows` are (person, year, grade), validated against the store in this same transaction (the importer's
    whole-file check); the county right is still checked here. A grade someone else entered meanwhile meets the
    unique key (IntegrityError)."""
    return insert_audited(session, Review, [_review_values(actor, person, year, grade) for person, year, grade in rows])


def _review_values(actor: Actor, person, year: int, grade: str) -> dict:
    """The row a new grade is stored as (a form's save and an import's store the same row)."""
    require(actor, "edit", person.county_code)
    return new_values(Review, dict(person_id=person.id, county_code=person.county_code, year=year, grade=grade))


def correct_checked_reviews(*, session: Session, actor: Actor, edits: dict[tuple[int, int], tuple[str, int]]) -> None:
    """Many corrected grades ({(person id, year): (grade, expected version)}) read and locked in one query and
    flushed together, each as correct_review corrects it: the county right (the person's county) and the version
    are checked here, the grades were checked in this same transaction (the importer's whole-file check)."""
    query = (select(Review, Person.county_code).join(Person, Person.id == Review.person_id)
             .where(Review.person_id.in_({person_id for person_id, _ in edits})).with_for_update())
    found = {(r.person_id, r.year): (r, county) for r, county in session.exec(
        query.execution_options(populate_existing=True))}
    for key, (grade, expected_version) in edits.items():
        if key not in found:
            raise NotFound(f"review {key[0]}/{key[1]}")
        row, county = found[key]
        require(actor, "edit", county)  # the person's county now, as correct_review asks it
        still_at(session, row, expected_version)
        _refuse(grade_errors(grade))
        row.grade = grade
        bump(row)
    session.flush()


def list_people(session: Session, *, platform_code: str | None = None, county_code: str | None = None,
                include_left: bool = False) -> list[Person]:
    query = select(Person).order_by(Person.county_code, Person.platform_code, Person.id)
    if platform_code:
        query = query.where(Person.platform_code == platform_code)
    if county_code:
        query = query.where(Person.county_code == county_code)
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    return list(session.exec(query))


def on_staff_clause(day: date):
    """logic.people.on_staff_on as SQL, for counting in the database."""
    joined = or_(Person.joined_on.is_(None), Person.joined_on <= day)
    return and_(joined, or_(Person.left_on.is_(None), Person.left_on > day))


def roster_counts(session: Session, county_code: str | None = None,
                  codes: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """{platform: (full-time, part-time)} of people still on the staff, for every platform that keeps a roster.

    A platform whose roster people have all left keeps a roster of (0, 0): the roster, not a stale entered
    figure, is the truth once someone has been put on it.
    """
    kept = select(Person.platform_code).distinct()
    on_staff = (select(Person.platform_code, Person.employment, func.count())
                .where(on_staff_clause(date.today())).group_by(Person.platform_code, Person.employment))
    if county_code:  # by the platform's county: a platform moved to another county takes its people along
        in_county = Person.platform_code.in_(select(Platform.code).where(Platform.county_code == county_code))
        kept, on_staff = kept.where(in_county), on_staff.where(in_county)
    if codes is not None:
        kept, on_staff = kept.where(Person.platform_code.in_(codes)), on_staff.where(Person.platform_code.in_(codes))
    counts: dict[str, list[int]] = {code: [0, 0] for code in session.exec(kept)}
    for code, employment, n in session.exec(on_staff):
        counts[code][0 if employment == "full_time" else 1] += n
    return {code: (full, part) for code, (full, part) in counts.items()}
