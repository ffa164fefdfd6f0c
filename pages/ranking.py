"""County assessment ranking (R-ASSESS-1, 2): scores and how they were made, ties, coverage, stability under
moved weights, the subsidy pool split, and frozen snapshots that later data changes leave alone."""
from datetime import date

import streamlit as st

from logic.assessment_inputs import awaiting_entry, values_for
from logic.ranking import rank_counties
from models.assessment import entered_versioned, latest_scheme_version, scheme_for
from models.assessment_frames import pilot_skip_map
from models.db import read_session
from models.register_history import is_past
from ui.assessment_data import ranking_inputs, stability
from ui.chart import show_chart
from ui.data import counties
from ui.export import download_buttons
from ui.guard import may, page_actor
from ui.i18n import t, t_text
from ui.paging import MISSING
from ui.store import engine
from ui.views import ranking_admin, ranking_explore, ranking_history, ranking_takes, ranking_view as view

actor = page_actor("view")
st.title(t("rk.title"))
this_year = date.today().year
year = st.selectbox(t("rk.year"), list(range(this_year, 2014, -1)), key="rk_year")
names = counties()
inputs = ranking_inputs(year)  # kept per store revision and year
with read_session(engine()) as session:
    in_force = scheme_for(session, year)
    scheme, stored = in_force.scheme, in_force.stored
    entered, entered_versions = entered_versioned(session, year)
    scheme_seen = latest_scheme_version(session, year)
    skip = pilot_skip_map(session, year)
values = values_for(names, *inputs.parts, entered=entered, scheme=scheme)
st.caption(t("rk.caption", threshold=scheme.coverage_threshold) + " "
           + t("rk.caption.every" if scheme.every_dimension else "rk.caption.lenient"))
if is_past(year):
    st.caption(t("rk.past", year=year))
if inputs.untracked:
    st.warning(t("rk.past.untracked", n=inputs.untracked))
st.caption(t("rk.scheme.used", year=stored.year, version=stored.version) if stored else t("rk.scheme.default"))
if in_force.broken:
    st.error(view.broken_scheme_text(in_force))
saved = st.session_state.pop("rk_scheme_saved", None)
if saved:
    st.success(t("rk.scheme.saved", year=saved[0], version=saved[1]))
scores = rank_counties(values, scheme, skip=skip)
ranked = view.ranked_table(scores, names, list(scheme.dimension_weights))
st.dataframe(ranked, hide_index=True, width="stretch", placeholder=MISSING, height="content", column_config=view.rank_column())
if unranked := view.unranked_summary(scores, names):
    st.info(unranked)
awaiting = awaiting_entry(scores, scheme)
if awaiting:
    st.warning(view.awaiting_text(awaiting, names))
download_buttons(ranked, f"ranking_{year}", key="rk_dl_ranking", title=f"{t_text('rk.title')} {year}")
with st.expander(t("rk.how")):
    st.dataframe(view.workings(scores, scheme, names), hide_index=True, width="stretch", placeholder=MISSING)

st.subheader(t("rk.stability"))
result = stability(values, scheme, skip, draws=view.DRAWS, spread=view.SPREAD, seed=view.SEED)
if result:
    st.caption(t("rk.stability.caption", spread=view.SPREAD, draws=view.DRAWS, seed=view.SEED,
                 changed=sum(r.tier_change_share > 0.05 for r in result)))
    show_chart(view.stability_chart(result, names))
    st.dataframe(view.stability_table(result, names), hide_index=True, width="stretch", placeholder=MISSING,
                 height="content")
else:
    st.caption(t("rk.stability.none"))

st.subheader(t("rk.money"))
a, b = st.columns([1, 2])
pool_text = a.text_input(t("rk.pool"), value="1000000", key="rk_pool")
shares = "、".join(f"{t('rk.tier.' + k)} {v}" for k, v in scheme.tier_shares)
rule = b.radio(t("rk.rule"), ["tier", "score"], key="rk_rule",
               format_func=lambda r: t("rk.rule.tier", shares=shares) if r == "tier" else t("rk.rule.score"))
pool = view.pool_fen(pool_text)
if pool is None:
    st.error(f"{t('rk.pool')}:{t('rk.pool_bad')}")
    st.stop()
parts = view.split(scores, pool, rule, scheme)
st.dataframe(view.split_table(parts, scores, names), hide_index=True, width="stretch", placeholder=MISSING, height="content")
allocated = sum(parts.values())
if allocated == pool:
    st.caption(t("rk.allocated_total", total=view.yuan_text(allocated)))
else:  # nobody ranked, or no ranked county in a tier that has shares
    st.warning(t("rk.unallocated", left=view.yuan_text(pool - allocated)))

ranking_explore.exploration(actor, year, values, scheme, skip, names, scores, pool, rule)
ranking_takes.what_it_takes(actor, year, values, scheme, skip, scores, names, inputs.wholes)
ranking_history.ranks_over_the_years(this_year, names)

st.subheader(t("rk.snapshots"))
if may(actor, "administer"):
    ranking_admin.freeze_controls(actor, year, view.payload(year, scores, parts, pool, rule, scheme),
                                  allowed=in_force.broken is None, awaiting=awaiting, names=names)
    ranking_admin.performance_editor(actor, year, names, entered, entered_versions)
    ranking_admin.scheme_editor(actor, year, ranking_explore.editor_scheme(year, scheme), scheme_seen)
ranking_admin.frozen_snapshots(year, names)
