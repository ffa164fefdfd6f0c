"""R-STAFF-4 and R-PERS-1..4: who works on a platform, checked before saving (宜府办函〔2014〕282号 二、(一)3, 三、(三)).

"各级平台所需人员应通过调剂编制内人员、招聘劳动保障协理员、公益性岗位人员、“三支一扶”人员等方式解决" gives the
sources; "村服务站可由村干部兼任" adds the village cadre. Money is integer fen and training hours integer
tenths, so a sum is never off by a rounding. The flag rules (R-PERS-2..4) are in logic.people_flags.
"""
from datetime import date
from decimal import Decimal, InvalidOperation

from logic.errors import FieldError, too_long

# the codes, importable from here with the rules that use them
from logic.people_codes import (
    EMPLOYMENTS as EMPLOYMENTS,
    ESTABLISHMENTS as ESTABLISHMENTS,
    GRADES as GRADES,
    MAX_INCOME_FEN as MAX_INCOME_FEN,
    MAX_TRAINING_TENTHS as MAX_TRAINING_TENTHS,
    PEOPLE_LABELS as PEOPLE_LABELS,
    RECRUITMENTS as RECRUITMENTS,
    SOURCES as SOURCES,
)
from logic.people_flags import (  # noqa: F401 -- the flag rules, importable from here with the other people rules
    commend,
    dismiss_or_terminate,
    no_training_in,
    not_certified,
    not_openly_selected,
)
from logic.record_errors import errors_of
from logic.records import PersonBase, TrainingBase, max_length

# what a person's record says of them (the platform and county are the store's to check)
PERSON_FIELDS = tuple(f for f in PersonBase.model_fields if f not in ("platform_code", "county_code"))


def people_label(kind: str, code: str, lang: str = "zh") -> str:
    pair = PEOPLE_LABELS.get(kind, {}).get(code)
    return code if pair is None else pair[0 if lang == "zh" else 1]


def fen_from_yuan(value) -> int:
    """Yuan as typed ("2500", "2500.5", Decimal) to exact fen; more than two decimals is refused."""
    amount = _decimal(value) * 100
    if amount != amount.to_integral_value():
        raise ValueError(f"{value!r} has more than two decimals")
    return int(amount)


def hours_tenths(value) -> int:
    """Training hours as typed to exact tenths; more than one decimal is refused."""
    tenths = _decimal(value) * 10
    if tenths != tenths.to_integral_value():
        raise ValueError(f"{value!r} has more than one decimal")
    return int(tenths)


def _decimal(value) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return number


def on_staff_on(joined_on: date | None, left_on: date | None, day: date) -> bool:
    """The one rule for "on the staff on day D" (R-8.3 staff counts, the register of a past year's end, pay):
    joined by D (a record with no date joined counts as having joined), and not yet left — who leaves on D is
    gone that day. models.people.on_staff_clause is the same rule for the database."""
    return (joined_on is None or joined_on <= day) and (left_on is None or left_on > day)


def validate_person(facts: dict, *, today: date, review_years=(), left_on: date | None = None) -> list[FieldError]:
    """Everything wrong with one person's record; `review_years` are the years already graded."""
    errors = errors_of(PersonBase, facts, PERSON_FIELDS)
    if facts.get("source") == "reassigned" and facts.get("establishment") == "off":
        errors.append(FieldError("establishment", "编制内调剂人员应为编制内", "reassigned staff are in establishment"))
    if not _named(errors, "joined_on"):
        errors += _past_date(facts.get("joined_on"), "joined_on", "到岗日期", "date joined", today, required=True)
    errors += _certificate(facts, today, errors)
    return errors + _joined_fits(facts.get("joined_on"), review_years, left_on)


def _joined_fits(joined, review_years, left_on: date | None) -> list[FieldError]:
    """An edited joining date must still precede the person's reviews and their leaving."""
    if not isinstance(joined, date):
        return []
    if any(y < joined.year for y in review_years):
        return [FieldError("joined_on", f"已有 {min(review_years)} 年度考核,到岗日期不能晚于该年",
                           f"there is a review for {min(review_years)}: the person cannot have joined later")]
    if left_on is not None and joined > left_on:
        return [FieldError("joined_on", f"到岗日期晚于离岗日期 {left_on}", f"date joined is after leaving on {left_on}")]
    return []


def _text(facts, key, zh, en, max_len, required=True) -> list[FieldError]:
    value = facts.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return [FieldError(key, f"{zh}不能为空", f"{en} is required")] if required else []
    if not isinstance(value, str):
        return [FieldError(key, f"{zh}应为文字", f"{en} must be text")]
    if len(value.strip()) > max_len:
        return [too_long(key, zh, en, value.strip(), max_len)]
    return []


