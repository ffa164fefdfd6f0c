"""Staffing calculator (R-STAFF-1..3): required staff, the clause and its working, both readings, what-ifs."""
import streamlit as st

from ui.data import counties, current_standard
from ui.guard import page_actor
from ui.i18n import t
from ui.screen_data import platform_rows
from ui.views import calculator

actor = page_actor("view")
st.title(t("sf.title"))
standard = current_standard()  # its staffing numbers, as the eight-haves verdicts use them
st.caption(t("app.standard_used", label=standard.label))
level, population, actual_full, actual_part = calculator.inputs(actor.county_code, counties,
                                                                lambda county: platform_rows(county)[0])
calculator.result(level, population, standard)
calculator.what_if(level, population, actual_full, actual_part, standard)
