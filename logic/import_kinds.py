"""The import kinds: for platforms, people, annual reviews and funding lines, the columns of the
template in SPEC's canonical names, with the Chinese header the officer sees and how each cell is read.

Platform columns are SPEC's "Platform facts" table; a person is matched by the roster id the app gives it
(blank: a new person), a review by person id and year, a funding line by its id (blank: a new line).
"""
from dataclasses import dataclass

from logic import funding as fund, people as ppl
from logic.codes import EQUIPMENT, LABELS, LEVELS, SERVICES, SITINGS, VILLAGE_KINDS, WINDOWS
from logic.import_types import Column


@dataclass(frozen=True)
class Kind:
    name: str
    zh: str
    en: str
    columns: tuple
    key: tuple  # the columns that match a row to a stored one

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _c(key, zh, en, kind="text", kinds=None, codes=(), required=False):
    return Column(key, zh, en, kind, tuple(codes), dict(kinds or {}), required)


PLATFORM = Kind("platforms", "平台", "Platforms", (
    _c("code", "平台编码", "Platform code", required=True),
    _c("name", "平台名称", "Platform name"),
    _c("level", "层级", "Level", "choice", LABELS["level"], LEVELS),
    _c("county_code", "县(区)代码", "County code"),
    _c("parent_code", "所属街道/乡(镇)编码", "Parent street/township code"),
    _c("village_kind", "村类型", "Village kind", "choice", LABELS["village_kind"], VILLAGE_KINDS),
    _c("siting", "建设方式", "Siting", "choice", LABELS["siting"], SITINGS),
    _c("service_population", "服务对象人数", "People served", "int"),
    _c("sign_installed", "已挂牌", "Sign installed", "bool"),
    _c("sign_text", "牌子文字", "Words on the sign"),
    _c("area_m2", "专有场所面积(m²)", "Dedicated area (m2)", "number"),
    _c("windows", "服务窗口", "Service windows", "codes", LABELS["windows"], WINDOWS),
    _c("open_counter", "开放式服务柜台", "Open service counter", "bool"),
    _c("info_area", "信息发布宣传区域", "Information area", "bool"),
    _c("office", "办公室(争议调解室)", "Office / mediation room", "bool"),
    _c("service_seat", "服务专席", "Service seat", "bool"),
    _c("staff_full_time", "专职人员数", "Full-time staff", "int"),
    _c("staff_part_time", "兼职人员数", "Part-time staff", "int"),
    _c("equipment", "设施设备", "Equipment", "codes", LABELS["equipment"], EQUIPMENT),
    _c("network_connected", "已联接业务专网", "Network connected", "bool"),
    _c("work_funds_secured", "工作经费已落实", "Work funds secured", "bool"),
    _c("services", "服务内容", "Services", "codes", LABELS["services"], SERVICES),
    _c("services_online", "网上办理的服务", "Services online", "codes", LABELS["services"], SERVICES),
    _c("rules_posted", "管理规范已公示", "Rules posted", "bool"),
), ("code",))

PL = ppl.PEOPLE_LABELS
PEOPLE = Kind("people", "人员", "People", (
    _c("id", "人员编号(新增留空)", "Person id (blank: new)", "int", required=True),
    _c("platform_code", "平台编码", "Platform code"),
    _c("name", "姓名", "Name"),
    _c("post", "岗位", "Post"),
    _c("source", "人员来源", "Source", "choice", PL["source"], ppl.SOURCES),
    _c("establishment", "编制", "Establishment", "choice", PL["establishment"], ppl.ESTABLISHMENTS),
    _c("employment", "专兼职", "Employment", "choice", PL["employment"], ppl.EMPLOYMENTS),
    _c("recruitment", "聘用方式", "Recruitment", "choice", PL["recruitment"], ppl.RECRUITMENTS),
    _c("certificate_no", "证书编号", "Certificate number"),
    _c("certificate_date", "发证日期", "Certificate date", "date"),
    _c("monthly_income", "月收入(元)", "Monthly income (yuan)", "text"),
    _c("joined_on", "到岗日期", "Date joined", "date"),
), ("id",))

REVIEWS = Kind("reviews", "年度考核", "Annual reviews", (
    _c("person_id", "人员编号", "Person id", "int", required=True),
    _c("name", "姓名(仅供核对)", "Name (for checking only)"),
    _c("year", "考核年度", "Year", "int", required=True),
    _c("grade", "考核等次", "Grade", "choice", PL["grade"], ppl.GRADES, required=True),
), ("person_id", "year"))

FL = fund.FUNDING_LABELS
FUNDING = Kind("funding", "经费台账", "Funding lines", (
    _c("id", "台账编号(新增留空)", "Line id (blank: new)", "int", required=True),
    _c("county_code", "县(区)代码", "County code"),
    _c("year", "年度", "Year", "int"),
    _c("platform_code", "平台编码", "Platform code"),
    _c("category", "经费类别", "Category", "choice", FL["category"], fund.CATEGORIES),
    _c("source", "资金来源", "Source", "choice", FL["source"], fund.SOURCES),
    _c("budgeted", "预算金额(元)", "Budgeted (yuan)"),
    _c("allocated", "到位金额(元)", "Allocated (yuan)"),
    _c("spent", "支出金额(元)", "Spent (yuan)"),
    _c("purpose", "奖补用途", "Subsidy purpose", "choice", FL["purpose"], fund.PURPOSES),
    _c("purpose_platforms", "奖补平台编码", "Subsidised platforms"),
    _c("allocated_on", "到位日期", "Date allocated", "date"),
    _c("spent_on", "支出日期", "Date spent", "date"),
    _c("note", "备注", "Note"),
), ("id",))

KINDS = {k.name: k for k in (PLATFORM, PEOPLE, REVIEWS, FUNDING)}
