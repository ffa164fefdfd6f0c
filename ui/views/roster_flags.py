"""The R-PERS flag lists for a year: who is on each and the figures that put them there, each a page at a time
(a province's list runs to tens of thousands of people) with the count of all and an export of every row."""
from datetime import date

import pandas as pd
import streamlit as st

from logic.people import people_label
from ui.i18n import lang, t, t_text
from ui.paging import paged_table
from ui.views import roster_data
from ui.views.roster_list import blank_if_missing, typed

LISTS = ("commend", "dismiss_or_terminate", "not_certified", "no_training", "not_openly_selected")
COLUMN_KEYS = {"id": "ro.col.id", "name": "ro.field.name", "post": "ro.field.post", "platform_code": "ro.col.platform",
               "county_code": "common.county", "year": "ro.flags.year", "grade": "ro.field.grade",
               "first_year": "ro.col.first_year", "last_year": "ro.col.last_year", "grades": "ro.col.grades",
               "certificate_no": "ro.field.certificate_no", "joined_on": "ro.field.joined_on",
               "last_trained_on": "ro.col.last_trained_on", "source": "ro.field.source",
               "recruitment": "ro.field.recruitment"}


def _labelled(frame: pd.DataFrame, counties: dict[str, str], platforms: pd.Series,
              for_file: bool = False) -> pd.DataFrame:
    """The rows of `frame` in words; `platforms` is name by code. Called on the page shown, or on every row
    when exported (`for_file`: dates stay dates, for date cells)."""
    out = frame.copy()
    out["county_code"] = out["county_code"].map(lambda c: counties.get(c, c))
    out["platform_code"] = out["platform_code"].map(lambda c: f"{c} {platforms.get(c, '')}".strip())
    for optional in ("certificate_no", "joined_on", "last_trained_on"):
        if optional in out:  # "never trained" or "no certificate" reads as an empty cell, not as 'None'
            out[optional] = out[optional].map(typed if for_file and optional != "certificate_no"
                                              else blank_if_missing)
    for coded in ("grade", "source", "recruitment"):
        if coded in out:
            out[coded] = out[coded].map(lambda v, k=coded: people_label(k, v, lang()))
    return out.rename(columns={c: t(COLUMN_KEYS[c]) for c in out.columns if c in COLUMN_KEYS})


def show(county_code: str | None, counties: dict[str, str], places: pd.DataFrame) -> None:
    """The lists for one county (None: the city); `places` are its platforms (roster_data.places)."""
    this_year = date.today().year
    a, b = st.columns([1, 3])
    year = a.number_input(t("ro.flags.year"), min_value=2000, max_value=this_year, value=this_year, step=1,
                          key="ro_flags_year")
    b.caption(t("ro.flags.scope", scope=counties.get(county_code, t("sg.city"))))
    frames = roster_data.flags(int(year), county_code)
    platforms = pd.Series(places["name"].to_numpy(), index=places["code"].to_numpy())
    for name in LISTS:
        frame = frames[name]
        with st.expander(f"{t('ro.flag.' + name)} · {len(frame):,}", expanded=name == "dismiss_or_terminate"):
            if name == "dismiss_or_terminate":
                st.caption(t("ro.flag.dismiss_note"))
            if frame.empty:
                st.caption(t("ro.flag.none"))
                continue
            paged_table(frame, f"ro_flags_{name}", shown=lambda f: _labelled(f, counties, platforms),
                        export_stem=f"flags_{name}_{year}", export_title=t_text(f"ro.flag.{name}"),
                        exported=lambda f: _labelled(f, counties, platforms, for_file=True),
                        hide_index=True, width="stretch")
