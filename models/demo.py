"""The demo register: about 1,200 generated, plausible platforms for Yibin's eleven units, the same on every run.

Why generated: the screens, the ranking and the benchmarks need a city-sized register with a believable mix
of verdicts — about half the street/township centres compliant and most of those fit to be demonstration
platforms, the rest failing for the everyday reasons officers report (a hall of 45 m², no 城乡居保 window,
no printer, no network, no funds, staff short for the population, the old sign still up) — and the benchmarks
need the same shape fifty times larger (`scale`). A fixture file could do neither.

Why reproducible: everything comes from one `random.Random(seed)` walked in a fixed order (never the global
random, the clock or a set's order), so a seed names one dataset on every machine and a bug seen in the demo
can be found again.

How: a skeleton first (codes, names, R-ORG-3 parents in the same county), then an outcome per platform dealt
from exact decks per level (so the spread does not wander with the seed; only who gets which outcome moves),
then facts built to meet that outcome. The facts pass `logic.validation` like any entry and are written in
two bulk flushes; the audit hook records each one as created by the session's actor. The outcomes are earned
under the Yibin 2014 standard (R-8.11's default); an adjusted standard judges the same facts its own way, and a
roster kept for a platform (models.demo_people) replaces its entered staff counts (R-8.3).
"""
import random
from dataclasses import dataclass
from itertools import count

from sqlmodel import Session, select

from data import demo_names as names
from logic.codes import EQUIPMENT, LEVELS, SERVICES, WINDOWS
from logic.errors import ValidationFailed
from logic.staffing import required_staff
from logic.validation import ParentInfo, validate_platform
from models.tables import County, Platform

CENTRE, STATION = "就业和社会保障服务中心", "就业和社会保障服务站"  # sign suffixes

# Per unit at scale 1: streets, townships, urban communities, villages, and how far along the unit is. Urban
# 翠屏区 has most streets and communities, the mountain counties most townships and villages, the 临港 zone
# is small; the weight tilts the decks so the urban units comply more often than 屏山县 or 筠连县.
UNITS = {
    "511502": (12, 10, 95, 70, 1.6), "511503": (3, 13, 22, 60, 1.2), "511504": (4, 26, 35, 95, 1.2),
    "511523": (2, 17, 20, 65, 1.0), "511524": (2, 16, 20, 60, 1.0), "511525": (2, 18, 20, 65, 1.0),
    "511526": (2, 15, 22, 60, 0.9), "511527": (1, 16, 14, 70, 0.7), "511528": (1, 16, 16, 75, 0.75),
    "511529": (1, 16, 10, 80, 0.6), "511599": (3, 2, 20, 10, 1.3),
}
# Per deck: (share compliant, share of those demonstration-eligible, R-8.9). Near the R-TGT-1 targets but
# short of them (120 street/township and 60 community demonstration platforms, 50 qualifying villages),
# so the overview shows work left to do.
DECKS = {"county": (0.82, 0.9), "street_township": (0.54, 0.93), "community": (0.36, 0.5),
         "qualifying_village": (0.55, 0.0), "ordinary_village": (0.2, 0.0)}
# division code segment numbers (logic.platform_code) the demo gives out in order: centres' digits 7-9, then
# stations' digits 10-12 under their centre; 400-599 (政企合一 units) are left for real entries
NUMBERS = {"street": range(1, 100), "township": range(100, 400), "community": range(1, 200),
           "village": range(200, 400)}
QUALIFYING_SHARE = 0.17  # villages flagged central village or rural community (R-ORG-1), ~120 at scale 1


@dataclass
class _Plan:
    """One platform before its facts: where it sits, and the verdict its facts must earn."""

    code: str
    name: str
    level: str
    county_code: str
    place: str  # the words before the suffix on its sign
    weight: float
    parent_code: str | None = None
    village_kind: str = "none"
    outcome: str = "fail"  # demo | compliant | fail


