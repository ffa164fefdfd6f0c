"""The subsidy-purposes tab (R-FUND-1, R-FUND-7): every city reward or subsidy line, what it was for
(demonstration or compliance building) and the platforms it reached, with who entered or last changed it; a
supervisor can pick a platform and see every city subsidy that named it."""
import pandas as pd
import streamlit as st

from logic import funding as F
from ui.export import download_buttons
from ui.i18n import t, t_text
from ui.paging import paged_table
from ui.people_names import who_column
from ui.pickers import hold
from ui.views import funding_data as data
from ui.views.funding_ledger import known_years, pick_county, pick_year


def show(actor) -> None:
    st.caption(t("fd.subsidy.intro"))
    a, b, c = st.columns(3)
    with a:
        county = pick_county(actor, "fd_s_county", whole_city=True)
    with b:
        year = pick_year("fd_s_year", known_years())
    purposes = c.pills(t("fd.subsidy.purpose_filter"), F.PURPOSES, selection_mode="multi", key="fd_s_purpose",
                       format_func=lambda p: data.label("purpose", p))
    lines = data.lines(county, year, category="city_subsidy")
    rows = F.subsidy_purposes(lines)
    if purposes:
        rows = rows[rows["purpose"].isin(purposes)]
    names = data.names(county)
    followed_options = [None, *sorted({p for ps in rows["platforms"] for p in ps})]
    hold("fd_s_follow", followed_options, default=None)  # by code: a platform renamed meanwhile stays followed
    followed = st.selectbox(t("fd.subsidy.follow"), followed_options,
                            key="fd_s_follow", placeholder=t_text("fd.subsidy.follow_none"),
                            format_func=lambda c: t("fd.subsidy.follow_none") if c is None
                            else f"{c} {names.get(c, '')}")
    if followed:
        rows = rows[rows["platforms"].map(lambda ps: followed in ps)]
    who = dict(zip(lines["id"], who_column(lines["updated_by"]), strict=True))
    county_names = data.counties()
    paged_table(rows, "fd_s_list", shown=lambda part: _table(part, county_names, names, who), hide_index=True,
                width="stretch", height=420)
    total = F.totals(rows.loc[:, ["allocated_fen", "spent_fen"]])
    st.caption(f"{t('common.rows', n=len(rows))} · {t('fd.total')}:{t('fd.col.allocated')} "
               f"{data.money(total['allocated_fen'])} / {t('fd.col.spent')} {data.money(total['spent_fen'])}"
               f" · {t('fd.col.rate')} {data.rate(total['execution_rate'])}")
    download_buttons(lambda: _exported(rows, county_names, names, who),
                     f"city_subsidy_{county or 'city'}_{year or 'all'}", "fd_s",
                     title=t_text("fd.tab.subsidy"))


def _exported(rows: pd.DataFrame, county_names: dict, names: dict, who: dict) -> pd.DataFrame:
    """Every line, the amounts as exact Decimal yuan (numbers in Excel, to the fen)."""
    exported = _table(rows, county_names, names, who)
    exported[t("fd.col.allocated")] = rows["allocated_fen"].map(F.yuan).to_list()
    exported[t("fd.col.spent")] = rows["spent_fen"].map(F.yuan).to_list()
    return exported


def _table(rows: pd.DataFrame, county_names: dict, names: dict, who: dict) -> pd.DataFrame:
    return pd.DataFrame({
        t("fd.col.line"): rows["id"].to_list(),
        t("fd.col.year"): rows["year"].to_list(),
        t("fd.col.county"): rows["county_code"].map(county_names.get).to_list(),
        t("fd.col.purpose"): rows["purpose"].map(lambda p: data.label("purpose", p)).to_list(),
        t("fd.col.platforms"): rows["platforms"].map(lambda ps: "、".join(f"{names.get(c, c)}" for c in ps)).to_list(),
        t("fd.col.allocated"): rows["allocated_fen"].map(data.money).to_list(),
        t("fd.col.spent"): rows["spent_fen"].map(data.money).to_list(),
        t("fd.col.rate"): [data.rate(F.execution_rate(s, a))
                           for s, a in zip(rows["spent_fen"], rows["allocated_fen"], strict=True)],
        t("fd.col.entered_by"): rows["id"].map(who.get).to_list(),
        t("fd.col.note"): rows["note"].to_list(),
    })
