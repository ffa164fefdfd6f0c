"""The staffing-gap view: per-platform table, roll-ups by street/township and county, the county chart."""
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from logic.codes import LEVELS
from logic.staffing_gap import STATUS_LABELS
from ui.chart import show_chart
from ui.i18n import code_label, lang, num, t, t_text
from ui.paging import PAGE_ROWS, by_distinct, paged_table
from ui.screen_data import GapFilter, GapView

PLATFORM_COLUMNS = ("code", "name", "level", "township", "required", "required_full_time", "full_time",
                    "part_time", "actual", "gap", "ratio", "status", "full_time_short", "source", "clause")
SUM_COLUMNS = ("platforms", "required", "full_time", "part_time", "actual", "gap", "ratio", "shortfall", "excess",
               "short_platforms")


def filters() -> GapFilter:
    a, b, c = st.columns([3, 1.2, 2])
    levels = a.pills(t("sg.filter.level"), LEVELS, selection_mode="multi", key="sg_level",
                     format_func=lambda c: code_label("level", c)) or LEVELS
    short = b.toggle(t("sg.filter.short"), key="sg_short")
    search = c.text_input(t("sg.filter.search"), key="sg_search").strip()
    return GapFilter(tuple(levels), bool(short), search)


def headline(total_row: pd.DataFrame) -> None:
    total = total_row.iloc[0]
    a, b, c, d = st.columns(4)
    a.metric(t("sg.metric.required"), num(int(total["required"])))
    b.metric(t("sg.metric.actual"), num(int(total["actual"])), delta=num(int(total["gap"])))
    c.metric(t("sg.metric.ratio"), f"{total['ratio']:.2f}" if pd.notna(total["ratio"]) else "—")
    d.metric(t("sg.metric.short"), num(int(total["short_platforms"])))


def _status(code: str) -> str:
    return STATUS_LABELS[code][0 if lang() == "zh" else 1]


def _labelled(frame: pd.DataFrame, columns) -> pd.DataFrame:
    return frame.loc[:, list(columns)].rename(columns={c: t_text(f"sg.col.{c}") for c in columns})


def platform_table(gap: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Rows of the gap worded for reading; a screen words only the page it shows (ui.paging), the export all."""
    sources = {True: t_text("sg.source.roster"), False: t_text("sg.source.entered")}
    shown = gap.assign(
        level=by_distinct(gap["level"], lambda c: code_label("level", c)),
        township=by_distinct(gap["township_code"], lambda c: names.get(c, c or "")),
        status=by_distinct(gap["status"], _status),
        source=gap["staff_from_roster"].astype(bool).map(sources),
        ratio=gap["ratio"].round(2),
        clause=by_distinct(gap["clause"], lambda c: code_label("clause", c)),
        full_time_short=gap["full_time_short"].map({True: t_text("common.yes"), False: t_text("common.no")}),
    )
    return _labelled(shown, PLATFORM_COLUMNS)


def platforms(gap: pd.DataFrame, names: dict[str, str]) -> None:
    """The per-platform table, a page at a time (a province has tens of thousands of rows)."""
    show_table(gap, "staffing_gap", "sg_platforms", worded=lambda page: platform_table(page, names))


def rollup_table(sums: pd.DataFrame, key: str, labels: dict[str, str], key_title: str) -> pd.DataFrame:
    shown = sums.assign(**{key: sums[key].map(lambda c: labels.get(c, c))}, ratio=sums["ratio"].round(2))
    table = _labelled(shown, SUM_COLUMNS)
    table.insert(0, key_title, shown[key].to_numpy())
    return table


def with_total(table: pd.DataFrame, total_row: pd.DataFrame, key_title: str) -> pd.DataFrame:
    total = total_row.assign(ratio=lambda f: f["ratio"].round(2))
    row = _labelled(total, SUM_COLUMNS)
    row.insert(0, key_title, t_text("sg.total"))
    return pd.concat([table, row], ignore_index=True)


def county_chart(sums: pd.DataFrame, counties: dict[str, str]) -> alt.Chart:
    """Shortfall below zero and excess above it, per county: a net figure would hide one behind the other."""
    shortfall, excess = t_text("sg.col.shortfall"), t_text("sg.col.excess")
    long = pd.DataFrame({
        "county": [counties.get(c, c) for c in sums["county_code"]] * 2,
        "kind": [shortfall] * len(sums) + [excess] * len(sums),
        "people": list(-sums["shortfall"]) + list(sums["excess"]),
    })
    county, kind, people = t_text("common.county"), t_text("sg.chart.kind"), t_text("sg.chart.people")
    # the domain is named so red stays with the shortfall in either language (Altair would sort the labels)
    return alt.Chart(long, title=t_text("sg.chart.title")).mark_bar().encode(
        x=alt.X("people:Q", title=people),
        y=alt.Y("county:N", sort=None, title=county),
        color=alt.Color("kind:N", title=kind,
                        scale=alt.Scale(domain=[shortfall, excess], range=["#c62828", "#1565c0"])),
        tooltip=[alt.Tooltip("county:N", title=county), alt.Tooltip("kind:N", title=kind),
                 alt.Tooltip("people:Q", format=",", title=people)],
    )


def _fit(table: pd.DataFrame, most: int = 640) -> int:
    """Tall enough for every row up to `most` pixels, so a short roll-up shows its total row unscrolled."""
    return min(38 + 35 * len(table), most)


def show_table(table: pd.DataFrame, stem: str, key: str,
               worded: Callable[[pd.DataFrame], pd.DataFrame] = lambda f: f) -> None:
    """A page of `table` worded by `worded`, how many rows there are, and downloads of every row."""
    if table.empty:
        st.info(t("sg.none"))
        return
    page = paged_table(table, key, shown=worded, export_stem=stem, export_title=t_text("sg.title"),
                       hide_index=True, width="stretch", height=_fit(table.iloc[:PAGE_ROWS]))
    if len(page) == len(table):  # one page: paged_table says nothing of the count
        st.caption(t("common.rows", n=len(table)))


def township_rollup(view: GapView) -> None:
    title = t_text("sg.col.township")
    show_table(with_total(rollup_table(view.by_township, "township_code", view.township_names, title), view.total,
                          title), "staffing_gap_by_township", "sg_township")


def county_rollup(view: GapView, counties: dict[str, str]) -> None:
    sums = view.by_county
    title = t_text("common.county")
    show_table(with_total(rollup_table(sums, "county_code", counties, title), view.total, title),
               "staffing_gap_by_county", "sg_county")
    if len(sums):
        show_chart(county_chart(sums, counties))