def seed_demo(session: Session, *, seed: int = 2014, scale: float = 1.0) -> dict[str, int]:
    """Add the demo platforms to a session that holds the reference data; returns how many per level."""
    rows = demo_facts(seed=seed, scale=scale)
    _validate(session, rows)
    actor = session.info.get("actor", "system")
    # centres first: the stations' parent_code is a foreign key to them
    for group in ([r for r in rows if not r["parent_code"]], [r for r in rows if r["parent_code"]]):
        session.add_all([Platform(**r, updated_by=actor) for r in group])
        session.flush()
    return {level: sum(r["level"] == level for r in rows) for level in LEVELS}


def demo_facts(*, seed: int = 2014, scale: float = 1.0) -> list[dict]:
    """The demo platforms' facts (SPEC's canonical names), centres before the stations that answer to them."""
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    rng = random.Random(seed)
    plans = _skeleton(rng, scale)
    _village_kinds(rng, plans)
    _deal(rng, plans)
    return [_facts(rng, p) for p in plans]


def _validate(session: Session, rows: list[dict]) -> None:
    """The checks every entry passes (logic.validation), in bulk: create_platform asks the store per row,
    which for 60,000 rows would take minutes."""
    counties = set(session.exec(select(County.code)))
    taken = set(session.exec(select(Platform.code)))
    by_code = {r["code"]: r for r in rows}
    errors = []
    for row in rows:
        parent = by_code.get(row["parent_code"])
        info = ParentInfo(parent["code"], parent["level"], parent["county_code"]) if parent else None
        errors += validate_platform(row, code_taken=row["code"] in taken, parent=info, known_counties=counties,
                                    new=True)
        taken.add(row["code"])
    if errors:
        raise ValidationFailed(errors[:20])  # the first few say what is wrong; thousands would say nothing more


# --- the skeleton: codes, names and parents (R-ORG-1..3) -------------------------------------------------

def _skeleton(rng: random.Random, scale: float) -> list[_Plan]:
    # every listed centre name is reserved up front, so a made-up one never takes a later county's real name
    taken = {n for table in (names.STREETS, names.TOWNSHIPS) for listed in table.values() for n in listed}
    plans = []
    for county, (streets, townships, communities, villages, weight) in UNITS.items():
        place = names.COUNTY_PLACE[county]
        plans.append(_Plan(f"{county}000000", place, "county", county, place, weight))
        centres = _centres(rng, county, _scaled(streets, scale), _scaled(townships, scale), taken, weight)
        plans += centres
        plans += _stations(rng, county, centres, "community", _scaled(communities, scale), weight)
        plans += _stations(rng, county, centres, "village", _scaled(villages, scale), weight)
    return plans


def _scaled(n: int, scale: float) -> int:
    return round(n * scale)


def _centres(rng: random.Random, county: str, streets: int, townships: int, taken: set, weight: float):
    townships = max(townships, 1 - streets)  # R-ORG-3: a county's stations need a centre, however small the demo
    out = []
    for level, letter, n in (("street", "S", streets), ("township", "T", townships)):
        listed = (names.STREETS if level == "street" else names.TOWNSHIPS)[county]
        for i in range(n):
            name = listed[i] if i < len(listed) else _fresh(rng, (), _centre_suffix(rng, level), taken)
            code = _coded(county, NUMBERS[level], i, "000", f"{county}-{letter}", i, n)
            out.append(_Plan(code, name, level, county, name, weight))
    return out


def _coded(prefix: str, numbers: range, k: int, tail: str, fallback: str, serial: int, n: int) -> str:
    """The k-th division code under `prefix` (logic.platform_code: the level's segment numbers, then `tail`);
    once the segment runs out (the benchmarks' fifty-fold city) the no-division scheme `fallback` + serial,
    the serial widened with the scale so codes stay unique and sort by number."""
    if k < len(numbers):
        return f"{prefix}{numbers[k]:03d}{tail}"
    return f"{fallback}{serial + 1:0{max(5, len(str(n)))}d}"


