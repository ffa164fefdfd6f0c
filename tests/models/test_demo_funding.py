"""The demo ledger (models.demo_funding): reproducible, plausible, audited, and giving every funding view and
every R-FUND list something to show, without moving the verdicts the demo register was dealt."""
from datetime import date

import pytest
from sqlmodel import func, select

from logic import funding as F, pay_checks as P
from logic.authz import SYSTEM
from logic.vectorised import evaluate_frame
from models.db import make_engine, read_session, write_session
from models.demo import seed_demo
from models.demo_funding import CURRENT, seed_demo_funding
from models.demo_people import seed_demo_people
from models.funding import lines_frame, work_funds_by_platform
from models.pay import pay_frame
from models.platforms import platforms_frame
from models.seed import YIBIN_UNITS, init_database
from models.settings import benchmarks
from models.tables import AuditLog


def _demo_store(seed: int = 2014):
    engine = make_engine("sqlite://")
    init_database(engine)
    with write_session(engine, SYSTEM) as s:
        seed_demo(s)
        seed_demo_people(s)
        seed_demo_funding(s, seed=seed)
    return engine


@pytest.fixture(scope="module")
def demo(demo_store):
    """The demo as the app seeds it, shared with the other read-only tests."""
    with read_session(demo_store) as s:
        frames = lines_frame(s), pay_frame(s), benchmarks(s), platforms_frame(s)
    return (demo_store, *frames)


@pytest.mark.slow
def test_the_same_seed_gives_the_same_ledger(demo):
    _, lines, *_ = demo
    again = _demo_store()
    with read_session(again) as s:
        same = lines_frame(s)
    again.dispose()
    columns = [c for c in lines.columns if c != "updated_at"]
    assert lines[columns].equals(same[columns])


def test_every_unit_has_lines_in_every_year_and_every_category_appears(demo):
    _, lines, *_ = demo
    assert set(lines["county_code"]) == {code for code, *_ in YIBIN_UNITS}
    assert set(lines["year"]) == set(range(2014, CURRENT + 1))
    assert set(lines.groupby("county_code")["year"].nunique()) == {CURRENT - 2014 + 1}
    assert set(lines["category"]) == set(F.CATEGORIES)
    for raw in lines.drop(columns=["updated_at"]).to_dict("records"):  # every line passes the entry checks
        assert F.validate_line(raw, today=date(CURRENT, 12, 31),
                               platform_county=raw["county_code"] if raw["platform_code"] else None,
                               purpose_platform_counties={c: raw["county_code"] for c in raw["purpose_platforms"]}) == []


def test_each_line_was_audited(demo):
    engine, lines, *_ = demo
    with read_session(engine) as s:
        audited = s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "fundingline")).one()
    assert audited == len(lines)


def test_the_lists_have_something_to_show(demo):
    _, lines, pay, bench, _ = demo
    assert 0 < len(P.below_benchmark(pay[pay["year"] == CURRENT], bench)) < len(pay[pay["year"] == CURRENT]) // 5
    assert len(P.declines(pay, CURRENT)) > 0
    assert len(P.imbalance(pay, CURRENT)) > 0
    assert (lines["spent_fen"] > lines["allocated_fen"]).any()
    assert (lines.loc[lines["spent_fen"] > lines["allocated_fen"], "note"] != "").all()
    assert len(F.subsidy_purposes(lines)) > 20
    secured = F.work_funds_secured(lines, CURRENT)
    assert 0 < sum(not v for v in secured.values()) < len(secured) // 5


def test_this_years_ledger_leaves_the_dealt_verdicts_as_they_were(demo):
    """R-8.6 from the ledger agrees with every entered flag in the demo's current year."""
    engine, _, _, _, platforms = demo
    with read_session(engine) as s:
        judged = F.apply_work_funds(platforms, work_funds_by_platform(s, CURRENT))
    assert judged["work_funds_from_lines"].sum() > 200
    assert (judged["work_funds_secured"] == platforms["work_funds_secured"]).all()
    assert (evaluate_frame(judged)["compliant"] == evaluate_frame(platforms)["compliant"]).all()


@pytest.mark.parametrize("year", [2014, CURRENT - 1, CURRENT])
def test_r_8_6_summed_in_the_database_agrees_with_the_rule_over_the_lines(demo, year):
    """work_funds_by_platform sums work funds per platform in SQL; the answer is the ledger rule's
    (logic.funding.work_funds_secured over every line) for every platform and year, and for a chosen few."""
    engine, lines, _, _, _ = demo
    expected = F.work_funds_secured(lines, year)
    with read_session(engine) as s:
        assert work_funds_by_platform(s, year) == expected
        few = [*sorted(expected)[:3], "NO-SUCH-CODE"]
        assert work_funds_by_platform(s, year, codes=few) == {c: expected[c] for c in few if c in expected}
    if year == CURRENT:  # this year's ledger has both answers, so agreement is not agreement on nothing
        assert any(expected.values()) and not all(expected.values())
