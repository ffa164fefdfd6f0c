"""The demo register's past (models.demo_history): read back through models.register_history, past years show
the build-up of R-TGT-2/3 — fewer platforms and fewer compliant ones in 2014 than later — while this year stays
exactly today's register, and no dated entry comes after the change that followed it or after now."""
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from logic.authz import SYSTEM
from logic.targets import counts_toward_576
from logic.vectorised import evaluate_frame
from models.db import make_engine, read_session, write_session
from models.demo import seed_demo
from models.demo_history import seed_demo_history
from models.people_frames import platforms_with_roster
from models.register_history import register_as_of
from models.seed import init_database
from models.tables import AuditLog

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def history():
    engine = make_engine("sqlite://")
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo(session, scale=0.3)
        updates = seed_demo_history(session, now=NOW)
    yield engine, updates
    engine.dispose()


def _compliant(frame) -> int:
    return int(counts_toward_576(frame.join(evaluate_frame(frame))).sum()) if len(frame) else 0


def test_past_years_build_up_to_today(history):
    engine, _ = history
    with read_session(engine) as s:
        registered = {y: register_as_of(s, y).platforms for y in (2014, 2016, 2020)}
        today = platforms_with_roster(s)
    sizes = [len(registered[y]) for y in (2014, 2016, 2020)]
    assert 0 < sizes[0] < sizes[1] <= sizes[2] <= len(today)
    assert _compliant(registered[2014]) < _compliant(registered[2016]) <= _compliant(today)
    assert registered[2014]["level"].isin(["county", "street", "township", "community", "village"]).all()
    assert set(registered[2014]["level"]) >= {"county", "street", "township"}  # the centres came first


def test_this_year_is_exactly_today(history):
    engine, _ = history
    with read_session(engine) as s:
        then = register_as_of(s, NOW.year).platforms.set_index("code").sort_index()
        today = platforms_with_roster(s).set_index("code").sort_index()
    for column in ("level", "county_code", "rules_posted", "network_connected", "staff_full_time", "area_m2"):
        assert then[column].tolist() == today[column].tolist(), column
    assert then["services_online"].map(sorted).tolist() == today["services_online"].map(sorted).tolist()


def test_each_platform_is_entered_once_then_brought_up_once_never_in_the_future(history):
    engine, updates = history
    with read_session(engine) as s:
        rows = s.exec(select(AuditLog.entity_key, AuditLog.action, AuditLog.at)
                      .where(AuditLog.entity == "platform")).all()
    by_code: dict[str, dict] = {}
    for code, action, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        assert date(2014, 1, 1) <= at.date() and at < NOW
        by_code.setdefault(code, {})[action] = at
    assert len(by_code) == updates and all(set(v) == {"create", "update"} for v in by_code.values())
    assert all(v["create"] <= v["update"] for v in by_code.values())


def test_in_the_first_days_of_a_year_nothing_is_dated_after_now():
    engine = make_engine("sqlite://")
    init_database(engine)
    early = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)
    with write_session(engine, SYSTEM) as session:
        seed_demo(session, scale=0.05)
        seed_demo_history(session, now=early)
    with read_session(engine) as s:
        latest = max(at if at.tzinfo else at.replace(tzinfo=UTC)
                     for at in s.exec(select(AuditLog.at).where(AuditLog.entity == "platform")))
    engine.dispose()
    assert latest < early
