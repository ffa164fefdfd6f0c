"""The staffing-gap view: per-platform table, roll-ups by street/township and county, the county chart."""
import altair as alt
import pandas as pd
import streamlit as st

from logic.codes import LEVELS
from logic.staffing_gap import STATUS_LABELS, by_county, by_township, city_total
from ui.export import download_buttons
from ui.i18n import code_label, lang, num, t

PLATFORM_COLUMNS = ("code", "name", "level", "township", "required", "required_full_time", "full_time",
                    "part_time", "actual", "gap", "ratio", "status", "full_time_short", "source", "clause")
SUM_COLUMNS = ("platforms", "required", "full_time", "part_time", "actual", "gap", "ratio", "shortfall", "excess",
               "short_platforms")


def filters(frame: pd.DataFrame) -> pd.DataFrame:
    a, b, c = st.columns([3, 1.2, 2])
    levels = a.pills(t("sg.filter.level"), LEVELS, selection_mode="multi", key="sg_level",
                     format_func=lambda c: code_label("level", c)) or LEVELS
    short = b.toggle(t("sg.filter.short"), key="sg_short")
    search = c.text_input(t("sg.filter.search"), key="sg_search").strip()
    keep = frame["level"].isin(levels)
    if short:
        keep &= frame["status"] == "shortage"
    if search:
        keep &= frame["code"].str.contains(search, regex=False) | frame["name"].str.contains(search, regex=False)
    return frame[keep]


def headline(gap: pd.DataFrame) -> None:
    total = city_total(gap).iloc[0]
    a, b, c, d = st.columns(4)
    a.metric(t("sg.metric.required"), num(int(total["required"])))
    b.metric(t("sg.metric.actual"), num(int(total["actual"])), delta=num(int(total["gap"])))
    c.metric(t("sg.metric.ratio"), f"{total['ratio']:.2f}" if pd.notna(total["ratio"]) else "—")
    d.metric(t("sg.metric.short"), num(int(total["short_platforms"])))


def _status(code: str) -> str:
    return STATUS_LABELS[code][0 if lang() == "zh" else 1]


def _labelled(frame: pd.DataFrame, columns) -> pd.DataFrame:
    return frame.loc[:, list(columns)].rename(columns={c: t(f"sg.col.{c}") for c in columns})


def platform_table(gap: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    shown = gap.assign(
        level=gap["level"].map(lambda c: code_label("level", c)),
        township=gap["township_code"].map(lambda c: names.get(c, c or "")),
        status=gap["status"].map(_status),
        source=gap["staff_from_roster"].map(lambda r: t("sg.source.roster" if r else "sg.source.entered")),
        ratio=gap["ratio"].round(2),
    )
    return _labelled(shown, PLATFORM_COLUMNS)


def rollup_table(sums: pd.DataFrame, key: str, labels: dict[str, str], key_title: str) -> pd.DataFrame:
    shown = sums.assign(**{key: sums[key].map(lambda c: labels.get(c, c))}, ratio=sums["ratio"].round(2))
    table = _labelled(shown, SUM_COLUMNS)
    table.insert(0, key_title, shown[key].to_numpy())
    return table


def with_total(table: pd.DataFrame, gap: pd.DataFrame, key_title: str) -> pd.DataFrame:
    total = city_total(gap).assign(ratio=lambda f: f["ratio"].round(2))
    row = _labelled(total, SUM_COLUMNS)
    row.insert(0, key_title, t("sg.total"))
    return pd.concat([table, row], ignore_index=True)


def county_chart(sums: pd.DataFrame, counties: dict[str, str]) -> alt.Chart:
    """Shortfall below zero and excess above it, per county: a net figure would hide one behind the other."""
    long = pd.DataFrame({
        "county": [counties.get(c, c) for c in sums["county_code"]] * 2,
        "kind": [t("sg.col.shortfall")] * len(sums) + [t("sg.col.excess")] * len(sums),
        "people": list(-sums["shortfall"]) + list(sums["excess"]),
    })
    return alt.Chart(long, title=t("sg.chart.title")).mark_bar().encode(
        x=alt.X("people:Q", title=t("sg.chart.people")),
        y=alt.Y("county:N", sort=None, title=t("common.county")),
        color=alt.Color("kind:N", title=t("sg.chart.kind"), scale=alt.Scale(range=["#c62828", "#1565c0"])),
        tooltip=["county:N", "kind:N", alt.Tooltip("people:Q", format=",")],
    )


def _fit(table: pd.DataFrame, most: int = 640) -> int:
    """Tall enough for every row up to `most` pixels, so a short roll-up shows its total row unscrolled."""
    return min(38 + 35 * len(table), most)


def show_table(table: pd.DataFrame, stem: str, key: str) -> None:
    if table.empty:
        st.info(t("sg.none"))
        return
    st.dataframe(table, hide_index=True, width="stretch", height=_fit(table))
    st.caption(t("common.rows", n=len(table)))
    download_buttons(table, stem, key=key)


def township_rollup(gap: pd.DataFrame, names: dict[str, str]) -> None:
    title = t("sg.col.township")
    show_table(with_total(rollup_table(by_township(gap), "township_code", names, title), gap, title),
               "staffing_gap_by_township", "sg_dl_township")


def county_rollup(gap: pd.DataFrame, counties: dict[str, str]) -> None:
    sums = by_county(gap)
    title = t("common.county")
    show_table(with_total(rollup_table(sums, "county_code", counties, title), gap, title),
               "staffing_gap_by_county", "sg_dl_county")
    if len(sums):
        st.altair_chart(county_chart(sums, counties), width="stretch")
