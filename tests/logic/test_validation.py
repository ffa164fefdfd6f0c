"""SPEC "Platform facts" and R-ORG-1..4: `logic.validation.validate_platform` names the field of every problem.

Each case starts from valid facts and spoils one field, so the list of errors must name exactly that field,
with a reason in Chinese and in English.
"""
import math

import pytest

from logic.validation import ParentInfo, validate_platform

COUNTIES = {"511502", "511503", "511521"}
TOWNSHIP = ParentInfo(code="T1", level="township", county_code="511502")
STREET = ParentInfo(code="S1", level="street", county_code="511502")


def facts(level: str = "community", **changes) -> dict:
    base = dict(
        code="P1", name="东街社区就业和社会保障服务站", level=level, county_code="511502",
        parent_code="T1" if level in ("community", "village") else "", village_kind="none",
        siting="residents_committee", service_population=3_000, sign_installed=True,
        sign_text="东街社区就业和社会保障服务站", area_m2=20.5, windows=["employment", "social_insurance"],
        open_counter=True, info_area=True, office=False, service_seat=False, staff_full_time=1,
        staff_part_time=0, equipment=["computer", "printer"], network_connected=True, work_funds_secured=True,
        services=["employment", "talent"], rules_posted=True,
    )
    return {**base, **changes}


def errors_of(data: dict, *, code_taken=False, parent=TOWNSHIP, children=frozenset()):
    errors = validate_platform(data, code_taken=code_taken, parent=parent, known_counties=COUNTIES,
                               children_counties=set(children))
    assert all(e.reason_zh.strip() and e.reason_en.strip() for e in errors), "every reason in both languages"
    return errors


def fields(data: dict, **kw) -> list[str]:
    return [e.field for e in errors_of(data, **kw)]


class TestValidFacts:
    """SPEC "Platform facts": valid facts of every level pass with no error."""

    @pytest.mark.parametrize("level, parent", [
        ("county", None), ("street", None), ("township", None),
        ("community", TOWNSHIP), ("community", STREET), ("village", TOWNSHIP),
    ])
    def test_valid_facts_of_each_level_pass(self, level, parent):
        assert errors_of(facts(level), parent=parent) == []

    @pytest.mark.parametrize("kind", ["none", "central_village", "rural_community"])
    def test_a_village_may_be_a_central_village_or_rural_community(self, kind):
        assert errors_of(facts("village", village_kind=kind)) == []

    @pytest.mark.parametrize("key, value", [
        # the smallest and the whole-number forms of each figure are fine
        ("area_m2", 0), ("area_m2", 49.9), ("area_m2", 50), ("service_population", 0),
        ("service_population", 10_000.0), ("staff_full_time", 0), ("staff_part_time", 12),
    ])
    def test_zero_and_ordinary_figures_pass(self, key, value):
        assert errors_of(facts(**{key: value})) == []


class TestNumberFields:
    """SPEC: `service_population` int ≥ 0, `area_m2` number ≥ 0, `staff_full_time`/`staff_part_time` int ≥ 0."""

    @pytest.mark.parametrize("key, value, zh_word", [
        # negative figures
        ("area_m2", -0.1, "面积"),
        ("area_m2", -50, "面积"),
        ("service_population", -1, "服务对象"),
        ("staff_full_time", -1, "专职"),
        ("staff_part_time", -2, "兼职"),
    ])
    def test_a_negative_figure_is_refused_and_names_its_field(self, key, value, zh_word):
        [error] = errors_of(facts(**{key: value}))
        assert error.field == key
        assert zh_word in error.reason_zh and "负" in error.reason_zh
        assert "negative" in error.reason_en

    @pytest.mark.parametrize("key, value", [
        # text typed into a number field
        ("area_m2", "50"),
        ("area_m2", "五十平方米"),
        ("service_population", "一万"),
        ("service_population", "10,000"),
        ("staff_full_time", "two"),
        ("staff_part_time", ""),
        # nothing, a yes/no, or not-a-number in a number field
        ("area_m2", None),
        ("service_population", True),
        ("area_m2", math.nan),
    ])
    def test_something_other_than_a_number_is_refused_and_names_its_field(self, key, value):
        [error] = errors_of(facts(**{key: value}))
        assert error.field == key
        assert "数字" in error.reason_zh and "number" in error.reason_en

    @pytest.mark.parametrize("key, value", [
        ("service_population", 10_000.5), ("staff_full_time", 1.5), ("staff_part_time", 0.1),
    ])
    def test_a_count_of_people_must_be_whole(self, key, value):
        [error] = errors_of(facts(**{key: value}))
        assert error.field == key and "整数" in error.reason_zh and "whole" in error.reason_en

    @pytest.mark.parametrize("key, value", [
        # absurd figures are typing slips, not platforms
        ("service_population", 10**9), ("area_m2", 10**7), ("staff_full_time", 5_000),
        # an infinite figure is refused, never a crash
        ("service_population", math.inf), ("area_m2", math.inf), ("staff_part_time", math.inf),
        ("service_population", -math.inf),
    ])
    def test_an_absurd_or_infinite_figure_is_refused_and_names_its_field(self, key, value):
        assert fields(facts(**{key: value})) == [key]


