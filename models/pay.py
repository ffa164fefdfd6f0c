"""Yearly pay of roster people (R-FUND-3, -4, -6): one record per person per year, the year's average
monthly pay in fen. Person.monthly_income_fen is today's pay; the growth rule (R-FUND-6) needs the years
before, so they are kept here. Writes are authorised through the person's county and audited.
"""
from datetime import date

import pandas as pd
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, select

from logic import funding, pay_checks
from logic.authz import Actor
from logic.errors import ValidationFailed
from logic.records import PayRecordBase
from models.approval import refuse_if_locked
from models.locking import bump, insert_new, load_for_edit, load_owned
from models.people import Person
from models.tables import Platform


class PayRecord(PayRecordBase, table=True):
    __table_args__ = (UniqueConstraint("person_id", "year"),)
    __audit_key__ = "id"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

def set_pay(*, session: Session, actor: Actor, person_id: int, year, amount, expected_version,
            today: date | None = None) -> PayRecord:
    """Enter or correct a person's average monthly pay of `year` (yuan as typed); `expected_version` is the
    record's version as shown, or NEW when there was none."""
    person = load_owned(session, Person, {"id": person_id}, actor)
    refuse_if_locked(session, person.county_code, year)
    errors = funding.year_errors(year, today or date.today())
    fen, error = funding.parse_yuan(amount, "monthly_pay", "月均收入")
    if errors or error:
        raise ValidationFailed(errors + ([error] if error else []))
    row = load_for_edit(session, PayRecord, {"person_id": person_id, "year": year}, expected_version)
    if row is None:
        return insert_new(session, PayRecord(person_id=person_id, county_code=person.county_code, year=year,
                                             monthly_pay_fen=fen), {"person_id": person_id, "year": year})
    row.monthly_pay_fen = fen
    bump(row)
    session.add(row)
    session.flush()
    return row


def pay_frame(session: Session, county_code: str | None = None, years: tuple[int, ...] | None = None
              ) -> pd.DataFrame:
    """Every pay record (of `years`, when given) with the person and platform facts the pay checks need
    (logic.pay_checks.PAY_COLUMNS); scoped by the person's current county."""
    query = (select(PayRecord.person_id, Person.name, Person.platform_code, Platform.name, Platform.level,
                    Platform.parent_code, Person.county_code, Person.establishment, PayRecord.year,
                    PayRecord.monthly_pay_fen, PayRecord.version)
             .join(Person, Person.id == PayRecord.person_id).join(Platform, Platform.code == Person.platform_code)
             .where(Person.left_on.is_(None)).order_by(PayRecord.person_id, PayRecord.year))
    if county_code:
        query = query.where(Person.county_code == county_code)
    if years is not None:
        query = query.where(PayRecord.year.in_(list(years)))
    rows = []
    for pid, name, code, pname, level, parent, county, est, year, fen, version in session.exec(query):
        centre = code if level in pay_checks.CENTRE_LEVELS else parent
        rows.append((pid, name, code, pname, level, centre, county, est, year, fen, version))
    frame = pd.DataFrame(rows, columns=[*pay_checks.PAY_COLUMNS, "version"])  # version: for the pay form
    return frame.astype({"person_id": "int64", "year": "int64", "monthly_pay_fen": "int64", "version": "int64"})


def pay_versions(session: Session, county_code: str, year: int) -> dict[int, int]:
    """{person id: version} of the pay records of `year` of a county's people: what the pay form saves against."""
    query = (select(PayRecord.person_id, PayRecord.version).join(Person, Person.id == PayRecord.person_id)
             .where(Person.county_code == county_code, PayRecord.year == year))
    return {int(person): int(version) for person, version in session.exec(query)}


def paid_people(session: Session, county_code: str) -> pd.DataFrame:
    """Off-establishment people still on the staff of one county (whose pay the checks judge): id, name and
    platform, in roster order."""
    query = (select(Person.id, Person.name, Person.platform_code)
             .where(Person.county_code == county_code, Person.establishment == "off", Person.left_on.is_(None))
             .order_by(Person.platform_code, Person.id))
    return pd.DataFrame(session.exec(query).all(), columns=["id", "name", "platform_code"])
