"""Every table model takes its input fields and their limits from one typed record (logic.records), and each
limit refuses bad input through that record, naming the field in the reader's words (logic.record_errors)."""
from datetime import date

import pytest
from sqlalchemy import String
from sqlmodel import SQLModel

import models.db
from logic.record_errors import errors_of, typed
from logic.records import (
    CountyBase,
    CountyYearBase,
    FundingLineBase,
    NationalPilotBase,
    PayBenchmarkBase,
    PayRecordBase,
    PerformanceScoreBase,
    PersonBase,
    PlatformBase,
    PlatformConfirmationBase,
    RankingSnapshotBase,
    Record,
    ReviewBase,
    SettingBase,
    StandardVersionBase,
    TrainingBase,
    UserBase,
)

models.db.import_models()  # every table module, so the registry knows every table model

# tables no person types into: the app writes them itself, each checked where it is made
APP_WRITTEN = {
    "auditlog": "written by models.audit from the change it records",
    "storerevision": "the store's change counter (models.revision)",
    "signinthrottle": "the sign-in throttle's counters (models.signin)",
    "assessmentscheme": "its spec is checked by logic.assessment_inputs.scheme_from_spec; year and version by the store",
}
BOOKKEEPING = {"id", "version", "row_version", "updated_at", "updated_by", "created_at", "created_by", "frozen_at",
               "tokens_valid_after", "password_hash", "content", "payload", "submitted_by", "submitted_at",
               "decided_by", "decided_at", "completeness"}

VALID = {
    CountyBase: {"code": "511502", "name": "翠屏区", "name_en": "Cuiping"},
    PlatformBase: {"code": "511502-S1", "name": "某街道中心", "level": "street", "county_code": "511502"},
    PersonBase: {"platform_code": "511502-S1", "county_code": "511502", "name": "张三", "post": "协理员",
                 "source": "assistant", "establishment": "off", "employment": "full_time",
                 "recruitment": "open_selection", "joined_on": date(2020, 1, 1)},
    TrainingBase: {"person_id": 1, "county_code": "511502", "trained_on": date(2024, 1, 1), "hours_tenths": 75},
    ReviewBase: {"person_id": 1, "county_code": "511502", "year": 2024, "grade": "competent"},
    PayRecordBase: {"person_id": 1, "county_code": "511502", "year": 2024, "monthly_pay_fen": 250_000},
    FundingLineBase: {"county_code": "511502", "year": 2024, "category": "work_funds", "source": "county_budget",
                      "budgeted_fen": 100},
    PayBenchmarkBase: {"year": 2024, "monthly_fen": 250_000},
    SettingBase: {"key": "pay_balance_tolerance", "value": "1.2"},
    UserBase: {"username": "cuiping", "display_name": "翠屏区经办人", "role": "county_officer", "county_code": "511502"},
    StandardVersionBase: {"code": "yibin-2014", "version": 1, "name": "宜府办函〔2014〕282号"},
    PerformanceScoreBase: {"county_code": "511502", "year": 2024, "score_tenths": 875},
    NationalPilotBase: {"county_code": "511502", "year_won": 2016},
    RankingSnapshotBase: {"year": 2024, "frozen_by": "admin"},
    CountyYearBase: {"county_code": "511502", "year": 2024, "state": "submitted"},
    PlatformConfirmationBase: {"platform_code": "511502001000", "county_code": "511502", "year": 2025},
}


def _table_models() -> list[type]:
    return sorted({m.class_ for m in SQLModel._sa_registry.mappers}, key=lambda c: c.__tablename__)


def _record_of(model: type) -> type[Record] | None:
    return next((base for base in model.__mro__[1:] if base in VALID), None)


def _limits() -> list[tuple]:
    """(record, field, bad value, what it breaks) for every limit a table model's input fields declare."""
    cases = []
    for model in _table_models():
        record = _record_of(model)
        if record is None:
            continue
        for name, info in record.model_fields.items():
            for meta in info.metadata:
                for limit in ("max_length", "ge", "gt", "le"):
                    bound = getattr(meta, limit, None)
                    if bound is not None:
                        bad = "字" * (bound + 1) if limit == "max_length" else \
                            bound - 1 if limit == "ge" else bound if limit == "gt" else bound + 1
                        cases.append(pytest.param(record, name, bad, id=f"{record.__name__}.{name}.{limit}"))
    return cases


def test_every_table_model_takes_its_input_fields_from_a_record():
    for model in _table_models():
        if model.__tablename__ in APP_WRITTEN:
            continue
        record = _record_of(model)
        assert record is not None, f"{model.__name__} has no typed record in logic.records"
        for column in model.__table__.columns:
            if column.name in BOOKKEEPING:
                continue
            assert column.name in record.model_fields, f"{model.__name__}.{column.name} is not declared on {record}"
            if isinstance(column.type, String) and column.type.length:
                assert any(getattr(m, "max_length", None) == column.type.length
                           for m in record.model_fields[column.name].metadata), f"{column} width is not the record's"
            assert column.name in record.__labels__, f"{record.__name__}.{column.name} has no label for the reader"


def test_the_valid_samples_pass():
    for record, facts in VALID.items():
        assert errors_of(record, facts) == [], record


@pytest.mark.parametrize("record, field, bad", _limits())
def test_each_declared_limit_refuses_through_the_record_naming_the_field(record, field, bad):
    [error] = errors_of(record, {**VALID[record], field: bad})
    assert error.field == field
    label_zh, label_en = record.__labels__[field]
    assert label_zh in error.reason_zh and label_en in error.reason_en
    assert not any(word in error.reason_zh for word in ("Input", "should", "None"))  # pydantic's words never shown


@pytest.mark.parametrize("record, field", [(r, f) for r in VALID for f, i in r.model_fields.items()
                                           if any(hasattr(getattr(m, "func", None), "choice") for m in i.metadata)])
def test_a_code_outside_its_list_is_refused_with_the_allowed_labels(record, field):
    [error] = errors_of(record, {**VALID[record], field: "no_such_code"})
    assert error.field == field and "no_such_code" in error.reason_zh and "应为" in error.reason_zh


def test_a_too_long_text_says_how_long_it_may_be_and_is():
    [error] = errors_of(PlatformBase, {**VALID[PlatformBase], "name": "名" * 300})
    assert error.reason_zh == "名称最多 100 字,现有 300 字"


def test_money_limits_are_told_in_yuan():
    [error] = errors_of(FundingLineBase, {**VALID[FundingLineBase], "budgeted_fen": 100_000_000_001})
    assert error.reason_zh == "预算金额不能超过 1,000,000,000 元"


@pytest.mark.parametrize("value", [True, "12", None, float("nan"), float("inf")])
def test_a_number_field_takes_numbers_only(value):
    [error] = errors_of(PlatformBase, {**VALID[PlatformBase], "service_population": value})
    assert error.field == "service_population" and "数字" in error.reason_zh


def test_whole_numbers_come_back_typed_and_a_fraction_is_refused():
    facts, errors = typed(PlatformBase, {**VALID[PlatformBase], "staff_full_time": 3.0})
    assert errors == [] and facts["staff_full_time"] == 3 and isinstance(facts["staff_full_time"], int)
    [error] = errors_of(PlatformBase, {**VALID[PlatformBase], "staff_full_time": 2.5})
    assert error.reason_zh == "专职人数必须是整数"


def test_a_yes_no_flag_takes_yes_or_no_only():
    [error] = errors_of(PlatformBase, {**VALID[PlatformBase], "office": "yes"})
    assert error.field == "office" and "是" in error.reason_zh
