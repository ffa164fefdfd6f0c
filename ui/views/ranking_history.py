"""The ranking screen's ranks over the years: each county's rank (and total) in every year that can have one, frozen
years marked (their latest snapshot, what money was paid on), with the table behind the chart for download."""
import altair as alt
import pandas as pd
import streamlit as st

from ui.assessment_data import YearRank, rank_history
from ui.chart import show_chart
from ui.export import download_buttons
from ui.i18n import t, t_text


def history_table(rows: list[YearRank], names: dict[str, str]) -> pd.DataFrame:
    """One row per year and county, newest year first, best rank first; an unranked county says so."""
    ordered = sorted(rows, key=lambda r: (-r.year, r.rank is None, r.rank or 0, list(names).index(r.county)
                                          if r.county in names else len(names)))
    return pd.DataFrame([{
        t_text("rx.col.year"): r.year,
        t_text("rk.col.county"): names.get(r.county, r.county),
        t_text("rk.col.rank"): t_text("rx.unranked") if r.rank is None else str(r.rank),  # one type per column
        t_text("rk.col.total"): t_text("rk.missing") if r.total is None else f"{r.total:.3f}",
        t_text("rk.col.tier"): t_text(f"rk.tier.{r.tier or 'none'}"),
        t_text("rx.col.basis"): t_text("rx.basis.frozen" if r.frozen else "rx.basis.live"),
    } for r in ordered])


def history_chart(rows: list[YearRank], names: dict[str, str]) -> alt.Chart:
    """A line per county through its ranks; a frozen year's point is a filled diamond, a live one an open circle."""
    data = pd.DataFrame([{"year": str(r.year), "county": names.get(r.county, r.county), "rank": r.rank,
                          "total": round(r.total, 3), "basis": t_text("rx.basis.frozen" if r.frozen else "rx.basis.live")}
                         for r in rows if r.rank is not None])
    x = alt.X("year:O", title=t_text("rx.col.year"), axis=alt.Axis(labelAngle=0))
    y = alt.Y("rank:Q", title=t_text("rk.chart.rank"), scale=alt.Scale(reverse=True, domainMin=1),
              axis=alt.Axis(format="d", tickMinStep=1))
    # below the chart, in columns: a dozen counties' names do not fit down its side
    color = alt.Color("county:N", title=t_text("rk.col.county"),
                      legend=alt.Legend(orient="bottom", columns=6, titleOrient="left"))
    tooltip = [alt.Tooltip("year:O", title=t_text("rx.col.year")), alt.Tooltip("county:N", title=t_text("rk.col.county")),
               alt.Tooltip("rank:Q", title=t_text("rk.col.rank")), alt.Tooltip("total:Q", title=t_text("rk.col.total")),
               alt.Tooltip("basis:N", title=t_text("rx.col.basis"))]
    lines = alt.Chart(data).mark_line().encode(x=x, y=y, color=color)
    points = alt.Chart(data).mark_point(size=80, filled=True).encode(
        x=x, y=y, color=color, tooltip=tooltip,
        shape=alt.Shape("basis:N", title=t_text("rx.col.basis"), legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[t_text("rx.basis.frozen"), t_text("rx.basis.live")],
                                        range=["diamond", "circle"])))
    return (lines + points).properties(height=520)  # the legends are drawn inside this height


def ranks_over_the_years(this_year: int, names: dict[str, str]) -> None:
    st.subheader(t("rx.history"))
    rows = rank_history(this_year)
    if not any(r.rank is not None for r in rows):
        st.caption(t("rx.history.none"))
        return
    st.caption(t("rx.history.caption"))
    show_chart(history_chart(rows, names))
    table = history_table(rows, names)
    st.dataframe(table, hide_index=True, width="stretch", height=300)
    download_buttons(table, "ranking_years", key="rx_dl_history", title=t_text("rx.history"))
