"""Funding tracker (R-FUND): the ledger, views by county and year, pay checks, and where city subsidies went."""
import streamlit as st

from ui.guard import page_actor
from ui.i18n import t
from ui.views import funding_data, funding_ledger, funding_pay, funding_subsidy, funding_views

actor = page_actor("view")
funding_data.start_run()
st.title(t("fd.title"))
ledger, views, pay, subsidy = st.tabs([t("fd.tab.ledger"), t("fd.tab.views"), t("fd.tab.pay"), t("fd.tab.subsidy")])
with ledger:
    funding_ledger.show(actor)
with views:
    funding_views.show(actor)
with pay:
    funding_pay.show(actor)
with subsidy:
    funding_subsidy.show(actor)
