"""The assessment's stored data (R-ASSESS-2 "与专项补助资金挂钩"): performance scores entered by city
administrators only, exact and audited; a frozen ranking that later data changes leave exactly as it was."""
import pytest
from sqlmodel import func, select

from logic.assessment_inputs import default_scheme
from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.errors import ValidationFailed
from logic.ranking import rank_counties
from models.assessment import PerformanceScore, RankingSnapshot, freeze, performance_scores, set_performance, snapshots
from models.assessment_frames import indicator_values, pilot_skip_map
from models.db import read_session, write_session
from models.locking import NEW
from models.tables import AuditLog, Platform
from tests.conftest import work_funds_line

ADMIN = Actor("admin", "city_admin")
OFFICER = Actor("cuiping", "county_officer", "511502")
VIEWER = Actor("viewer", "viewer")


def _audits(engine, entity: str) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.entity == entity)).one()


def test_a_city_admin_enters_a_score_exactly_once_per_county_and_year_with_an_audit_row(store):
    with write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score="87.5", expected_version=NEW)
    with write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=90, expected_version=1)
    with read_session(store) as s:
        assert performance_scores(s, 2026) == {"511502": 90.0}
        assert s.exec(select(func.count()).select_from(PerformanceScore)).one() == 1
    assert _audits(store, "performancescore") == 2  # the entry and the correction


@pytest.mark.parametrize("actor", [OFFICER, VIEWER])
def test_only_city_admins_enter_scores_or_freeze(store, actor):
    with pytest.raises(PermissionDenied), write_session(store, actor) as s:
        set_performance(session=s, actor=actor, county_code="511502", year=2026, score=80, expected_version=NEW)
    with pytest.raises(PermissionDenied), write_session(store, actor) as s:
        freeze(session=s, actor=actor, year=2026, payload={})
    assert _audits(store, "performancescore") == _audits(store, "rankingsnapshot") == 0


@pytest.mark.parametrize("score", ["-1", "100.1", "87.55", "很好", ""])
def test_a_bad_score_is_refused_naming_the_field_and_nothing_is_written(store, score):
    with pytest.raises(ValidationFailed) as refused, write_session(store, ADMIN) as s:
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=score, expected_version=NEW)
    assert refused.value.errors[0].field == "score"
    assert _audits(store, "performancescore") == 0


def test_a_frozen_snapshot_stays_unchanged_after_its_data_change(store):
    with write_session(store, SYSTEM) as s:
        s.add(Platform(code="P1", name="甲街道", level="street", county_code="511502"))
        s.add(Platform(code="P2", name="乙街道", level="street", county_code="511503"))
        s.add_all([work_funds_line("511502", 2026), work_funds_line("511503", 2026)])
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=95, expected_version=NEW)
        set_performance(session=s, actor=ADMIN, county_code="511503", year=2026, score=70, expected_version=NEW)
    scheme = default_scheme(2026)
    with read_session(store) as s:
        skip = pilot_skip_map(s, 2026)
        scores = rank_counties(indicator_values(s, 2026, scheme), scheme, skip=skip)
    kept = {"counties": [{"county": x.county, "rank": x.rank, "total": x.total} for x in scores]}
    with write_session(store, ADMIN) as s:
        frozen_id = freeze(session=s, actor=ADMIN, year=2026, payload=kept, note="年度评先").id
    with write_session(store, ADMIN) as s:  # the data move on: scores swap
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=60, expected_version=1)
        set_performance(session=s, actor=ADMIN, county_code="511503", year=2026, score=100, expected_version=1)
    with read_session(store) as s:
        now = rank_counties(indicator_values(s, 2026, scheme), scheme, skip=skip)
        snapshot = s.get(RankingSnapshot, frozen_id)
        assert [x.county for x in now][:2] != [c["county"] for c in kept["counties"]][:2]  # today's order moved
        assert snapshot.payload == kept and [r.id for r in snapshots(s, 2026)] == [frozen_id]
    assert _audits(store, "rankingsnapshot") == 1


