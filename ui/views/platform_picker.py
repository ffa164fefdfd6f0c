"""Picking one platform of a county without sending thousands of options: street/township, then platform.

A county of a province holds thousands of platforms but a few hundred streets and townships, each with a
handful of communities and villages. The picker offers the streets/townships (county platforms under one
heading of their own), then the platforms of the one chosen; a search box narrows the streets/townships to
those holding a platform whose code or name matches. Both pickers hold their choice by code (ui.pickers.hold),
so a record renamed by someone else stays picked. A platform put into the picker's state from elsewhere (a
link, a test, the page before) brings its street/township along.
"""
import pandas as pd
import streamlit as st

from ui.i18n import t
from ui.pickers import HELD, hold

NO_TOWNSHIP = "-"  # the heading of the county platforms (and any platform without a street/township)
TOWNS_LISTED = 200  # a province's county has a thousand streets/townships: past this many, search for the rest


def keys(key: str) -> tuple[str, str]:
    """The widget keys of the search box and the street/township picker of platform picker `key`."""
    return f"{key}_search", f"{key}_township"


def _forget_platform(key: str) -> None:
    """Another street/township was chosen: its first platform is picked, not the one left behind."""
    st.session_state.pop(key, None)
    st.session_state.pop(HELD + key, None)


def _towns(places: pd.DataFrame) -> pd.Series:
    return places["township_code"].fillna(NO_TOWNSHIP)


def _hits(places: pd.DataFrame, words: str) -> pd.Series:
    return (places["code"].str.contains(words, case=False, regex=False)
            | places["name"].str.contains(words, case=False, regex=False))


def _town_labels(codes: list[str], places: pd.DataFrame) -> dict[str, str]:
    heads = places[places["code"].isin(codes)]  # names looked up for the listed few, not the county's thousands
    names = dict(zip(heads["code"], heads["name"], strict=True))
    return {c: t("pk.county_level") if c == NO_TOWNSHIP else f"{c} {names.get(c, '')}".strip() for c in codes}


def _offers(places: pd.DataFrame, code) -> bool:
    return code is not None and bool((places["code"] == code).any())


def _follow(key: str, town_key: str, offered: pd.DataFrame, towns: pd.Series, near_town: str | None) -> None:
    """Put the street/township picker on the platform the platform picker holds, if that is offered; while
    neither picker holds anything, on `near_town`."""
    s = st.session_state
    wanted = next((c for c in (s.get(key), s.get(HELD + key)) if _offers(offered, c)), None)
    town = towns[offered["code"] == wanted].iloc[0] if wanted is not None else None
    if town is None and s.get(town_key) is None and s.get(HELD + town_key) is None and near_town in set(towns):
        town = near_town
    if town is not None and s.get(town_key) != town:
        s[town_key] = s[HELD + town_key] = town


def _listed_towns(towns: list[str], town_key: str) -> list[str]:
    """The first TOWNS_LISTED of `towns`, and the one the picker holds wherever it is in the order."""
    if len(towns) <= TOWNS_LISTED:
        return towns
    listed = towns[:TOWNS_LISTED]
    s = st.session_state
    held = next((c for c in (s.get(town_key), s.get(HELD + town_key)) if c in set(towns)), None)
    return listed if held is None or held in listed else [*listed, held]


def pick_platform(places: pd.DataFrame, key: str, label: str, *, exclude: str | None = None,
                  near: str | None = None, slots=None) -> tuple[str | None, dict[str, str]]:
    """Draw the search box, the street/township picker and the platform picker `key` (in the three `slots`,
    columns or containers; stacked by default) over `places` (models.platforms.platform_places), leaving out
    platform `exclude`, starting on the street/township of platform `near`. Returns the platform picked (None
    when nothing is offered) and {code: name} of the platforms offered."""
    search_slot, town_slot, platform_slot = slots or (st.container(), st.container(), st.container())
    search_key, town_key = keys(key)
    words = (search_slot.text_input(t("pk.search"), key=search_key, help=t("pk.search_help")) or "").strip()
    offered = places if exclude is None else places[places["code"] != exclude]
    towns = _towns(offered)
    hits = _hits(offered, words) if words else None
    shown_towns = sorted(set(towns if hits is None else towns[hits]), key=lambda c: (c != NO_TOWNSHIP, c))
    if not shown_towns:
        town_slot.info(t("pk.no_match", words=words) if words else t("pk.none_here"))
        return None, {}
    in_shown = towns.isin(shown_towns)
    near_town = next(iter(_towns(places[places["code"] == near])), None) if near else None
    _follow(key, town_key, offered[in_shown], towns[in_shown], near_town)
    listed = _listed_towns(shown_towns, town_key)
    labels = _town_labels(listed, places)
    hold(town_key, listed)
    town = town_slot.selectbox(t("pk.township"), listed, key=town_key, format_func=labels.get,
                               on_change=_forget_platform, args=(key,))
    if len(listed) < len(shown_towns):
        town_slot.caption(t("pk.more_towns", total=len(shown_towns), shown=len(listed)))
    members = offered[towns == town]
    if hits is not None and not _hits(places[places["code"] == town], words).any():
        members = members[hits[towns == town]]  # the street/township itself did not match: only what did
    choices = dict(zip(members["code"], members["name"], strict=True))
    if not choices:
        platform_slot.info(t("pk.none_here"))
        return None, {}
    hold(key, list(choices))  # by code: a platform renamed meanwhile stays picked
    picked = platform_slot.selectbox(label, list(choices), key=key, format_func=lambda c: f"{c} {choices[c]}")
    return picked, choices
