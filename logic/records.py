"""The records' data models, in SQLModel's Base → table pattern (as in the SQLModel docs and the FastAPI
template): each field's type and limits are declared here once, the table models in models/ inherit them, and
every write validates its input through them before any policy rule runs. logic.record_errors turns what
pydantic finds into the field's label and a reason in Chinese and English.

Only field-level limits live here (a text's length, a number's range, a code from its list, a real date);
rules that need today's date, another field or the store (R-ORG parents, county scope, uniqueness, future
dates) stay in logic/validation, logic/people, logic/funding and the store functions.

Pure: no session, no screen. The storage hints on the fields (a foreign key, an index, a JSON column) only
take effect on the table models.
"""
from datetime import date
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BeforeValidator, Strict
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from logic import codes
from logic.approval import MAX_REASON, STATES as APPROVAL_STATES
from logic.authz import ROLES
from logic.funding_codes import CATEGORIES, MAX_FEN, NOTE_MAX, PURPOSES, SOURCES as FUND_SOURCES
from logic.people_codes import (
    EMPLOYMENTS,
    ESTABLISHMENTS,
    GRADES,
    MAX_INCOME_FEN,
    MAX_TRAINING_TENTHS,
    RECRUITMENTS,
    SOURCES as PERSON_SOURCES,
)

MAX_POPULATION = 10_000_000
MAX_AREA_M2 = 100_000
MAX_STAFF = 1_000
MAX_SCORE_TENTHS = 1000  # a score of 0–100, to one decimal


def _one_of(kind: str, allowed: tuple[str, ...]):
    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError("not_one_of", "not one of {kind}", {"kind": kind, "allowed": allowed})
        return value
    check.choice = (kind, allowed)  # what logic.record_errors names when a wrong code is also too long
    return AfterValidator(check)


def _codes_of(kind: str, allowed: tuple[str, ...]):
    def check(values: list[str]) -> list[str]:
        unknown = sorted({v for v in values if v not in allowed})
        if unknown:
            raise PydanticCustomError("unknown_codes", "unknown codes of {kind}", {"kind": kind, "unknown": unknown})
        return values
    return AfterValidator(check)


def _number_only(value):
    # pydantic's lax mode reads True as 1 and "50" as 50: a yes/no or a text where a number belongs is a slip
    # (the form and the importer hand over numbers), told as such rather than guessed at
    if value is None or isinstance(value, bool | str):
        raise PydanticCustomError("not_a_number", "not a number")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise PydanticCustomError("finite_number", "not a finite number")  # before the range checks compare it
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "blank")
    return value


Number = BeforeValidator(_number_only)
Required = Annotated[str, AfterValidator(_not_blank)]
Count = Annotated[int, Number]
Flag = Annotated[bool, Strict()]  # yes or no, as the form and the importer hand it over; never "yes" guessed at
Amount = Annotated[float, Number]


def Choice(kind: str, allowed: tuple[str, ...]):
    return Annotated[str, _one_of(kind, allowed)]


def Codes(kind: str, allowed: tuple[str, ...]):
    return Annotated[list[str], _codes_of(kind, allowed)]


