"""One place where pydantic's findings on a record (logic.records) become what a reader is told: the field's
label and a reason, in Chinese and English, never pydantic's English or a field's internal name."""
from pydantic import ValidationError

from logic.approval import STATE_LABELS
from logic.codes import LABELS
from logic.errors import FieldError, too_long
from logic.funding_codes import FUNDING_LABELS
from logic.people_codes import PEOPLE_LABELS
from logic.records import Record

_CODE_LABELS = {**LABELS, **FUNDING_LABELS, **PEOPLE_LABELS, "state": STATE_LABELS}
_ROLE_LABELS = {"city_admin": "市局管理员", "county_officer": "县(区)经办人员", "viewer": "只读用户"}


def typed(model: type[Record], facts: dict) -> tuple[dict, list[FieldError]]:
    """`facts` as `model` types them (what is stored: "12" is read as 12), or every field's problem in words."""
    try:
        return model.model_validate(facts).model_dump(), []
    except ValidationError as failed:
        return {}, field_errors(model, failed)


def errors_of(model: type[Record], facts: dict, fields=None) -> list[FieldError]:
    """The problems of `facts`' fields; of `fields` only when given (a rule that checks part of a record)."""
    errors = typed(model, facts)[1]
    return errors if fields is None else [e for e in errors if e.field in fields]


def field_errors(model: type[Record], failed: ValidationError) -> list[FieldError]:
    out, seen = [], set()
    for error in failed.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else ""
        if field in seen:  # one reason a field: the first is what to fix first
            continue
        seen.add(field)
        zh, en = model.__labels__.get(field, (field, field))
        out.append(_reason(field, zh, en, _as_choice(model, field, error)))
    return out


def _as_choice(model: type[Record], field: str, error: dict) -> dict:
    """A code field's length is checked before its list: a long wrong code is told as a wrong code."""
    if error["type"] != "string_too_long" or field not in model.model_fields:
        return error
    for meta in model.model_fields[field].metadata:
        choice = getattr(getattr(meta, "func", None), "choice", None)
        if choice:
            return {**error, "type": "not_one_of", "ctx": {"kind": choice[0], "allowed": choice[1]}}
    return error


def _reason(field: str, zh: str, en: str, error: dict) -> FieldError:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in ("missing", "blank", "string_too_short") or (value is None and kind.endswith("_type")):
        return FieldError(field, f"{zh}不能为空", f"{en} is required")
    if kind == "string_too_long":
        return too_long(field, zh, en, str(value), ctx["max_length"])
    if kind == "not_one_of":
        names = "、".join(_label(ctx["kind"], code) for code in ctx["allowed"])
        return FieldError(field, f"{zh}“{_shown(value)}”无效,应为:{names}",
                          f"{en} {value!r} is not one of {', '.join(ctx['allowed'])}")
    if kind == "unknown_codes":
        return FieldError(field, f"{zh}含未知项:{'、'.join(map(str, ctx['unknown']))}",
                          f"{en} has unknown code(s): {', '.join(map(str, ctx['unknown']))}")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than", "finite_number",
                "int_from_float"):
        return _range(field, zh, en, kind, ctx)
    if kind.startswith(("int_", "float_", "not_a_number")):
        return FieldError(field, f"{zh}必须是数字,现为“{_shown(value)}”", f"{en} must be a number, got {value!r}")
    if kind.startswith("bool_"):
        return FieldError(field, f"{zh}应为“是”或“否”,现为“{_shown(value)}”", f"{en} must be yes or no, got {value!r}")
    if kind.startswith(("date_", "datetime_")):
        return FieldError(field, f"{zh}应为日期,如 2024-03-01,现为“{_shown(value)}”",
                          f"{en} must be a date such as 2024-03-01, got {value!r}")
    if kind.startswith("list_"):
        return FieldError(field, f"{zh}应为若干项的列表", f"{en} must be a list")
    if kind.startswith("string_"):
        return FieldError(field, f"{zh}应为文字", f"{en} must be text")
    return FieldError(field, f"{zh}无效", f"{en} is not valid")


def _range(field: str, zh: str, en: str, kind: str, ctx: dict) -> FieldError:
    if kind == "int_from_float":
        return FieldError(field, f"{zh}必须是整数", f"{en} must be a whole number")
    if kind == "finite_number":
        return FieldError(field, f"{zh}必须是数字", f"{en} must be a number")
    if kind == "greater_than_equal" and ctx["ge"] == 0:
        return FieldError(field, f"{zh}不能为负数", f"{en} must not be negative")
    if kind == "greater_than_equal":
        return FieldError(field, f"{zh}不能小于 {_num(ctx['ge'])}", f"{en} must be at least {_num(ctx['ge'])}")
    if kind == "greater_than":
        return FieldError(field, f"{zh}必须大于 {_num(ctx['gt'])}", f"{en} must be more than {_num(ctx['gt'])}")
    bound = ctx.get("le", ctx.get("lt"))
    if field.endswith("_fen"):  # money is kept in fen and typed in yuan: the limit is told in yuan
        return FieldError(field, f"{zh}不能超过 {_num(bound // 100)} 元", f"{en} must not exceed {_num(bound // 100)} yuan")
    return FieldError(field, f"{zh}不能超过 {_num(bound)}", f"{en} must not exceed {_num(bound)}")


def _label(kind: str, code: str) -> str:
    if kind == "role":
        return _ROLE_LABELS.get(code, code)
    pair = _CODE_LABELS.get(kind, {}).get(code)
    return pair[0] if pair else code


def _shown(value) -> str:
    return "" if value is None else str(value)


def _num(value) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
