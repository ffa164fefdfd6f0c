"""The assessment's stored data (R-ASSESS-2 "与专项补助资金挂钩"): performance scores entered by city
administrators only, exact and audited; a frozen ranking that later data changes leave exactly as it was."""
import pytest
from sqlmodel import func, select

from logic.assessment_inputs import default_scheme
from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.errors import ValidationFailed
from logic.ranking import rank_counties
from models.assessment import PerformanceScore, RankingSnapshot, freeze, performance_scores, set_performance, snapshots
from models.assessment_frames import indicator_values
from models.db import read_session, write_session
from models.tables import AuditLog, Platform

ADMIN = Actor("admin", "city_admin")
OFFICER = Actor("cuiping", "county_officer", "511502")
VIEWER = Actor("viewer", "viewer")


def _audits(engine, entity: str) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.entity == entity)).one()


def test_a_city_admin_enters_a_score_exactly_once_per_county_and_year_with_an_audit_row(store):
    with write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score="87.5")
    with write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=90)
    with read_session(store) as s:
        assert performance_scores(s, 2026) == {"511502": 90.0}
        assert s.exec(select(func.count()).select_from(PerformanceScore)).one() == 1
    assert _audits(store, "performancescore") == 2  # the entry and the correction


@pytest.mark.parametrize("actor", [OFFICER, VIEWER])
def test_only_city_admins_enter_scores_or_freeze(store, actor):
    with pytest.raises(PermissionDenied), write_session(store, actor) as s:
        set_performance(session=s, actor=actor, county_code="511502", year=2026, score=80)
    with pytest.raises(PermissionDenied), write_session(store, actor) as s:
        freeze(session=s, actor=actor, year=2026, payload={})
    assert _audits(store, "performancescore") == _audits(store, "rankingsnapshot") == 0


@pytest.mark.parametrize("score", ["-1", "100.1", "87.55", "很好", ""])
def test_a_bad_score_is_refused_naming_the_field_and_nothing_is_written(store, score):
    with pytest.raises(ValidationFailed) as refused, write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=score)
    assert refused.value.errors[0].field == "score"
    assert _audits(store, "performancescore") == 0


def test_a_frozen_snapshot_stays_unchanged_after_its_data_change(store):
    with write_session(store, SYSTEM) as s:
        s.add(Platform(code="P1", name="甲街道", level="street", county_code="511502"))
        s.add(Platform(code="P2", name="乙街道", level="street", county_code="511503"))
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=95)
        set_performance(session=s, actor=ADMIN, county_code="511503", year=2026, score=70)
    scheme = default_scheme(2026)
    with read_session(store) as s:
        scores = rank_counties(indicator_values(s, 2026, scheme), scheme)
    kept = {"counties": [{"county": x.county, "rank": x.rank, "total": x.total} for x in scores]}
    with write_session(store, ADMIN) as s:
        frozen_id = freeze(session=s, actor=ADMIN, year=2026, payload=kept, note="年度评先").id
    with write_session(store, ADMIN) as s:  # the data move on: scores swap
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=60)
        set_performance(session=s, actor=ADMIN, county_code="511503", year=2026, score=100)
    with read_session(store) as s:
        now = rank_counties(indicator_values(s, 2026, scheme), scheme)
        snapshot = s.get(RankingSnapshot, frozen_id)
        assert [x.county for x in now][:2] != [c["county"] for c in kept["counties"]][:2]  # today's order moved
        assert snapshot.payload == kept and [r.id for r in snapshots(s, 2026)] == [frozen_id]
    assert _audits(store, "rankingsnapshot") == 1
