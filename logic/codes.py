"""The canonical codes of SPEC's "Platform facts" table, with their Chinese and English labels.

One place for every code the store, the rules, the templates and the screens share, so a label
never drifts between a verdict's reason and the form that fixes it.
"""

LEVELS = ("county", "street", "township", "community", "village")  # R-ORG-1, top down
PARENT_LEVELS = ("street", "township")  # R-ORG-3: community/village stations answer to these
CHILD_LEVELS = ("community", "village")
VILLAGE_KINDS = ("none", "central_village", "rural_community")
SITINGS = ("convenience_centre", "residents_committee", "village_committee", "standalone")
WINDOWS = ("employment", "social_medical", "resident_insurance", "social_insurance")
EQUIPMENT = (
    "desks_chairs", "file_cabinets", "service_counter", "waiting_chairs", "computer",
    "printer", "copier_fax", "telephone", "display_board",
)
SERVICES = (
    "employment", "talent", "social_insurance", "ss_card", "labour_inspection",
    "dispute_mediation", "contract_filing", "statistics",
)
ITEMS = ("signboard", "premises", "staff", "equipment", "network", "funds", "services", "rules")

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "level": {
        "county": ("县(区)", "County/district"),
        "street": ("街道", "Street"),
        "township": ("乡(镇)", "Township"),
        "community": ("城镇社区", "Urban community"),
        "village": ("行政村", "Village"),
    },
    "village_kind": {
        "none": ("一般村", "Ordinary"),
        "central_village": ("中心村", "Central village"),
        "rural_community": ("农村社区", "Rural community"),
    },
    "siting": {
        "convenience_centre": ("进入便民服务中心", "In the convenience service centre"),
        "residents_committee": ("进入社区居委会服务场所", "In the residents' committee premises"),
        "village_committee": ("进入村委会办公场所", "In the village committee office"),
        "standalone": ("单独建设", "Standalone"),
    },
    "windows": {
        "employment": ("就业创业", "Employment & entrepreneurship"),
        "social_medical": ("社保医保", "Social & medical insurance"),
        "resident_insurance": ("城乡居保", "Urban-rural residents' pension"),
        "social_insurance": ("社会保险", "Social insurance"),
    },
    "equipment": {
        "desks_chairs": ("办公桌椅", "Desks and chairs"),
        "file_cabinets": ("文件柜", "File cabinets"),
        "service_counter": ("服务柜台", "Service counter"),
        "waiting_chairs": ("等待椅", "Waiting chairs"),
        "computer": ("电脑", "Computer"),
        "printer": ("打印机", "Printer"),
        "copier_fax": ("复印/传真机", "Copier/fax"),
        "telephone": ("电话", "Telephone"),
        "display_board": ("电子显示屏或公告信息栏", "Electronic display or notice board"),
    },
    "services": {
        "employment": ("就业服务", "Employment services"),
        "talent": ("人才服务", "Talent services"),
        "social_insurance": ("社保经办", "Social-insurance handling"),
        "ss_card": ("社会保障卡服务", "Social-security-card services"),
        "labour_inspection": ("劳动监察", "Labour inspection"),
        "dispute_mediation": ("劳动人事争议调解", "Labour and personnel dispute mediation"),
        "contract_filing": ("劳动合同签订备案", "Labour-contract filing"),
        "statistics": ("统计调查", "Statistical surveys"),
    },
    "item": {
        "signboard": ("有牌子", "Signboard"),
        "premises": ("有场地", "Premises"),
        "staff": ("有工作人员", "Staff"),
        "equipment": ("有统一设施设备", "Equipment"),
        "network": ("有畅通网络", "Network"),
        "funds": ("有统一工作经费", "Work funds"),
        "services": ("有统一服务内容", "Services"),
        "rules": ("有管理规范", "Management rules"),
    },
    "clause": {  # the staffing rule a required figure follows (R-STAFF-1..3), as a reader names it
        "R-STAFF-1": ("基本配备", "Base staffing"),
        "R-STAFF-2": ("按服务人口增配", "Added by people served"),
        "R-STAFF-3": ("社区、村配备", "Community or village staffing"),
    },
}


def label(kind: str, code: str, lang: str = "zh") -> str:
    """The label of one code; an unknown code shows as itself so nothing is hidden."""
    pair = LABELS.get(kind, {}).get(code)
    if pair is None:
        return code
    return pair[0] if lang == "zh" else pair[1]


def labels(kind: str, codes, lang: str = "zh", sep: str = "、") -> str:
    """Labels of several codes joined in the canonical order of their kind."""
    order = list(LABELS.get(kind, {}))
    ordered = sorted(codes, key=lambda c: order.index(c) if c in order else len(order))
    return sep.join(label(kind, c, lang) for c in ordered)
