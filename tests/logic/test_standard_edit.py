"""R-8.11 "服务内容根据需要适时调整": an adjusted standard is checked before saving, and its preview lists exactly
the platforms whose verdict it changes — the same ones `evaluate` judges differently, one by one."""
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from logic.compliance import evaluate
from logic.standard import yibin_2014
from logic.standard_edit import validate_standard, verdict, verdict_changes, verdict_changes_from, with_column
from logic.vectorised import evaluate_frame
from tests.logic.strategies import platforms

FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = yibin_2014()


def _verdict(facts, std) -> str:
    result = evaluate(facts, std)
    return verdict(result.compliant, result.demonstration_eligible)


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame([{**r, "code": f"P{i}"} for i, r in enumerate(rows)])


class TestPreview:
    @FEW
    @pytest.mark.slow
    @given(rows=st.lists(platforms(), min_size=1, max_size=25),
           area=st.sampled_from((0, 20, 45, 50, 55, 60, 80)), services=st.sets(st.sampled_from(sorted(BASE.services))))
    def test_r_8_11_the_preview_lists_exactly_the_platforms_evaluate_judges_differently(self, rows, area, services):
        edited = replace(with_column(BASE, "street_township", min_area_m2=area), version=2, services=frozenset(services))
        frame = _frame(rows)
        expected = {f"P{i}" for i, r in enumerate(rows) if _verdict(r, BASE) != _verdict(r, edited)}
        assert set(verdict_changes(frame, BASE, edited)["code"]) == expected

    def test_raising_the_centre_area_to_60_moves_only_compliant_centres_between_50_and_60(self):
        good = dict(level="street", code="S", name="x", county_code="511502", sign_installed=True,
                    sign_text="南溪街道就业和社会保障服务中心", windows=["employment", "social_medical", "resident_insurance"],
                    open_counter=True, info_area=True, office=True, service_population=8000, staff_full_time=2,
                    staff_part_time=0, equipment=sorted(BASE.equipment), network_connected=True,
                    work_funds_secured=True, services=sorted(BASE.services), rules_posted=True)
        rows = [{**good, "area_m2": a} for a in (49, 50, 55, 59.9, 60, 75)]
        rows.append({**good, "level": "community", "sign_text": "一社区就业和社会保障服务站", "area_m2": 30})
        changed = verdict_changes(_frame(rows), BASE, with_column(BASE, "street_township", min_area_m2=60))
        assert list(changed["code"]) == ["P1", "P2", "P3"]
        assert set(changed["before"]) == {"compliant"} and set(changed["after"]) == {"not"}
        assert all(f == frozenset({"premises"}) for f in changed["failed_after"])

    def test_no_platforms_no_changes(self):
        assert verdict_changes(pd.DataFrame(), BASE, BASE).empty
        assert verdict_changes_from(pd.DataFrame(), BASE).empty

    @FEW
    @given(rows=st.lists(platforms(), min_size=1, max_size=25), area=st.sampled_from((0, 45, 55, 60, 80)))
    def test_a_judged_register_s_own_verdicts_serve_as_the_before(self, rows, area):
        """The screen compares with the register it already judged rather than judging it a second time."""
        edited = replace(with_column(BASE, "street_township", min_area_m2=area), version=2)
        frame = _frame(rows)
        judged = frame.join(evaluate_frame(frame, BASE))
        pd.testing.assert_frame_equal(verdict_changes_from(judged, edited), verdict_changes(frame, BASE, edited))


class TestValidation:
    def test_the_2014_standard_is_valid(self):
        assert validate_standard(BASE) == []

    def test_a_demonstration_area_below_the_compliance_area_is_refused(self):
        bad = with_column(BASE, "community", min_area_m2=50, demo_min_area_m2=40)
        assert [e.field for e in validate_standard(bad)] == ["community.demo_min_area_m2"]

    def test_codes_no_platform_can_record_are_refused(self):
        bad = replace(BASE, services=BASE.services | {"pension_certification"})
        assert [e.field for e in validate_standard(bad)] == ["services"]
