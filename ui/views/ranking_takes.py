"""The ranking screen's "what it takes": for one county (an officer's own to begin with), how much each indicator
alone would have to improve to move up a rank and into the next award tier, in the indicator's own units
(logic.what_it_takes, exact at its boundary), and which indicators cannot get it there."""
import pandas as pd
import streamlit as st

from logic.ranking import CountyScore, Scheme, tier_of
from logic.what_it_takes import SHARES, Need, target_rank, unit_of
from ui.assessment_data import needs
from ui.i18n import t, t_text
from ui.views.ranking_view import why_unranked


def _value_text(code: str, value: float | None) -> str:
    if value is None:
        return t_text("rk.missing")
    return f"{value:.1%}" if code in SHARES else f"{value:.1f}"


def need_text(need: Need, unit) -> str:
    """"再有 4 个平台达标(达标占比至 62.5%)", "再到位 1,200 元(至 85.0%)", "提高 12.3 分(至 85.0)", or why it
    cannot."""
    if need.steps is None:
        return t_text(f"rx.takes.{need.reason}")
    value = _value_text(need.indicator, need.value)
    if unit.of:  # counted: platforms, pay records, yuan
        return t_text(f"rx.takes.{unit.kind}.{need.indicator}", n=f"{need.steps:,}", value=value)
    return t_text(f"rx.takes.{unit.kind}", n=f"{need.steps / 10:.1f}", value=value)  # both count tenths


def _county(actor, names: dict[str, str], year: int) -> str:
    codes = list(names)
    own = actor.county_code if actor.county_code in names else codes[0]
    return st.selectbox(t("rx.takes.county"), codes, index=codes.index(own), format_func=names.get,
                        key=f"rx_takes_county_{year}")


def _where(score: CountyScore) -> str:
    tier = t_text(f"rk.tier.{score.tier}") if score.tier else t_text("rx.takes.no_tier")
    return t_text("rx.takes.where", rank=score.rank, tier=tier)


def takes_table(score: CountyScore, scheme: Scheme, found: dict[str, list[Need]], units: dict) -> pd.DataFrame:
    """One row per indicator: its value now, then what it takes for each target the county has above it."""
    columns = {}
    for target, items in found.items():
        goal = target_rank(score, scheme, target)
        title = t_text("rx.takes.col.rank", rank=goal) if target == "rank" else \
            t_text("rx.takes.col.tier", tier=t_text(f"rk.tier.{tier_of(goal, scheme.tiers)}"), rank=goal)
        columns[title] = {n.indicator: need_text(n, units[n.indicator]) for n in items}
    return pd.DataFrame([{t_text("rk.col.indicator"): t_text(f"rk.dim.{i.dimension}") + " · " + t_text(f"rk.ind.{i.code}"),
                          t_text("rx.takes.col.now"): _value_text(i.code, score.values.get(i.code)),
                          **{title: by_code.get(i.code, "") for title, by_code in columns.items()}}
                         for i in scheme.indicators])


def what_it_takes(actor, year: int, values, scheme: Scheme, skip, scores: list[CountyScore],
                  names: dict[str, str], wholes: dict[str, dict[str, int]]) -> None:
    st.subheader(t("rx.takes"))
    county = _county(actor, names, year)
    score = next(s for s in scores if s.county == county)
    if score.rank is None:
        st.info(t("rx.takes.unranked", why=why_unranked(score.unranked_because or "no_data",
                                                         score.missing_dimensions, score.coverage)))
        return
    if score.rank == 1:
        st.caption(t("rx.takes.caption", where=_where(score)) + " " + t("rx.takes.top"))
        return
    units = {i.code: unit_of(i.code, wholes.get(county, {}).get(i.code)) for i in scheme.indicators}
    found = needs(values, scheme, county, units, skip)
    st.caption(t("rx.takes.caption", where=_where(score)))
    st.dataframe(takes_table(score, scheme, found, units), hide_index=True, width="stretch", height="content")
