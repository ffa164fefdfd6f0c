"""Pickers that stay on the record they show.

A selectbox's browser value is its option's label ("CP-S8 合江门街道"), and Streamlit maps it back to the option
by that label: once another user renames the record, the label is gone and the widget silently falls back to
its first option ("新增平台"), taking the officer's form with it. `hold` re-selects by the record's own value
(its code) before the widget is drawn, every run.
"""
import streamlit as st

HELD = "_held_"


def hold(key: str, options: list, default=None):
    """Put picker `key` on the value it showed last if that is still offered, else on `default` (or the first
    option, or None when nothing is offered); returns that value. Call just before the widget."""
    s = st.session_state
    value = s.get(key)
    if value not in options:
        held = s.get(HELD + key)
        value = held if held in options else default if default in options else next(iter(options), None)
    s[key] = value  # set through the state API, so the widget takes it whatever label the browser sent
    s[HELD + key] = value
    return value


def hold_many(key: str, options: list) -> list:
    """`hold` for a multiselect: the values it showed last that are still offered. When the browser sent a
    label that no longer maps to a value (a record renamed meanwhile), the whole last selection is taken, as
    the person last saw it."""
    s = st.session_state
    value = s.get(key) or []
    if any(v not in options for v in value):
        value = s.get(HELD + key) or []
    value = [v for v in value if v in options]
    s[key] = value
    s[HELD + key] = value
    return value
