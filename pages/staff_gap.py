"""Staffing gap (R-STAFF-1..3 against the roster): per platform and rolled up by street/township, county, city."""
import streamlit as st

from ui.data import counties, current_standard
from ui.guard import page_actor
from ui.i18n import t
from ui.screen_data import staffing_gap_view
from ui.views import gaps

actor = page_actor("view")
st.title(t("sg.title"))
st.caption(t("sg.caption"))
standard = current_standard()  # the staffing numbers and R-STAFF-2 reading the verdicts use
st.caption(t("app.standard_used", label=standard.label))
names = counties()
CITY = "city"
scopes = [CITY, *names]
if st.session_state.get("sg_scope") not in scopes:  # an officer starts on their county; anyone may see the city
    st.session_state["sg_scope"] = actor.county_code if actor.county_code in names else CITY
a, b = st.columns([2, 3])
scope = a.selectbox(t("sg.scope"), scopes, key="sg_scope", format_func=lambda c: names.get(c, t("sg.city")))
partial = b.toggle(t("sg.reading"), key="sg_partial", value=standard.partial_increment)
view = staffing_gap_view(None if scope == CITY else scope, partial, gaps.filters())
with st.container():  # always there, so a filter that empties it does not move the tabs back to the first
    if len(view.rows):
        gaps.headline(view.total)
tab_p, tab_t, tab_c = st.tabs([t("sg.tab.platforms"), t("sg.tab.township"), t("sg.tab.county")])
with tab_p:
    gaps.platforms(view.rows, view.township_names)
with tab_t:
    gaps.township_rollup(view)
with tab_c:
    gaps.county_rollup(view, names)
