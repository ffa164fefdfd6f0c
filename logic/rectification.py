"""A county's rectification list (整改清单, issue 18): what each platform must fix before the next inspection,
with the reason in the officer's words and the clause of 宜府办函〔2014〕282号 it answers to.

Four kinds of item, each from the rule that finds it:
- the eight haves (R-8.1..8.8) a platform fails in the standard in force, with compliance.evaluate's reasons;
  the staff item is listed as a staffing shortfall instead (R-STAFF-1..3, logic.staffing_gap), with the
  required and actual figures, so a platform is not told the same thing twice;
- off-establishment pay below the benchmark (R-FUND-3) or out of balance within a street/township (R-FUND-4),
  from logic.pay_checks;
- people flagged by R-PERS-3 (incompetent two years running) and R-PERS-4 (no certificate, no training in the
  year), from logic.people_flags.
Items are grouped by the street/township the platform rolls up into (R-ORG-3); county platforms come first.
Pure: plain frames in, plain rows out; the words are chosen by `lang`.
"""
from dataclasses import dataclass

import pandas as pd

from logic.codes import ITEMS, label
from logic.compliance import evaluate
from logic.staffing_gap import staffing_gap, township_of
from logic.standard import Standard

KINDS = ("eight_haves", "staffing", "pay", "people")
KIND_LABELS = {"eight_haves": ("“八有”不达标", "Eight haves not met"), "staffing": ("人员配备不足", "Staff short"),
               "pay": ("编外人员待遇", "Off-establishment pay"), "people": ("人员管理", "Staff management")}
DOCUMENT = ("宜府办函〔2014〕282号", "Yi Fu Ban Han [2014] No. 282")
CLAUSES = {  # where in the document each kind of item comes from
    "eight_haves": ("二、(一)“八有”第{n}项({item})", "II.(1), eight haves item {n} ({item})"),
    "staffing": ("二、(一)3 人员配备({rule})", "II.(1)3, staffing ({rule})"),
    "pay_below": ("三、(二)2 不低于大学生村官收入标准", "III.(2)2, not below the village-official pay"),
    "pay_balance": ("三、(二)2 同一街道、乡(镇)待遇大体平衡", "III.(2)2, pay broadly balanced within a street/township"),
    "dismiss": ("三、(三)连续两年考核不称职的予以辞退或解除合同", "III.(3), two years incompetent: dismissal"),
    "certificate": ("三、(三)推行持证上岗制度", "III.(3), certified to work"),
    "training": ("三、(三)定期开展技能培训", "III.(3), regular skills training"),
}


@dataclass(frozen=True)
class Item:
    township_code: str  # "" for a county platform
    platform_code: str
    kind: str  # one of KINDS
    problem: str  # the reason, in the reader's words
    clause: str


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def clause(key: str, lang: str, **fmt) -> str:
    sep = " " if lang == "zh" else ", "
    return _pick(DOCUMENT, lang) + sep + _pick(CLAUSES[key], lang).format(**fmt)


def yuan(fen: int) -> str:
    return f"{int(fen) // 100:,}.{int(fen) % 100:02d}"


def eight_haves_items(register: pd.DataFrame, standard: Standard, lang: str) -> list[Item]:
    """Every failing item but staff (listed by staffing_items) of every platform that is not compliant."""
    failing = register[~register["compliant"].astype(bool)]
    towns = township_of(failing) if len(failing) else pd.Series(dtype=object)
    out = []
    for index, facts in failing.iterrows():
        for finding in evaluate(facts.to_dict(), standard).findings:
            if finding.ok or finding.item == "staff":
                continue
            n = ITEMS.index(finding.item) + 1
            out.append(Item(towns.get(index) or "", facts["code"], "eight_haves", finding.reason(lang),
                            clause("eight_haves", lang, n=n, item=label("item", finding.item, lang))))
    return out


