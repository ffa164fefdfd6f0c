"""Staffing calculator (R-STAFF-1..3): required staff, the clause and its working, both readings, what-ifs."""
import streamlit as st

from ui.data import platforms_with_verdicts
from ui.guard import page_actor
from ui.i18n import t
from ui.views import calculator

actor = page_actor("view")
st.title(t("sf.title"))
frame, _ = platforms_with_verdicts(actor.county_code)
level, population, actual_full, actual_part = calculator.inputs(frame)
calculator.result(level, population)
calculator.what_if(level, population, actual_full, actual_part)