class TestROrg3Parent:
    """R-ORG-3 "社区、行政村就业和社会保障服务站接受街道、乡(镇)就业和社会保障服务中心直接管理和监督": every community
    and village has a street/township parent in the same county; other levels have none.
    """

    @pytest.mark.parametrize("level", ["community", "village"])
    @pytest.mark.parametrize("parent_code", ["", None, "   "])
    def test_a_community_or_village_without_a_parent_is_refused(self, level, parent_code):
        [error] = errors_of(facts(level, parent_code=parent_code), parent=None)
        assert error.field == "parent_code"
        assert "街道或乡(镇)" in error.reason_zh and "street/township" in error.reason_en

    @pytest.mark.parametrize("level", ["community", "village"])
    def test_a_parent_that_does_not_exist_is_refused(self, level):
        [error] = errors_of(facts(level, parent_code="NOPE"), parent=None)
        assert error.field == "parent_code" and "NOPE" in error.reason_zh and "NOPE" in error.reason_en

    @pytest.mark.parametrize("level", ["community", "village"])
    @pytest.mark.parametrize("parent_county", ["511503", "511521"])
    def test_a_parent_in_another_county_is_refused(self, level, parent_county):
        parent = ParentInfo(code="T9", level="township", county_code=parent_county)
        [error] = errors_of(facts(level, parent_code="T9"), parent=parent)
        assert error.field == "parent_code"
        assert "其他县" in error.reason_zh and "another county" in error.reason_en

    @pytest.mark.parametrize("level", ["community", "village"])
    @pytest.mark.parametrize("parent_level", ["county", "community", "village"])
    def test_a_parent_of_the_wrong_level_is_refused(self, level, parent_level):
        parent = ParentInfo(code="X1", level=parent_level, county_code="511502")
        [error] = errors_of(facts(level, parent_code="X1"), parent=parent)
        assert error.field == "parent_code"
        assert "街道或乡(镇)" in error.reason_zh and "street or township" in error.reason_en

    @pytest.mark.parametrize("level", ["county", "street", "township"])
    def test_a_county_street_or_township_has_no_parent(self, level):
        [error] = errors_of(facts(level, parent_code="T1"), parent=TOWNSHIP)
        assert error.field == "parent_code"

    def test_a_street_with_communities_under_it_may_not_become_a_community(self):
        assert fields(facts("community"), children={"511502"}) == ["level"]

    def test_a_street_with_communities_under_it_may_not_move_to_another_county(self):
        assert fields(facts("street", county_code="511503"), parent=None, children={"511502"}) == ["county_code"]


class TestCodesAndChoices:
    """SPEC "Platform facts": `code` unique; `level` one of R-ORG-1's five; the sets only of their listed codes;
    `village_kind` only on a village (R-ORG-1).
    """

    def test_a_code_already_used_is_refused_and_named(self):
        [error] = errors_of(facts(code="YB-001"), code_taken=True)
        assert error.field == "code" and "YB-001" in error.reason_zh and "YB-001" in error.reason_en

    @pytest.mark.parametrize("key", ["code", "name"])
    @pytest.mark.parametrize("value", ["", "   ", None])
    def test_a_missing_code_or_name_is_refused(self, key, value):
        assert fields(facts(**{key: value})) == [key]

    @pytest.mark.parametrize("level", ["province", "city", "Street", "街道", "", None])
    def test_an_unknown_level_is_refused_and_named(self, level):
        found = errors_of(facts(level=level, parent_code=""), parent=None)
        assert [e.field for e in found] == ["level"]
        assert (str(level) if level is not None else "required") in found[0].reason_en

    @pytest.mark.parametrize("county", ["999999", "", None])
    def test_an_unknown_county_is_refused(self, county):
        assert "county_code" in fields(facts(county_code=county))

    @pytest.mark.parametrize("key, good, bad", [
        ("windows", "employment", "pension_window"),
        ("equipment", "computer", "fax_only"),
        ("services", "talent", "pension_certification"),
        # a code of another list is unknown here: 社会保障卡服务 is a service, not a window
        ("windows", "social_insurance", "ss_card"),
        ("equipment", "printer", "employment"),
    ])
    def test_an_unknown_code_in_a_set_is_refused_and_named(self, key, good, bad):
        [error] = errors_of(facts(**{key: [good, bad]}))
        assert error.field == key and bad in error.reason_zh and bad in error.reason_en
        assert good not in error.reason_en.split(":")[-1]

    @pytest.mark.parametrize("key", ["windows", "equipment", "services"])
    def test_a_set_given_as_one_piece_of_text_is_refused(self, key):
        assert fields(facts(**{key: "employment,talent"})) == [key]

    @pytest.mark.parametrize("level", ["county", "street", "township", "community"])
    @pytest.mark.parametrize("kind", ["central_village", "rural_community"])
    def test_only_a_village_may_be_a_central_village_or_rural_community(self, level, kind):
        parent = TOWNSHIP if level == "community" else None
        [error] = errors_of(facts(level, village_kind=kind), parent=parent)
        assert error.field == "village_kind"
        assert "行政村" in error.reason_zh and "village" in error.reason_en

    @pytest.mark.parametrize("key, value", [("village_kind", "big_village"), ("siting", "rented_room")])
    def test_an_unknown_village_kind_or_siting_is_refused(self, key, value):
        assert key in fields(facts("village", **{key: value}))

    def test_several_faults_are_all_reported_each_with_its_field(self):
        data = facts("village", area_m2=-1, service_population="many", parent_code="", windows=["x"],
                     village_kind="none")
        assert sorted(fields(data, code_taken=True, parent=None)) == sorted(
            ["code", "area_m2", "service_population", "windows", "parent_code"])