def _centre_suffix(rng: random.Random, level: str) -> str:
    return "街道" if level == "street" else rng.choices(("镇", "乡"), (7, 3))[0]


def _stations(rng: random.Random, county: str, centres: list[_Plan], level: str, n: int, weight: float):
    """Communities grow around street offices and villages around townships; a few of each the other way."""
    streets = [c for c in centres if c.level == "street"]
    townships = [c for c in centres if c.level == "township"]
    home, other = (streets, townships) if level == "community" else (townships, streets)
    letter, stems, suffix = ("C", names.COMMUNITY_STEMS, "社区") if level == "community" else \
        ("V", names.VILLAGE_STEMS, "村")
    taken: dict[str, set] = {}  # names are unique under one centre; the centre's name makes them unique city-wide
    numbered: dict[str, count] = {}
    out = []
    for i in range(n):
        parent = rng.choice(home if home and (not other or rng.random() < 0.88) else other)
        place = _fresh(rng, stems, suffix, taken.setdefault(parent.code, set()))
        under = numbered.setdefault(parent.code, count())  # the stations of one centre are numbered in turn
        prefix = parent.code[:9] if "-" not in parent.code else ""
        code = _coded(prefix, NUMBERS[level] if prefix else range(0), next(under), "", f"{county}-{letter}", i, n)
        out.append(_Plan(code, parent.name + place, level, county, place, weight, parent.code))
    return out


def _fresh(rng: random.Random, stems, suffix: str, taken: set) -> str:
    """A name not yet in `taken`: a listed stem while they last, then made-up two- and three-character ones."""
    for tries in count():
        if tries < 12 and stems:
            stem = rng.choice(stems)
        elif tries < 40:
            stem = rng.choice(names.FIRST) + rng.choice(names.LAST)
        else:
            stem = rng.choice(names.FIRST) + rng.choice(names.MIDDLE) + rng.choice(names.LAST)
        if stem + suffix not in taken:
            taken.add(stem + suffix)
            return stem + suffix


# --- the outcomes: exact decks per level, tilted by the unit's weight --------------------------------------

def _village_kinds(rng: random.Random, plans: list[_Plan]) -> None:
    villages = [p for p in plans if p.level == "village"]
    for plan in rng.sample(villages, round(len(villages) * QUALIFYING_SHARE)):
        plan.village_kind = "central_village" if rng.random() < 0.6 else "rural_community"


def _deck(plan: _Plan) -> str:
    if plan.level in ("street", "township"):
        return "street_township"
    if plan.level == "village":
        return "ordinary_village" if plan.village_kind == "none" else "qualifying_village"
    return plan.level


def _deal(rng: random.Random, plans: list[_Plan]) -> None:
    decks: dict[str, list[_Plan]] = {}
    for plan in plans:
        decks.setdefault(_deck(plan), []).append(plan)
    for key, members in decks.items():
        compliant_share, demo_share = DECKS[key]
        # weighted sampling without replacement (Efraimidis–Spirakis): the top keys go to the heavier units
        keys = [rng.random() ** (1 / p.weight) for p in members]
        ranked = sorted(range(len(members)), key=lambda i: -keys[i])
        compliant = round(len(members) * compliant_share)
        demo = round(compliant * demo_share)
        for rank, i in enumerate(ranked):
            members[i].outcome = "demo" if rank < demo else "compliant" if rank < compliant else "fail"


# --- the facts: built compliant and demonstration-ready, then spoilt to earn the dealt outcome ------------

COLUMN = {"county": "centre", "street": "centre", "township": "centre", "community": "community",
          "village": "village"}  # the county platform is judged like a street/township centre
POPULATION = {"county": (60_000, 160_000, 90_000), "street": (10_000, 80_000, 28_000),
              "township": (5_000, 45_000, 16_000), "community": (2_000, 15_000, 6_000),
              "village": (500, 4_000, 1_600)}  # (low, high, most common) people served
