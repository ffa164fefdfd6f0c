"""Checks a platform's facts before anything is written (SPEC "Platform facts", R-ORG-1..4).

Pure: the caller passes what it knows of the store (is the code taken, who is the parent), so the same
checks serve the form, the editable table and the importer.
"""
from dataclasses import dataclass
from numbers import Number

from logic.codes import CHILD_LEVELS, EQUIPMENT, LEVELS, PARENT_LEVELS, SERVICES, SITINGS, VILLAGE_KINDS, WINDOWS, label
from logic.errors import FieldError, too_long
from logic.platform_code import code_errors

MAX_POPULATION = 10_000_000
MAX_AREA_M2 = 100_000
MAX_STAFF = 1_000
MAX_SIGN_TEXT = 100  # the store's column width: longer text would fail on PostgreSQL and pass on SQLite
FLAGS = ("sign_installed", "open_counter", "info_area", "office", "service_seat", "network_connected",
         "work_funds_secured", "rules_posted")


@dataclass(frozen=True)
class ParentInfo:
    code: str
    level: str
    county_code: str


def validate_platform(facts: dict, *, code_taken: bool, parent: ParentInfo | None, known_counties: set[str],
                      children_counties: set[str] = frozenset(), new: bool = False) -> list[FieldError]:
    """All the problems of `facts`; `children_counties` are the counties of the platforms under it. `new`: the code
    is being given now (create, import add), so it must have the shape logic.platform_code sets; a stored code is
    never changed by an edit and is kept as it is, so rows coded before that rule stay editable."""
    errors: list[FieldError] = []
    errors += _required_text(facts, "code", "编码", "code", 32)
    if new and not errors:
        county = facts.get("county_code") if facts.get("county_code") in known_counties else None  # else it speaks
        errors += code_errors(facts.get("code"), level=facts.get("level"), county_code=county,
                              parent_code=facts.get("parent_code"), known_counties=known_counties)
    errors += _required_text(facts, "name", "名称", "name", 100)
    if code_taken:
        errors.append(FieldError("code", f"编码 {facts.get('code')} 已存在", f"code {facts.get('code')} is already used"))
    errors += _choice(facts, "level", LEVELS, "层级", "level")
    errors += _choice(facts, "village_kind", VILLAGE_KINDS, "村类型", "village kind")
    errors += _choice(facts, "siting", SITINGS, "建设方式", "siting")
    if facts.get("county_code") not in known_counties:
        errors.append(FieldError("county_code", f"未知的县(区):{facts.get('county_code')}",
                                 f"unknown county: {facts.get('county_code')}"))
    errors += _number(facts, "service_population", "服务对象人数", "service population", MAX_POPULATION, whole=True)
    errors += _number(facts, "area_m2", "专有场所面积", "area", MAX_AREA_M2, whole=False)
    errors += _number(facts, "staff_full_time", "专职人数", "full-time staff", MAX_STAFF, whole=True)
    errors += _number(facts, "staff_part_time", "兼职人数", "part-time staff", MAX_STAFF, whole=True)
    for key, allowed, zh in (("windows", WINDOWS, "服务窗口"), ("equipment", EQUIPMENT, "设施设备"),
                             ("services", SERVICES, "服务内容"), ("services_online", SERVICES, "网上办理的服务")):
        errors += _code_set(facts, key, allowed, zh)
    errors += [FieldError(k, f"应为“是”或“否”,现为“{facts[k]}”", f"{k} must be yes or no, got {facts[k]!r}")
               for k in FLAGS if k in facts and not isinstance(facts[k], bool)]
    sign_text = facts.get("sign_text")
    if sign_text is not None and not isinstance(sign_text, str):
        errors.append(FieldError("sign_text", "牌子文字应为文字", "sign text must be text"))
    elif sign_text is not None and len(sign_text) > MAX_SIGN_TEXT:
        errors.append(too_long("sign_text", "牌子文字", "sign text", sign_text, MAX_SIGN_TEXT))
    errors += _parent(facts, parent)
    if children_counties and facts.get("level") not in PARENT_LEVELS:
        errors.append(FieldError("level", "该平台下还有社区、村平台,只能是街道或乡(镇)",
                                 "community or village platforms answer to this one: it must stay a street or township"))
    if children_counties - {facts.get("county_code")}:
        errors.append(FieldError("county_code", "该平台下的社区、村平台属于原县(区),不能改变县(区)",
                                 "the platforms under this one belong to its county: the county cannot change"))
    if facts.get("village_kind", "none") != "none" and facts.get("level") != "village":
        errors.append(FieldError("village_kind", "只有行政村可以标为中心村或农村社区",
                                 "only a village can be a central village or rural community"))
    return errors


