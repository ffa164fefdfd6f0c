"""Audit trail: who changed what, when, and from what (city administrators and viewers)."""
import streamlit as st

from models.audit_queries import MAX_ROWS
from ui.audit_words import entity_name, person
from ui.guard import page_actor
from ui.i18n import t, t_text
from ui.views import audit_trail

page_actor("audit")
st.title(t("au.title"))
st.caption(t("au.caption"))
words = audit_trail.names()
actors, entities = audit_trail.facets()
a, b, c, d = st.columns(4)
# "all" is the option None, which Streamlit takes for nothing chosen on a rerun: the placeholder says it too
everything = t_text("common.all")
actor = a.selectbox(t("au.filter.actor"), [None, *actors], key="au_actor", placeholder=everything,
                    format_func=lambda v: person(v, words) if v else everything)
county = b.selectbox(t("au.filter.county"), [None, *words.counties], key="au_county", placeholder=everything,
                     format_func=lambda v: words.counties.get(v, everything) if v else everything)
entity = c.selectbox(t("au.filter.entity"), [None, *entities], key="au_entity", placeholder=everything,
                     format_func=lambda v: entity_name(v, words) if v else everything)
dates = d.date_input(t("au.filter.dates"), value=(), key="au_dates")
start, end = [*dates, None, None][:2] if isinstance(dates, (tuple, list)) else (dates, dates)

trail = audit_trail.trail(actor, county, entity, start, end or start, words)
if len(trail) >= MAX_ROWS:
    st.warning(t("au.truncated", n=MAX_ROWS))
audit_trail.show(trail, words)
