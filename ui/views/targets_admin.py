"""City administrators record a county's national pilot (R-TGT-4), audited like every write."""
import streamlit as st

from models.assessment import pilot_projects, pilots, set_pilot
from models.db import read_session
from models.locking import NEW
from services.writes import STALE, attempt
from ui.i18n import t
from ui.outcome import Told, forget_unless, keep, show
from ui.store import engine
from ui.views.stale_notice import brief_report

RESULT = "tg_pilot_result"


def _save(actor, names: dict[str, str], seen: dict[str, int]) -> None:
    """`seen`: {county: version} of the pilots the table showed; a county it showed none for is NEW."""
    county, year = st.session_state.get("tg_pilot_county"), st.session_state.get("tg_pilot_year")
    outcome = attempt(engine(), actor, lambda session, actor: set_pilot(
        session=session, actor=actor, county_code=county, year_won=int(year),
        project=st.session_state.get("tg_pilot_project") or "", expected_version=seen.get(county, NEW)))
    keep(RESULT, outcome, saved=lambda _: t("tg.pilot.saved", county=names.get(county, county), year=year),
         on_stale=brief_report, about=county)


def reload(county: str) -> None:
    """Drop the administrator's typing and the refusal: the form shows the county's pilot as saved now."""
    with read_session(engine()) as session:
        year, project = pilots(session).get(county), pilot_projects(session).get(county)
    if year is not None:
        st.session_state.update(tg_pilot_year=year, tg_pilot_project=project or "")
    st.session_state.pop(RESULT, None)


def pilot_form(actor, names: dict[str, str], seen: dict[str, int]) -> None:
    with st.expander(t("tg.pilot.add")):
        with st.form("tg_pilot_form"):
            a, b, c = st.columns([2, 1, 3])
            a.selectbox(t("tg.col.county"), list(names), format_func=names.get, key="tg_pilot_county")
            b.number_input(t("tg.col.year_won"), min_value=2010, max_value=2100, value=2016, step=1,
                           key="tg_pilot_year")
            c.text_input(t("tg.col.project"), key="tg_pilot_project")  # no max_chars: a longer paste is refused, not cut
            st.form_submit_button(t("tg.pilot.save"), key="tg_pilot_save", on_click=_save, args=(actor, names, seen))
    # a stale refusal stays, with a reload, until a save or another county picked
    told = st.session_state.get(RESULT)
    if isinstance(told, Told) and told.kind == STALE:
        forget_unless(RESULT, st.session_state.get("tg_pilot_county"))
    show(RESULT, label=lambda field: t("tg.col.county" if field == "county_code" else f"tg.col.{field}"), on_reload=reload,
         args=(st.session_state.get("tg_pilot_county"),), reload_key="tg_pilot_reload")