def max_length(model: type[SQLModel], field: str) -> int:
    """A text field's declared limit, for a rule that checks the text on its own (a leaving reason)."""
    return next(m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length"))


class Record(SQLModel):
    """A record's input: its fields with their limits. `__labels__` names each field for the reader."""
    __labels__: ClassVar[dict[str, tuple[str, str]]] = {}


# --- the register -----------------------------------------------------------------------------------------

class CountyBase(Record):
    """R-ORG-2: a county, district or the 临港开发区 management committee."""
    __labels__ = {"code": ("县(区)代码", "county code"), "name": ("名称", "name"), "name_en": ("英文名称", "English name"),
                  "sort_order": ("排列顺序", "order")}
    code: Required = Field(primary_key=True, max_length=16)
    name: Required = Field(max_length=50)
    name_en: str = Field(max_length=50)
    sort_order: int = 0


class PlatformBase(Record):
    """One service platform: every canonical field of SPEC's "Platform facts" table."""
    __labels__ = {
        "code": ("编码", "code"), "name": ("名称", "name"), "level": ("层级", "level"),
        "county_code": ("县(区)", "county"), "parent_code": ("上级平台", "parent"),
        "village_kind": ("村类型", "village kind"), "siting": ("建设方式", "siting"),
        "service_population": ("服务对象人数", "service population"), "sign_installed": ("已挂牌", "sign installed"),
        "sign_text": ("牌子文字", "sign text"), "area_m2": ("专有场所面积", "area"), "windows": ("服务窗口", "windows"),
        "open_counter": ("开放式柜台", "open counter"), "info_area": ("信息公开区", "information area"),
        "office": ("办公室", "office"), "service_seat": ("服务席位", "service seat"),
        "staff_full_time": ("专职人数", "full-time staff"), "staff_part_time": ("兼职人数", "part-time staff"),
        "equipment": ("设施设备", "equipment"), "network_connected": ("联网", "network connected"),
        "work_funds_secured": ("有工作经费", "work funds secured"), "services": ("服务内容", "services"),
        "services_online": ("网上办理的服务", "services online"), "rules_posted": ("制度上墙", "rules posted"),
    }
    code: Required = Field(unique=True, max_length=32)
    name: Required = Field(max_length=100)
    level: Choice("level", codes.LEVELS) = Field(index=True, max_length=16)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    parent_code: str | None = Field(default=None, foreign_key="platform.code", index=True, max_length=32)
    village_kind: Choice("village_kind", codes.VILLAGE_KINDS) = Field(default="none", max_length=20)
    siting: Choice("siting", codes.SITINGS) = Field(default="standalone", max_length=24)
    service_population: Count = Field(default=0, ge=0, le=MAX_POPULATION)
    sign_installed: Flag = False
    sign_text: str = Field(default="", max_length=100)
    area_m2: Amount = Field(default=0, ge=0, le=MAX_AREA_M2)
    windows: Codes("windows", codes.WINDOWS) = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    open_counter: Flag = False
    info_area: Flag = False
    office: Flag = False
    service_seat: Flag = False
    staff_full_time: Count = Field(default=0, ge=0, le=MAX_STAFF)
    staff_part_time: Count = Field(default=0, ge=0, le=MAX_STAFF)
    equipment: Codes("equipment", codes.EQUIPMENT) = Field(default_factory=list,
                                                           sa_column=Column(JSON, nullable=False))
    network_connected: Flag = False
    work_funds_secured: Flag = False
    services: Codes("services", codes.SERVICES) = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    services_online: Codes("services", codes.SERVICES) = Field(  # R-NET-1
        default_factory=list, sa_column=Column(JSON, nullable=False))
    rules_posted: Flag = False


# --- people -----------------------------------------------------------------------------------------------

class PersonBase(Record):
    __labels__ = {
        "platform_code": ("平台", "platform"), "county_code": ("县(区)", "county"), "name": ("姓名", "name"),
        "post": ("岗位", "post"), "source": ("人员来源", "source"), "establishment": ("编制", "establishment"),
        "employment": ("专兼职", "employment"), "recruitment": ("聘用方式", "recruitment"),
        "certificate_no": ("证书编号", "certificate number"), "certificate_date": ("发证日期", "certificate date"),
        "monthly_income_fen": ("月收入", "monthly income"), "joined_on": ("到岗日期", "date joined"),
        "left_on": ("离岗日期", "leaving date"), "leave_reason": ("离岗原因", "reason for leaving"),
    }
    platform_code: Required = Field(foreign_key="platform.code", index=True, max_length=32)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)  # from the platform row
    name: Required = Field(max_length=50)
    post: Required = Field(max_length=50)
    source: Choice("source", PERSON_SOURCES) = Field(max_length=20)
    establishment: Choice("establishment", ESTABLISHMENTS) = Field(max_length=4)
    employment: Choice("employment", EMPLOYMENTS) = Field(max_length=10)
    recruitment: Choice("recruitment", RECRUITMENTS) = Field(max_length=16)  # R-PERS-1
    certificate_no: str | None = Field(default=None, max_length=40)
    certificate_date: date | None = None
    monthly_income_fen: Count = Field(default=0, ge=0, le=MAX_INCOME_FEN)  # exact money: integer fen
    joined_on: date
    left_on: date | None = Field(default=None, index=True)
    leave_reason: str | None = Field(default=None, max_length=200)


