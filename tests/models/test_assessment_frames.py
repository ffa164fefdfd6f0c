"""The ranking's per-county figures, summed and counted by the store, equal those worked out from every row (the
judged register, every funding line, every pay record), on hand-made rows on both backends and on the demo."""
from datetime import date

import pytest

from logic.assessment_inputs import building, funding, pay_floor
from logic.authz import SYSTEM
from models.assessment_frames import funding_sums, indicator_parts, pay_floor_counts
from models.db import read_session, write_session
from models.demo_funding import CURRENT
from models.funding import FundingLine, lines_frame
from models.judged_register import judged_register
from models.pay import PayRecord, pay_frame
from models.people import Person
from models.settings import PayBenchmark, benchmarks
from models.tables import Platform

CUIPING, NANXI, JIANG_AN = "511502", "511503", "511523"
YEAR = 2026


def _from_every_row(session, year: int):
    """The figures as the screen made them before the store summed them: from whole frames, in pandas."""
    return (building(judged_register(session, year).frame), funding(lines_frame(session), year),
            pay_floor(pay_frame(session), benchmarks(session), year))


def _person(session, platform: str, county: str, establishment: str, pay: dict[int, int], *, left_on=None,
            paid_in: str | None = None) -> None:
    person = Person(platform_code=platform, county_code=county, name="张三", post="协理员", source="assistant",
                    establishment=establishment, employment="full_time", recruitment="open_selection",
                    joined_on=date(2019, 3, 1), left_on=left_on)
    session.add(person)
    session.flush()
    for year, fen in pay.items():  # paid_in: the county the record was written in, before a move
        session.add(PayRecord(person_id=person.id, county_code=paid_in or county, year=year, monthly_pay_fen=fen))


@pytest.fixture
def ledger(store):
    """Two counties with lines of every kind this year and last, and pay records of people on, off and gone from
    the establishment; 江安 with a platform and nothing else."""
    with write_session(store, SYSTEM) as s:
        for code, county in (("511502-S1", CUIPING), ("511503-S1", NANXI), ("JA-S1", JIANG_AN)):
            s.add(Platform(code=code, name=code, level="street", county_code=county))
        s.add(PayBenchmark(year=YEAR, monthly_fen=200_000))
        s.flush()
        for county, year, category, source, budgeted, allocated, spent in (
                (CUIPING, YEAR, "work_funds", "county_budget", 1_000_000, 800_000, 100_000),
                (CUIPING, YEAR, "work_funds", "city_special", 500_000, 500_000, 250_000),
                (CUIPING, YEAR, "city_subsidy", "city_special", 0, 400_000, 300_000),
                (CUIPING, YEAR - 1, "work_funds", "county_budget", 9_000_000, 1, 0),  # another year: left out
                (NANXI, YEAR, "city_subsidy", "city_special", 0, 0, 0)):  # nothing received: no share, not 0
            s.add(FundingLine(county_code=county, year=year, category=category, source=source,
                              budgeted_fen=budgeted, allocated_fen=allocated, spent_fen=spent))
        _person(s, "511502-S1", CUIPING, "off", {YEAR: 200_000, YEAR - 1: 100})  # at the benchmark
        _person(s, "511502-S1", CUIPING, "off", {YEAR: 199_999})
        _person(s, "511502-S1", CUIPING, "in", {YEAR: 1})  # on the establishment: not counted
        _person(s, "511502-S1", CUIPING, "off", {YEAR: 1}, left_on=date(2026, 1, 31))  # gone: not counted
        _person(s, "511503-S1", NANXI, "off", {YEAR: 300_000}, paid_in=CUIPING)  # counted where the person is now
    return store


def test_the_store_s_sums_and_counts_per_county_are_those_of_the_rows(ledger):
    with read_session(ledger) as s:
        sums = funding_sums(s, YEAR).set_index("county_code")
        counts = pay_floor_counts(s, YEAR, 200_000).set_index("county_code")
    assert sums.loc[CUIPING].to_dict() == {"work_allocated": 1_300_000, "work_budgeted": 1_500_000,
                                          "city_spent": 550_000, "city_allocated": 900_000}
    assert sums.loc[NANXI].to_dict() == dict.fromkeys(("work_allocated", "work_budgeted", "city_spent",
                                                        "city_allocated"), 0)
    assert JIANG_AN not in sums.index and JIANG_AN not in counts.index
    assert counts.loc[CUIPING].to_dict() == {"records": 2, "at_floor": 1}
    assert counts.loc[NANXI].to_dict() == {"records": 1, "at_floor": 1}


def test_the_indicators_from_the_store_s_sums_equal_those_from_every_row(ledger):
    with read_session(ledger) as s:
        parts, expected = indicator_parts(s, YEAR), _from_every_row(s, YEAR)
    assert parts == expected
    _, money, pay = parts
    assert money[CUIPING] == {"work_funds_allocated_share": 1_300_000 / 1_500_000, "subsidy_used_share": 550 / 900}
    assert money[NANXI] == {"work_funds_allocated_share": None, "subsidy_used_share": None}
    assert pay == {CUIPING: {"pay_floor_share": 0.5}, NANXI: {"pay_floor_share": 1.0}}


def test_each_share_s_whole_is_what_its_value_divides_by(ledger):
    """"What it takes" counts in the shares' own things: each whole times its share gives back a whole number of
    platforms, pay records or fen (1,500,000 fen budgeted, 900,000 received, 2 records, 1 platform)."""
    from models.assessment_frames import indicator_inputs
    with read_session(ledger) as s:
        (build, money, pay), wholes = indicator_inputs(s, YEAR)
    assert wholes[CUIPING] == {"compliant_share": 1, "demo_share": 1, "work_funds_allocated_share": 1_500_000,
                               "subsidy_used_share": 900_000, "pay_floor_share": 2}
    assert wholes[JIANG_AN] == {"compliant_share": 1, "demo_share": 1}  # no line, no pay record
    for county, by_code in wholes.items():
        values = {**build.get(county, {}), **money.get(county, {}), **pay.get(county, {})}
        for code, whole in by_code.items():
            if whole and values.get(code) is not None:
                assert abs(values[code] * whole - round(values[code] * whole)) < 1e-6, (county, code)


def test_a_year_without_a_benchmark_has_no_pay_floor_figures(ledger):
    with read_session(ledger) as s:
        parts, expected = indicator_parts(s, YEAR - 1), _from_every_row(s, YEAR - 1)
    assert parts == expected and parts[2] == {}


@pytest.mark.parametrize("year", [CURRENT, CURRENT - 1, 2016])
def test_the_demo_s_indicators_per_county_equal_those_from_every_row(demo_store, year):
    with read_session(demo_store) as s:
        parts, expected = indicator_parts(s, year), _from_every_row(s, year)
    assert parts == expected
    assert all(parts[:2])  # the demo has platforms and funding lines in each of these years
    assert parts[2] or year < 2021  # and pay records from 2021

