"""The string catalog as its readers meet it, in Chinese and in English: words, never the rule ids of the policy
file (R-FUND-3, R-PERS-2, R-8.6) — those are for the code and its tests."""
import re

from ui.i18n import CATALOG


def test_no_chinese_string_carries_a_rule_id():
    with_ids = {key: zh for key, (zh, _) in CATALOG.items() if re.search(r"R-[A-Z0-9]", zh)}
    assert with_ids == {}


def test_no_english_string_carries_a_rule_id():
    with_ids = {key: en for key, (_, en) in CATALOG.items() if re.search(r"R-[A-Z0-9]", en)}
    assert with_ids == {}


def test_the_check_would_see_a_rule_id():
    assert re.search(r"R-[A-Z0-9]", "经费保障(R-FUND)") and re.search(r"R-[A-Z0-9]", "名册计人数(R-8.3)")