def _required_text(facts, key, zh, en, max_len) -> list[FieldError]:
    value = facts.get(key)
    if not isinstance(value, str) or not value.strip():
        return [FieldError(key, f"{zh}不能为空", f"{en} is required")]
    if len(value) > max_len:
        return [too_long(key, zh, en, value, max_len)]
    return []


def _choice(facts, key, allowed, zh, en) -> list[FieldError]:
    value = facts.get(key)
    if value not in allowed:
        return [FieldError(key, f"{zh}“{value}”无效,应为:{'、'.join(allowed)}",
                           f"{en} {value!r} is not one of {', '.join(allowed)}")]
    return []


def _number(facts, key, zh, en, maximum, *, whole: bool) -> list[FieldError]:
    value = facts.get(key)
    if isinstance(value, bool) or not isinstance(value, Number) or value != value:
        return [FieldError(key, f"{zh}必须是数字,现为“{value}”", f"{en} must be a number, got {value!r}")]
    if value < 0:
        return [FieldError(key, f"{zh}不能为负数", f"{en} must not be negative")]
    if value > maximum:
        return [FieldError(key, f"{zh}不能超过 {maximum:,}", f"{en} must not exceed {maximum:,}")]
    if whole and int(value) != value:  # after the range checks: int() of an infinity raises
        return [FieldError(key, f"{zh}必须是整数", f"{en} must be a whole number")]
    return []


def _code_set(facts, key, allowed, zh) -> list[FieldError]:
    value = facts.get(key) or []
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return [FieldError(key, f"{zh}应为代码列表", f"{key} must be a list of codes")]
    unknown = sorted(str(v) for v in value if v not in allowed)
    if unknown:
        return [FieldError(key, f"{zh}含未知代码:{', '.join(unknown)}",
                           f"{key} has unknown code(s): {', '.join(unknown)}")]
    return []


def _parent(facts, parent: ParentInfo | None) -> list[FieldError]:
    """R-ORG-3: community and village stations answer to a street/township centre of the same county."""
    level, parent_code = facts.get("level"), (facts.get("parent_code") or "").strip()
    if level not in CHILD_LEVELS:
        if parent_code:
            return [FieldError("parent_code", f"{label('level', level)}不应有上级平台",
                               f"a {level} platform has no parent")]
        return []
    if not parent_code:
        return [FieldError("parent_code", "社区、村平台必须选择所属街道或乡(镇)",
                           "a community or village platform needs its street/township parent")]
    if parent is None:
        return [FieldError("parent_code", f"上级平台 {parent_code} 不存在", f"parent {parent_code} does not exist")]
    if parent.level not in PARENT_LEVELS:
        return [FieldError("parent_code", f"上级平台 {parent_code} 是{label('level', parent.level)},应为街道或乡(镇)",
                           f"parent {parent_code} is a {parent.level}, not a street or township")]
    if parent.county_code != facts.get("county_code"):
        return [FieldError("parent_code", f"上级平台 {parent_code} 属于其他县(区)",
                           f"parent {parent_code} belongs to another county")]
    return []
