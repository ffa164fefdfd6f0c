"""Settings the city bureau keeps for the funding rules: the yearly pay benchmark (R-FUND-3) and named values
such as the pay-balance tolerance (R-FUND-4's interpretation). Only a city administrator changes them; every
change is audited (models.audit) like any row, so a list can always say which benchmark judged it.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Field, Session, select

from logic import funding, pay_checks
from logic.authz import Actor, require
from logic.errors import FieldError, ValidationFailed
from logic.records import PayBenchmarkBase, SettingBase
from models.locking import bump, insert_new, load_for_edit
from models.tables import utc_now

TOLERANCE_KEY = "pay_balance_tolerance"
SCOPE_KEY = "pay_balance_scope"


class PayBenchmark(PayBenchmarkBase, table=True):
    """R-FUND-3: a year's monthly benchmark in fen (fields and limits: logic.records.PayBenchmarkBase)."""

    __audit_key__ = "year"
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)


class Setting(SettingBase, table=True):
    __audit_key__ = "key"
    version: int = 1
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="system", max_length=64)

def set_benchmark(*, session: Session, actor: Actor, year, amount, expected_version, today=None) -> PayBenchmark:
    """Enter or change a year's monthly benchmark (yuan as typed), as shown at `expected_version` (NEW: none)."""
    require(actor, "administer")
    errors = funding.year_errors(year, today or date.today())
    fen, error = funding.parse_yuan(amount, "benchmark", "收入标准")
    errors += [error] if error else []
    if not errors and not fen:
        errors.append(FieldError("benchmark", "收入标准应大于 0", "the benchmark must be above 0"))
    if errors:
        raise ValidationFailed(errors)
    row = load_for_edit(session, PayBenchmark, {"year": year}, expected_version)
    if row is None:
        return insert_new(session, PayBenchmark(year=year, monthly_fen=fen, updated_by=actor.username), {"year": year})
    row.monthly_fen = fen
    bump(row, actor.username)
    session.add(row)
    session.flush()
    return row


def benchmarks(session: Session) -> dict[int, int]:
    return {year: fen for year, (fen, _) in benchmarks_versioned(session).items()}


def benchmarks_versioned(session: Session) -> dict[int, tuple[int, int]]:
    """{year: (monthly fen, version)}: what a form shows and the version it saves against, in one query."""
    query = select(PayBenchmark.year, PayBenchmark.monthly_fen, PayBenchmark.version).order_by(PayBenchmark.year)
    return {year: (fen, version) for year, fen, version in session.exec(query)}


def setting_versions(session: Session) -> dict[str, int]:
    return dict(session.exec(select(Setting.key, Setting.version)).all())


def put_setting(session: Session, actor: Actor, key: str, value: str, expected_version) -> Setting:
    """Store a setting's value, only if nobody changed it since it was shown at `expected_version` (NEW: absent);
    the caller has checked the value. Settings are the city's: the administer right, checked here too."""
    require(actor, "administer")
    row = load_for_edit(session, Setting, {"key": key}, expected_version)
    if row is None:
        return insert_new(session, Setting(key=key, value=value, updated_by=actor.username), {"key": key})
    if row.value != value:
        row.value = value
        bump(row, actor.username)
    session.add(row)
    session.flush()
    return row


def set_tolerance(*, session: Session, actor: Actor, value, expected_version) -> Setting:
    require(actor, "administer")
    try:
        number = pay_checks.parse_tolerance(value)
    except (ValueError, ArithmeticError):
        raise ValidationFailed([FieldError("tolerance", "容差应为 1 至 10 之间的数(如 1.2)",
                                           "the tolerance must be a number from 1 to 10 (e.g. 1.2)")]) from None
    return put_setting(session, actor, TOLERANCE_KEY, str(number), expected_version)


def tolerance(session: Session) -> Decimal:
    row = session.get(Setting, TOLERANCE_KEY)
    return Decimal(row.value) if row else pay_checks.DEFAULT_TOLERANCE


def set_balance_scope(*, session: Session, actor: Actor, scope: str, expected_version) -> Setting:
    require(actor, "administer")
    if scope not in pay_checks.SCOPES:
        raise ValidationFailed([FieldError("scope", "范围无效", f"scope must be one of {pay_checks.SCOPES}")])
    return put_setting(session, actor, SCOPE_KEY, scope, expected_version)


def balance_scope(session: Session) -> str:
    row = session.get(Setting, SCOPE_KEY)
    return row.value if row else "centre"
