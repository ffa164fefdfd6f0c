"""R-NET-2 "在安全认证体系下开展各项就业和社会保障业务经办工作": `logic.authz.authorize` against a reference table.

The reference below is written from SPEC's "Who uses it" and the brief, independently of the code: the city
bureau may do everything; a county officer views everything and edits only their own county's rows, never
administers or reads the audit trail; a viewer (督查室, finance, audit) views and reads the audit trail only;
an inactive account, an unknown role or nobody signed in may do nothing.
"""
import itertools

import pytest
from hypothesis import given, settings, strategies as st

from logic.authz import Actor, PermissionDenied, authorize, require

ROLES = ("city_admin", "county_officer", "viewer", "unknown")
ACTIONS = ("view", "edit", "administer", "audit", "import")
TARGETS = ("own", "other", None)  # the row's county: the actor's own, another one, or none (city-wide)

YES, NO, OWN = "yes", "no", "own county only"
REFERENCE = {
    # the city bureau: everything
    "city_admin": {"view": YES, "edit": YES, "administer": YES, "audit": YES, "import": YES},
    # a county officer: sees the city, changes only their own county (the import screen is open to them;
    # each row they import is an "edit" of its county)
    "county_officer": {"view": YES, "edit": OWN, "administer": NO, "audit": NO, "import": YES},
    # supervision, finance and audit: read everything, change nothing, read the audit trail
    "viewer": {"view": YES, "edit": NO, "administer": NO, "audit": YES, "import": NO},
    # anything else signed in: nothing
    "unknown": {"view": NO, "edit": NO, "administer": NO, "audit": NO, "import": NO},
}


def expected(actor: Actor | None, action: str, county: str | None) -> bool:
    if actor is None or not actor.active:
        return False
    rule = REFERENCE.get(actor.role, REFERENCE["unknown"])[action]
    if rule == OWN:
        return county is not None and county == actor.county_code
    return rule == YES


def target_county(actor: Actor, target: str | None) -> str | None:
    if target == "own":
        return actor.county_code
    if target == "other":
        return "511503" if actor.county_code != "511503" else "511502"
    return None


counties = st.one_of(st.none(), st.sampled_from(("511502", "511503", "511521")), st.text(max_size=8))
actors = st.one_of(
    st.none(),
    st.builds(Actor, username=st.text(min_size=1, max_size=8),
              role=st.one_of(st.sampled_from(ROLES), st.sampled_from(("CITY_ADMIN", "admin", "")), st.text(max_size=6)),
              county_code=counties, active=st.booleans()),
)


class TestRNET2AuthorizeMatchesTheReference:
    """R-NET-2 "在安全认证体系下开展各项…业务经办": what a user may see and change depends on role and county."""

    @settings(max_examples=600, deadline=None)
    @given(actor=actors, action=st.sampled_from(ACTIONS), own=st.booleans(), county=counties)
    def test_r_net_2_every_actor_action_and_county_gets_the_reference_answer(self, actor, action, own, county):
        if own and actor is not None:  # half the time the row is in the actor's own county (or both are None)
            county = actor.county_code
        decision = authorize(actor, action, county)
        assert bool(decision) is decision.allowed is expected(actor, action, county)

    @pytest.mark.parametrize("role, active, action, target", list(itertools.product(ROLES, (True, False), ACTIONS,
                                                                                     TARGETS)))
    def test_r_net_2_the_whole_table_role_by_action_by_county(self, role, active, action, target):
        actor = Actor("u", role, county_code="511502", active=active)
        county = target_county(actor, target)
        assert authorize(actor, action, county).allowed is expected(actor, action, county)

    @pytest.mark.parametrize("action", ACTIONS)
    @pytest.mark.parametrize("county", ["511502", None])
    def test_r_net_2_nobody_signed_in_may_do_nothing(self, action, county):
        assert authorize(None, action, county).allowed is False

    @pytest.mark.parametrize("target", ["511502", "511503", None])
    def test_r_net_2_a_county_officer_without_a_county_may_edit_nothing(self, target):
        officer = Actor("u", "county_officer", county_code=None)
        assert authorize(officer, "edit", target).allowed is False
        assert authorize(officer, "view", target).allowed is True


class TestRNET2Refusals:
    """R-NET-2: a refusal says why, in Chinese and English, and `require` turns it into an error."""

    @pytest.mark.parametrize("actor, action, county", [
        (None, "view", None),
        (Actor("u", "city_admin", active=False), "view", None),
        (Actor("u", "county_officer", "511502"), "edit", "511503"),
        (Actor("u", "county_officer", "511502"), "administer", None),
        (Actor("u", "county_officer", "511502"), "audit", None),
        (Actor("u", "viewer"), "edit", "511502"),
        (Actor("u", "viewer"), "administer", None),
    ])
    def test_r_net_2_a_refusal_gives_its_reason_in_both_languages(self, actor, action, county):
        decision = authorize(actor, action, county)
        assert decision.allowed is False
        assert decision.reason_zh.strip() and decision.reason_en.strip()
        with pytest.raises(PermissionDenied) as raised:
            require(actor, action, county)
        assert raised.value.decision == decision

    def test_r_net_2_require_lets_an_allowed_action_through(self):
        assert require(Actor("u", "county_officer", "511502"), "edit", "511502") is None

    @pytest.mark.parametrize("action", ["delete", "", "VIEW", None])
    def test_r_net_2_an_unknown_action_is_a_programming_error_not_a_refusal(self, action):
        with pytest.raises(ValueError, match="unknown action"):
            authorize(Actor("u", "city_admin"), action)
