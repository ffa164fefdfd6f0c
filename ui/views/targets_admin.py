"""City administrators record a county's national pilot (R-TGT-4), audited like every write."""
import streamlit as st

from logic.authz import PermissionDenied
from logic.errors import StaleEdit, ValidationFailed
from models.assessment import set_pilot
from models.db import write_session
from models.locking import NEW
from ui.i18n import lang, t
from ui.store import engine
from ui.views.stale_notice import stale_line


def _save(actor, names: dict[str, str], seen: dict[str, int]) -> None:
    """`seen`: {county: version} of the pilots the table showed; a county it showed none for is NEW."""
    county, year = st.session_state.get("tg_pilot_county"), st.session_state.get("tg_pilot_year")
    try:
        with write_session(engine(), actor) as session:
            set_pilot(session=session, actor=actor, county_code=county, year_won=int(year),
                      project=st.session_state.get("tg_pilot_project") or "", expected_version=seen.get(county, NEW))
    except StaleEdit as stale:
        st.session_state["tg_pilot_result"] = ("error", stale_line(stale))
        return
    except ValidationFailed as failure:
        st.session_state["tg_pilot_result"] = ("error", " ".join(e.reason(lang()) for e in failure.errors))
        return
    except PermissionDenied as denied:
        st.session_state["tg_pilot_result"] = ("error", denied.decision.reason_zh if lang() == "zh"
                                               else denied.decision.reason_en)
        return
    st.session_state["tg_pilot_result"] = ("ok", t("tg.pilot.saved", county=names.get(county, county), year=year))


def pilot_form(actor, names: dict[str, str], seen: dict[str, int]) -> None:
    with st.expander(t("tg.pilot.add")):
        with st.form("tg_pilot_form"):
            a, b, c = st.columns([2, 1, 3])
            a.selectbox(t("tg.col.county"), list(names), format_func=names.get, key="tg_pilot_county")
            b.number_input(t("tg.col.year_won"), min_value=2010, max_value=2100, value=2016, step=1,
                           key="tg_pilot_year")
            c.text_input(t("tg.col.project"), key="tg_pilot_project", max_chars=100)
            st.form_submit_button(t("tg.pilot.save"), key="tg_pilot_save", on_click=_save, args=(actor, names, seen))
    result = st.session_state.pop("tg_pilot_result", None)
    if result:
        (st.success if result[0] == "ok" else st.error)(result[1])
