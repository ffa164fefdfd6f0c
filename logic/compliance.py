"""R-8.1..R-8.10: the eight-haves (八有) verdict of one platform, with a reason per item.

`evaluate(facts)` reads a plain dict keyed by SPEC's canonical names (the three sets as lists of codes)
and judges it against a `Standard` (R-8.11; the Yibin 2014 standard when none is given). Each failing item
says what is missing and against which threshold, in Chinese and English, so an officer knows what to fix.
"""
import math
from dataclasses import dataclass

from logic.codes import ITEMS, label, labels
from logic.staffing import requirement
from logic.standard import ColumnRule, Standard, yibin_2014


@dataclass(frozen=True)
class Finding:
    item: str  # one of ITEMS, or "demonstration" for findings
    ok: bool
    reason_zh: str
    reason_en: str

    def reason(self, lang: str = "zh") -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


@dataclass(frozen=True)
class Evaluation:
    compliant: bool
    demonstration_eligible: bool
    failed_items: frozenset[str]
    findings: tuple[Finding, ...]  # one per item, in ITEMS order
    demonstration_findings: tuple[Finding, ...]  # criteria beyond compliance
    standard_code: str
    standard_version: int
    standard_label: str


_DEFAULT = yibin_2014()


def evaluate(facts: dict, standard: Standard | None = None) -> Evaluation:
    std = standard or _DEFAULT
    rule = std.column_for(facts["level"])
    findings = tuple(_CHECKS[item](facts, rule, std) for item in ITEMS)
    failed = frozenset(f.item for f in findings if not f.ok)
    demo = _demonstration(facts, rule, std)
    eligible = not failed and all(f.ok for f in demo)
    return Evaluation(
        compliant=not failed, demonstration_eligible=eligible, failed_items=failed,
        findings=findings, demonstration_findings=tuple(demo),
        standard_code=std.code, standard_version=std.version, standard_label=std.label,
    )


def _fact(facts: dict, key: str):
    """A fact, with a blank cell (NaN, pandas' missing value) read as missing, as evaluate_frame reads it."""
    value = facts.get(key)
    return None if isinstance(value, float) and math.isnan(value) else value


def _need(facts, rule: ColumnRule, std: Standard):
    return requirement(rule.staff_rule, int(_fact(facts, "service_population") or 0),
                       partial_increment=std.partial_increment, params=std.staff_params())


def _ok(item: str, zh: str, en: str) -> Finding:
    return Finding(item, True, zh, en)


def _fail(item: str, zh: str, en: str) -> Finding:
    return Finding(item, False, zh, en)


def _signboard(facts, rule: ColumnRule, std) -> Finding:
    """R-8.1 有牌子: a sign reading "××街道(乡、镇)就业和社会保障服务中心" (or …服务站)."""
    text = (_fact(facts, "sign_text") or "").strip()
    if not _fact(facts, "sign_installed"):
        return _fail("signboard", f"未挂牌;应挂“××{rule.sign_suffix}”牌子",
                     f"no sign installed; it should read \"…{rule.sign_suffix}\"")
    if not text.endswith(rule.sign_suffix) or len(text) == len(rule.sign_suffix):
        return _fail("signboard", f"牌子文字“{text}”不规范,应为“××{rule.sign_suffix}”",
                     f"sign reads \"{text}\"; it should read \"<place>{rule.sign_suffix}\"")
    return _ok("signboard", f"已挂牌“{text}”", f"sign installed: \"{text}\"")


def _premises(facts, rule: ColumnRule, std) -> Finding:
    """R-8.2 有场地: area, windows, counter, information area, office or service seat."""
    area = float(_fact(facts, "area_m2") or 0)
    zh, en = [], []
    if area < rule.min_area_m2:
        zh.append(f"面积 {area:g} m² 低于 {rule.min_area_m2:g} m²")
        en.append(f"area {area:g} m² is below {rule.min_area_m2:g} m²")
    missing = rule.windows - set(_fact(facts, "windows") or ())
    if missing:
        zh.append("缺少窗口:" + labels("windows", missing, "zh"))
        en.append("missing windows: " + labels("windows", missing, "en", ", "))
    for key, needed, name_zh, name_en in (
        ("open_counter", rule.open_counter, "开放式服务柜台", "open service counter"),
        ("info_area", rule.info_area, "信息发布宣传区域", "information/publicity area"),
        ("office", rule.office, "办公室(争议调解室)", "office doubling as dispute mediation room"),
        ("service_seat", rule.service_seat, "服务专席", "dedicated service seat"),
    ):
        if needed and not _fact(facts, key):
            zh.append("缺少" + name_zh)
            en.append("no " + name_en)
    if zh:
        return _fail("premises", ";".join(zh), "; ".join(en))
    return _ok("premises", f"面积 {area:g} m² ≥ {rule.min_area_m2:g} m²,设施齐全",
               f"area {area:g} m² ≥ {rule.min_area_m2:g} m², all elements present")


