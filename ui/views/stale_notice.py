"""A save refused because someone else saved the record first, told the same way on every editing screen.

The refusal is worked out once, in the save callback (`stale_report`), from the record's audit trail: which
fields others changed since the version the officer opened, before -> after, by whom (display name) and when
(Beijing time), and which of the other user's changes the officer's typed values would write over on a second
save. `show_stale` renders it. Every value is shown as text (a data frame, and t(), which escapes what it is given), never
rendered from the data.
"""
from datetime import UTC

import pandas as pd
import streamlit as st

from logic.audit_diff import edits_since, kept_over
from models.audit_queries import display_names, record_updates
from models.db import read_session
from models.register_history import CHINA
from ui.i18n import t
from ui.store import engine


def stale_report(stale, *, entity: str | None = None, key=None, opened_version=None, label=None, shown=None,
                 typed: dict | None = None, stored: dict | None = None) -> dict:
    """What to tell about `stale` (a StaleEdit) of record `key` of table `entity`, opened at `opened_version`.

    `label(field)` is the form's label of a field, or None for a field the form does not show; `shown(field,
    value)` is a value as the screen shows it (plain text by default); `typed`/`stored` are the officer's
    values and the record's values now, for the list of what a second save would overwrite. Without
    `entity`, only who saved and the version are told (a form that has not said which record it edits)."""
    shown = shown or (lambda field, value: plain_value(value))
    label = label or (lambda field: None)
    with read_session(engine()) as session:
        trail = record_updates(session, entity, key) if entity else []
        edits = [e for e in edits_since(trail, opened_version) if label(e.field)]
        names = display_names(session, {a for e in edits for a in e.actors} | {getattr(stale, "by", None)})
    who = list(dict.fromkeys(names[a] for e in edits for a in e.actors if a))
    if not who and getattr(stale, "by", None):
        who = [names[stale.by]]
    rows = [{t("stale.col.field"): label(e.field), t("stale.col.opened"): shown(e.field, e.before),
             t("stale.col.now"): shown(e.field, e.after),
             t("stale.col.who"): "、".join(names.get(a, a) for a in e.actors if a) or t("stale.someone"),
             t("stale.col.when"): beijing(e.at)} for e in edits]
    theirs = {e.field for e in edits}  # a conflict: a field both changed, where the officer's value differs
    kept = [label(f) for f in kept_over(typed or {}, stored or {}) if f in theirs]
    return {"who": "、".join(who) or t("stale.someone"), "version": getattr(stale, "current_version", None),
            "rows": rows, "kept": kept}


def brief_report(stale) -> dict:
    """The refusal for an editor that shows no field list (a table of scores, a scheme, a standard): who saved
    (their display name) and the version now."""
    return {**stale_report(stale), "rows": None}


def show_stale(report: dict) -> None:
    st.error(t("stale.refused", who=report["who"], version=report["version"]))
    if report["rows"]:
        st.dataframe(pd.DataFrame(report["rows"]), hide_index=True)
    elif report["rows"] is not None:  # a field list was asked for, and none of its fields changed
        st.caption(t("stale.no_fields"))
    if report["kept"]:
        st.warning(t("stale.kept", fields="、".join(report["kept"])))


def reload_button(key: str, on_reload, args: tuple = ()) -> None:
    """Beside a refusal: load the record as saved now, dropping the person's unsaved typing (their choice;
    saving again instead keeps it)."""
    st.button(t("stale.reload"), key=key, help=t("stale.reload_help"), on_click=on_reload, args=args)


def plain_value(value) -> str:
    """A stored value as a person reads it: 是/否, lists joined, whole numbers without .0, never None."""
    if value is None or value == "" or value == []:
        return t("stale.empty")
    if isinstance(value, bool):
        return t("common.yes") if value else t("common.no")
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def beijing(when) -> str:
    """A stored UTC time (an ISO text or a datetime; SQLite gives it back naive) in Beijing time."""
    if when is None:
        return ""
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def merged_reports(reports: list[dict]) -> dict:
    """One refusal for a save of several records (a table): every record's changes, everyone who made them."""
    telling = [r for r in reports if r["rows"]] or reports[:1]
    who = list(dict.fromkeys(n for r in telling for n in r["who"].split("、")))
    return {"who": "、".join(who), "version": telling[0]["version"],
            "rows": [row for r in telling for row in r["rows"]], "kept": [k for r in telling for k in r["kept"]]}
