"""Targets (R-TGT-1..5, R-NET-1): the phases on a time line, progress to 576 / 180 / 50 overall and by county,
national pilots against the 90% line, and the network and online services per level; the year selectable."""
from datetime import date

import streamlit as st

from logic.target_tracking import phase_of, pilot_status
from models.assessment import pilot_projects, pilot_versions, pilots
from models.db import read_session
from ui.assessment_data import target_figures
from ui.chart import show_chart
from ui.data import counties
from ui.guard import may, page_actor
from ui.i18n import t, t_text
from ui.paging import paged_table
from ui.store import engine
from ui.views import targets_view as view
from ui.views.targets_admin import pilot_form

actor = page_actor("view")
st.title(t("tg.title"))
st.caption(t("tg.caption"))
this_year = date.today().year
year = st.selectbox(t("tg.year"), list(range(this_year, 2013, -1)), key="tg_year")
phase = phase_of(year)
show_chart(view.timeline(year))
st.caption(t("tg.now", year=year, phase=t(f"tg.phase.{phase}") if phase else t("tg.phase.none")))

names = counties()
figures = target_figures(year, tuple(names))  # kept per store revision and year
registered = view.show_past_register(figures.past, year)
if registered:
    st.subheader(t("tg.overall"))
    for column, progress in zip(st.columns(5), figures.overall, strict=True):
        column.metric(t(f"ov.target.{progress.key}"), f"{progress.actual:,} / {progress.target:,}")
        column.progress(min(progress.share, 1.0))
    st.subheader(t("tg.by_county"))
    paged_table(figures.by_county, "tg_county", lambda part: view.county_table(part, names),
                export_stem=f"targets_by_county_{year}",
                export_title=f"{t_text('tg.title')} · {t_text('tg.by_county')}", hide_index=True, width="stretch", height="content")

st.subheader(t("tg.pilots"))
with read_session(engine()) as session:
    won, projects, pilot_seen = pilots(session), pilot_projects(session), pilot_versions(session)
view.show_pilot_share(pilot_status(won, list(names), year), year, len(names))
st.dataframe(view.pilot_table({c: y for c, y in won.items() if y <= year}, projects, names), hide_index=True,
             width="stretch", height="content")
if may(actor, "administer"):
    pilot_form(actor, names, pilot_seen)

if registered:
    st.subheader(t("tg.network"))
    st.dataframe(view.network_table(figures.network), hide_index=True, width="stretch")
    show_chart(view.online_chart(figures.network))