class TrainingBase(Record):
    __labels__ = {"person_id": ("人员", "person"), "trained_on": ("培训日期", "training date"),
                  "hours_tenths": ("培训学时", "hours"), "topic": ("培训内容", "topic"), "county_code": ("县(区)", "county")}
    person_id: int = Field(foreign_key="person.id", index=True)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    trained_on: date
    hours_tenths: Count = Field(gt=0, le=MAX_TRAINING_TENTHS)  # exact: 7.5 hours is 75
    topic: str = Field(default="", max_length=100)


class ReviewBase(Record):
    __labels__ = {"person_id": ("人员", "person"), "year": ("考核年度", "year"), "grade": ("考核等次", "grade"),
                  "county_code": ("县(区)", "county")}
    person_id: int = Field(foreign_key="person.id", index=True)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    year: Count
    grade: Choice("grade", GRADES) = Field(max_length=12)  # R-PERS-2


class PayRecordBase(Record):
    __labels__ = {"person_id": ("人员", "person"), "county_code": ("县(区)", "county"), "year": ("年度", "year"),
                  "monthly_pay_fen": ("月均收入", "monthly pay")}
    person_id: int = Field(foreign_key="person.id", index=True)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)  # the person's, when written
    year: Count = Field(index=True)
    monthly_pay_fen: Count = Field(ge=0, le=MAX_INCOME_FEN)


# --- money and settings -----------------------------------------------------------------------------------

class FundingLineBase(Record):
    """R-FUND-1, -2, -5, -7: one line of the funding ledger, amounts in exact fen."""
    __labels__ = {
        "county_code": ("县(区)", "county"), "year": ("年度", "year"), "platform_code": ("平台", "platform"),
        "category": ("经费类别", "category"), "source": ("资金来源", "source"),
        "budgeted_fen": ("预算金额", "budgeted"), "allocated_fen": ("到位金额", "allocated"),
        "spent_fen": ("支出金额", "spent"), "purpose": ("奖补用途", "purpose"),
        "purpose_platforms": ("奖补平台", "subsidised platforms"), "allocated_on": ("到位日期", "date allocated"),
        "spent_on": ("支出日期", "date spent"), "note": ("备注", "note"),
    }
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    year: Count = Field(index=True)
    platform_code: str | None = Field(default=None, foreign_key="platform.code", index=True, max_length=32)
    category: Choice("category", CATEGORIES) = Field(max_length=32)
    source: Choice("source", FUND_SOURCES) = Field(max_length=24)
    budgeted_fen: Count = Field(default=0, ge=0, le=MAX_FEN)
    allocated_fen: Count = Field(default=0, ge=0, le=MAX_FEN)
    spent_fen: Count = Field(default=0, ge=0, le=MAX_FEN)
    purpose: Choice("purpose", PURPOSES) | None = Field(default=None, max_length=16)  # city_subsidy only
    purpose_platforms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    allocated_on: date | None = None
    spent_on: date | None = None
    note: str = Field(default="", max_length=NOTE_MAX)


