"""The audit trail as a supervisor reads it: newest first, times in Beijing time, a page at a time.

The trail is read once per store revision and filter (a rerun that changes nothing reads nothing), as columns,
with each change worded once; the screen words only its labels, over the whole column at once.
"""
from datetime import date

import pandas as pd
import streamlit as st

from models.audit_queries import audit_facets, audit_frame
from models.db import read_session
from models.register_history import CHINA
from ui.data import per_revision
from ui.i18n import t, t_text
from ui.paging import paged_table
from ui.store import engine

ACTIONS = ("create", "update", "delete")


@per_revision(16)
def trail(actor: str | None, county: str | None, entity: str | None, start: date | None,
          end: date | None) -> pd.DataFrame:
    """The trail the filters ask for, newest first, each change in words (models.audit_queries.audit_frame)."""
    with read_session(engine()) as session:
        return audit_frame(session, actor=actor, county_code=county, entity=entity, start=start, end=end,
                           days=CHINA)


@per_revision(4)
def facets() -> tuple[list[str], list[str]]:
    """The actors and entities the filters offer (read once per store revision: a distinct over the trail)."""
    with read_session(engine()) as session:
        return audit_facets(session)


def worded(frame: pd.DataFrame, names: dict[str, str], for_file: bool = False) -> pd.DataFrame:
    """The trail with the screen's headers and words; whole columns at a time (no per-row catalog look-ups).
    `for_file`: every change in full (the screen abbreviates) and the times as times (date-time cells)."""
    at = pd.to_datetime(frame["at"], utc=True).dt.tz_convert(CHINA)
    at = pd.Series(list(at.dt.to_pydatetime()), index=frame.index, dtype=object) if for_file else \
        at.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object)
    actions = {a: t_text(f"au.action.{a}") for a in ACTIONS}
    return pd.DataFrame({
        t_text("au.col.at"): at, t_text("au.col.actor"): frame["actor"],
        t_text("au.col.action"): frame["action"].map(lambda a: actions.get(a, a)),
        t_text("au.col.entity"): frame["entity"], t_text("au.col.key"): frame["entity_key"],
        t_text("au.col.county"): frame["county_code"].map(lambda c: names.get(c, c or "") if c else ""),
        t_text("au.col.changes"): frame["changes_full" if for_file else "changes"],
    })


def show(frame: pd.DataFrame, names: dict[str, str]) -> None:
    paged_table(frame, "au_trail", shown=lambda part: worded(part, names), export_stem="audit",
                export_title=t_text("au.title"), exported=lambda whole: worded(whole, names, for_file=True),
                hide_index=True, width="stretch")
    st.caption(t("common.rows", n=len(frame)))
