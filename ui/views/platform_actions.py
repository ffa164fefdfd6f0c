"""What the platform screen does when asked: open a platform into the form, and save it."""
import streamlit as st

from logic.authz import PermissionDenied
from logic.errors import StaleEdit, ValidationFailed
from models.db import read_session, write_session
from logic.compliance import evaluate
from models.people import roster_counts
from models.platforms import create_platform, facts_of, get_platform, update_platform
from models.standards import standard_in_force
from ui.i18n import lang, t
from ui.store import engine
from ui.views.platform_form import BLANK, facts_from_widgets, load

NEW = "__new__"
STAFF_FIELDS = ("staff_full_time", "staff_part_time")


def open_selected(county_code: str, selected: str) -> None:
    """Load the chosen platform into the form once per choice, so typing is never overwritten."""
    if st.session_state.get("pf_loaded") == (county_code, selected):
        return
    facts, version, roster = {**BLANK, "county_code": county_code}, None, None
    if selected != NEW:
        with read_session(engine()) as session:
            platform = get_platform(session, selected)
            if platform is not None:
                facts, version = facts_of(platform), platform.version
                roster = roster_counts(session, county_code).get(selected)
    load(facts if roster is None else {**facts, **dict(zip(STAFF_FIELDS, roster))})
    st.session_state.update(pf_loaded=(county_code, selected), pf_opened=facts, pf_version=version,
                            pf_errors={}, pf_roster=roster)


def _with_roster(facts: dict, roster) -> dict:
    """R-8.3: once a platform keeps a roster, its staff counts are the roster's."""
    return facts if roster is None else {**facts, **dict(zip(STAFF_FIELDS, roster))}


def _verdict_key(verdict) -> str:
    if verdict.demonstration_eligible:
        return "demo"
    return "compliant" if verdict.compliant else "not"


def reopen() -> None:
    st.session_state["pf_loaded"] = None
    st.session_state.pop("pf_result", None)


def save(county_code: str, selected: str) -> None:
    """Button callback: write through the store (validate, authorise, audit) and keep the outcome."""
    actor = st.session_state.get("_actor")
    facts = facts_from_widgets(county_code)
    roster = st.session_state.get("pf_roster") if selected != NEW else None
    if roster is not None:  # the shown counts are the roster's: keep the entered figures as they were stored
        facts.update({f: st.session_state["pf_opened"][f] for f in STAFF_FIELDS})
    st.session_state["pf_errors"] = {}
    try:
        with write_session(engine(), actor) as session:
            if selected == NEW:
                platform = create_platform(session=session, actor=actor, facts=facts)
            else:
                platform = update_platform(session=session, actor=actor, code=selected, facts=facts,
                                           expected_version=st.session_state.get("pf_version"),
                                           opened=st.session_state.get("pf_opened"))
            verdict = evaluate(_with_roster(facts_of(platform), roster), standard_in_force(session))
            saved = (platform.code, platform.name, platform.version, _verdict_key(verdict))
    except ValidationFailed as failure:
        st.session_state["pf_errors"] = {e.field: e.reason(lang()) for e in failure.errors}
        st.session_state["pf_result"] = ("errors", failure.errors)
        return
    except PermissionDenied as denied:
        reason = denied.decision.reason_zh if lang() == "zh" else denied.decision.reason_en
        st.session_state["pf_result"] = ("denied", t("common.denied_write", reason=reason))
        return
    except StaleEdit as stale:
        st.session_state["pf_result"] = ("stale", stale)
        return
    st.session_state["pf_result"] = ("saved", saved)
    st.session_state["pf_select"] = saved[0]
    st.session_state["pf_loaded"] = None  # reopen from the store at the new version
