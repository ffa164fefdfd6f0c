"""Platform entry: a county's platforms with their verdicts, and the form that adds or edits one."""
import streamlit as st

from ui.data import counties, current_standard
from ui.guard import may, page_actor
from ui.i18n import t, t_text
from ui.pickers import hold
from ui.screen_data import platform_rows
from ui.views import platform_grid, platform_list
from ui.views.platform_actions import NEW, copy_from, open_selected, save, show_result
from ui.views.platform_form import basic_group, eight_groups, facts_from_widgets, live_verdict, show_verdict

actor = page_actor("view")
st.title(t("pf.title"))
names = counties()
if st.session_state.get("pf_county") not in names:
    st.session_state["pf_county"] = actor.county_code if actor.county_code in names else next(iter(names))
county = st.selectbox(t("pf.county"), list(names), format_func=names.get, key="pf_county")
frame, standard_label = platform_rows(county)
st.caption(t("app.standard_used", label=standard_label))  # every verdict names its standard version
platform_list.show(frame)

st.subheader(t("pf.edit"))
writable = may(actor, "edit", county)
if not writable:
    st.info(t("guard.read_only"))
codes = frame["code"].tolist()  # as a list at once: iterating a column of 9,000 codes value by value is slow
choices = [NEW, *codes] if writable else codes
if not choices:
    st.stop()
hold("pf_select", choices)  # by code: a rename by someone else must not jump the form to 新增平台
labels = dict(zip(codes, frame["name"].tolist(), strict=True))
selected = st.selectbox(t("pf.pick"), choices, key="pf_select",
                        format_func=lambda c: t("pf.new") if c == NEW else f"{c} {labels.get(c, '')}")
open_selected(county, selected)
if selected == NEW and writable and codes:  # quick entry: start from a similar platform, then check each item
    st.selectbox(t("pf.template"), [None, *codes], key="pf_template", on_change=copy_from, args=(county,),
                 format_func=lambda c: t_text("pf.template_none") if c is None else f"{c} {labels.get(c, '')}",
                 placeholder=t_text("pf.template_none"), help=t_text("pf.template_help"))
show_result()

errors = st.session_state.get("pf_errors", {})
centres = frame[frame["level"].isin(["street", "township"])]
parents = dict(zip(centres["code"].tolist(), centres["name"].tolist(), strict=True))
basic_group(editing=selected != NEW, parents=parents, disabled=not writable, errors=errors)
result = live_verdict(facts_from_widgets(county), current_standard())
show_verdict(result)
if result is not None:
    eight_groups({f.item: f for f in result.findings}, disabled=not writable, errors=errors)
if writable:
    st.button(t("pf.save"), type="primary", key="pf_save", on_click=save, args=(county, selected))

st.divider()
platform_grid.grid(county, parents, writable=writable)  # a township's villages at once, not one form each
