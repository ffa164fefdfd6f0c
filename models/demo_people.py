"""Demo rosters for the demo platforms: people, certificates, trainings, incomes and reviews (R-STAFF-4, R-PERS).

Reproducible from a seed and a fixed "current year" (never the wall clock), so the demo's flag lists are the
same on every machine. Each roster holds the platform's entered full- and part-time counts (which sit near the
R-STAFF requirement, some short and some over), so rosters leave the demo's verdicts as dealt; a few
platforms keep no roster, so their entered counts still show. Planted on purpose: incompetent two years
running (R-PERS-3 flags), incompetent–competent–incompetent and a missing year (not flagged).
"""
import random
from datetime import date, timedelta

from sqlmodel import Session, select

from models.people import Person, Review, Training
from models.tables import Platform

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭罗曾彭谢邓唐蒋冯宋韩邱袁钟雷付廖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌琴燕鹏"
HOURS_TENTHS = (40, 75, 80, 120, 160, 240, 320, 400)
TOPICS = ("就业创业政策培训", "社会保险经办业务培训", "金保工程系统操作培训", "劳动保障监察业务培训", "调解仲裁业务培训")
LEAVE_REASONS = ("辞职", "调离", "退休", "连续两年考核不称职,解除合同")
GRADE_WEIGHTS = (("excellent", 8), ("competent", 76), ("basic", 13), ("incompetent", 3))
# Mixes per level: (source, establishment, employment, recruitment, post, weight)
CENTRE_MIX = (("assistant", "off", "full_time", "open_selection", "协理员", 60),
              ("reassigned", "in", "full_time", "other", "经办员", 15),
              ("public_welfare", "off", "part_time", "other", "公益性岗位", 15),
              ("sanzhi_yifu", "off", "full_time", "open_selection", "“三支一扶”人员", 10))
COMMUNITY_MIX = (("assistant", "off", "full_time", "open_selection", "协理员", 55),
                 ("assistant", "off", "part_time", "open_selection", "协理员", 10),
                 ("public_welfare", "off", "part_time", "other", "公益性岗位", 35))
VILLAGE_MIX = (("village_cadre", "off", "part_time", "other", "村干部(兼)", 85),
               ("public_welfare", "off", "part_time", "other", "公益性岗位", 15))
DIRECTOR = ("reassigned", "in", "full_time", "other", "中心主任")
ASSISTANT = ("assistant", "off", "full_time", "open_selection", "协理员", 1)


def seed_demo_people(session: Session, *, seed: int = 2014, current_year: int = 2026) -> int:
    """Add rosters for the platforms in `session`; returns how many people were added."""
    rng = random.Random(seed)
    actor = session.info.get("actor", "system")
    rows = session.exec(select(Platform.code, Platform.level, Platform.county_code, Platform.staff_full_time,
                               Platform.staff_part_time).order_by(Platform.code)).all()
    people = [p for row in rows for p in _roster(rng, row, current_year, actor)]
    session.add_all(people)
    session.flush()  # the people need their ids before their trainings and reviews
    trainings = [t for p in people for t in _trainings(rng, p, current_year)]
    reviews = _plant_runs(rng, people, [r for p in people for r in _reviews(rng, p, current_year)], current_year)
    session.add_all(trainings + reviews)
    session.flush()
    return len(people)


def _roster(rng: random.Random, row, year: int, actor: str) -> list[Person]:
    """The people behind the platform's entered full- and part-time counts, so that the roster, which
    overrides those counts in the R-8.3 staff item, keeps the verdict spread the demo register was dealt."""
    code, level, county, full, part = row
    if rng.random() < 0.08 or full + part == 0:  # no roster kept: the platform's entered counts stand
        return []
    people = [_person(rng, code, county, kind, year, actor) for kind in _kinds(rng, level, full, part)]
    if rng.random() < 0.06:  # a former member of staff: history that stays after leaving
        people.append(_former(rng, _person(rng, code, county, _pick(rng, _mix(level)), year, actor), year))
    return people


def _mix(level: str):
    return {"community": COMMUNITY_MIX, "village": VILLAGE_MIX}.get(level, CENTRE_MIX)


def _kinds(rng: random.Random, level: str, full: int, part: int) -> list[tuple]:
    kinds = [_pick(rng, _of(level, "full_time")) for _ in range(full)]
    if full and level not in ("community", "village"):
        kinds[0] = DIRECTOR  # a centre's first full-timer is usually its in-establishment director
    return kinds + [_pick(rng, _of(level, "part_time")) for _ in range(part)]


