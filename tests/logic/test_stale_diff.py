"""logic.audit_diff for a refused save: what others changed since the version the officer opened
(edits_since), which typed values differ from the stored ones (kept_over), and the form to show (merged_form)."""
from datetime import UTC, datetime

import pytest

from logic.audit_diff import edits_since, kept_over, merged_form

T1, T2, T3 = (datetime(2026, 5, d, 2, 0, tzinfo=UTC) for d in (1, 2, 3))


def update(actor, at, before: dict, after: dict) -> dict:
    return {"actor": actor, "at": at, "before": before, "after": after}


TRAIL = [  # one platform: opened by the officer at version 2
    update("li", T1, {"version": 1, "name": "甲", "area_m2": 10}, {"version": 2, "name": "乙", "area_m2": 10}),
    update("wang", T2, {"version": 2, "name": "乙", "area_m2": 10, "updated_by": "li"},
           {"version": 3, "name": "丙", "area_m2": 10, "updated_by": "wang"}),
    update("zhao", T3, {"version": 3, "name": "丙", "area_m2": 10, "windows": []},
           {"version": 4, "name": "丁", "area_m2": 12, "windows": ["employment"]}),
]


class TestEditsSince:
    def test_only_saves_after_the_opened_version_count_with_first_before_and_last_after(self):
        edits = {e.field: e for e in edits_since(TRAIL, 2)}
        assert set(edits) == {"name", "area_m2", "windows"}  # version and updated_by are bookkeeping
        assert (edits["name"].before, edits["name"].after, edits["name"].actors, edits["name"].at) == (
            "乙", "丁", ("wang", "zhao"), T3)
        assert (edits["area_m2"].before, edits["area_m2"].after, edits["area_m2"].actors) == (10, 12, ("zhao",))

    def test_an_edit_the_officer_had_already_seen_is_not_shown_again(self):
        assert {e.field for e in edits_since(TRAIL, 3)} == {"name", "area_m2", "windows"}
        assert [e.before for e in edits_since(TRAIL, 3) if e.field == "name"] == ["丙"]
        assert edits_since(TRAIL, 4) == []

    def test_a_field_changed_and_changed_back_is_left_out(self):
        trail = [update("li", T1, {"version": 1, "name": "甲"}, {"version": 2, "name": "乙"}),
                 update("li", T2, {"version": 2, "name": "乙"}, {"version": 3, "name": "甲"})]
        assert edits_since(trail, 1) == []

    def test_a_password_hash_is_never_shown(self):
        trail = [update("li", T1, {"version": 1}, {"version": 2, "password_hash": "(changed)"})]
        assert edits_since(trail, 1) == []

    def test_rows_in_any_order_read_the_same(self):
        assert edits_since(list(reversed(TRAIL)), 1) == edits_since(TRAIL, 1)


class TestTypedAgainstStored:
    @pytest.mark.parametrize("typed, stored, differs", [
        ({"area_m2": 12.0}, {"area_m2": 12}, False),  # a number input's float is the stored whole number
        ({"windows": ["b", "a"]}, {"windows": ["a", "b"]}, False),  # a set field in another order
        ({"sign_text": ""}, {"sign_text": None}, False),  # optional text left empty
        ({"name": "甲"}, {"name": "乙"}, True),
        ({"active": False}, {"active": True}, True),
    ])
    def test_kept_over_lists_only_real_differences(self, typed, stored, differs):
        assert bool(kept_over(typed, stored)) is differs

    def test_the_merged_form_keeps_what_the_officer_changed_and_takes_theirs_for_the_rest(self):
        opened = {"name": "甲", "area_m2": 10, "windows": ["a"]}
        typed = {"name": "甲", "area_m2": 90.0, "windows": ["a"]}
        stored = {"name": "乙", "area_m2": 10, "windows": ["a", "b"]}
        assert merged_form(typed, opened, stored) == {"name": "乙", "area_m2": 90.0, "windows": ["a", "b"]}

    def test_a_field_both_changed_keeps_the_officers_value(self):
        assert merged_form({"name": "丙"}, {"name": "甲"}, {"name": "乙"}) == {"name": "丙"}
