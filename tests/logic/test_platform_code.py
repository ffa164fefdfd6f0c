"""Issue 15: a new platform's code means something. logic.platform_code at each rule's boundaries: the
12-digit statistical division code (the county's prefix, the level's segment, a station under its centre),
the no-division scheme county-letters, and whatever else refused saying what a code looks like."""
import pytest

from logic.import_template import EXAMPLES
from logic.platform_code import code_errors
from logic.validation import ParentInfo, validate_platform

CUIPING, NANXI = "511502", "511503"
COUNTIES = {CUIPING, NANXI}
FULL_WIDTH_DIGITS = "".join(chr(0xFF10 + int(d)) for d in "511502001000")  # what a Chinese IME types
HOW_ZH, HOW_EN = "编码应为 12 位统计用区划代码", "12-digit statistical division code"


def errors(code, level="street", county=CUIPING, parent=None):
    return code_errors(code, level=level, county_code=county, parent_code=parent, known_counties=COUNTIES)


def refused(code, level="street", county=CUIPING, parent=None):
    """The one error a bad code gets: on field code, saying what a code looks like in both languages."""
    (error,) = errors(code, level, county, parent)
    assert error.field == "code"
    assert HOW_ZH in error.reason_zh and "-P001" in error.reason_zh
    assert HOW_EN in error.reason_en and "-P001" in error.reason_en
    return error


class TestDivisionCodeShapeByLevel:
    def test_a_county_platform_is_its_county_code_and_nine_zeros(self):
        assert errors("511502000000", "county") == []
        for code in ("511502001000", "511502000001"):
            assert "511502000000" in refused(code, "county").reason_zh

    @pytest.mark.parametrize("segment, ok", [("000", False), ("001", True), ("099", True), ("100", False),
                                             ("400", True), ("599", True), ("600", False), ("999", False)])
    def test_a_street_is_001_to_099_or_a_400_599_unit_and_ends_in_000(self, segment, ok):
        assert (errors(f"511502{segment}000", "street") == []) is ok

    @pytest.mark.parametrize("segment, ok", [("000", False), ("099", False), ("100", True), ("199", True),
                                             ("200", True), ("399", True), ("400", True), ("599", True),
                                             ("600", False)])
    def test_a_township_is_100_to_399_town_or_xiang_or_a_400_599_unit(self, segment, ok):
        assert (errors(f"511502{segment}000", "township") == []) is ok

    def test_a_centre_code_ending_in_anything_but_000_is_a_station_not_a_centre(self):
        assert "000" in refused("511502001001", "street").reason_zh

    @pytest.mark.parametrize("tail, ok", [("000", False), ("001", True), ("199", True), ("200", False),
                                          ("399", False), ("400", False)])
    def test_a_community_is_a_residents_committee_001_to_199(self, tail, ok):
        assert (errors(f"511502001{tail}", "community", parent="511502001000") == []) is ok

    @pytest.mark.parametrize("tail, ok", [("000", False), ("001", False), ("199", False), ("200", True),
                                          ("399", True), ("400", False)])
    def test_a_village_is_a_village_committee_200_to_399(self, tail, ok):
        assert (errors(f"511502101{tail}", "village", parent="511502101000") == []) is ok

    def test_a_station_takes_its_centres_first_nine_digits_when_the_centre_has_a_division_code(self):
        error = refused("511502002001", "community", parent="511502001000")
        assert "前 9 位" in error.reason_zh and "511502001000" in error.reason_zh
        assert "511502001001" in error.reason_zh  # the example it gives is under the right centre

    def test_a_station_under_a_centre_without_a_division_code_may_carry_its_own(self):
        assert errors("511502007201", "village", parent="511502-T1") == []
        assert errors("511502000201", "village", parent="511502-T1") != []  # but its centre segment is not 000

    @pytest.mark.parametrize("code", ["51150200100", "5115020010000"])
    def test_eleven_or_thirteen_digits_are_no_code(self, code):
        assert "不是 12 位统计用区划代码" in refused(code).reason_zh