HALL = {"county": (150, 400), "street": (70, 200), "township": (70, 150), "community": (40, 100),
        "village": (20, 60)}  # m², demonstration-ready (R-8.9: ≥ 70 centre, ≥ 40 community)
PLAIN_HALL = {"centre": (50, 69.5), "community": (20, 39.5)}  # compliant but under the size
NEAR_MISS = {"centre": (45, 48, 46, 42, 40, 36, 30), "community": (18, 19.5, 16, 15, 12),
             "village": (18, 15, 16, 12, 10)}  # the halls officers report as "almost": under R-8.2's 50 / 20
SITING = {"county": (("standalone", 3), ("convenience_centre", 1)),
          "street": (("convenience_centre", 85), ("standalone", 15)),
          "township": (("convenience_centre", 85), ("standalone", 15)),
          "community": (("residents_committee", 88), ("standalone", 12)),
          "village": (("village_committee", 95), ("standalone", 5))}  # R-ORG-4, mostly the "3+1" bases
FLAG_ODDS = {"centre": (1, 1, 1, 0), "community": (1, 1, 0.6, 0.2),
             "village": (0.4, 0.6, 0.3, 1)}  # open_counter, info_area, office, service_seat; needs the 1s
STATION_STAFF = {"community": (((1, 0), 35), ((1, 1), 40), ((2, 0), 20), ((1, 2), 5)),  # (full, part)
                 "village": (((0, 1), 60), ((1, 0), 25), ((0, 2), 10), ((1, 1), 5))}  # a cadre part-time
ONLINE = {"centre": (0.8, 0.4, 1, 0.85, 0.2, 0.15, 0.5, 0.6), "community": (0.6, 0.2, 1, 0.7, 0.05, 0.05, 0.3, 0.4),
          "village": (0.3, 0.05, 1, 0.5, 0, 0, 0.05, 0.2)}  # per SERVICES code: odds it is handled online (R-NET-1)

FAILURE_COUNT = ((1, 55), (2, 30), (3, 15))
REASONS = {  # why a failing platform fails, and how often, by the column that judges it
    "centre": (("area", 14), ("window", 10), ("office", 7), ("info_area", 4), ("open_counter", 3),
               ("equipment", 12), ("network", 9), ("funds", 10), ("staff_short", 14), ("no_full_time", 4),
               ("sign_wrong", 8), ("sign_missing", 3), ("services", 8), ("rules", 6)),
    "community": (("area", 14), ("window", 8), ("open_counter", 6), ("info_area", 6), ("equipment", 14),
                  ("network", 12), ("funds", 10), ("vacant", 5), ("sign_wrong", 7), ("sign_missing", 6),
                  ("services", 8), ("rules", 8)),
    "village": (("area", 12), ("service_seat", 10), ("equipment", 18), ("network", 16), ("funds", 14),
                ("vacant", 4), ("sign_missing", 10), ("sign_wrong", 5), ("services", 10), ("rules", 8)),
}
WINDOW_GAPS = {"centre": (("resident_insurance", 5), ("social_medical", 3), ("employment", 1)),
               "community": (("social_insurance", 3), ("employment", 1))}
EQUIPMENT_GAPS = (("printer", 5), ("copier_fax", 4), ("display_board", 3), ("computer", 2),
                  ("waiting_chairs", 2), ("file_cabinets", 1))
SERVICE_GAPS = (("labour_inspection", 4), ("talent", 3), ("statistics", 2), ("dispute_mediation", 2),
                ("contract_filing", 1))
WRONG_SIGN = {"centre": ("就业和社会保障服务站", "劳动保障所", "劳动和社会保障事务所", "人力资源和社会保障服务中心",
                         "就业和社会保障服务中心(筹)"),
              "station": ("就业和社会保障服务中心", "劳动保障工作站", "便民服务站", "社会保障服务站")}
