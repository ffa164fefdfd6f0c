"""The views tab: budgeted vs allocated vs spent by county and year, the execution rate, city subsidy received
and used, platforms without secured work funds (R-8.6), charts and exports. Sums are exact integer fen
summed by the store (models.funding.line_sums), never the lines loaded; the total row is summed from the same fen,
never from the rounded text."""
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from logic import funding as F
from ui.chart import show_chart
from ui.export import download_buttons
from ui.i18n import code_label, t, t_text
from ui.paging import paged_table
from ui.views import funding_data as data
from ui.views.funding_ledger import known_years, pick_county, pick_year

AMOUNT_COLUMNS = {"budgeted_fen": "fd.col.budgeted", "allocated_fen": "fd.col.allocated", "spent_fen": "fd.col.spent"}


def show(actor) -> None:
    a, b = st.columns(2)
    with a:
        county = pick_county(actor, "fd_v_county", whole_city=True)
    with b:
        year = pick_year("fd_v_year", known_years(), default=date.today().year)
    names = data.counties()
    by = ("county_code",) if county is None else ("year",)
    summary = _summary(by, county, year, names, _no_funds_counts(county, by, year))
    place = names[county] if county else t("fd.whole_city")
    st.subheader(t("fd.views.summary", place=place, year=year) if year else t("fd.views.summary_all", place=place))
    st.dataframe(_shown(summary), hide_index=True, width="stretch", height=_fit(summary))
    st.caption(t("fd.money_note"))
    download_buttons(_exported(summary), f"funding_{county or 'city'}_{year or 'all'}", "fd_v_summary",
                     title=t_text("fd.title"))
    c1, c2 = st.columns(2)
    with c1:
        by_group_and_category = data.sums((by[0], "category"), county, year)
        if len(by_group_and_category):
            show_chart(_by_category_chart(by_group_and_category, names, by[0]))
    with c2:
        by_year = data.sums(("year",), county)
        if len(by_year):
            show_chart(_trend_chart(by_year))
    st.subheader(t("fd.views.by_category"))
    by_category = _summary(("category",), county, year, names)
    st.dataframe(_shown(by_category), hide_index=True, width="stretch", height=_fit(by_category))
    download_buttons(_exported(by_category), f"funding_by_category_{county or 'city'}_{year or 'all'}", "fd_v_cat",
                     title=t_text("fd.views.by_category"))
    _without_work_funds(county, year or date.today().year, names)


def _fit(frame: pd.DataFrame) -> int:
    """Tall enough to show every row, so the total row is never scrolled out of sight."""
    return 40 + 35 * len(frame)


def _no_funds_counts(county, by: tuple[str, ...], year) -> dict:
    """Platforms without secured work funds (R-8.6) per county in the year (this year when all years are
    shown), or per year in the county."""
    missing, by_year = data.without_work_funds(county, year or date.today().year)
    return missing.groupby("county_code").size().to_dict() if by == ("county_code",) else by_year


def _summary(by: tuple[str, ...], county, year, names: dict, no_funds: dict | None = None) -> pd.DataFrame:
    """One row per group with the exact fen sums, the rate, city funds, and a total row at the bottom."""
    by = list(by)
    table = F.with_rate(data.sums(tuple(by), county, year))
    city = F.subsidy_sums(data.sums(tuple(by), county, year, source=F.CITY_FUND)).loc[:, [*by, "received_fen",
                                                                                          "used_fen"]]
    table = table.merge(city, on=by, how="left").fillna({"received_fen": 0, "used_fen": 0})
    table = table.astype({"received_fen": "int64", "used_fen": "int64"})
    total = {**{k: "" for k in by}, **F.totals(table.drop(columns=["execution_rate"]))}
    if no_funds is not None:
        table["no_funds"] = table[by[0]].map(lambda g: int(no_funds.get(g, 0)))
        total["no_funds"] = int(table["no_funds"].sum()) if by == ["county_code"] else ""
    total[by[0]] = t("fd.total")
    labels = {"county_code": names.get, "category": lambda c: data.label("category", c), "year": str}
    table[by[0]] = table[by[0]].map(labels[by[0]])
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def _headers(frame: pd.DataFrame) -> dict:
    return {"county_code": t("fd.col.county"), "year": t("fd.col.year"), "category": t("fd.col.category"),
            "lines": t("fd.col.lines"), "execution_rate": t("fd.col.rate"), "received_fen": t("fd.col.received"),
            "used_fen": t("fd.col.used"), "no_funds": t("fd.col.no_funds"), **{k: t(v) for k, v in AMOUNT_COLUMNS.items()}}


