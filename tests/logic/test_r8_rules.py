"""R-8.1..R-8.11: the eight-haves (八有) verdict of `logic.compliance.evaluate`, rule by rule, at the boundaries.

Every expectation here is written out by hand from 宜府办函〔2014〕282号 二、(一) and SPEC's R-8 table, never
computed by the code under test: the labels, thresholds and code lists below are copied from the source text.
Each single-fault case starts from a platform that meets every item for its level and breaks exactly one thing,
so the verdict must name exactly that item, and its reason must name the threshold or the missing element in
Chinese and in English.
"""
import dataclasses
import math
import re

import pytest

from logic.codes import label
from logic.compliance import evaluate
from logic.standard import Standard, yibin_2014

ITEMS = ("signboard", "premises", "staff", "equipment", "network", "funds", "services", "rules")
STREET_TOWNSHIP = ("street", "township")
JUDGED_AS_STREET = ("county", "street", "township")  # the county by the street/township column
ALL_LEVELS = ("county", "street", "township", "community", "village")

CENTRE = "就业和社会保障服务中心"  # street/township sign
STATION = "就业和社会保障服务站"  # community and village sign
SIGNS = {
    "county": "宜宾市翠屏区" + CENTRE,
    "street": "翠屏区西城街道" + CENTRE,
    "township": "南溪区大观镇" + CENTRE,
    "community": "西城街道东街社区" + STATION,
    "village": "大观镇石鼓村" + STATION,
}
# windows, R-8.4 equipment, R-8.7 services: code -> (Chinese words of the text, an English keyword)
WINDOW_WORDS = {
    "employment": ("就业创业", "employment"),
    "social_medical": ("社保医保", "medical"),
    "resident_insurance": ("城乡居保", "resident"),
    "social_insurance": ("社会保险", "social insurance"),
}
EQUIPMENT_WORDS = {
    "desks_chairs": ("办公桌椅", "desk"),
    "file_cabinets": ("文件柜", "file cabinet"),
    "service_counter": ("服务柜台", "service counter"),
    "waiting_chairs": ("等待椅", "waiting chair"),
    "computer": ("电脑", "computer"),
    "printer": ("打印机", "printer"),
    "copier_fax": ("复印/传真机", "copier"),
    "telephone": ("电话", "telephone"),
    "display_board": ("电子显示屏", "display"),
}
SERVICE_WORDS = {
    "employment": ("就业服务", "employment"),
    "talent": ("人才服务", "talent"),
    "social_insurance": ("社保经办", "insurance"),
    "ss_card": ("社会保障卡服务", "card"),
    "labour_inspection": ("劳动监察", "inspection"),
    "dispute_mediation": ("劳动人事争议调解", "dispute"),
    "contract_filing": ("劳动合同签订备案", "contract"),
    "statistics": ("统计调查", "statistic"),
}


def platform(level: str, **changes) -> dict:
    """A platform that meets all eight items for its level under the 2014 standard, then `changes`."""
    common = dict(
        code=f"P-{level}", name=f"{level} platform", level=level, county_code="511502",
        parent_code="T1" if level in ("community", "village") else "", village_kind="none",
        siting="standalone", sign_installed=True, sign_text=SIGNS[level],
        equipment=list(EQUIPMENT_WORDS), network_connected=True, work_funds_secured=True,
        services=list(SERVICE_WORDS), rules_posted=True,
    )
    if level in JUDGED_AS_STREET:
        own = dict(area_m2=50, windows=["employment", "social_medical", "resident_insurance"],
                   open_counter=True, info_area=True, office=True, service_seat=False,
                   service_population=10_000, staff_full_time=1, staff_part_time=1)
    elif level == "community":
        own = dict(area_m2=20, windows=["employment", "social_insurance"], open_counter=True, info_area=True,
                   office=False, service_seat=False, service_population=3_000, staff_full_time=0, staff_part_time=1)
    else:
        own = dict(area_m2=20, windows=[], open_counter=False, info_area=False, office=False, service_seat=True,
                   service_population=1_200, staff_full_time=0, staff_part_time=1)
    return {**common, **own, **changes}


def finding(result, item: str):
    [found] = [f for f in result.findings if f.item == item]
    return found


def assert_fails_only(result, item: str, zh_words=(), en_words=()) -> None:
    """Exactly `item` fails, and its reason names every one of the given words in its language."""
    assert result.failed_items == {item}
    assert not result.compliant
    assert not result.demonstration_eligible
    bad = finding(result, item)
    assert not bad.ok
    for word in zh_words:
        assert word in bad.reason_zh, f"{word!r} not in {bad.reason_zh!r}"
    for word in en_words:
        assert word.lower() in bad.reason_en.lower(), f"{word!r} not in {bad.reason_en!r}"


