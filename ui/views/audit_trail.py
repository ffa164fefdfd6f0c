"""The audit trail as a supervisor reads it: newest first, times in Beijing time, a page at a time; who acted
as their name, what was changed as the table's and fields' names, coded values as their labels (ui.audit_words).

The trail is read once per store revision, filter and language (a rerun that changes nothing reads nothing),
as columns, with each change worded once; the screen words only its labels, over the whole column at once.
"""
from datetime import date

import pandas as pd
import streamlit as st

from models.audit_queries import audit_facets, audit_frame, display_names
from models.db import read_session
from models.register_history import CHINA
from ui.audit_words import Names, describe, entity_name, person
from ui.data import counties, per_revision
from ui.i18n import lang, t, t_text
from ui.paging import paged_table
from ui.store import engine

ACTIONS = ("create", "update", "delete")


def names() -> Names:
    """The county and people names the trail is worded with, in the reader's language."""
    return Names(counties(), people(), lang())


@per_revision(4)
def people() -> dict[str, str]:
    """Username -> display name of everyone who appears in the trail as its actor."""
    with read_session(engine()) as session:
        actors, _ = audit_facets(session)
        return display_names(session, actors)


@per_revision(16)
def trail(actor: str | None, county: str | None, entity: str | None, start: date | None,
          end: date | None, words: Names) -> pd.DataFrame:
    """The trail the filters ask for, newest first, each change in words (models.audit_queries.audit_frame)."""
    with read_session(engine()) as session:
        return audit_frame(session, actor=actor, county_code=county, entity=entity, start=start, end=end,
                           days=CHINA, words=lambda e, before, after: describe(e, before, after, words),
                           words_whole=lambda e, before, after: describe(e, before, after, words, whole=True))


@per_revision(4)
def facets() -> tuple[list[str], list[str]]:
    """The actors and entities the filters offer (read once per store revision: a distinct over the trail)."""
    with read_session(engine()) as session:
        return audit_facets(session)


def worded(frame: pd.DataFrame, words: Names, for_file: bool = False) -> pd.DataFrame:
    """The trail with the screen's headers and words; whole columns at a time (no per-row catalog look-ups).
    `for_file`: every change in full (the screen abbreviates) and the times as times (date-time cells)."""
    at = pd.to_datetime(frame["at"], utc=True).dt.tz_convert(CHINA)
    at = pd.Series(list(at.dt.to_pydatetime()), index=frame.index, dtype=object) if for_file else \
        at.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object)
    actions = {a: t_text(f"au.action.{a}") for a in ACTIONS}
    return pd.DataFrame({
        t_text("au.col.at"): at, t_text("au.col.actor"): frame["actor"].map(lambda u: person(u, words)),
        t_text("au.col.action"): frame["action"].map(lambda a: actions.get(a, a)),
        t_text("au.col.entity"): frame["entity"].map(lambda e: entity_name(e, words)),
        t_text("au.col.key"): frame["entity_key"],
        t_text("au.col.county"): frame["county_code"].map(lambda c: words.counties.get(c, c) if c else ""),
        t_text("au.col.changes"): frame["changes_full" if for_file else "changes"],
    })


def show(frame: pd.DataFrame, words: Names) -> None:
    paged_table(frame, "au_trail", shown=lambda part: worded(part, words), export_stem="audit",
                export_title=t_text("au.title"), exported=lambda whole: worded(whole, words, for_file=True),
                hide_index=True, width="stretch")
    st.caption(t("common.rows", n=len(frame)))
