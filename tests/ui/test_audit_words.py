"""The audit trail in words (issue 16: "audit objects and fields in words"): a supervisor reads 经费台账 and
经费类别: (空) → 工作经费, not `fundingline` and `category: ∅ → work_funds`."""
import pytest

from ui.audit_words import Names, describe, entity_name, person

ZH = Names(counties={"511502": "翠屏区"}, people={"officer_a": "李娜"}, lang="zh")
EN = Names(counties={"511502": "Cuiping"}, people={"officer_a": "Li Na"}, lang="en")


def test_a_created_funding_line_reads_in_words_with_labels_yuan_and_the_county_name():
    after = {"county_code": "511502", "category": "work_funds", "source": "county_budget", "budgeted_fen": 123456,
             "purpose": None, "updated_by": "officer_a"}
    words = describe("fundingline", None, after, ZH)
    assert words == ("县(区): (空) → 翠屏区; 经费类别: (空) → 工作经费; 资金来源: (空) → 县(区)财政预算; "
                     "预算金额(元): (空) → 1,234.56; 最后修改人: (空) → 李娜(officer_a)")
    assert entity_name("fundingline", ZH) == "经费台账"


def test_the_same_field_name_takes_the_labels_of_its_own_table():
    assert describe("person", None, {"source": "assistant"}, ZH) == "人员来源: (空) → 劳动保障协理员"
    assert describe("fundingline", None, {"source": "city_special"}, ZH) == "资金来源: (空) → 市级专项资金"
    assert describe("person", {"name": "王"}, {"name": "汪"}, ZH) == "姓名: 王 → 汪"  # a person's 名称 is 姓名


def test_lists_booleans_times_and_secrets_read_as_words():
    before = {"windows": ["employment"], "sign_installed": False, "updated_at": "2026-01-31T20:30:00+00:00",
              "password_hash": "x"}
    after = {"windows": ["employment", "social_insurance"], "sign_installed": True,
             "updated_at": "2026-01-31T20:31:00", "password_hash": "(changed)"}
    words = describe("platform", before, after, ZH)
    assert "服务窗口: 就业创业 → 就业创业、社会保险" in words
    assert "已挂牌: 否 → 是" in words
    assert "更新时间: 2026-02-01 04:30 → 2026-02-01 04:31" in words  # stored UTC (naive from SQLite too), shown +8
    assert "密码" not in words  # the hash is never shown, not even that it is there (logic.audit_diff.HIDDEN)


@pytest.mark.parametrize("username, zh, en", [
    ("system", "系统", "System"),
    ("officer_a", "李娜(officer_a)", "Li Na (officer_a)"),
    ("gone_user", "gone_user", "gone_user"),  # no longer a user: the username is all there is
])
def test_who_acted_reads_as_the_person(username, zh, en):
    assert (person(username, ZH), person(username, EN)) == (zh, en)


def test_in_english_the_same_change_reads_in_english():
    assert describe("performancescore", None, {"indicator": "pilot_progress", "score_tenths": 678}, EN) == (
        "Indicator: (empty) → Pilot building progress (%); Score: (empty) → 67.8")


def test_an_unknown_table_or_field_shows_as_stored_rather_than_hiding_it():
    assert entity_name("newtable", ZH) == "newtable"
    assert describe("platform", None, {"new_field": "x"}, ZH) == "new_field: (空) → x"


def test_year_end_steps_and_platform_confirmations_read_in_words():
    """The year-end's own records (issue 17) in the trail: 年度报送 with its state, who and when in words, and a
    platform confirmed for a year — not `countyyear`, `state: submitted`, `submitted_by`."""
    words = describe("countyyear", {"state": "open", "submitted_by": None},
                     {"state": "submitted", "submitted_by": "officer_a", "submitted_at": "2026-01-31T20:30:00+00:00"},
                     ZH)
    assert words == "状态: 未报送 → 已报送,待审核; 报送人: (空) → 李娜(officer_a); 报送时间: (空) → 2026-02-01 04:30"
    assert entity_name("countyyear", ZH) == "年度报送" and entity_name("platformconfirmation", ZH) == "平台信息核实"
    assert describe("countyyear", {"state": "submitted"}, {"state": "approved"}, EN) == \
        "State: Submitted, awaiting approval → Approved and locked"
