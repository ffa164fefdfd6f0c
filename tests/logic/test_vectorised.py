"""R-8.1..R-8.11 at scale: `logic.vectorised.evaluate_frame` gives exactly the verdicts of `evaluate`.

The screens judge whole tables with `evaluate_frame`; a form judges one platform with `evaluate`. A platform
must get the same verdict from both, for any facts and under any version of the standard, so the property is
checked on generated platforms (tests/logic/strategies.py) one at a time and as whole frames.
"""
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, note, settings, strategies as st

from logic.compliance import evaluate
from logic.standard import Standard, yibin_2014
from logic.vectorised import evaluate_frame
from tests.logic.strategies import platforms, platforms_with_blanks, standards

ITEMS = ("signboard", "premises", "staff", "equipment", "network", "funds", "services", "rules")
OUT_COLUMNS = [*(f"ok_{i}" for i in ITEMS), "compliant", "demonstration_eligible", "failed_items", "standard"]
FACT_COLUMNS = ["code", "level", "sign_installed", "sign_text", "area_m2", "windows", "open_counter", "info_area",
                "office", "service_seat", "service_population", "staff_full_time", "staff_part_time", "equipment",
                "network_connected", "work_funds_secured", "services", "rules_posted"]
# one platform per example: the frame properties below judge many more platforms each, row by row
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAMES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same_verdicts(frame: pd.DataFrame, rows: list[dict], standard) -> None:
    """Row by row, `evaluate_frame(frame)` says what `evaluate(row)` says: compliant, demonstration, items."""
    verdicts = evaluate_frame(frame, standard)
    assert list(verdicts.index) == list(frame.index)
    assert len(verdicts) == len(rows)
    label = (standard or yibin_2014()).label
    assert (verdicts["standard"] == label).all()
    records = verdicts.to_dict("records")
    for position, (facts, got) in enumerate(zip(rows, records, strict=True)):
        expected = evaluate(facts, standard)
        said = (bool(got["compliant"]), bool(got["demonstration_eligible"]), set(got["failed_items"]),
                {i for i in ITEMS if not got[f"ok_{i}"]})
        if said != (expected.compliant, expected.demonstration_eligible, set(expected.failed_items),
                    set(expected.failed_items)):
            note(f"row {position}: {facts}\n  evaluate: {sorted(expected.failed_items)} "
                 f"demo={expected.demonstration_eligible}\n  frame:    {sorted(said[2])} demo={said[1]}")
        assert said[0] is expected.compliant
        assert said[1] is expected.demonstration_eligible
        assert said[2] == set(expected.failed_items)
        assert said[3] == set(expected.failed_items)
        assert expected.standard_label == label


@pytest.mark.slow
class TestR8VectorisedAgreesWithEvaluate:
    """R-8 "阵地建设实现“八有”目标" judged for a whole table: the same verdict as one platform at a time."""

    @PROPERTY
    @given(facts=platforms(), standard=standards)
    def test_r8_one_platform_gets_the_same_verdict_from_both(self, facts, standard):
        assert_same_verdicts(pd.DataFrame([facts]), [facts], standard)

    @FRAMES
    @given(rows=st.lists(platforms(), max_size=40), standard=standards, index=st.sampled_from(("range", "codes",
                                                                                                "shuffled")))
    def test_r8_a_whole_frame_gets_the_same_verdicts_row_by_row(self, rows, standard, index):
        frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
        if index == "codes":
            frame.index = [f"{r['code']}-{i}" for i, r in enumerate(rows)]
        elif index == "shuffled":
            frame.index = list(reversed(range(100, 100 + len(rows))))
        assert_same_verdicts(frame, rows, standard)

    @FRAMES
    @given(rows=st.lists(platforms(), min_size=1, max_size=25), standard=standards)
    def test_r8_a_frame_built_from_rows_as_the_store_does_agrees_with_its_own_rows(self, rows, standard):
        """The frame's own records (numpy numbers, pandas' dtypes) judged one by one give the same verdicts."""
        frame = pd.DataFrame(rows)
        assert_same_verdicts(frame, frame.to_dict("records"), standard)

    @FRAMES
    @given(rows=st.lists(platforms_with_blanks(), min_size=1, max_size=20), standard=standards)
    def test_r8_blank_or_missing_facts_count_as_absent_in_both(self, rows, standard):
        """A fact left blank (None, or a cell pandas fills with NaN) never passes an item in one and not the other."""
        frame = pd.DataFrame(rows)
        assert_same_verdicts(frame, rows, standard)
        assert_same_verdicts(frame, frame.to_dict("records"), standard)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(platforms(), min_size=2, max_size=20), standard=standards, data=st.data())
    def test_r8_a_row_s_verdict_does_not_depend_on_the_other_rows(self, rows, standard, data):
        order = data.draw(st.permutations(range(len(rows))))
        whole = evaluate_frame(pd.DataFrame(rows), standard)
        shuffled = evaluate_frame(pd.DataFrame([rows[i] for i in order]), standard)
        for new_position, old_position in enumerate(order):
            assert shuffled.iloc[new_position].equals(whole.iloc[old_position])


class TestR8VectorisedShapes:
    """R-8.11 "every evaluation says which standard version it used", and the shape screens rely on."""

    @pytest.mark.parametrize("frame", [
        pd.DataFrame(columns=FACT_COLUMNS),  # the store's frame with no platforms in it
        pd.DataFrame([]),  # a frame built from no rows at all has no columns either
    ], ids=["with-columns", "no-columns"])
    def test_an_empty_frame_gives_an_empty_table_of_verdicts(self, frame):
        verdicts = evaluate_frame(frame)
        assert len(verdicts) == 0
        assert list(verdicts.columns) == OUT_COLUMNS

    def test_the_standard_column_names_the_version_used(self):
        row = dict(level="street", area_m2=50)
        data = yibin_2014().to_dict()
        data.update(version=3, name="宜宾2017标准")
        adjusted = Standard.from_dict(data)
        assert set(evaluate_frame(pd.DataFrame([row]))["standard"]) == {"宜宾2014标准 v1"}
        assert set(evaluate_frame(pd.DataFrame([row]), adjusted)["standard"]) == {"宜宾2017标准 v3"}

    def test_an_unknown_level_is_refused_for_the_whole_frame(self):
        with pytest.raises(ValueError, match="unknown level"):
            evaluate_frame(pd.DataFrame([dict(level="street"), dict(level="province")]))

    def test_a_blank_area_cell_fails_the_premises_in_both(self):
        row = dict(level="village", area_m2=math.nan, service_seat=True)
        assert not evaluate_frame(pd.DataFrame([row]))["ok_premises"].iloc[0]
        assert "premises" in evaluate(row).failed_items

    def test_a_service_added_to_the_standard_fails_platforms_without_it_in_both(self):
        """R-8.11: a code the 2014 lists do not know still counts once a standard requires it."""
        data = yibin_2014().to_dict()
        data["services"].append("pension_certification")
        adjusted = Standard.from_dict(data)
        services = ["employment", "talent", "social_insurance", "ss_card", "labour_inspection",
                    "dispute_mediation", "contract_filing", "statistics"]
        rows = [dict(level="community", services=services),
                dict(level="community", services=[*services, "pension_certification"])]
        ok = evaluate_frame(pd.DataFrame(rows), adjusted)["ok_services"].tolist()
        assert ok == [False, True]
        assert ["services" in evaluate(r, adjusted).failed_items for r in rows] == [True, False]