class PayBenchmarkBase(Record):
    """R-FUND-3: the college-graduate village official income standard of one year, monthly, in fen."""
    __labels__ = {"year": ("年度", "year"), "monthly_fen": ("收入标准", "benchmark")}
    year: Count = Field(primary_key=True)
    monthly_fen: Count = Field(ge=0, le=MAX_INCOME_FEN)


class SettingBase(Record):
    __labels__ = {"key": ("设置项", "setting"), "value": ("设置值", "value")}
    key: Required = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


# --- users ------------------------------------------------------------------------------------------------

class UserBase(Record):
    __labels__ = {"username": ("用户名", "username"), "display_name": ("姓名", "display name"),
                  "role": ("角色", "role"), "county_code": ("县(区)", "county"), "active": ("启用", "active")}
    username: Required = Field(index=True, unique=True, max_length=64)
    display_name: Required = Field(max_length=100)
    role: Choice("role", ROLES) = Field(max_length=20)
    county_code: str | None = Field(default=None, foreign_key="county.code", max_length=16)
    active: bool = True


# --- the eight-haves standard ---------------------------------------------------------------------------

class StandardVersionBase(Record):
    """R-8.11: one version of an eight-haves standard (its contents are checked by logic.standard_edit)."""
    __labels__ = {"code": ("标准代码", "standard code"), "version": ("版本", "version"), "name": ("名称", "name"),
                  "in_force_from_year": ("生效年度", "in force from")}
    code: Required = Field(max_length=32)
    version: Count = Field(ge=1)
    name: Required = Field(max_length=100)
    in_force_from_year: int | None = None  # the year from which this version judges platforms


# --- year-end approval ----------------------------------------------------------------------------------

class CountyYearBase(Record):
    """A county's year as the city approves it (logic.approval): its state and the reason of the last step."""
    __labels__ = {"county_code": ("县(区)", "county"), "year": ("年度", "year"), "state": ("状态", "state"),
                  "reason": ("原因", "reason")}
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    year: Count = Field(index=True)
    state: Choice("state", APPROVAL_STATES) = Field(default="open", max_length=12)
    reason: str = Field(default="", max_length=MAX_REASON)


class PlatformConfirmationBase(Record):
    """A county's word, for its year-end, that a platform's record still stands as it is for that year: a platform
    nobody needed to change in the year is confirmed instead of saved again (logic.completeness)."""
    __labels__ = {"platform_code": ("平台代码", "platform code"), "county_code": ("县(区)", "county"),
                  "year": ("年度", "year")}
    platform_code: Required = Field(foreign_key="platform.code", index=True, max_length=32)
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    year: Count = Field(index=True)


# --- the assessment ---------------------------------------------------------------------------------------

class PerformanceScoreBase(Record):
    __labels__ = {"county_code": ("县(区)", "county"), "year": ("年度", "year"), "indicator": ("指标", "indicator"),
                  "score_tenths": ("得分", "score")}
    county_code: Required = Field(foreign_key="county.code", index=True, max_length=16)
    year: Count = Field(index=True)
    indicator: Required = Field(default="performance", max_length=32)
    score_tenths: Count = Field(ge=0, le=MAX_SCORE_TENTHS)  # exact: 87.5 is 875


class NationalPilotBase(Record):
    """R-TGT-4: a county's national grassroots employment and social-security facility pilot, by year won."""
    __labels__ = {"county_code": ("县(区)", "county"), "year_won": ("获批年度", "year won"),
                  "project": ("项目名称", "project")}
    county_code: Required = Field(foreign_key="county.code", primary_key=True, max_length=16)
    year_won: Count = Field(ge=2010, le=2100)
    project: str = Field(default="", max_length=100)


class RankingSnapshotBase(Record):
    __labels__ = {"year": ("年度", "year"), "frozen_by": ("冻结人", "frozen by"), "note": ("说明", "note")}
    year: Count = Field(index=True)
    frozen_by: Required = Field(max_length=64)
    note: str = Field(default="", max_length=200)