SET_FACTS = ("windows", "equipment", "services", "services_online")


def _facts(rng: random.Random, plan: _Plan) -> dict:
    column = COLUMN[plan.level]
    facts = _identity(rng, plan)
    facts.update(_premises(rng, plan.level, column))
    facts.update(_staffing(rng, plan.level, facts["service_population"]))
    facts.update(equipment=list(EQUIPMENT), network_connected=True, work_funds_secured=True,
                 services=list(SERVICES), rules_posted=True)
    # a failing platform is as often a plain one as a well-built one with a gap
    if plan.outcome == "compliant" or (plan.outcome == "fail" and rng.random() < 0.5):
        _short_of_demonstration(rng, facts, column)
    if plan.outcome == "fail":
        for reason in _reasons(rng, column):
            FAILURES[reason](rng, facts, column)
    facts["services_online"] = _online(rng, facts, column)
    return {k: sorted(v) if k in SET_FACTS else v for k, v in facts.items()}  # sorted, as create_platform stores


def _identity(rng: random.Random, plan: _Plan) -> dict:
    low, high, mode = POPULATION[plan.level]
    return dict(code=plan.code, name=plan.name, level=plan.level, county_code=plan.county_code,
                parent_code=plan.parent_code, village_kind=plan.village_kind, siting=_pick(rng, SITING[plan.level]),
                service_population=int(round(rng.triangular(low, high, mode), -1)),
                sign_installed=True, sign_text=_sign_place(rng, plan) + (STATION if plan.parent_code else CENTRE))


def _sign_place(rng: random.Random, plan: _Plan) -> str:
    """Stations mostly sign with their own name (永胜村), some with the township's too (李庄镇永胜村)."""
    if plan.level == "county":
        return ("宜宾市" if rng.random() < 0.3 else "") + plan.place
    return plan.place if plan.parent_code and rng.random() < 0.7 else plan.name


def _premises(rng: random.Random, level: str, column: str) -> dict:
    flags = zip(("open_counter", "info_area", "office", "service_seat"), FLAG_ODDS[column], strict=True)
    return dict(area_m2=_area(rng, *HALL[level]), windows=_windows(rng, column),
                **{key: rng.random() < odds for key, odds in flags})


def _windows(rng: random.Random, column: str) -> list[str]:
    if column == "centre":
        return list(WINDOWS[:3])  # 就业创业, 社保医保, 城乡居保
    if column == "community":  # 就业创业, 社会保险; some also take 城乡居保
        return ["employment", "social_insurance"] + (["resident_insurance"] if rng.random() < 0.3 else [])
    return ["social_insurance"] if rng.random() < 0.3 else []  # a village has a service seat, rarely a window


def _staffing(rng: random.Random, level: str, population: int) -> dict:
    """Enough for R-STAFF and, at a centre, every required post full-time (R-8.9); a few spare part-timers."""
    if level in STATION_STAFF:
        full, part = _pick(rng, STATION_STAFF[level])
    else:
        full = _need(level, population) + _pick(rng, ((0, 80), (1, 20)))
        part = _pick(rng, ((0, 50), (1, 35), (2, 15)))
    return dict(staff_full_time=full, staff_part_time=part)


def _need(level: str, population: int) -> int:
    return required_staff(level, population).total  # R-STAFF-1/2, the default full-increments reading


def _short_of_demonstration(rng: random.Random, facts: dict, column: str) -> None:
    """Compliant, not a demonstration platform (R-8.9): a hall under its size, or part-timers in required posts."""
    if column == "village":
        return  # names no village demonstration platforms
    why = _pick(rng, (("hall", 50), ("part_time", 35), ("both", 15)))
    if why != "part_time":
        facts["area_m2"] = _area(rng, *PLAIN_HALL[column])
    if why != "hall":
        _part_timers(rng, facts, column)


