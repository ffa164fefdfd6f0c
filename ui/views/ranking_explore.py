"""The ranking screen's "what if" panel: any role moves weights, switches indicators and dimensions off, changes the
coverage threshold and tier sizes, and sees the trial ranks beside the official ones with the split that would
follow. Nothing is saved or frozen from here; a city administrator can carry the settings into the scheme editor,
whose own save (and checks) is the only way they become official. The year's values come in from the screen
(read once per store revision), so a moved weight re-ranks a dozen rows and reads nothing."""
import pandas as pd
import streamlit as st

from logic.assessment_inputs import scheme_from_spec
from logic.exploration import Exploration, Move, compare, explored_scheme, explored_spec
from logic.ranking import CountyScore, Scheme, rank_counties
from ui.guard import may
from ui.i18n import lang, t, t_text
from ui.views import ranking_admin
from ui.views.ranking_admin import DRAFT
from ui.views.ranking_view import split, yuan_text


def _weights(scheme: Scheme, year: int) -> Exploration:
    """The panel's widgets, one column per dimension with its indicators under it; they start at the scheme's."""
    dims, off, ind_weights, dim_weights = list(scheme.dimension_weights), set(), {}, {}
    for column, dim in zip(st.columns(len(dims)), dims, strict=True):
        column.markdown(f"**{t('rk.dim.' + dim)}**")
        if not column.checkbox(t("rx.on"), True, key=f"rx_dim_on_{dim}_{year}"):
            off.add(dim)
        dim_weights[dim] = column.number_input(t("rx.dimension_weight"), 0.0, None, float(scheme.dimension_weights[dim]),
                                               0.05, key=f"rx_dim_w_{dim}_{year}", disabled=dim in off)
        for ind in (i for i in scheme.indicators if i.dimension == dim):
            if not column.checkbox(t("rk.ind." + ind.code), True, key=f"rx_ind_on_{ind.code}_{year}", disabled=dim in off):
                off.add(ind.code)
            ind_weights[ind.code] = column.number_input(t("rx.indicator_weight"), 0.0, None, float(ind.weight), 0.5,
                                                        key=f"rx_ind_w_{ind.code}_{year}",
                                                        disabled=dim in off or ind.code in off)
    cells = st.columns(1 + len(scheme.tiers))
    threshold = cells[0].number_input(t("rx.threshold"), 0.0, 1.0, float(scheme.coverage_threshold), 0.05,
                                      key=f"rx_threshold_{year}")
    tiers = tuple((name, int(cell.number_input(t("rx.tier_size", tier=t_text("rk.tier." + name)), 0, None, count, 1,
                                               key=f"rx_tier_{name}_{year}")))
                  for cell, (name, count) in zip(cells[1:], scheme.tiers, strict=True))
    return Exploration(ind_weights, dim_weights, frozenset(off), threshold, tiers)


def _rank_text(rank: int | None) -> str:
    return t_text("rx.unranked") if rank is None else str(rank)


def _change(move: Move) -> str:
    """↑2 / ↓1 / 不变; a county ranked in one and not the other says so through its rank columns instead."""
    up = move.places_up
    if up is None:
        return "" if move.official_rank == move.explored_rank else "—"
    return t_text("rx.same") if up == 0 else (f"↑{up}" if up > 0 else f"↓{-up}")


def _tier_text(move: Move) -> str:
    """The trial tier, and the official one beside it when it differs ("一等(原二等)", "无档次(原三等)")."""
    if not move.tier_changed:
        return t_text(f"rk.tier.{move.explored_tier or 'none'}")

    def word(tier):  # a dash alone in brackets would not read as "no tier"
        return t_text(f"rk.tier.{tier}") if tier else t_text("rx.no_tier")
    return t_text("rx.tier_was", tier=word(move.explored_tier), was=word(move.official_tier))


def moves_table(moves: list[Move], parts: dict[str, int], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{
        t_text("rk.col.county"): names.get(m.county, m.county),
        t_text("rx.col.official_rank"): _rank_text(m.official_rank),
        t_text("rx.col.explored_rank"): _rank_text(m.explored_rank),
        t_text("rx.col.change"): _change(m),
        t_text("rx.col.official_tier"): t_text(f"rk.tier.{m.official_tier or 'none'}"),
        t_text("rx.col.explored_tier"): _tier_text(m),
        t_text("rx.col.explored_total"): t_text("rk.missing") if m.explored_total is None else f"{m.explored_total:.3f}",
        t_text("rx.col.explored_amount"): yuan_text(parts.get(m.county, 0)),
    } for m in moves])


def exploration(actor, year: int, values, scheme: Scheme, skip, names: dict[str, str],
                official: list[CountyScore], pool: int, rule: str) -> None:
    with st.expander(t("rx.explore")):
        st.caption(t("rx.explore.caption"))
        chosen = _weights(scheme, year)
        trial, errors = explored_scheme(scheme, chosen)
        if errors:
            sep = "；" if lang() == "zh" else "; "
            st.error(t("rx.bad", errors=sep.join(ranking_admin.in_words(e.reason(lang())) for e in errors)))
            return
        explored = rank_counties(values, trial, skip=skip)
        moves = compare(official, explored)
        st.caption(t("rx.moved", n=sum(bool(m.places_up) or m.official_rank != m.explored_rank for m in moves),
                     tiers=sum(m.tier_changed for m in moves)))
        own = next((m for m in moves if m.county == actor.county_code), None)
        if own is not None:  # an officer reads their own county's move first, in words
            st.info(t("rx.own", county=names.get(own.county, own.county), official=_rank_text(own.official_rank),
                      explored=_rank_text(own.explored_rank), change=_change(own), tier=_tier_text(own)))
        st.dataframe(moves_table(moves, split(explored, pool, rule, trial), names), hide_index=True,
                     width="stretch", height="content")
        if may(actor, "administer") and st.button(t("rx.to_editor"), key=f"rx_to_editor_{year}"):
            st.session_state[DRAFT.format(year)] = explored_spec(scheme, chosen)
            ranking_admin.reload("scheme", year)  # the editor is filled afresh, from the draft
            st.rerun()
        if DRAFT.format(year) in st.session_state:
            st.info(t("rx.in_editor"))
            if st.button(t("rx.discard"), key=f"rx_discard_{year}"):  # back to the scheme in force, nothing saved
                st.session_state.pop(DRAFT.format(year))
                ranking_admin.reload("scheme", year)
                st.rerun()


def editor_scheme(year: int, scheme: Scheme) -> Scheme:
    """What the scheme editor starts from: a carried-in exploration of this year, else the scheme in force."""
    spec = st.session_state.get(DRAFT.format(year))
    draft = scheme_from_spec(spec, year)[0] if spec else None
    return draft or scheme
