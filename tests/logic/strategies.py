"""Hypothesis strategies shared by the tests of the policy layer: platforms and standards near every boundary.

The code lists are copied from SPEC's "Platform facts" table rather than imported, so a code that drifts in
`logic.codes` shows up as a failing test instead of silently moving the generator with it. Each list also
carries one code only an adjusted standard knows (R-8.11: "服务内容根据需要适时调整").
"""
from datetime import date

from hypothesis import strategies as st

from logic.standard import COLUMNS, Standard, yibin_2014

LEVELS = ("county", "street", "township", "community", "village")
WINDOWS = ("employment", "social_medical", "resident_insurance", "social_insurance")
EQUIPMENT = ("desks_chairs", "file_cabinets", "service_counter", "waiting_chairs", "computer", "printer",
             "copier_fax", "telephone", "display_board")
SERVICES = ("employment", "talent", "social_insurance", "ss_card", "labour_inspection", "dispute_mediation",
            "contract_filing", "statistics")
NEW_WINDOW, NEW_EQUIPMENT, NEW_SERVICE = "pension_window", "queue_machine", "pension_certification"
FLAGS = ("sign_installed", "open_counter", "info_area", "office", "service_seat", "network_connected",
         "work_funds_secured", "rules_posted")
SET_FIELDS = ("windows", "equipment", "services")
NUMBER_FIELDS = ("area_m2", "service_population", "staff_full_time", "staff_part_time")

CENTRE, STATION = "就业和社会保障服务中心", "就业和社会保障服务站"

# areas: each threshold of the 2014 standard and of the adjusted standards below, and just under it
AREA_EDGES = (0, 19.9, 19.99, 20, 20.01, 39.9, 40, 49.9, 49.99, 50, 50.01, 59.9, 60, 69.9, 70, 99.9, 100, 150)
# R-STAFF-1/2 populations: each multiple of 5,000 up to 60,000, one below and one above
POPULATION_EDGES = tuple(sorted({max(0, k * 5_000 + d) for k in range(13) for d in (-1, 0, 1)}))


def code_list(codes: tuple[str, ...], extra: str):
    """A list of codes: often complete or one short (so both verdicts are common), sometimes any subset."""
    pool = (*codes, extra)
    complete = st.permutations(codes).map(list)
    one_short = st.integers(0, len(codes) - 1).map(lambda i: [c for j, c in enumerate(codes) if j != i])
    anything = st.lists(st.sampled_from(pool), unique=True)
    with_extra = complete.map(lambda cs: [*cs, extra])
    return st.one_of(complete, one_short, anything, with_extra)


def sign_texts():
    """Right and wrong words for R-8.1: a place or none, either level's title or another, stray spaces."""
    place = st.sampled_from(("翠屏区西城街道", "南溪区大观镇", "东街社区", "石鼓村", ""))
    title = st.sampled_from((CENTRE, STATION, "劳动保障事务所", "", CENTRE + "(筹)"))
    pad = st.sampled_from(("", " ", "\u3000", "\t\n"))
    built = st.tuples(pad, place, title, pad).map("".join)
    return st.one_of(built, built, st.text(max_size=20))


areas = st.one_of(st.sampled_from(AREA_EDGES), st.integers(0, 200),
                  st.floats(0, 300, allow_nan=False, allow_infinity=False))
populations = st.one_of(st.sampled_from(POPULATION_EDGES), st.integers(0, 120_000))
staff_counts = st.integers(0, 7)