def _of(level: str, employment: str):
    """The level's mix narrowed to one kind of employment (a village's rare full-timer is an assistant)."""
    return [m for m in _mix(level) if m[2] == employment] or [ASSISTANT if employment == "full_time" else
                                                              CENTRE_MIX[2]]


def _pick(rng: random.Random, mix) -> tuple:
    return rng.choices([m[:5] for m in mix], [m[5] for m in mix])[0]


def _person(rng: random.Random, code: str, county: str, kind: tuple, year: int, actor: str) -> Person:
    source, establishment, employment, recruitment, post = kind
    if source == "assistant" and rng.random() < 0.1:  # R-PERS-1: a few assistants not openly selected
        recruitment = "other"
    joined = _day(rng, date(2012, 1, 1), date(year, 3, 31))
    certified = rng.random() < 0.88
    cert_date = _day(rng, joined, min(joined + timedelta(days=730), date(year, 6, 30))) if certified else None
    return Person(platform_code=code, county_code=county, name=_name(rng), post=post, source=source,
                  establishment=establishment, employment=employment, recruitment=recruitment,
                  certificate_no=f"川人社协证{cert_date.year}{rng.randrange(1, 99999):05d}" if certified else None,
                  certificate_date=cert_date, monthly_income_fen=_income(rng, establishment), joined_on=joined,
                  updated_by=actor)


def _former(rng: random.Random, person: Person, year: int) -> Person:
    person.left_on = _day(rng, max(person.joined_on, date(year - 3, 1, 1)), date(year, 9, 30))
    person.leave_reason = rng.choice(LEAVE_REASONS)
    return person


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _income(rng: random.Random, establishment: str) -> int:
    """Monthly income in fen, to the 10 yuan; off-establishment pay around 2,000–4,000 yuan, a few below."""
    if establishment == "in":
        yuan = rng.randrange(4200, 6800, 10)
    elif rng.random() < 0.05:
        yuan = rng.randrange(1500, 1990, 10)  # below the R-FUND-3 floor, to be flagged
    else:
        yuan = rng.randrange(2000, 4000, 10)
    return yuan * 100


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _end(person: Person, year: int) -> date:
    return person.left_on or date(year, 10, 31)


def _trainings(rng: random.Random, person: Person, year: int) -> list[Training]:
    out = []
    for y in range(year - 3, year + 1):
        start, end = max(person.joined_on, date(y, 3, 1)), min(_end(person, year), date(y, 10, 31))
        chance = 0.8 if y == year else 0.7  # roughly one in five without training this year (R-PERS-4)
        if start <= end and rng.random() < chance:
            out.append(Training(person_id=person.id, county_code=person.county_code, trained_on=_day(rng, start, end),
                                hours_tenths=rng.choice(HOURS_TENTHS), topic=rng.choice(TOPICS)))
    return out


def _reviews(rng: random.Random, person: Person, year: int) -> list[Review]:
    grades, weights = zip(*GRADE_WEIGHTS, strict=True)
    return [Review(person_id=person.id, county_code=person.county_code, year=y,
                   grade=rng.choices(grades, weights)[0])
            for y in range(max(year - 4, person.joined_on.year), _end(person, year).year + 1)]


def _plant_runs(rng: random.Random, people: list[Person], reviews: list[Review], year: int) -> list[Review]:
    """Give a few long-serving people the R-PERS-3 boundary patterns as their last three grades."""
    staying = [p for p in people if p.left_on is None and p.joined_on.year <= year - 2]
    patterns = [("competent", "incompetent", "incompetent")] * 6 + [("incompetent", "competent", "incompetent")] * 5
    patterns += [("incompetent", None, "incompetent")] * 5  # the missing year breaks the run
    planted = {}
    # with fewer long-serving people than patterns, the patterns left over are not used
    for person, pattern in zip(rng.sample(staying, min(len(staying), len(patterns))), patterns, strict=False):
        planted.update({(person.id, y): g for y, g in zip(range(year - 2, year + 1), pattern, strict=True)})
    kept = []
    for review in reviews:
        grade = planted.get((review.person_id, review.year), review.grade)
        if grade is not None:
            review.grade = grade
            kept.append(review)
    return kept