class TestSchemeAsData:
    """R-ASSESS: "指标和权重为设置" — the scheme is data, versioned per year, changed by city administrators."""

    def test_a_saved_version_is_in_force_from_its_year_and_earlier_years_keep_theirs(self, store):
        from logic.assessment_inputs import spec_of
        from models.assessment import save_scheme, scheme_for
        spec = spec_of(default_scheme(2026))
        spec["coverage_threshold"] = 0.9
        with write_session(store, ADMIN) as s:
            first = save_scheme(session=s, actor=ADMIN, year=2026, spec=spec, expected_version=NEW).version
        spec["coverage_threshold"] = 0.8
        with write_session(store, ADMIN) as s:
            second = save_scheme(session=s, actor=ADMIN, year=2026, spec=spec, expected_version=1).version
        with read_session(store) as s:
            assert (first, second) == (1, 2)
            assert scheme_for(s, 2027)[0].coverage_threshold == 0.8  # in force until a later one
            earlier = scheme_for(s, 2025)
            assert earlier.scheme == default_scheme(2025) and earlier.stored is None and earlier.broken is None
        assert _audits(store, "assessmentscheme") == 2

    def test_a_stored_version_that_no_longer_validates_is_reported_not_silently_replaced(self, store):
        """A version edited outside the app (here an indicator the code no longer knows) is not used; the
        default is, and the caller learns which version failed and why."""
        from logic.assessment_inputs import spec_of
        from models.assessment import AssessmentScheme, scheme_for
        spec = spec_of(default_scheme(2026))
        spec["indicators"][0]["code"] = "withdrawn_indicator"
        with write_session(store, ADMIN) as s:
            s.add(AssessmentScheme(year=2026, version=1, spec=spec, created_by="admin"))
        with read_session(store) as s:
            found = scheme_for(s, 2026)
            assert found.scheme == default_scheme(2026) and found.stored is None
            assert (found.broken.year, found.broken.version) == (2026, 1)
            assert "indicators" in {e.field for e in found.errors}

    def test_a_version_saved_before_every_dimension_existed_gets_the_default_setting(self, store):
        from logic.assessment_inputs import scheme_from_spec, spec_of
        spec = spec_of(default_scheme(2026))
        del spec["every_dimension"]
        scheme, errors = scheme_from_spec(spec, 2026)
        assert not errors and scheme.every_dimension is True
        spec["every_dimension"] = False
        assert scheme_from_spec(spec, 2026)[0].every_dimension is False

    @pytest.mark.parametrize(("change", "field"), [
        (lambda sp: sp["indicators"][0].update(direction="sideways"), "compliant_share.direction"),
        (lambda sp: sp["indicators"][0].update(low=1.0, high=1.0), "compliant_share.high"),
        (lambda sp: sp["indicators"][1].update(weight=-1), "demo_share.weight"),
        (lambda sp: sp.update(coverage_threshold=1.5), "coverage_threshold"),
        (lambda sp: sp.update(dimension_weights={k: 0 for k in sp["dimension_weights"]}), "dimension_weights"),
        (lambda sp: sp.update(tiers=[["gold", 2]]), "tiers"),
        (lambda sp: sp.update(every_dimension="yes"), "every_dimension"),
    ])
    def test_a_bad_scheme_is_refused_naming_the_field_and_nothing_is_written(self, store, change, field):
        from logic.assessment_inputs import spec_of
        from models.assessment import save_scheme
        spec = spec_of(default_scheme(2026))
        change(spec)
        with pytest.raises(ValidationFailed) as refused, write_session(store, ADMIN) as s:
            save_scheme(session=s, actor=ADMIN, year=2026, spec=spec, expected_version=NEW)
        assert field in {e.field for e in refused.value.errors}
        assert _audits(store, "assessmentscheme") == 0

    def test_only_city_admins_change_the_scheme(self, store):
        from logic.assessment_inputs import spec_of
        from models.assessment import save_scheme
        with pytest.raises(PermissionDenied), write_session(store, OFFICER) as s:
            save_scheme(session=s, actor=OFFICER, year=2026, spec=spec_of(default_scheme(2026)),
                        expected_version=NEW)


def test_r_assess_1_the_pilot_dimension_counts_only_where_a_county_has_a_pilot(store):
    """R-ASSESS-1 "对有国家试点项目的区县,还要考核试点项目建设情况"."""
    from models.assessment import set_pilot
    from models.assessment_frames import pilot_skip_map
    with write_session(store, ADMIN) as s:
        set_pilot(session=s, actor=ADMIN, county_code="511502", year_won=2015, expected_version=NEW)
        set_performance(session=s, actor=ADMIN, county_code="511502", year=2026, score=50, indicator="pilot_progress",
                        expected_version=NEW)
    scheme = default_scheme(2026)
    with read_session(store) as s:
        values, skip = indicator_values(s, 2026, scheme), pilot_skip_map(s, 2026)
    scores = {x.county: x for x in rank_counties(values, scheme, skip=skip)}
    assert "pilot" in scores["511502"].dimensions and "pilot" not in scores["511503"].dimensions
    assert scores["511502"].values["pilot_progress"] == 50.0