@st.composite
def platforms(draw, levels=LEVELS) -> dict:
    """One platform's canonical facts (SPEC "Platform facts"), the three sets as lists of codes."""
    level = draw(st.sampled_from(levels))
    facts = dict(
        code=f"511502-P{draw(st.integers(0, 10**6))}", name="平台", level=level, county_code="511502",
        parent_code="511502-T1" if level in ("community", "village") else "", village_kind="none", siting="standalone",
        sign_text=draw(sign_texts()), area_m2=draw(areas), service_population=draw(populations),
        staff_full_time=draw(staff_counts), staff_part_time=draw(staff_counts),
        windows=draw(code_list(WINDOWS, NEW_WINDOW)), equipment=draw(code_list(EQUIPMENT, NEW_EQUIPMENT)),
        services=draw(code_list(SERVICES, NEW_SERVICE)),
    )
    # mostly True, so that whole platforms pass often enough for to be reached
    facts.update({flag: draw(st.booleans() | st.just(True)) for flag in FLAGS})
    return facts


@st.composite
def platforms_with_blanks(draw) -> dict:
    """A platform whose facts may be missing or None (a blank cell, a column not filled in yet)."""
    facts = draw(platforms())
    for key in (*FLAGS, *SET_FIELDS, *NUMBER_FIELDS, "sign_text"):
        blank = draw(st.sampled_from(("keep", "keep", "none", "absent")))
        if blank == "none":
            facts[key] = None
        elif blank == "absent":
            del facts[key]
    return facts


def _subset_of(codes: tuple[str, ...], extra: str):
    return st.lists(st.sampled_from((*codes, extra)), unique=True).map(list)


@st.composite
def _column(draw, rule: dict) -> dict:
    rule = dict(rule)
    rule["min_area_m2"] = draw(st.sampled_from((rule["min_area_m2"], 0, 20, 40, 50, 60)))
    rule["demo_min_area_m2"] = draw(st.sampled_from((rule["demo_min_area_m2"], None, 40, 70, 100)))
    rule["demo_full_time"] = draw(st.sampled_from(("all_required", "at_least_one", "none")))
    rule["staff_rule"] = draw(st.sampled_from((rule["staff_rule"], "scaled", "community", "village")))
    rule["windows"] = draw(st.one_of(st.just(rule["windows"]), _subset_of(WINDOWS, NEW_WINDOW)))
    for key in ("open_counter", "info_area", "office", "service_seat"):
        rule[key] = draw(st.booleans())
    rule["sign_suffix"] = draw(st.sampled_from((rule["sign_suffix"], CENTRE, STATION)))
    return rule


@st.composite
def adjusted_standards(draw) -> Standard:
    """R-8.11: a copy of the 2014 standard with any of its data changed, as the bureau may do."""
    data = yibin_2014().to_dict()
    data["version"] = draw(st.integers(2, 9))
    data["name"] = draw(st.sampled_from(("宜宾2016标准", "试行标准")))
    data["columns"] = {name: draw(_column(rule)) for name, rule in data["columns"].items()}
    data["level_column"] = {lv: draw(st.sampled_from((col, *COLUMNS))) for lv, col in data["level_column"].items()}
    data["equipment"] = draw(st.one_of(st.just(data["equipment"]), _subset_of(EQUIPMENT, NEW_EQUIPMENT)))
    data["services"] = draw(st.one_of(st.just(data["services"]), _subset_of(SERVICES, NEW_SERVICE)))
    data["demo_extra_equipment"] = draw(st.lists(st.sampled_from((*EQUIPMENT, NEW_EQUIPMENT)), max_size=2,
                                                 unique=True))
    data["staff_base"] = draw(st.sampled_from((2, 1, 3)))
    data["staff_base_population"] = draw(st.sampled_from((10_000, 5_000, 20_000)))
    data["staff_step_population"] = draw(st.sampled_from((10_000, 5_000)))
    data["staff_min_full_time"] = draw(st.sampled_from((1, 0, 2)))
    data["partial_increment"] = draw(st.booleans())
    return Standard.from_dict(data)


def _partial_2014() -> Standard:
    data = yibin_2014().to_dict()
    data.update(partial_increment=True, version=2, name="宜宾2014标准(不足1万计1人)")
    return Standard.from_dict(data)


