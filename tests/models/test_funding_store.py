"""The funding ledger, pay records and settings in the store: authorised, validated, audited (R-FUND-7).

Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from logic import funding as F, pay_checks as P
from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.errors import StaleEdit, ValidationFailed
from logic.vectorised import evaluate_frame
from models.db import read_session, write_session
from models.funding import (
    FundingLine,
    add_line,
    line_sums,
    lines_frame,
    save_lines,
    update_line,
    work_fund_sums,
    work_funds_by_platform,
)
from models.locking import NEW
from models.pay import PayRecord, pay_frame, set_pay
from models.people import Person
from models.platforms import platforms_frame
from models.settings import (
    balance_scope,
    benchmarks,
    set_balance_scope,
    set_benchmark,
    set_tolerance,
    tolerance,
)
from models.tables import AuditLog, Platform
from tests.models.test_people_store import COMPLETE

TODAY = date(2026, 6, 15)
CUIPING, NANXI = "511502", "511503"
OFFICER = Actor("cuiping", "county_officer", CUIPING)
OTHER_OFFICER = Actor("nanxi", "county_officer", NANXI)
ADMIN = Actor("admin", "city_admin")
VIEWER = Actor("viewer", "viewer")


@pytest.fixture
def engine(store):
    """A complete street centre and a community in Cuiping, a centre in Nanxi, and two off-establishment people."""
    with write_session(store, SYSTEM) as s:
        s.add(Platform(code="511502-S1", name="白沙湾街道", level="street", county_code=CUIPING, staff_full_time=2,
                       service_population=8_000, **COMPLETE))
        s.add(Platform(code="511502-C1", name="莲花池社区", level="community", county_code=CUIPING, parent_code="511502-S1"))
        s.add(Platform(code="511503-S1", name="南溪街道", level="street", county_code=NANXI))
        s.flush()
        for name, fen in (("王芳", 300_000), ("李强", 200_000)):
            s.add(Person(platform_code="511502-S1", county_code=CUIPING, name=name, post="协理员", source="assistant",
                         establishment="off", employment="full_time", recruitment="open_selection",
                         monthly_income_fen=fen, joined_on=date(2019, 3, 1)))
    return store


def _facts(**over) -> dict:
    return {"year": 2026, "platform_code": "511502-S1", "category": "work_funds", "source": "county_budget",
            "budgeted": "30000", "allocated": "30000.50", "spent": "12000.01", "note": "", **over}


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return (s.exec(select(func.count()).select_from(FundingLine)).one(),
                s.exec(select(func.count()).select_from(AuditLog)).one())


def _add(engine, actor=OFFICER, county=CUIPING, **over) -> FundingLine:
    with write_session(engine, actor) as s:
        line = add_line(session=s, actor=actor, county_code=county, facts=_facts(**over), today=TODAY)
        return line.id


class TestWrites:
    def test_a_line_is_stored_in_exact_fen_with_its_audit_row(self, engine):
        before = _counts(engine)
        line_id = _add(engine)
        assert _counts(engine) == (before[0] + 1, before[1] + 1)
        with read_session(engine) as s:
            line = s.get(FundingLine, line_id)
            audit = s.exec(select(AuditLog).where(AuditLog.entity == "fundingline")).one()
        assert (line.budgeted_fen, line.allocated_fen, line.spent_fen) == (3_000_000, 3_000_050, 1_200_001)
        assert (line.county_code, line.updated_by) == (CUIPING, "cuiping")
        assert (audit.actor, audit.action, audit.county_code, audit.after["allocated_fen"]) == (
            "cuiping", "create", CUIPING, 3_000_050)

    @pytest.mark.parametrize("over, field", [
        ({"budgeted": "-1"}, "budgeted"), ({"allocated": "10.001"}, "allocated"), ({"year": 2013}, "year"),
        ({"spent": "40000"}, "spent"), ({"platform_code": "511503-S1"}, "platform_code"),
        ({"platform_code": "NOPE"}, "platform_code"), ({"category": "city_subsidy"}, "purpose"),
    ])
    def test_bad_input_writes_nothing_and_names_the_field(self, engine, over, field):
        before = _counts(engine)
        with pytest.raises(ValidationFailed) as failed:
            _add(engine, **over)
        assert field in {e.field for e in failed.value.errors}
        assert _counts(engine) == before

    @pytest.mark.parametrize("actor, county", [(OTHER_OFFICER, CUIPING), (VIEWER, CUIPING), (OFFICER, NANXI)])
    def test_only_the_countys_officer_or_a_city_admin_may_write(self, engine, actor, county):
        before = _counts(engine)
        with pytest.raises(PermissionDenied):
            _add(engine, actor=actor, county=county, platform_code=None)
        assert _counts(engine) == before
        assert _add(engine, actor=ADMIN, county=NANXI, platform_code="511503-S1")

    def test_an_edit_is_authorised_against_the_stored_county_audited_and_versioned(self, engine):
        line_id = _add(engine)
        with pytest.raises(PermissionDenied), write_session(engine, OTHER_OFFICER) as s:
            update_line(session=s, actor=OTHER_OFFICER, line_id=line_id, facts={"spent": "1"}, expected_version=1)
        with write_session(engine, OFFICER) as s:
            line = update_line(session=s, actor=OFFICER, line_id=line_id, facts={"spent": "30000.50"},
                               expected_version=1, today=TODAY)
            assert (line.spent_fen, line.version, line.budgeted_fen) == (3_000_050, 2, 3_000_000)
        with read_session(engine) as s:
            audit = s.exec(select(AuditLog).where(AuditLog.entity == "fundingline", AuditLog.action == "update")).one()
        assert (audit.before["spent_fen"], audit.after["spent_fen"]) == (1_200_001, 3_000_050)
        with pytest.raises(StaleEdit), write_session(engine, OFFICER) as s:
            update_line(session=s, actor=OFFICER, line_id=line_id, facts={"spent": "2"}, expected_version=1)

    def test_bulk_entry_is_all_or_nothing_and_names_the_row(self, engine):
        line_id = _add(engine)
        before = _counts(engine)
        with pytest.raises(ValidationFailed) as failed, write_session(engine, OFFICER) as s:
            save_lines(session=s, actor=OFFICER, county_code=CUIPING, today=TODAY,
                       added=[_facts(), _facts(budgeted="-3")], edited={line_id: (1, {"note": "ok"})})
        assert [e.field for e in failed.value.errors] == ["+2: budgeted"]
        assert _counts(engine) == before
        with write_session(engine, OFFICER) as s:
            assert save_lines(session=s, actor=OFFICER, county_code=CUIPING, today=TODAY,
                              added=[_facts(), _facts(platform_code=None, category="personnel")],
                              edited={line_id: (1, {"note": "ok"})}) == 3
        assert _counts(engine) == (before[0] + 2, before[1] + 3)


class TestViews:
    def test_sums_agree_to_the_fen_across_every_view(self, engine):
        for county, platform in ((CUIPING, "511502-S1"), (CUIPING, None), (NANXI, "511503-S1")):
            for year, amount in ((2025, "1234.56"), (2026, "0.01"), (2026, "99999.99")):
                _add(engine, actor=ADMIN, county=county, platform_code=platform, year=year, budgeted=amount,
                     allocated=amount, spent="0")
        with read_session(engine) as s:
            lines = lines_frame(s)
            cuiping = lines_frame(s, county_code=CUIPING)
        expected = 3 * (Decimal("1234.56") + Decimal("0.01") + Decimal("99999.99"))
        grand = F.totals(F.rollup(lines, ["county_code", "year"]))
        assert F.yuan(grand["budgeted_fen"]) == expected
        for by in (["county_code"], ["year"], ["category"], ["county_code", "year", "category"]):
            assert F.totals(F.rollup(lines, by)) == grand
        by_county = F.rollup(lines, ["county_code"]).set_index("county_code")
        assert int(by_county.loc[CUIPING, "budgeted_fen"]) == F.totals(F.rollup(cuiping, ["year"]))["budgeted_fen"]

    def test_the_store_sums_to_the_same_fen_as_the_lines_summed(self, engine):
        for county, platform, category, source in ((CUIPING, "511502-S1", "work_funds", "county_budget"),
                                                   (CUIPING, None, "personnel", "city_special"),
                                                   (NANXI, "511503-S1", "construction", "city_special")):
            for year, amount in ((2025, "1234.56"), (2026, "0.01"), (2026, "99999.99")):
                _add(engine, actor=ADMIN, county=county, platform_code=platform, year=year, category=category,
                     source=source, budgeted=amount, allocated=amount, spent="0")
        with read_session(engine) as s:
            lines = lines_frame(s)
            for by in (["county_code"], ["year"], ["category"], ["county_code", "year", "category"]):
                assert line_sums(s, by).to_dict("list") == F.rollup(lines, by).drop(
                    columns=["execution_rate"]).to_dict("list")
            city = lines[(lines["source"] == "city_special") & (lines["county_code"] == CUIPING)
                         & (lines["year"] == 2026)]
            assert line_sums(s, ["category"], county_code=CUIPING, year=2026, source="city_special").to_dict(
                "list") == F.rollup(city, ["category"]).drop(columns=["execution_rate"]).to_dict("list")
            assert line_sums(s, ["year"], county_code="nowhere").empty
            for year in (2024, 2025, 2026):
                assert work_funds_by_platform(s, year) == F.work_funds_secured(lines, year)
            assert F.secured_by_year(work_fund_sums(s, county_code=NANXI)) == {
                2025: {"511503-S1": False}, 2026: {"511503-S1": False}}

    def test_r_8_6_funding_lines_flip_a_platforms_funds_item(self, engine):
        """R-8.6 "有统一工作经费": lines, where kept for the platform and year, decide the item."""
        def verdict(year):
            with read_session(engine) as s:
                frame = F.apply_work_funds(platforms_frame(s, CUIPING), work_funds_by_platform(s, year))
            return evaluate_frame(frame).set_index(frame["code"]).loc["511502-S1"]

        assert verdict(2026)["ok_funds"] and verdict(2026)["compliant"]  # no lines: the entered flag stands
        _add(engine, category="personnel")  # a line, but no work funds
        assert not verdict(2026)["ok_funds"] and not verdict(2026)["compliant"]
        _add(engine, category="work_funds", allocated="0.01", spent="0")
        assert verdict(2026)["ok_funds"] and verdict(2026)["compliant"]
        assert verdict(2025)["ok_funds"]  # another year keeps the entered flag


class TestPayAndSettings:
    def test_benchmark_and_tolerance_are_city_admin_settings_audited(self, engine):
        for actor in (OFFICER, VIEWER):
            with pytest.raises(PermissionDenied), write_session(engine, actor) as s:
                set_benchmark(session=s, actor=actor, year=2026, amount="2000", today=TODAY, expected_version=NEW)
        with pytest.raises(ValidationFailed) as failed, write_session(engine, ADMIN) as s:
            set_benchmark(session=s, actor=ADMIN, year=2026, amount="2000.001", today=TODAY, expected_version=NEW)
        assert failed.value.errors[0].field == "benchmark"
        with write_session(engine, ADMIN) as s:
            set_benchmark(session=s, actor=ADMIN, year=2026, amount="2000", today=TODAY, expected_version=NEW)
            set_benchmark(session=s, actor=ADMIN, year=2026, amount="2100.50", today=TODAY, expected_version=1)
            set_tolerance(session=s, actor=ADMIN, value="1.25", expected_version=NEW)
            set_balance_scope(session=s, actor=ADMIN, scope="with_stations", expected_version=NEW)
        with pytest.raises(ValidationFailed), write_session(engine, ADMIN) as s:
            set_tolerance(session=s, actor=ADMIN, value="0.8", expected_version=1)
        with read_session(engine) as s:
            assert benchmarks(s) == {2026: 210_050}
            assert (tolerance(s), balance_scope(s)) == (Decimal("1.25"), "with_stations")
            audited = {a.entity for a in s.exec(select(AuditLog).where(AuditLog.actor == "admin"))}
        assert audited == {"paybenchmark", "setting"}

    def test_pay_records_feed_the_three_checks(self, engine):
        with read_session(engine) as s:
            ids = list(s.exec(select(Person.id).order_by(Person.id)))
        with pytest.raises(PermissionDenied), write_session(engine, OTHER_OFFICER) as s:
            set_pay(session=s, actor=OTHER_OFFICER, person_id=ids[0], year=2026, amount="3000", today=TODAY,
                    expected_version=NEW)
        with pytest.raises(ValidationFailed), write_session(engine, OFFICER) as s:
            set_pay(session=s, actor=OFFICER, person_id=ids[0], year=2026, amount="-3", today=TODAY, expected_version=NEW)
        with write_session(engine, OFFICER) as s:
            for pid, year, amount in ((ids[0], 2025, "3100"), (ids[0], 2026, "3000"), (ids[1], 2026, "1999.99")):
                set_pay(session=s, actor=OFFICER, person_id=pid, year=year, amount=amount, today=TODAY,
                        expected_version=NEW)
        with write_session(engine, ADMIN) as s:
            set_benchmark(session=s, actor=ADMIN, year=2026, amount="2000", today=TODAY, expected_version=NEW)
        with read_session(engine) as s:
            pay, bench = pay_frame(s), benchmarks(s)
            assert s.exec(select(func.count()).select_from(PayRecord)).one() == 3
        assert list(P.below_benchmark(pay, bench)["monthly_pay_fen"]) == [199_999]
        assert list(P.declines(pay)["change_fen"]) == [-10_000]
        assert list(P.imbalance(pay, 2026)["centre_code"]) == ["511502-S1"]  # 3,000 > 1.2 × 1,999.99


@pytest.mark.parametrize(("over", "field"), [
    ({"budgeted": "0", "allocated": "0", "spent": "0"}, "budgeted"),  # no amount at all
    ({"allocated_on": date(2030, 1, 2)}, "allocated_on"),  # a 2026 line allocated in 2030: after today
    ({"spent_on": date(2025, 12, 30)}, "spent_on"),  # before the line's year, unexplained
])
def test_a_line_that_makes_no_sense_is_refused_naming_the_field_and_nothing_is_written(engine, over, field):
    before = _counts(engine)
    with pytest.raises(ValidationFailed) as refused:
        _add(engine, **over)
    assert field in {e.field for e in refused.value.errors}
    assert all(e.reason_zh for e in refused.value.errors)
    assert _counts(engine) == before  # no line, no audit row