def number_in(number: str, text: str) -> bool:
    """`number` appears in `text` as a number of its own ("50" is in "低于 50 m²", not in "150" or "50.5")."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", text) is not None


def copied_standard(version: int = 2, name: str = "宜宾2016标准", edit=None) -> Standard:
    """R-8.11: what the bureau does — copy the 2014 standard as data, adjust it, save it as a new version."""
    data = yibin_2014().to_dict()
    data.update(version=version, name=name)
    if edit:
        edit(data)
    return Standard.from_dict(data)


class TestR8EightItemsOneFindingEach:
    """R-8 "阵地建设实现“八有”目标": a platform is compliant (达标) when all eight items hold for its level."""

    @pytest.mark.parametrize("level", ALL_LEVELS)
    def test_a_platform_meeting_every_item_of_its_level_is_compliant(self, level):
        result = evaluate(platform(level))
        assert result.compliant is True
        assert result.failed_items == set()
        assert all(f.ok for f in result.findings)

    @pytest.mark.parametrize("level", ALL_LEVELS)
    def test_there_is_one_finding_per_item_in_order_each_with_a_reason_in_both_languages(self, level):
        result = evaluate(platform(level, network_connected=False, area_m2=0))
        assert [f.item for f in result.findings] == list(ITEMS)
        assert all(f.reason_zh.strip() and f.reason_en.strip() for f in result.findings)
        assert result.failed_items == {f.item for f in result.findings if not f.ok} == {"network", "premises"}

    def test_every_item_failing_at_once_lists_all_eight(self):
        empty = dict(level="street", sign_installed=False, sign_text="", area_m2=0, windows=[], open_counter=False,
                     info_area=False, office=False, service_seat=False, service_population=0,
                     staff_full_time=0, staff_part_time=0, equipment=[], network_connected=False,
                     work_funds_secured=False, services=[], rules_posted=False)
        result = evaluate(empty)
        assert result.failed_items == set(ITEMS)
        assert result.compliant is False and result.demonstration_eligible is False


class TestR81Signboard:
    """R-8.1 "1.有牌子。乡镇(街道)设立“ⅹⅹ街道(乡、镇)就业和社会保障服务中心”、社区和有条件的村设立就业和社会保障服务站。"

    SPEC's reading: the words must end with the level's title and name a place before it.
    """

    @pytest.mark.parametrize("level, text", [
        # street/township (and the county, R-8.10): "…服务中心"
        ("street", "翠屏区西城街道就业和社会保障服务中心"),
        ("township", "南溪区大观镇就业和社会保障服务中心"),
        ("township", "屏山县屏边乡就业和社会保障服务中心"),
        ("county", "宜宾市翠屏区就业和社会保障服务中心"),
        # community and village: "…服务站"
        ("community", "东街社区就业和社会保障服务站"),
        ("village", "石鼓村就业和社会保障服务站"),
        # spaces around the words (a typing slip, not a different sign)
        ("street", "  西城街道就业和社会保障服务中心 "),
        ("village", "\u3000石鼓村就业和社会保障服务站\u3000"),
    ])
    def test_a_sign_with_the_right_title_for_the_level_passes(self, level, text):
        assert finding(evaluate(platform(level, sign_text=text)), "signboard").ok

    @pytest.mark.parametrize("level, text, expected_title", [
        # the title of another level
        ("street", "西城街道就业和社会保障服务站", CENTRE),
        ("township", "大观镇就业和社会保障服务站", CENTRE),
        ("county", "翠屏区就业和社会保障服务站", CENTRE),
        ("community", "东街社区就业和社会保障服务中心", STATION),
        ("village", "石鼓村就业和社会保障服务中心", STATION),
        # an old or made-up title
        ("street", "西城街道劳动保障事务所", CENTRE),
        ("community", "东街社区劳动保障工作站", STATION),
        ("village", "石鼓村便民服务站", STATION),
        # the title alone, no place named (the text's "ⅹⅹ")
        ("street", CENTRE, CENTRE),
        ("community", STATION, STATION),
        # the title not at the end
        ("township", "大观镇就业和社会保障服务中心(筹)", CENTRE),
        # nothing written
        ("street", "", CENTRE),
        ("village", "   ", STATION),
    ])
    def test_a_sign_with_wrong_words_fails_and_says_what_it_should_read(self, level, text, expected_title):
        assert_fails_only(evaluate(platform(level, sign_text=text)), "signboard",
                          zh_words=[expected_title], en_words=["sign", expected_title])

    @pytest.mark.parametrize("level, expected_title", [
        ("county", CENTRE), ("street", CENTRE), ("township", CENTRE), ("community", STATION), ("village", STATION),
    ])
    def test_no_sign_installed_fails_even_when_the_words_are_right(self, level, expected_title):
        assert_fails_only(evaluate(platform(level, sign_installed=False)), "signboard",
                          zh_words=["未挂牌", expected_title], en_words=["no sign", expected_title])

    def test_a_missing_sign_text_counts_as_no_words(self):
        assert_fails_only(evaluate(platform("community", sign_text=None)), "signboard", zh_words=[STATION])


class TestR82Premises:
    """R-8.2 "2.有场地。街道、乡(镇)便民服务中心大厅就业和社会保障服务专有场所面积不低于50平方米,设就业创业、
    社保医保、城乡居保等服务窗口;有开放式服务柜台,有专门的信息发布宣传区域和兼容的劳动就业社会保障中心办公室
    (争议调解室)。社区服务站专有场所面积不低于20平方米,设就业创业、社会保险等服务窗口,有开放式服务柜台,
    有信息发布宣传区域,有条件的应设办公室(争议调解室);村服务站专有场所面积不低于20平方米,有服务专席,
    有条件的应设办公室(争议调解室)。"
    """

    @pytest.mark.parametrize("level, area, ok", [
        # street/township: "不低于50平方米" — 50 itself is enough
        *[(lv, a, ok) for lv in STREET_TOWNSHIP for a, ok in ((0, False), (49.9, False), (49.99, False),
                                                               (50, True), (50.0, True), (70, True))],
        # community: "不低于20平方米"
        ("community", 0, False), ("community", 19.9, False), ("community", 20, True), ("community", 40, True),
        # village: "不低于20平方米"
        ("village", 0, False), ("village", 19.9, False), ("village", 20, True), ("village", 300, True),
    ])
    def test_the_area_must_reach_the_level_minimum(self, level, area, ok):
        result = evaluate(platform(level, area_m2=area))
        assert finding(result, "premises").ok is ok
        assert result.compliant is ok

    @pytest.mark.parametrize("level, area, minimum", [
        ("street", 49.9, "50"), ("township", 49.9, "50"), ("county", 49.9, "50"),
        ("community", 19.9, "20"), ("village", 19.9, "20"), ("village", 0, "20"),
    ])
    def test_a_small_area_is_reported_with_the_area_and_the_minimum(self, level, area, minimum):
        result = evaluate(platform(level, area_m2=area))
        assert_fails_only(result, "premises", zh_words=["面积", "m²"], en_words=["area", "m²"])
        bad = finding(result, "premises")
        for reason in (bad.reason_zh, bad.reason_en):
            assert number_in(minimum, reason) and number_in(f"{area:g}", reason), reason

    @pytest.mark.parametrize("level, missing", [
        # street/township: 就业创业、社保医保、城乡居保
        *[(lv, w) for lv in STREET_TOWNSHIP for w in ("employment", "social_medical", "resident_insurance")],
        # community: 就业创业、社会保险
        ("community", "employment"), ("community", "social_insurance"),
    ])
    def test_each_missing_window_fails_and_is_named(self, level, missing):
        facts = platform(level)
        facts["windows"] = [w for w in facts["windows"] if w != missing]
        zh, en = WINDOW_WORDS[missing]
        result = evaluate(facts)
        assert_fails_only(result, "premises", zh_words=[zh], en_words=[en])
        others = [WINDOW_WORDS[w][0] for w in WINDOW_WORDS if w != missing]
        assert not any(word in finding(result, "premises").reason_zh for word in others)

    @pytest.mark.parametrize("level, windows, ok", [
        # the windows are per level: a community's 社会保险 window is not one a street needs, and back
        ("street", ["employment", "social_medical", "resident_insurance"], True),
        ("street", ["employment", "social_medical", "social_insurance"], False),
        ("community", ["employment", "social_insurance"], True),
        ("community", ["employment", "social_medical", "resident_insurance"], False),
        # extra windows never hurt
        ("community", ["employment", "social_insurance", "social_medical", "resident_insurance"], True),
        # a village needs no window, only its service seat
        ("village", [], True),
        ("village", ["employment"], True),
        # the same window listed twice is still one window
        ("community", ["employment", "employment"], False),
    ])
    def test_the_windows_required_depend_on_the_level(self, level, windows, ok):
        assert finding(evaluate(platform(level, windows=windows)), "premises").ok is ok

    @pytest.mark.parametrize("level, ok", [
        # "兼容的…办公室(争议调解室)" is required at street/township level
        ("street", False), ("township", False), ("county", False),
        # "有条件的应设办公室" at community and village level: not a compliance condition
        ("community", True), ("village", True),
    ])
    def test_an_office_doubling_as_mediation_room_is_required_only_at_street_or_township_level(self, level, ok):
        result = evaluate(platform(level, office=False))
        assert result.compliant is ok
        if not ok:
            assert_fails_only(result, "premises", zh_words=["办公室", "争议调解室"], en_words=["office"])

    @pytest.mark.parametrize("level, ok", [
        # "有服务专席" is the village's own requirement
        ("village", False),
        ("community", True), ("street", True), ("township", True), ("county", True),
    ])
    def test_a_dedicated_service_seat_is_required_only_of_a_village(self, level, ok):
        result = evaluate(platform(level, service_seat=False))
        assert result.compliant is ok
        if not ok:
            assert_fails_only(result, "premises", zh_words=["服务专席"], en_words=["service seat"])

    @pytest.mark.parametrize("level, key, zh, en, ok", [
        # open counter and information area: street/township and community, not village
        *[(lv, "open_counter", "开放式服务柜台", "counter", False) for lv in (*JUDGED_AS_STREET, "community")],
        *[(lv, "info_area", "信息发布宣传区域", "information", False) for lv in (*JUDGED_AS_STREET, "community")],
        ("village", "open_counter", "", "", True),
        ("village", "info_area", "", "", True),
    ])
    def test_the_open_counter_and_information_area_are_required_above_village_level(self, level, key, zh, en, ok):
        result = evaluate(platform(level, **{key: False}))
        assert result.compliant is ok
        if not ok:
            assert_fails_only(result, "premises", zh_words=[zh], en_words=[en])

    def test_several_premises_faults_are_all_named_in_one_reason(self):
        result = evaluate(platform("street", area_m2=30, windows=["employment"], office=False))
        bad = finding(result, "premises")
        for word in ("30", "50", "社保医保", "城乡居保", "办公室"):
            assert word in bad.reason_zh
        for word in ("30", "50", "medical", "resident", "office"):
            assert word in bad.reason_en.lower()
        assert "就业创业" not in bad.reason_zh

    def test_a_blank_area_cell_counts_as_no_area(self):
        """A NaN (pandas' blank cell) is not a number that passes the threshold."""
        result = evaluate(platform("street", area_m2=math.nan))
        assert not finding(result, "premises").ok
        assert evaluate(platform("street", area_m2=None)).failed_items == {"premises"}


class TestR83Staff:
    """R-8.3 "3.有工作人员。街道、乡(镇)平台根据服务对象数量配备专兼职工作员:服务对象1万人以下的,配备2名专兼职
    工作人员(至少1名专职人员),服务对象超过1万人的,每增加1万人,应增加1名工作人员,以满足工作需要;社区服务站
    根据工作量配备1—2名专兼职工作人员;村服务站可由村干部兼任。"
    """

    @pytest.mark.parametrize("level, population, full, part, ok", [
        # street/township, up to 10,000 ("以下" includes 10,000): two staff, at least one full-time
        *[(lv, 10_000, 1, 1, True) for lv in STREET_TOWNSHIP],
        *[(lv, 10_000, 2, 0, True) for lv in STREET_TOWNSHIP],
        *[(lv, 10_000, 0, 2, False) for lv in STREET_TOWNSHIP],  # no full-time member
        *[(lv, 10_000, 1, 0, False) for lv in STREET_TOWNSHIP],  # one short
        ("street", 0, 1, 1, True),
        ("street", 0, 1, 0, False),
        # above 10,000, default reading (full increments only): 10,001 still needs 2
        ("street", 10_001, 1, 1, True),
        ("township", 19_999, 1, 1, True),
        # 20,000 needs 3
        ("street", 20_000, 1, 1, False),
        ("street", 20_000, 1, 2, True),
        ("township", 20_000, 0, 3, False),  # three, but none full-time
        ("township", 20_001, 1, 2, True),
        ("street", 30_000, 1, 2, False),
        ("street", 30_000, 2, 2, True),
        # community: 1–2 by workload, so one person of either kind, whatever the population
        ("community", 3_000, 0, 1, True),
        ("community", 3_000, 1, 0, True),
        ("community", 50_000, 0, 1, True),
        ("community", 3_000, 0, 0, False),
        # village: a village cadre part-time will do
        ("village", 1_200, 0, 1, True),
        ("village", 40_000, 0, 1, True),
        ("village", 1_200, 0, 0, False),
    ])
    def test_staff_must_meet_the_requirement_for_the_population(self, level, population, full, part, ok):
        facts = platform(level, service_population=population, staff_full_time=full, staff_part_time=part)
        assert finding(evaluate(facts), "staff").ok is ok

    @pytest.mark.parametrize("level, population, full, part, need, clause", [
        ("street", 10_000, 1, 0, 2, "R-STAFF-1"),
        ("township", 20_000, 1, 1, 3, "R-STAFF-2"),
        ("street", 30_001, 1, 2, 4, "R-STAFF-2"),
        ("community", 3_000, 0, 0, 1, "R-STAFF-3"),
        ("village", 1_200, 0, 0, 1, "R-STAFF-3"),
    ])
    def test_too_few_staff_are_reported_with_the_number_needed_and_the_clause(self, level, population, full,
                                                                                part, need, clause):
        facts = platform(level, service_population=population, staff_full_time=full, staff_part_time=part)
        result = evaluate(facts)
        # the clause in words (基本配备, 按服务人口增配, 社区、村配备), never its rule id, on the reader's screen
        assert_fails_only(result, "staff", zh_words=[label("clause", clause, "zh")],
                          en_words=[label("clause", clause, "en")])
        assert clause not in finding(result, "staff").reason_zh + finding(result, "staff").reason_en
        bad = finding(result, "staff")
        assert re.search(rf"需\s*{need}\s*人", bad.reason_zh), bad.reason_zh
        assert re.search(rf"needs?\s*{need}\b", bad.reason_en), bad.reason_en

    def test_no_full_time_member_at_street_level_is_reported_as_such(self):
        result = evaluate(platform("street", staff_full_time=0, staff_part_time=5))
        assert_fails_only(result, "staff", zh_words=["专职"], en_words=["full-time"])
        bad = finding(result, "staff")
        assert re.search(r"专职至少\s*1\s*人", bad.reason_zh), bad.reason_zh
        assert re.search(r"at least 1 full-time", bad.reason_en), bad.reason_en

    @pytest.mark.parametrize("population, staff, default_ok, partial_ok", [
        # R-STAFF-2 interpretation: a part of 10,000 counts only under the "partial increment" setting
        (10_000, 2, True, True),
        (10_001, 2, True, False),
        (10_001, 3, True, True),
        (19_999, 2, True, False),
        (20_000, 3, True, True),
        (20_001, 3, True, False),
        (20_001, 4, True, True),
    ])
    def test_both_readings_of_r_staff_2_through_the_standard(self, population, staff, default_ok, partial_ok):
        facts = platform("township", service_population=population, staff_full_time=1, staff_part_time=staff - 1)
        partial = dataclasses.replace(yibin_2014(), partial_increment=True)
        assert finding(evaluate(facts), "staff").ok is default_ok
        assert finding(evaluate(facts, partial), "staff").ok is partial_ok


class TestR84Equipment:
    """R-8.4 "4.有统一设施设备。配置有办公桌椅、文件柜、服务柜台、等待椅、电脑、打印机、复印/传真机、电话、
    电子显示屏或公告信息栏(架)等。" — the same list at every level.
    """

    @pytest.mark.parametrize("level", ALL_LEVELS)
    @pytest.mark.parametrize("missing", list(EQUIPMENT_WORDS))
    def test_each_missing_piece_of_equipment_fails_and_is_named(self, level, missing):
        facts = platform(level, equipment=[e for e in EQUIPMENT_WORDS if e != missing])
        zh, en = EQUIPMENT_WORDS[missing]
        result = evaluate(facts)
        assert_fails_only(result, "equipment", zh_words=[zh], en_words=[en])
        others = [EQUIPMENT_WORDS[e][0] for e in EQUIPMENT_WORDS if e != missing]
        assert not any(word in finding(result, "equipment").reason_zh for word in others)

    @pytest.mark.parametrize("equipment, ok", [
        # nothing at all: every piece is named
        ([], False),
        # the list in another order, or with a piece twice, is still complete
        (list(reversed(EQUIPMENT_WORDS)), True),
        ([*EQUIPMENT_WORDS, "computer"], True),
    ])
    def test_the_equipment_list_is_a_set(self, equipment, ok):
        result = evaluate(platform("community", equipment=equipment))
        assert finding(result, "equipment").ok is ok
        if not ok:
            assert all(zh in finding(result, "equipment").reason_zh for zh, _ in EQUIPMENT_WORDS.values())


class TestR85Network:
    """R-8.5 "5.有畅通网络。联接业务专网,能够通过网络平台处理相关业务。" — the same at every level."""

    @pytest.mark.parametrize("level", ALL_LEVELS)
    @pytest.mark.parametrize("connected", [True, False])
    def test_the_platform_must_be_on_the_business_private_network(self, level, connected):
        result = evaluate(platform(level, network_connected=connected))
        assert result.compliant is connected
        if not connected:
            assert_fails_only(result, "network", zh_words=["业务专网"], en_words=["network"])

    def test_an_unknown_connection_counts_as_not_connected(self):
        assert evaluate(platform("village", network_connected=None)).failed_items == {"network"}


class TestR86WorkFunds:
    """R-8.6 "6.有统一工作经费。能保证日常工作和信息系统正常运转,包括日常办公经费、设施设备维护费和网络运行费等。\""""

    @pytest.mark.parametrize("level", ALL_LEVELS)
    @pytest.mark.parametrize("secured", [True, False])
    def test_work_funds_must_be_secured(self, level, secured):
        result = evaluate(platform(level, work_funds_secured=secured))
        assert result.compliant is secured
        if not secured:
            assert_fails_only(result, "funds", zh_words=["经费"], en_words=["funds"])


class TestR87Services:
    """R-8.7 "7.有统一服务内容。包括就业服务、人才服务、社保经办、社会保障卡服务、劳动监察、劳动人事争议调解、
    劳动合同签订备案、统计调查等服务。服务内容根据需要适时调整。" — the same eight at every level.
    """

    @pytest.mark.parametrize("level", ALL_LEVELS)
    @pytest.mark.parametrize("missing", list(SERVICE_WORDS))
    def test_each_missing_service_fails_and_is_named(self, level, missing):
        facts = platform(level, services=[s for s in SERVICE_WORDS if s != missing])
        zh, en = SERVICE_WORDS[missing]
        result = evaluate(facts)
        assert_fails_only(result, "services", zh_words=[zh], en_words=[en])
        others = [SERVICE_WORDS[s][0] for s in SERVICE_WORDS if s != missing]
        assert not any(word in finding(result, "services").reason_zh for word in others)

    def test_no_services_at_all_names_all_eight(self):
        result = evaluate(platform("street", services=[]))
        assert_fails_only(result, "services", zh_words=[zh for zh, _ in SERVICE_WORDS.values()],
                          en_words=[en for _, en in SERVICE_WORDS.values()])


class TestR88ManagementRules:
    """R-8.8 "8.有管理规范。制订统一规范的业务流程和工作制度并上墙公示或查询。\""""

    @pytest.mark.parametrize("level", ALL_LEVELS)
    @pytest.mark.parametrize("posted", [True, False])
    def test_processes_and_rules_must_be_posted_or_queryable(self, level, posted):
        result = evaluate(platform(level, rules_posted=posted))
        assert result.compliant is posted
        if not posted:
            assert_fails_only(result, "rules", zh_words=["上墙"], en_words=["posted"])


class TestR89Demonstration:
    """R-8.9 "标准化示范平台服务场所面积分别为: 街道、乡(镇)服务大厅面积达到70平方米以上,城镇社区服务大厅面积
    达到40平方米以上,合理配备各功能区域。" … "标准化示范平台应根据服务对象情况合理配备专职工作人员。"

    SPEC's interpretation (defaults of the standard): every required staff member full-time at street/township
    level, at least one full-time at community level; villages have no demonstration platforms.
    """

    @pytest.mark.parametrize("level, area, full, part, population, eligible", [
        # street/township: hall "达到70平方米以上" — 70 itself counts; every required member full-time
        *[(lv, 70, 2, 0, 10_000, True) for lv in STREET_TOWNSHIP],
        *[(lv, 69.9, 2, 0, 10_000, False) for lv in STREET_TOWNSHIP],
        *[(lv, 50, 2, 0, 10_000, False) for lv in STREET_TOWNSHIP],  # compliant, not a demonstration
        *[(lv, 70, 1, 1, 10_000, False) for lv in STREET_TOWNSHIP],  # one of the two only part-time
        ("street", 120, 3, 0, 20_000, True),
        ("street", 120, 2, 1, 20_000, False),  # compliant (3 staff), but only 2 of the 3 full-time
        ("township", 120, 2, 0, 10_001, True),  # 10,001 needs 2 under the default reading
        # community: hall "达到40平方米以上" and at least one full-time member
        ("community", 40, 1, 0, 3_000, True),
        ("community", 40, 1, 1, 3_000, True),
        ("community", 39.9, 1, 0, 3_000, False),
        ("community", 20, 1, 0, 3_000, False),  # compliant, not a demonstration
        ("community", 40, 0, 1, 3_000, False),  # compliant, but no full-time member
        ("community", 40, 0, 2, 3_000, False),
        # villages never: the text names no village demonstration platform
        ("village", 20, 1, 0, 1_200, False),
        ("village", 500, 5, 5, 1_200, False),
    ])
    def test_demonstration_needs_the_bigger_hall_and_full_time_staff(self, level, area, full, part, population,
                                                                     eligible):
        facts = platform(level, area_m2=area, staff_full_time=full, staff_part_time=part,
                         service_population=population)
        result = evaluate(facts)
        assert result.compliant is True
        assert result.demonstration_eligible is eligible

    @pytest.mark.parametrize("level, breakage", [
        # a big hall and full-time staff are not enough without all eight items
        ("street", dict(network_connected=False)),
        ("street", dict(office=False)),
        ("township", dict(services=list(SERVICE_WORDS)[:-1])),
        ("community", dict(sign_text="东街社区就业和社会保障服务中心")),
        ("community", dict(rules_posted=False)),
    ])
    def test_a_demonstration_platform_must_first_be_compliant(self, level, breakage):
        big = dict(area_m2=200, staff_full_time=4, staff_part_time=0)
        assert evaluate(platform(level, **big)).demonstration_eligible is True
        result = evaluate(platform(level, **big, **breakage))
        assert result.compliant is False and result.demonstration_eligible is False

    @pytest.mark.parametrize("level, area, minimum", [
        ("street", 69.9, "70"), ("township", 50, "70"), ("community", 39.9, "40"),
    ])
    def test_a_small_hall_is_reported_with_the_demonstration_minimum(self, level, area, minimum):
        result = evaluate(platform(level, area_m2=area, staff_full_time=2, staff_part_time=0))
        [small] = [f for f in result.demonstration_findings if not f.ok]
        assert number_in(minimum, small.reason_zh) and number_in(minimum, small.reason_en)
        assert number_in(f"{area:g}", small.reason_zh) and number_in(f"{area:g}", small.reason_en)

    def test_partial_increment_reading_raises_the_full_time_staff_a_demonstration_needs(self):
        facts = platform("street", area_m2=80, service_population=10_001, staff_full_time=2, staff_part_time=1)
        assert evaluate(facts).demonstration_eligible is True
        partial = dataclasses.replace(yibin_2014(), partial_increment=True)
        result = evaluate(facts, partial)
        assert result.compliant is True and result.demonstration_eligible is False
        assert evaluate(dict(facts, staff_full_time=3, staff_part_time=0), partial).demonstration_eligible


class TestR810CountyPlatforms:
    """R-8.10 "全市县(区)、街道、乡(镇)、社区和符合条件的行政村三级基层平台建设实现全面达标576个" — the text sets no
    eight-haves numbers for the county platform; SPEC: judged by the street/township column, and the standard
    can change that.
    """

    @pytest.mark.parametrize("changes, failed", [
        # the street/township thresholds and lists apply
        (dict(area_m2=50), set()),
        (dict(area_m2=49.9), {"premises"}),
        (dict(area_m2=20, windows=["employment", "social_insurance"]), {"premises"}),  # a community's premises
        (dict(office=False), {"premises"}),
        (dict(sign_text="宜宾市翠屏区就业和社会保障服务站"), {"signboard"}),
        # staff scale with population like a street's
        (dict(service_population=20_000, staff_full_time=1, staff_part_time=1), {"staff"}),
        (dict(service_population=20_000, staff_full_time=1, staff_part_time=2), set()),
        (dict(staff_full_time=0, staff_part_time=2), {"staff"}),
    ])
    def test_a_county_platform_is_judged_like_a_street_or_township(self, changes, failed):
        assert evaluate(platform("county", **changes)).failed_items == failed

    @pytest.mark.parametrize("area, full, eligible", [
        (70, 2, True), (69.9, 2, False), (70, 1, False),
    ])
    def test_a_county_platform_may_be_a_demonstration_platform_like_a_street(self, area, full, eligible):
        facts = platform("county", area_m2=area, staff_full_time=full, staff_part_time=2 - full)
        assert evaluate(facts).demonstration_eligible is eligible

    def test_a_standard_that_judges_the_county_by_the_community_column_changes_every_item_of_its_verdict(self):
        """The whole column applies — premises, sign, staffing and demonstration alike."""
        def county_as_community(data):
            data["level_column"]["county"] = "community"
        std = copied_standard(edit=county_as_community)
        county = platform("county", area_m2=40, windows=["employment", "social_insurance"], office=False,
                          sign_text="翠屏区就业和社会保障服务站", service_population=50_000,
                          staff_full_time=1, staff_part_time=0)
        result = evaluate(county, std)
        assert result.failed_items == set()
        assert result.demonstration_eligible is True
        assert evaluate(county).failed_items == {"signboard", "premises", "staff"}
        assert result.standard_version == 2


class TestR811StandardIsVersionedData:
    """R-8.11 "服务内容根据需要适时调整": thresholds and lists are a versioned standard the bureau copies and
    adjusts; every verdict says which standard version judged it.
    """

    def test_without_a_standard_the_yibin_2014_standard_version_1_is_used_and_named(self):
        result = evaluate(platform("street"))
        assert (result.standard_code, result.standard_version) == ("yibin-2014", 1)
        assert "宜宾2014" in result.standard_label and "1" in result.standard_label

    @pytest.mark.parametrize("area, ok_2014, ok_copy", [
        (49.9, False, False),
        (50, True, False),
        (59.9, True, False),
        (60, True, True),
    ])
    def test_a_copied_standard_with_a_60_m2_minimum_moves_the_boundary(self, area, ok_2014, ok_copy):
        def sixty(data):
            data["columns"]["street_township"]["min_area_m2"] = 60
        std = copied_standard(edit=sixty)
        facts = platform("township", area_m2=area)
        assert evaluate(facts).compliant is ok_2014
        result = evaluate(facts, std)
        assert result.compliant is ok_copy
        assert (result.standard_code, result.standard_version) == ("yibin-2014", 2)
        assert "宜宾2016标准" in result.standard_label and "2" in result.standard_label
        if not ok_copy:
            bad = finding(result, "premises")
            assert number_in("60", bad.reason_zh) and number_in("60", bad.reason_en)
        # the community column of the copy is untouched
        assert evaluate(platform("community"), std).compliant

    def test_a_service_removed_from_the_list_is_no_longer_required(self):
        def no_statistics(data):
            data["services"].remove("statistics")
        std = copied_standard(edit=no_statistics)
        facts = platform("community", services=[s for s in SERVICE_WORDS if s != "statistics"])
        assert evaluate(facts).failed_items == {"services"}
        assert evaluate(facts, std).compliant is True
        # another missing service is still a failure under the copy
        facts["services"].remove("talent")
        assert_fails_only(evaluate(facts, std), "services", zh_words=["人才服务"])
        assert "统计调查" not in finding(evaluate(facts, std), "services").reason_zh

    def test_a_service_added_to_the_list_is_required_and_named_by_its_code(self):
        def add_service(data):
            data["services"].append("pension_certification")
        std = copied_standard(edit=add_service)
        result = evaluate(platform("street"), std)
        assert_fails_only(result, "services", zh_words=["pension_certification"], en_words=["pension_certification"])
        assert evaluate(platform("street", services=[*SERVICE_WORDS, "pension_certification"]), std).compliant

    def test_equipment_removed_from_the_list_is_no_longer_required(self):
        def no_fax(data):
            data["equipment"].remove("copier_fax")
        std = copied_standard(edit=no_fax)
        facts = platform("village", equipment=[e for e in EQUIPMENT_WORDS if e != "copier_fax"])
        assert evaluate(facts).failed_items == {"equipment"}
        assert evaluate(facts, std).compliant is True

    def test_windows_added_to_the_community_column_are_required_of_communities_only(self):
        def community_pension_window(data):
            data["columns"]["community"]["windows"].append("resident_insurance")
        std = copied_standard(edit=community_pension_window)
        result = evaluate(platform("community"), std)
        assert_fails_only(result, "premises", zh_words=["城乡居保"], en_words=["resident"])
        assert evaluate(platform("street"), std).compliant

    def test_the_demonstration_hall_is_a_setting_of_the_standard(self):
        def demo_100(data):
            data["columns"]["street_township"]["demo_min_area_m2"] = 100
        std = copied_standard(edit=demo_100)
        facts = platform("street", area_m2=70, staff_full_time=2, staff_part_time=0)
        assert evaluate(facts).demonstration_eligible is True
        assert evaluate(facts, std).demonstration_eligible is False
        assert evaluate(dict(facts, area_m2=100), std).demonstration_eligible is True

    def test_copying_a_standard_leaves_the_default_untouched(self):
        def sixty(data):
            data["columns"]["street_township"]["min_area_m2"] = 60
        copied_standard(edit=sixty)
        assert yibin_2014().columns["street_township"].min_area_m2 == 50
        assert evaluate(platform("street", area_m2=50)).compliant is True

    def test_a_standard_round_trips_through_its_stored_form(self):
        std = dataclasses.replace(yibin_2014(), partial_increment=True,
                                  demo_extra_equipment=frozenset({"display_board"}))
        assert Standard.from_dict(std.to_dict()) == std