def _shown(summary: pd.DataFrame) -> pd.DataFrame:
    out = summary.copy()
    for column in (c for c in out.columns if c.endswith("_fen")):
        out[column] = out[column].map(data.money)
    out["execution_rate"] = out["execution_rate"].map(data.rate)
    out["lines"] = out["lines"].map(lambda n: f"{int(n):,}")
    if "no_funds" in out:
        out["no_funds"] = out["no_funds"].map(str)
    return out.rename(columns=_headers(out))


def _exported(summary: pd.DataFrame) -> pd.DataFrame:
    """Exact Decimal yuan in the workbook (Excel gets numbers, to the fen)."""
    out = summary.copy()
    for column in (c for c in out.columns if c.endswith("_fen")):
        out[column] = out[column].map(F.yuan)
    return out.rename(columns=_headers(out))


def _wan(fen) -> float:
    return int(fen) / 1_000_000  # chart heights only: 10,000 yuan; tables and exports stay exact


def _by_category_chart(sums: pd.DataFrame, names: dict, by: str) -> alt.Chart:
    """`sums`: allocated per group (county or year) and category."""
    sums = sums.copy()
    sums["amount"] = sums["allocated_fen"].map(_wan)
    sums["group"] = sums[by].map(names.get) if by == "county_code" else sums[by].astype(str)
    sums["category_label"] = sums["category"].map(lambda c: data.label("category", c))
    order = [data.label("category", c) for c in F.CATEGORIES]  # the ledger's order, not the characters' codes
    return alt.Chart(sums, title=t("fd.chart.by_category")).mark_bar().encode(
        x=alt.X("amount:Q", title=t("fd.chart.amount"), stack="zero"),
        y=alt.Y("group:N", sort=None, title=t("fd.col.county") if by == "county_code" else t("fd.col.year")),
        color=alt.Color("category_label:N", title=t("fd.col.category"), sort=order, scale=alt.Scale(domain=order),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=200)),
        # a tooltip without a title shows the frame's column name (English) as its key
        tooltip=[alt.Tooltip("group:N", title=t_text("fd.col.county" if by == "county_code" else "fd.col.year")),
                 alt.Tooltip("category_label:N", title=t_text("fd.col.category")),
                 alt.Tooltip("amount:Q", format=",.2f", title=t_text("fd.chart.amount"))],
    )


def _trend_chart(sums: pd.DataFrame) -> alt.Chart:
    """`sums`: budgeted, allocated and spent per year."""
    long = sums.melt(id_vars=["year"], value_vars=list(AMOUNT_COLUMNS), var_name="measure", value_name="fen")
    long["amount"] = long["fen"].map(_wan)
    long["measure"] = long["measure"].map(lambda m: t_text(AMOUNT_COLUMNS[m]))
    measures = [t_text(AMOUNT_COLUMNS[m]) for m in AMOUNT_COLUMNS]  # budgeted, allocated, spent: the money's path
    return alt.Chart(long, title=t("fd.chart.trend")).mark_line(point=True).encode(
        x=alt.X("year:O", title=t("fd.col.year")),
        y=alt.Y("amount:Q", title=t("fd.chart.amount")),
        color=alt.Color("measure:N", title=t("fd.chart.measure"), sort=measures, scale=alt.Scale(domain=measures)),
        tooltip=[alt.Tooltip("year:O", title=t_text("fd.col.year")),
                 alt.Tooltip("measure:N", title=t_text("fd.chart.measure")),
                 alt.Tooltip("amount:Q", format=",.2f", title=t_text("fd.chart.amount"))],
    )


def _without_work_funds(county, year: int, names: dict) -> None:
    st.subheader(t("fd.views.no_funds", year=year))
    st.caption(t("fd.views.no_funds_note"))
    missing, _ = data.without_work_funds(county, year)

    def worded(rows: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({
            t("fd.col.platform"): (rows["code"] + " " + rows["name"]).to_list(),
            t("fd.col.level"): rows["level"].map(lambda c: code_label("level", c)).to_list(),
            t("fd.col.county"): rows["county_code"].map(names.get).to_list(),
            t("fd.col.judged_by"): rows["work_funds_from_lines"].map(
                lambda b: t("fd.judged.lines") if b else t("fd.judged.entered")).to_list(),
        })

    paged_table(missing, "fd_v_nofunds", shown=worded, export_stem=f"no_work_funds_{county or 'city'}_{year}",
                export_title=t_text("fd.views.no_funds", year=year),
                hide_index=True, width="stretch", height=260)
    st.caption(t("common.rows", n=len(missing)))
