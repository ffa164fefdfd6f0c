"""Demo funding: thirteen years (2014–2026) of plausible ledger lines for the eleven units, the yearly pay
benchmark and pay records, so every funding view, chart and list shows what a supervisor would recognise.

Reproducible from a seed and a fixed current year (never the clock). What is planted:
- each unit's construction money (阵地建设), county-level personnel money and the R-FUND-5 post and
  social-insurance subsidies every year, scaled to the unit's size; the current year only partly spent;
- city rewards/subsidies (市级奖补) from 2015, each for demonstration or compliance building of named platforms;
- work funds (工作经费) for street/township centres every year from 2016 and for communities from 2024. In the
  current year the ledger agrees with each platform's entered R-8.6 flag (so the dealt verdicts stand): a
  platform entered without secured funds has no work-funds line, and some of those carry a personnel line
  only, so the ledger itself shows the gap; in earlier years a few centres went without;
- a few lines spent above allocated, each with the note that explains it;
- pay records (average monthly pay) of off-establishment staff from 2021, ending at each person's roster
  income: a few below the benchmark (R-FUND-3), some centres out of balance (R-FUND-4), a few declines (R-FUND-6).
  Village cadres serving part-time are paid as cadres, so they carry no pay records here.
"""
import random
from datetime import date

from sqlmodel import Session, select

from models.funding import FundingLine
from models.pay import PayRecord
from models.people import Person
from models.settings import PayBenchmark
from models.tables import County, Platform

FIRST, CURRENT = 2014, 2026
# R-FUND-3: the monthly 大学生村官 income standard the bureau entered, yuan
BENCHMARKS = {2014: 1400, 2015: 1450, 2016: 1500, 2017: 1550, 2018: 1600, 2019: 1650, 2020: 1700, 2021: 1750,
              2022: 1800, 2023: 1850, 2024: 1900, 2025: 1950, 2026: 2000}
OVERSPENT_NOTE = "年中追加支出,已报县财政局备案"


def seed_demo_funding(session: Session, *, seed: int = 2014, current_year: int = CURRENT) -> int:
    """Add the demo ledger, benchmarks and pay records; returns how many funding lines were added."""
    rng = random.Random(seed)
    counties = list(session.exec(select(County.code).order_by(County.sort_order, County.code)))
    platforms = session.exec(select(Platform.code, Platform.county_code, Platform.level,
                                    Platform.work_funds_secured).order_by(Platform.code)).all()
    by_county: dict[str, list] = {c: [] for c in counties}
    for row in platforms:
        by_county[row[1]].append(row)
    lines = []
    for county in counties:
        size = max(1, len(by_county[county]))
        for year in range(FIRST, current_year + 1):
            lines += _county_lines(rng, county, year, size, by_county[county], current_year)
    for row in platforms:
        lines += _platform_lines(rng, row, current_year)
    session.add_all(lines)
    session.add_all(PayBenchmark(year=y, monthly_fen=v * 100) for y, v in BENCHMARKS.items() if y <= current_year)
    session.flush()
    session.add_all(_pay_records(rng, session, current_year))
    session.flush()
    return len(lines)


def _money(rng: random.Random, low: int, high: int) -> int:
    """An amount in fen between two yuan figures, to the hundred yuan (budgets are round)."""
    return rng.randrange(low, high) // 100 * 100 * 100


def _line(rng, county, year, category, source, budgeted, current_year, platform=None, **extra) -> FundingLine:
    allocated = budgeted if rng.random() < 0.6 else budgeted * rng.randrange(80, 100) // 100
    share = rng.randrange(35, 75) if year == current_year else rng.randrange(82, 101)
    spent = allocated * share // 100
    note = ""
    if year < current_year and rng.random() < 0.02:  # overspent, with the reason in the note
        spent, note = allocated + _money(rng, 1000, 20000), OVERSPENT_NOTE
    month = rng.randrange(2, 6)
    return FundingLine(county_code=county, year=year, platform_code=platform, category=category, source=source,
                       budgeted_fen=budgeted, allocated_fen=allocated, spent_fen=spent, note=note,
                       allocated_on=date(year, month, rng.randrange(1, 28)),
                       spent_on=date(year, 12, 20) if year < current_year else None, updated_by="system", **extra)


def _county_lines(rng, county, year, size, platforms, current_year) -> list[FundingLine]:
    growth = 1 + (year - FIRST) * 0.06
    out = [_line(rng, county, year, "construction", "county_budget",
                 _money(rng, int(size * 2500 * growth), int(size * 4000 * growth)), current_year),
           _line(rng, county, year, "personnel", rng.choice(("county_budget", "purchase_services", "reward_in_lieu")),
                 _money(rng, int(size * 1500 * growth), int(size * 2500 * growth)), current_year)]
    if year >= 2015:
        out.append(_line(rng, county, year, "welfare_post_subsidy", "county_budget",
                         _money(rng, size * 600, size * 1000), current_year))
        out.append(_line(rng, county, year, "social_insurance_subsidy", "county_budget",
                         _money(rng, size * 300, size * 600), current_year))
        candidates = [p[0] for p in platforms if p[2] in ("street", "township", "community")]
        for _ in range(rng.choice((1, 1, 2))):
            purpose = rng.choice(("demonstration", "compliance"))
            named = sorted(rng.sample(candidates, min(len(candidates), rng.randrange(2, 6))))
            out.append(_line(rng, county, year, "city_subsidy", "city_special",
                             _money(rng, 50_000, 300_000), current_year, purpose=purpose, purpose_platforms=named))
    return out


def _platform_lines(rng, row, current_year) -> list[FundingLine]:
    code, county, level, secured = row
    if level in ("street", "township"):
        years, low, high = range(2016, current_year + 1), 20_000, 60_000
    elif level == "community":
        years, low, high = range(2024, current_year + 1), 5_000, 15_000
    else:
        return []
    out = []
    for year in years:
        if year == current_year and not secured:
            if rng.random() < 0.5:  # the ledger itself shows the gap: personnel money, no work funds
                out.append(_line(rng, county, year, "personnel", "county_budget", _money(rng, 10_000, 30_000),
                                 current_year, platform=code))
            continue
        if year < current_year and rng.random() < 0.05:  # a year the centre went without work funds
            continue
        out.append(_line(rng, county, year, "work_funds", "county_budget", _money(rng, low, high), current_year,
                         platform=code))
    return out


def _pay_records(rng, session: Session, current_year: int) -> list[PayRecord]:
    people = session.exec(select(Person).where(Person.left_on.is_(None), Person.establishment == "off",
                                               Person.source != "village_cadre").order_by(Person.id)).all()
    out = []
    for person in people:
        pay = person.monthly_income_fen
        for year in range(current_year, max(person.joined_on.year, 2021) - 1, -1):
            out.append(PayRecord(person_id=person.id, county_code=person.county_code, year=year, monthly_pay_fen=pay))
            if rng.random() < 0.04:  # the year before paid more: a decline into this year (R-FUND-6)
                pay += rng.randrange(5, 30) * 1000
            else:
                pay = pay * 100 // (100 + rng.randrange(1, 4)) // 1000 * 1000
    return out
