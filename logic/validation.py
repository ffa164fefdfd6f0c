"""Checks a platform's facts before anything is written (SPEC "Platform facts", R-ORG-1..4).

Pure: the caller passes what it knows of the store (is the code taken, who is the parent), so the same
checks serve the form, the editable table and the importer.
"""
from dataclasses import dataclass

from logic.codes import CHILD_LEVELS, PARENT_LEVELS, label
from logic.errors import FieldError
from logic.platform_code import code_errors
from logic.record_errors import errors_of
from logic.records import PlatformBase


@dataclass(frozen=True)
class ParentInfo:
    code: str
    level: str
    county_code: str


def validate_platform(facts: dict, *, code_taken: bool, parent: ParentInfo | None, known_counties: set[str],
                      children_counties: set[str] = frozenset(), new: bool = False) -> list[FieldError]:
    """All the problems of `facts`; `children_counties` are the counties of the platforms under it. Each field's
    own limits are the record's (logic.records.PlatformBase); the rules between fields and records are here.
    `new`: the code is being given now (create, import add), so it must have the shape logic.platform_code sets;
    a stored code is never changed by an edit and is kept as it is, so rows coded before that rule stay editable."""
    errors = errors_of(PlatformBase, facts)
    if new and not _named(errors, "code"):
        county = facts.get("county_code") if facts.get("county_code") in known_counties else None  # else it speaks
        errors[:0] = code_errors(facts.get("code"), level=facts.get("level"), county_code=county,
                                 parent_code=facts.get("parent_code"), known_counties=known_counties)
    if code_taken:
        errors.append(FieldError("code", f"编码 {facts.get('code')} 已存在", f"code {facts.get('code')} is already used"))
    if facts.get("county_code") not in known_counties and not _named(errors, "county_code"):
        errors.append(FieldError("county_code", f"未知的县(区):{facts.get('county_code')}",
                                 f"unknown county: {facts.get('county_code')}"))
    if not _named(errors, "parent_code"):
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


def _named(errors: list[FieldError], field: str) -> bool:
    return any(e.field == field for e in errors)


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