def staffing_items(register: pd.DataFrame, standard: Standard, lang: str) -> list[Item]:
    """R-STAFF: platforms short of staff in total or of full-time staff, on the register's (roster) counts."""
    if register.empty:
        return []
    gap = staffing_gap(register, standard=standard)
    short = gap[(gap["status"] == "shortage") | gap["full_time_short"]]
    out = []
    for row in short.itertuples(index=False):
        if lang == "zh":
            text = f"需 {row.required} 人(专职至少 {row.required_full_time} 人),现有 {row.actual} 人(专职 {row.full_time} 人)"
        else:
            text = (f"needs {row.required} (at least {row.required_full_time} full-time), has {row.actual} "
                    f"({row.full_time} full-time)")
        out.append(Item(row.township_code or "", row.code, "staffing", text,
                        clause("staffing", lang, rule=label("clause", row.clause, lang))))
    return out


def pay_items(below: pd.DataFrame, imbalance: pd.DataFrame, township_of_platform: dict[str, str],
              lang: str) -> list[Item]:
    """R-FUND-3 per person below the benchmark; R-FUND-4 per street/township out of balance (on its centre)."""
    out = []
    for row in below.itertuples(index=False):
        text = (f"编外人员{row.name}月均收入 {yuan(row.monthly_pay_fen)} 元,低于标准 {yuan(row.benchmark_fen)} 元,"
                f"差 {yuan(row.shortfall_fen)} 元" if lang == "zh" else
                f"off-establishment {row.name} is paid {yuan(row.monthly_pay_fen)} yuan a month, below the "
                f"benchmark of {yuan(row.benchmark_fen)} by {yuan(row.shortfall_fen)}")
        out.append(Item(township_of_platform.get(row.platform_code, ""), row.platform_code, "pay", text,
                        clause("pay_below", lang)))
    for row in imbalance.itertuples(index=False):
        text = (f"编外人员待遇不平衡:最高 {row.highest_name} {yuan(row.highest_fen)} 元,最低 {row.lowest_name} "
                f"{yuan(row.lowest_fen)} 元,相差 {row.ratio} 倍,超过 {row.tolerance} 倍" if lang == "zh" else
                f"off-establishment pay out of balance: highest {row.highest_name} {yuan(row.highest_fen)}, lowest "
                f"{row.lowest_name} {yuan(row.lowest_fen)} yuan, {row.ratio} times, above {row.tolerance}")
        out.append(Item(row.centre_code, row.centre_code, "pay", text, clause("pay_balance", lang)))
    return out


def people_items(flags: dict[str, pd.DataFrame], township_of_platform: dict[str, str], lang: str) -> list[Item]:
    """R-PERS-3 (dismiss_or_terminate) and R-PERS-4 (not_certified, no_training) from models.people_frames."""
    out = []
    for row in flags.get("dismiss_or_terminate", pd.DataFrame()).itertuples(index=False):
        text = (f"{row.name} {row.first_year}、{row.last_year} 年连续两年考核不称职,应予辞退或解除合同" if lang == "zh"
                else f"{row.name} graded incompetent in {row.first_year} and {row.last_year}: dismissal due")
        out.append(Item(township_of_platform.get(row.platform_code, ""), row.platform_code, "people", text,
                        clause("dismiss", lang)))
    for row in flags.get("not_certified", pd.DataFrame()).itertuples(index=False):
        text = f"{row.name}未持证上岗" if lang == "zh" else f"{row.name} works without a certificate"
        out.append(Item(township_of_platform.get(row.platform_code, ""), row.platform_code, "people", text,
                        clause("certificate", lang)))
    for row in flags.get("no_training", pd.DataFrame()).itertuples(index=False):
        text = (f"{row.name} {row.year} 年未参加技能培训" if lang == "zh"
                else f"{row.name} had no skills training in {row.year}")
        out.append(Item(township_of_platform.get(row.platform_code, ""), row.platform_code, "people", text,
                        clause("training", lang)))
    return out


def in_order(items: list[Item], township_order: list[str], platform_order: list[str]) -> list[Item]:
    """County platforms first, then street by street in the register's order; within one, platform by platform
    in the register's order and the kinds in KINDS order (a sort is stable: a platform's items keep theirs)."""
    town_rank = {code: n for n, code in enumerate(["", *township_order])}
    platform_rank = {code: n for n, code in enumerate(platform_order)}
    return sorted(items, key=lambda i: (town_rank.get(i.township_code, len(town_rank)),
                                        platform_rank.get(i.platform_code, len(platform_rank)), KINDS.index(i.kind)))