def _named(errors: list[FieldError], field: str) -> bool:
    return any(e.field == field for e in errors)


def _past_date(value, key, zh, en, today: date, *, required: bool) -> list[FieldError]:
    if value is None:
        return [FieldError(key, f"{zh}不能为空", f"{en} is required")] if required else []
    if not isinstance(value, date):
        return [FieldError(key, f"{zh}应为日期,现为“{value}”", f"{en} must be a date, got {value!r}")]
    if value > today:
        return [FieldError(key, f"{zh} {value} 晚于今天 {today}", f"{en} {value} is in the future (today is {today})")]
    return []


def _certificate(facts: dict, today: date, prior: list[FieldError]) -> list[FieldError]:
    """R-PERS-4 持证上岗: no certificate is allowed (it is flagged), but a date needs its number."""
    when, errors = facts.get("certificate_date"), []
    if not _named(prior, "certificate_date"):
        errors += _past_date(when, "certificate_date", "发证日期", "certificate date", today, required=False)
    if when is not None and not (facts.get("certificate_no") or "").strip():
        errors.append(FieldError("certificate_no", "填写了发证日期,证书编号不能为空",
                                 "a certificate date needs the certificate number"))
    return errors


def validate_leave(*, joined_on: date, left_on, reason, already_left: date | None, today: date) -> list[FieldError]:
    """Leaving keeps the person and their history; the date cannot precede joining or lie ahead."""
    if already_left is not None:
        return [FieldError("left_on", f"该人员已于 {already_left} 离岗", f"this person already left on {already_left}")]
    errors = _past_date(left_on, "left_on", "离岗日期", "leaving date", today, required=True)
    if not errors and left_on < joined_on:
        errors.append(FieldError("left_on", f"离岗日期 {left_on} 早于到岗日期 {joined_on}",
                                 f"leaving date {left_on} is before the date joined {joined_on}"))
    return errors + _text({"leave_reason": reason}, "leave_reason", "离岗原因", "reason for leaving",
                          max_length(PersonBase, "leave_reason"))


def validate_training(facts: dict, *, today: date) -> list[FieldError]:
    """R-PERS-4 定期开展技能培训: a training on a past date, of more than zero hours."""
    errors = _past_date(facts.get("trained_on"), "trained_on", "培训日期", "training date", today, required=True)
    errors += _text(facts, "topic", "培训内容", "topic", max_length(TrainingBase, "topic"), required=False)
    try:
        tenths = hours_tenths(facts.get("hours"))
    except ValueError:
        return [*errors, FieldError("hours", f"培训学时应为数字(最多一位小数),现为“{facts.get('hours')}”",
                                     f"hours must be a number with at most one decimal, got {facts.get('hours')!r}")]
    if tenths <= 0:
        errors.append(FieldError("hours", "培训学时必须大于 0", "training hours must be more than 0"))
    elif tenths > MAX_TRAINING_TENTHS:  # the record's limit (logic.records.TrainingBase), told in hours
        errors.append(FieldError("hours", f"培训学时不能超过 {MAX_TRAINING_TENTHS // 10}",
                                 f"training hours must not exceed {MAX_TRAINING_TENTHS // 10}"))
    return errors


def grade_errors(grade) -> list[FieldError]:
    if grade in GRADES:
        return []
    return [FieldError("grade", f"考核等次“{grade}”无效,应为:优秀、称职、基本称职、不称职",
                       f"grade {grade!r} is not one of {', '.join(GRADES)}")]


def validate_review(year, grade, *, joined_on: date, left_on: date | None, graded_years,
                    today: date) -> list[FieldError]:
    """R-PERS-2: one grade per person per year, for a year the person was on the staff and that has begun."""
    errors = grade_errors(grade)
    if isinstance(year, bool) or not isinstance(year, int):
        return [*errors, FieldError("year", f"考核年度应为整数,现为“{year}”", f"year must be a whole number, got {year!r}")]
    if year in graded_years:
        errors.append(FieldError("year", f"{year} 年度已有考核等次", f"there is already a grade for {year}"))
    if year < joined_on.year:
        errors.append(FieldError("year", f"{year} 年度早于到岗日期 {joined_on}",
                                 f"{year} is before the date joined {joined_on}"))
    if year > today.year or (left_on is not None and year > left_on.year):
        errors.append(FieldError("year", f"{year} 年度不在在岗期间", f"{year} is after the person's time on the staff"))
    return errors
