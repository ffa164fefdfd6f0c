"""Audit trail: who changed what, when, and from what (city administrators and viewers)."""
import pandas as pd
import streamlit as st

from logic.audit_diff import describe
from models.audit_queries import MAX_ROWS, audit_facets, audit_rows
from models.db import read_session
from ui.data import counties
from ui.export import download_buttons
from ui.guard import page_actor
from ui.i18n import t
from ui.store import engine

page_actor("audit")
st.title(t("au.title"))
st.caption(t("au.caption"))
names = counties()
with read_session(engine()) as session:
    actors, entities = audit_facets(session)
a, b, c, d = st.columns(4)
actor = a.selectbox(t("au.filter.actor"), [None, *actors], key="au_actor", format_func=lambda v: v or t("common.all"))
county = b.selectbox(t("au.filter.county"), [None, *names], key="au_county",
                     format_func=lambda v: names.get(v, t("common.all")) if v else t("common.all"))
entity = c.selectbox(t("au.filter.entity"), [None, *entities], key="au_entity",
                     format_func=lambda v: v or t("common.all"))
dates = d.date_input(t("au.filter.dates"), value=(), key="au_dates")
start, end = [*dates, None, None][:2] if isinstance(dates, (tuple, list)) else (dates, dates)

with read_session(engine()) as session:
    rows = audit_rows(session, actor=actor, county_code=county, entity=entity, start=start, end=end or start)
    table = pd.DataFrame([{
        t("au.col.at"): r.at.strftime("%Y-%m-%d %H:%M:%S"), t("au.col.actor"): r.actor,
        t("au.col.action"): t(f"au.action.{r.action}"), t("au.col.entity"): r.entity,
        t("au.col.key"): r.entity_key, t("au.col.county"): names.get(r.county_code, r.county_code or ""),
        t("au.col.changes"): describe(r.before, r.after),
    } for r in rows])
if len(rows) >= MAX_ROWS:
    st.warning(t("au.truncated", n=MAX_ROWS))
st.dataframe(table, hide_index=True, width="stretch")
st.caption(t("common.rows", n=len(rows)))
download_buttons(table, "audit", key="au_download")
