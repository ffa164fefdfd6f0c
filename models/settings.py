"""Settings the city bureau keeps for the funding rules: the yearly pay benchmark (R-FUND-3) and named values
such as the pay-balance tolerance (R-FUND-4's interpretation). Only a city administrator changes them; every
change is audited (models.audit) like any row, so a list can always say which benchmark judged it.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Field, Session, SQLModel, select

from logic import funding, pay_checks
from logic.authz import Actor, require
from logic.errors import FieldError, ValidationFailed
from models.tables import utc_now

TOLERANCE_KEY = "pay_balance_tolerance"
SCOPE_KEY = "pay_balance_scope"


class PayBenchmark(SQLModel, table=True):
    """R-FUND-3: the college-graduate village official (大学生村官) income standard of one year, monthly, in fen."""

    __audit_key__ = "year"
    year: int = Field(primary_key=True)
    monthly_fen: int = Field(ge=0)
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


class Setting(SQLModel, table=True):
    __audit_key__ = "key"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


def set_benchmark(*, session: Session, actor: Actor, year, amount, today=None) -> PayBenchmark:
    """Enter or change a year's monthly benchmark (yuan as typed)."""
    require(actor, "administer")
    errors = funding.year_errors(year, today or date.today())
    fen, error = funding.parse_yuan(amount, "benchmark", "收入标准")
    errors += [error] if error else []
    if not errors and not fen:
        errors.append(FieldError("benchmark", "收入标准应大于 0", "the benchmark must be above 0"))
    if errors:
        raise ValidationFailed(errors)
    row = session.get(PayBenchmark, year)
    if row is None:
        row = PayBenchmark(year=year, monthly_fen=fen, updated_by=actor.username)
    else:
        row.monthly_fen, row.version = fen, row.version + 1
        row.updated_at, row.updated_by = utc_now(), actor.username
    session.add(row)
    session.flush()
    return row


def benchmarks(session: Session) -> dict[int, int]:
    return {row.year: row.monthly_fen for row in session.exec(select(PayBenchmark).order_by(PayBenchmark.year))}


def _put(session: Session, actor: Actor, key: str, value: str) -> Setting:
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=value, updated_by=actor.username)
    elif row.value != value:
        row.value, row.version = value, row.version + 1
        row.updated_at, row.updated_by = utc_now(), actor.username
    session.add(row)
    session.flush()
    return row


def set_tolerance(*, session: Session, actor: Actor, value) -> Setting:
    require(actor, "administer")
    try:
        number = pay_checks.parse_tolerance(value)
    except (ValueError, ArithmeticError):
        raise ValidationFailed([FieldError("tolerance", "容差应为 1 至 10 之间的数(如 1.2)",
                                           "the tolerance must be a number from 1 to 10 (e.g. 1.2)")]) from None
    return _put(session, actor, TOLERANCE_KEY, str(number))


def tolerance(session: Session) -> Decimal:
    row = session.get(Setting, TOLERANCE_KEY)
    return Decimal(row.value) if row else pay_checks.DEFAULT_TOLERANCE


def set_balance_scope(*, session: Session, actor: Actor, scope: str) -> Setting:
    require(actor, "administer")
    if scope not in pay_checks.SCOPES:
        raise ValidationFailed([FieldError("scope", "范围无效", f"scope must be one of {pay_checks.SCOPES}")])
    return _put(session, actor, SCOPE_KEY, scope)


def balance_scope(session: Session) -> str:
    row = session.get(Setting, SCOPE_KEY)
    return row.value if row else "centre"
