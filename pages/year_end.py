"""Year-end (R-ASSESS-2): what each county's year still lacks, and its submission, approval, return and reopening.
An approved year is locked: nothing of it may change until the city reopens it."""
from datetime import date

import streamlit as st

from ui.data import counties
from ui.guard import may, page_actor
from ui.i18n import t
from ui.views import rectification, year_end as view

actor = page_actor("view")
st.title(t("ye.title"))
st.caption(t("ye.caption"))
names = counties()
this_year = date.today().year
year = st.selectbox(t("ye.year"), list(range(this_year, 2013, -1)), index=1, key="ye_year")
if actor.county_code in names:  # an officer works on their own county's year
    county = actor.county_code
else:
    county = st.selectbox(t("ye.county"), list(names), format_func=names.get, key="ye_county")
seen = view.read(county, year)
view.state(seen)
view.steps(actor, county, year, seen)
view.completeness(seen, names[county], year)
view.confirm_platforms(actor, county, year, seen)
rectification.show(actor, county, names[county], year)  # what to fix before the next inspection
if may(actor, "administer"):
    view.deadline_form(actor, year, seen)
if actor.county_code is None:
    view.city_table(year, names)