def _part_timers(rng: random.Random, facts: dict, column: str) -> None:
    if column == "community":
        facts.update(staff_full_time=0, staff_part_time=rng.choice((1, 2)))
        return
    need = _need(facts["level"], facts["service_population"])  # at least 2 at a centre (R-STAFF-1)
    full = rng.randint(1, need - 1)
    facts.update(staff_full_time=full, staff_part_time=need - full + rng.choice((0, 0, 1)))


def _reasons(rng: random.Random, column: str) -> list[str]:
    pool, chosen = dict(REASONS[column]), []
    for _ in range(_pick(rng, FAILURE_COUNT)):
        reason = _pick(rng, tuple(pool.items()))
        chosen.append(reason)
        del pool[reason]
    return chosen


def _online(rng: random.Random, facts: dict, column: str) -> list[str]:
    """R-NET-1: which services a connected platform handles online; social insurance always (金保工程's core)."""
    if not facts["network_connected"]:
        return []
    return [s for s, odds in zip(SERVICES, ONLINE[column], strict=True)
            if s in facts["services"] and rng.random() < odds]


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _area(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2  # to the half square metre, as measured


# --- the failures: each one spoils exactly one of the eight items, whatever else was spoilt ---------------

def _drop(key: str, gaps):
    def spoil(rng: random.Random, facts: dict, column: str) -> None:
        table = gaps[column] if isinstance(gaps, dict) else gaps
        gone = {_pick(rng, table) for _ in range(_pick(rng, ((1, 7), (2, 3))))}
        facts[key] = [code for code in facts[key] if code not in gone]
    return spoil


def _unset(key: str):
    def spoil(rng: random.Random, facts: dict, column: str) -> None:
        facts[key] = False
    return spoil


def _staff_short(rng: random.Random, facts: dict, column: str) -> None:
    """The population grew or someone left: fewer staff than R-STAFF-1/2 ask for, one of them full-time."""
    total = max(1, _need(facts["level"], facts["service_population"]) - rng.choice((1, 1, 2)))
    full = max(1, total - rng.choice((0, 1)))
    facts.update(staff_full_time=full, staff_part_time=total - full)


def _no_full_time(rng: random.Random, facts: dict, column: str) -> None:
    """Enough people, all part-time: R-STAFF-1 asks for at least one full-time."""
    need = _need(facts["level"], facts["service_population"])
    facts.update(staff_full_time=0, staff_part_time=need + rng.choice((0, 1)))


def _vacant(rng: random.Random, facts: dict, column: str) -> None:
    facts.update(staff_full_time=0, staff_part_time=0)  # the post is empty since its holder left


def _sign_missing(rng: random.Random, facts: dict, column: str) -> None:
    facts.update(sign_installed=False, sign_text="")


def _sign_wrong(rng: random.Random, facts: dict, column: str) -> None:
    """The old office's sign still up, or a station's suffix on a centre (and the other way round)."""
    place = facts["sign_text"].removesuffix(CENTRE).removesuffix(STATION) or facts["name"]
    wrong = WRONG_SIGN["centre" if column == "centre" else "station"]
    facts.update(sign_installed=True, sign_text=place + rng.choice(wrong))


def _area_short(rng: random.Random, facts: dict, column: str) -> None:
    facts["area_m2"] = float(rng.choice(NEAR_MISS[column]))


FAILURES = {
    "area": _area_short, "window": _drop("windows", WINDOW_GAPS), "office": _unset("office"),
    "info_area": _unset("info_area"), "open_counter": _unset("open_counter"),
    "service_seat": _unset("service_seat"), "equipment": _drop("equipment", EQUIPMENT_GAPS),
    "network": _unset("network_connected"), "funds": _unset("work_funds_secured"),
    "staff_short": _staff_short, "no_full_time": _no_full_time, "vacant": _vacant,
    "sign_wrong": _sign_wrong, "sign_missing": _sign_missing, "services": _drop("services", SERVICE_GAPS),
    "rules": _unset("rules_posted"),
}