# None is "the Yibin 2014 standard"; the second is R-STAFF-2's other reading; the rest anything adjusted
standards = st.one_of(st.none(), st.just(_partial_2014()), adjusted_standards())


# --- roster and ledger rows near the rules' edges (SPEC R-PERS-1..4, R-FUND-1/2/5), valid and not --------------
PERSON_SOURCES = ("reassigned", "assistant", "public_welfare", "sanzhi_yifu", "village_cadre")
GRADES = ("excellent", "competent", "basic", "incompetent")
FUNDING_CATEGORIES = ("construction", "city_subsidy", "work_funds", "personnel", "welfare_post_subsidy",
                      "social_insurance_subsidy")
FUNDING_SOURCES = ("county_budget", "city_special", "purchase_services", "reward_in_lieu")
FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2027, 12, 31)  # around the tests' "today" of 2026


def _mostly(usual: tuple, edges: tuple):
    """One of `usual` three times in four, else one of `edges`: rows that pass often enough to be stored."""
    return st.one_of(st.sampled_from(usual), st.sampled_from(usual), st.sampled_from(usual), st.sampled_from(edges))


@st.composite
def people_rows(draw) -> dict:
    """A person as the roster form sends it: texts padded, too long or blank, each choice, a certificate with
    or without its date, an income on both sides of R-PERS's upper bound, dates past and future."""
    return dict(
        name=draw(_mostly(("张三", " 李四 "), ("王" * 51, ""))),
        post=draw(_mostly(("协理员", "经办员\u3000"), ("",))),
        source=draw(st.sampled_from(PERSON_SOURCES)), establishment=draw(st.sampled_from(("in", "off"))),
        employment=draw(st.sampled_from(("full_time", "part_time"))),
        recruitment=draw(st.sampled_from(("open_selection", "other"))),
        certificate_no=draw(st.sampled_from((None, "川人社协证2020001", " SC1 "))),
        certificate_date=draw(st.none() | st.dates(FIRST_DAY, date(2026, 5, 31)) | st.dates(FIRST_DAY, LAST_DAY)),
        monthly_income_fen=draw(st.integers(0, 1_000_000) | st.sampled_from((0, 1, 10_000_000, 10_000_001))),
        joined_on=draw(st.dates(FIRST_DAY, date(2026, 5, 31)) | st.dates(FIRST_DAY, LAST_DAY)),
    )


AMOUNT_EDGES = ("12.345", "-5", "abc", "1000000001", "", "20000.5")
amounts_typed = _mostly(("0", "1000", "18500.50", "1,200.50"), AMOUNT_EDGES)
spent_typed = _mostly(("", "0", "100"), AMOUNT_EDGES)  # mostly within what is allocated (R-FUND-5 asks why if not)


@st.composite
def funding_rows(draw, platform_codes: tuple[str, ...]) -> dict:
    """A funding line as the ledger form sends it (amounts as typed yuan), near R-FUND's rules: a subsidy with or
    without its purpose, spent above allocated with or without a note, dates in and out of the year."""
    year = draw(st.integers(2014, 2026) | st.integers(2013, 2028))
    day = st.none() | st.dates(date(year, 1, 1), date(year, 12, 31)) | st.dates(date(year - 1, 1, 1), date(year + 1, 12, 31))
    category = draw(st.sampled_from(FUNDING_CATEGORIES))
    return dict(
        year=year, platform_code=draw(_mostly((None,), platform_codes)), category=category,
        source=draw(st.sampled_from(FUNDING_SOURCES)),
        budgeted=draw(amounts_typed), allocated=draw(amounts_typed), spent=draw(spent_typed),
        purpose=draw(_mostly(("demonstration", "compliance"), (None,))) if category == "city_subsidy" else None,
        purpose_platforms=draw(st.lists(st.sampled_from(platform_codes), unique=True, max_size=2))
        if category == "city_subsidy" else [],
        allocated_on=draw(day), spent_on=draw(day), note=draw(_mostly(("", "次年初到位"), (" ",))),
    )