class TestTheCountysPrefix:
    def test_the_bug_another_countys_prefix_is_refused_naming_it(self):
        error = refused("511503-V9910", "village", parent="511502101000")
        assert "511503" in error.reason_zh and "另一个县(区)" in error.reason_zh and "511502" in error.reason_zh
        assert "another county" in error.reason_en

    def test_a_division_code_of_another_county_is_refused_too(self):
        assert "另一个县(区)" in refused("511503001000").reason_zh

    def test_a_prefix_that_is_no_county_at_all_says_it_is_not_this_platforms(self):
        assert "不是本平台所属县(区)" in refused("519999001000").reason_zh

    def test_the_same_code_is_good_for_the_county_it_names(self):
        assert errors("511503001000", county=NANXI) == [] and errors("511503-V9910", "village", NANXI) == []


class TestTheNoDivisionScheme:
    @pytest.mark.parametrize("code", ["511502-P001", "511502-A", "511502-1", "511502-" + "Z" * 20])
    def test_county_dash_one_to_twenty_capitals_or_digits(self, code):
        assert errors(code) == []

    @pytest.mark.parametrize("code", ["511502-", "511502-" + "Z" * 21, "511502--P1", "511502-P-1", "511502P001",
                                      "5115-P001", "P001", "CP-S1", "S1"])
    def test_anything_else_is_refused(self, code):
        refused(code)

    def test_lower_case_is_refused_not_quietly_raised(self):
        assert "小写" in refused("511502-p001").reason_zh


class TestCharacters:
    @pytest.mark.parametrize("code", [" <b>X</b> ", "<b>X</b>", "511502 001000", "511502\t001000", "511502-P 1",
                                      FULL_WIDTH_DIGITS, "511502001000\n", "511502－P001", "511502_P001",
                                      "511502-P001;DROP"])
    def test_whitespace_markup_and_full_width_are_refused_saying_what_a_code_holds(self, code):
        error = refused(code)
        assert "只能含数字、大写字母和“-”" in error.reason_zh and "only digits, capital letters" in error.reason_en

    def test_the_reason_shows_no_rule_id_or_english_on_the_chinese_side(self):
        error = refused("<b>X</b>", "community", parent="511502001000")
        assert not any("a" <= ch.lower() <= "z" for ch in error.reason_zh.replace("<b>X</b>", "").replace("P001", ""))


class TestThroughValidatePlatform:
    FACTS = dict(code="511503-V9910", name="某村", level="village", county_code=CUIPING, parent_code="511502101000",
                 village_kind="none", siting="standalone", service_population=0, area_m2=0, staff_full_time=0,
                 staff_part_time=0)
    PARENT = ParentInfo("511502101000", "township", CUIPING)

    def test_a_new_code_is_judged(self):
        found = validate_platform(self.FACTS, code_taken=False, parent=self.PARENT, known_counties=COUNTIES, new=True)
        assert [e.field for e in found] == ["code"]

    def test_a_stored_code_is_kept_as_it_is_on_an_edit(self):
        """Grandfathered: an edit never changes the code, so rows coded before the rule stay editable."""
        for code in ("511503-V9910", "CP-S1"):
            assert validate_platform({**self.FACTS, "code": code}, code_taken=False, parent=self.PARENT,
                                     known_counties=COUNTIES) == []

    def test_an_unknown_county_is_named_once_by_its_own_check(self):
        found = validate_platform({**self.FACTS, "county_code": "999999"}, code_taken=False, parent=None,
                                  known_counties=COUNTIES, new=True)
        assert "code" not in {e.field for e in found} and "county_code" in {e.field for e in found}

    def test_markup_is_refused_even_when_the_county_is_unknown(self):
        found = validate_platform({**self.FACTS, "code": "<b>X</b>", "county_code": ""}, code_taken=False,
                                  parent=None, known_counties=COUNTIES, new=True)
        assert "code" in {e.field for e in found}


def test_the_import_templates_example_codes_follow_the_scheme():
    example = EXAMPLES["platforms"]
    assert errors(example["code"], "street", example["county_code"]) == []
    assert EXAMPLES["people"]["platform_code"] == EXAMPLES["funding"]["platform_code"] == example["code"]
