"""What the platform screen does when asked: open a platform into the form, and save it."""
from datetime import date

import streamlit as st

from logic.compliance import evaluate
from models.db import read_session
from models.funding import work_funds_by_platform
from models.people import roster_counts
from models.platforms import FACT_FIELDS, create_platform, facts_of, get_platform, update_platform
from models.standards import standard_in_force
from services.writes import GONE, Outcome, attempt
from ui.i18n import lang, t
from ui.outcome import keep, show
from ui.store import engine
from ui.views import platform_stale
from ui.views.platform_form import BLANK, P, facts_from_widgets, load

NEW = "__new__"
RESULT = "pf_result"
STAFF_FIELDS = ("staff_full_time", "staff_part_time")


def open_selected(county_code: str, selected: str) -> None:
    """Load the chosen platform into the form once per choice, so typing is never overwritten."""
    widgets_kept = all(P + key in st.session_state for key in FACT_FIELDS)
    if st.session_state.get("pf_loaded") == (county_code, selected) and widgets_kept:
        return  # Streamlit drops a widget's value when another page ran: then the form must be refilled
    if st.session_state.get("pf_loaded") not in (None, (county_code, selected)):
        st.session_state.pop(RESULT, None)  # another platform: the last one's outcome is not about it
    facts, version, roster, funds = {**BLANK, "county_code": county_code}, None, None, None
    if selected != NEW:
        with read_session(engine()) as session:
            platform = get_platform(session, selected)
            if platform is not None:
                facts, version = facts_of(platform), platform.version
                roster = roster_counts(session, codes=[selected]).get(selected)
                funds = work_funds_by_platform(session, date.today().year, codes=[selected]).get(selected)
    load(_with_ledgers(facts, roster, funds))
    st.session_state.update(pf_loaded=(county_code, selected), pf_opened=facts, pf_version=version,
                            pf_errors={}, pf_roster=roster, pf_funds=funds)


# what a new platform never takes from the one it is copied from: who it is, its sign, the people it serves
NOT_COPIED = ("code", "name", "sign_text", "service_population")


def copy_from(county_code: str) -> None:
    """Callback of 复制自: fill the new platform's form from an existing one of the county (its premises,
    equipment, services and the rest), leaving who it is and how many it serves to be typed. Quick entry for
    the usual case of many similar villages; each copied fact is still the officer's to check before saving."""
    template = st.session_state.get("pf_template")
    if not template:
        return
    with read_session(engine()) as session:
        platform = get_platform(session, template)
    if platform is None or platform.county_code != county_code:
        return
    copied = {k: v for k, v in facts_of(platform).items() if k not in NOT_COPIED}
    load({**BLANK, **copied, "county_code": county_code})
    st.session_state["pf_copied"] = template


def _with_ledgers(facts: dict, roster, funds) -> dict:
    """R-8.3 and R-8.6: once a platform keeps a roster, its staff counts are the roster's; once it has
    funding lines this year, whether its work funds are secured is the ledger's."""
    out = dict(facts)
    if roster is not None:
        out.update(dict(zip(STAFF_FIELDS, roster, strict=True)))
    if funds is not None:
        out["work_funds_secured"] = funds
    return out


def _verdict_key(verdict) -> str:
    if verdict.demonstration_eligible:
        return "demo"
    return "compliant" if verdict.compliant else "not"


def reopen() -> None:
    st.session_state["pf_loaded"] = None
    st.session_state.pop(RESULT, None)


def save(county_code: str, selected: str) -> None:
    """Button callback: write through the store (validate, authorise, audit) and keep the outcome."""
    actor = st.session_state.get("_actor")
    facts = facts_from_widgets(county_code)
    roster, funds = (st.session_state.get("pf_roster"), st.session_state.get("pf_funds")) if selected != NEW \
        else (None, None)
    # what the ledgers show is theirs: keep the entered figures as they were stored
    kept = [*(STAFF_FIELDS if roster is not None else ()), *(("work_funds_secured",) if funds is not None else ())]
    facts.update({f: st.session_state["pf_opened"][f] for f in kept})

    def write(session, actor):
        if selected == NEW:
            platform = create_platform(session=session, actor=actor, facts=facts)
        else:
            platform = update_platform(session=session, actor=actor, code=selected, facts=facts,
                                       expected_version=st.session_state.get("pf_version"),
                                       opened=st.session_state.get("pf_opened"))
        verdict = evaluate(_with_ledgers(facts_of(platform), roster, funds), standard_in_force(session))
        return platform.code, platform.name, platform.version, _verdict_key(verdict)

    outcome = attempt(engine(), actor, write)
    report = platform_stale.refused(outcome.stale, selected, facts, _with_ledgers) if outcome.stale else None
    if outcome.stale and report is None:  # the platform was deleted meanwhile
        outcome = Outcome(GONE)
    keep(RESULT, outcome, saved=_saved_words, on_stale=lambda stale: report)
    st.session_state["pf_errors"] = {e.field: e.reason(lang()) for e in outcome.errors}
    if outcome.saved:
        st.session_state["pf_select"] = outcome.value[0]
    if outcome.saved or outcome.kind == GONE:
        st.session_state["pf_loaded"] = None  # reopen from the store (at the new version), or afresh


def _saved_words(value) -> str:
    code, name, version, verdict = value
    return t("pf.saved", code=code, name=name, version=version, verdict=t(f"pf.verdict.{verdict}"))


def show_result() -> None:
    """The last save's outcome, where the officer is looking."""
    show(RESULT, label=lambda field: t(f"pf.field.{field}"), on_reload=reopen, reload_key="pf_reload")