def _staff(facts, rule: ColumnRule, std: Standard) -> Finding:
    """R-8.3 有工作人员, by R-STAFF-1..3."""
    full, part = int(_fact(facts, "staff_full_time") or 0), int(_fact(facts, "staff_part_time") or 0)
    need = _need(facts, rule, std)
    have_zh, have_en = f"现有 {full + part} 人(专职 {full} 人)", f"has {full + part} ({full} full-time)"
    need_zh = f"需 {need.total} 人" + (f"(其中专职至少 {need.min_full_time} 人)" if need.min_full_time else "")
    need_en = f"needs {need.total}" + (f" (at least {need.min_full_time} full-time)" if need.min_full_time else "")
    if full + part < need.total or full < need.min_full_time:
        # the rule followed in words (基本配备…): a reader's finding names no rule id
        rule_zh, rule_en = label("clause", need.clause, "zh"), label("clause", need.clause, "en")
        return _fail("staff", f"{need_zh},{have_zh}(按{rule_zh})", f"{need_en}, {have_en} ({rule_en})")
    return _ok("staff", f"{need_zh},{have_zh}", f"{need_en}, {have_en}")


def _set_item(item: str, fact_key: str, kind: str, name_zh: str, name_en: str):
    def check(facts, rule, std: Standard) -> Finding:
        required = std.equipment if fact_key == "equipment" else std.services
        missing = required - set(_fact(facts, fact_key) or ())
        if missing:
            return _fail(item, f"缺少{name_zh}:" + labels(kind, missing, "zh"),
                         f"missing {name_en}: " + labels(kind, missing, "en", ", "))
        return _ok(item, f"{name_zh}齐全({len(required)} 项)", f"all {len(required)} {name_en} present")
    return check


def _flag_item(item: str, key: str, zh_ok: str, en_ok: str, zh_bad: str, en_bad: str):
    def check(facts, rule, std) -> Finding:
        if _fact(facts, key):
            return _ok(item, zh_ok, en_ok)
        return _fail(item, zh_bad, en_bad)
    return check


_CHECKS = {
    "signboard": _signboard,
    "premises": _premises,
    "staff": _staff,
    "equipment": _set_item("equipment", "equipment", "equipment", "设施设备", "equipment"),
    "network": _flag_item("network", "network_connected", "已联接业务专网", "connected to the business network",
                          "未联接业务专网,不能网上办理业务", "not connected to the business private network"),
    "funds": _flag_item("funds", "work_funds_secured", "工作经费已落实", "work funds secured",
                        "日常办公、设备维护、网络运行经费未落实",
                        "no secured funds for office, maintenance and network costs"),
    "services": _set_item("services", "services", "services", "服务内容", "services"),
    "rules": _flag_item("rules", "rules_posted", "业务流程和工作制度已上墙或可查询",
                        "processes and rules posted or queryable",
                        "业务流程和工作制度未上墙公示或不可查询",
                        "business processes and work rules not posted or queryable"),
}


def _demonstration(facts, rule: ColumnRule, std: Standard) -> list[Finding]:
    """R-8.9 标准化示范平台: the criteria beyond compliance (area by the text, the rest by settings)."""
    if rule.demo_min_area_m2 is None:
        return [_fail("demonstration", f"{label('level', facts['level'])}不设示范平台",
                      f"no demonstration platforms at {facts['level']} level")]
    area = float(_fact(facts, "area_m2") or 0)
    out = [Finding("demonstration", area >= rule.demo_min_area_m2,
                   f"示范要求大厅面积 ≥ {rule.demo_min_area_m2:g} m²,现为 {area:g} m²",
                   f"demonstration needs a hall of ≥ {rule.demo_min_area_m2:g} m², has {area:g} m²")]
    out.append(_demo_full_time(facts, rule, std))
    missing = std.demo_extra_equipment - set(_fact(facts, "equipment") or ())
    if missing:
        out.append(_fail("demonstration", "示范要求设备更完善,缺少:" + labels("equipment", missing),
                         "demonstration needs more equipment, missing: " + labels("equipment", missing, "en", ", ")))
    return out


def _demo_full_time(facts, rule: ColumnRule, std: Standard) -> Finding:
    full = int(_fact(facts, "staff_full_time") or 0)
    if rule.demo_full_time == "all_required":
        need = _need(facts, rule, std).total
    else:
        need = 1 if rule.demo_full_time == "at_least_one" else 0
    return Finding("demonstration", full >= need,
                   f"示范要求专职人员至少 {need} 人,现有 {full} 人",
                   f"demonstration needs at least {need} full-time staff, has {full}")
