"""Pieces of the targets screen: the phase time line, the per-county table, pilots and the network."""
import altair as alt
import pandas as pd
import streamlit as st

from logic.codes import SERVICES
from logic.target_tracking import NETWORK_BY, PHASES, PILOT_BY
from ui.i18n import code_label, t, t_text
from ui.safe_text import Markdown
from ui.views.stale_notice import beijing


def timeline(year: int) -> alt.Chart:
    phases = pd.DataFrame([{"phase": t(f"tg.phase_short.{p.key}"), "start": p.start, "end": p.end + 1,
                            "detail": t(f"tg.phase.{p.key}")} for p in PHASES])
    bars = alt.Chart(phases).mark_bar(cornerRadius=4).encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[2013.5, max(2027, year + 1)]), title=None,
                axis=alt.Axis(format="d")),
        x2="end:Q", y=alt.Y("phase:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("phase:N", legend=None), tooltip=[alt.Tooltip("detail:N", title=t_text("tg.phases"))])
    marks = pd.DataFrame([{"x": PILOT_BY + 0.5, "label": t("tg.milestone.pilot")},
                          {"x": NETWORK_BY + 1, "label": t("tg.milestone.network")}])
    milestones = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555").encode(
        x=alt.X("x:Q", title=None), tooltip=[alt.Tooltip("label:N", title=t_text("tg.milestone"))])
    now = alt.Chart(pd.DataFrame([{"x": year + 0.5}])).mark_rule(color="#b71c1c", strokeWidth=2).encode(
        x=alt.X("x:Q", title=None))
    return (bars + milestones + now).properties(height=140, title=t("tg.phases"))


def county_table(progress: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = progress.assign(county_code=progress["county_code"].map(lambda c: names.get(c, c)))
    return out.rename(columns={"county_code": t("tg.col.county"), **{c: t(f"tg.col.{c}") for c in
                                                                     ("registered", "compliant", "demo", "village")}})


def pilot_table(pilots: dict[str, int], projects: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{t("tg.col.county"): name,
                          t("tg.col.year_won"): str(pilots[c]) if c in pilots else t("tg.pilot.none"),
                          t("tg.col.project"): projects.get(c, "")} for c, name in names.items()])


def network_table(network: pd.DataFrame) -> pd.DataFrame:
    share = [f"{c / p:.0%}" if p else "—" for c, p in zip(network["connected"], network["platforms"], strict=True)]
    return pd.DataFrame({t("tg.col.level"): network["level"].map(lambda c: code_label("level", c)),
                         t("tg.col.platforms"): network["platforms"], t("tg.col.connected"): network["connected"],
                         t("tg.col.connected_share"): share})


def online_chart(network: pd.DataFrame) -> alt.Chart:
    long = pd.DataFrame([{"level": code_label("level", row["level"]), "service": code_label("services", code),
                          "count": int(row[f"online_{code}"])} for _, row in network.iterrows() for code in SERVICES])
    levels = [code_label("level", c) for c in network["level"]]
    count, service, level = t_text("tg.chart.count"), t_text("tg.chart.service"), t_text("tg.col.level")
    # services and levels in the policy's order, not sorted by their characters' codes
    return alt.Chart(long, title=t_text("tg.chart.online")).mark_bar().encode(
        x=alt.X("count:Q", title=count),
        y=alt.Y("service:N", title=service, sort=[code_label("services", c) for c in SERVICES]),
        color=alt.Color("level:N", title=level, scale=alt.Scale(domain=levels), sort=levels),
        tooltip=[alt.Tooltip("level:N", title=level), alt.Tooltip("service:N", title=service),
                 alt.Tooltip("count:Q", title=count, format=",")])


def show_pilot_share(status: dict, year: int, total: int) -> None:
    verdict = "met" if status["met"] else ("not_met" if status["due"] else "not_due")
    text = t("tg.pilot_share", year=year, won=len(status["won"]), total=total, share=status["share"],
             verdict=t(f"tg.pilot.{verdict}"))
    (st.success if status["met"] else st.warning)(text)


def show_past_register(past, year: int) -> bool:
    """Say how a past year's register was read (ui.assessment_data.PastRead); False when it held no platform then
    (nothing more to show)."""
    if past is None:
        return True
    if past.untracked:
        st.warning(t("tg.past.untracked", n=past.untracked))
    if not past.platforms:
        first = past.first_record
        when = Markdown(beijing(first)) if first else None  # a time formatted here: digits, '-', ':' only
        st.info(t("tg.past.empty", year=year, first=when) if first else t("tg.past.none"))
        return False
    st.caption(t("tg.past", year=year, n=past.platforms))
    return True
