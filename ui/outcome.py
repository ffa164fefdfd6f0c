"""How every screen keeps and tells the outcome of a save (services.writes.Outcome): a confirmation, the fields
to fix with their reasons, a refusal and why, or another user's changes with a reload — the same words and the
same look on every screen.

A save runs in a button callback, before the rerun that draws the page; the outcome is kept under a key and
shown on that run where the user is looking. It is shown once, except a refusal for a stale version: that stays
(with its reload button) until a save, the reload, or the screen turns to another record (`forget_unless`).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from services.writes import DENIED, GONE, REFUSED, SAVED, STALE, Outcome
from ui.i18n import lang, t
from ui.safe_text import plain
from ui.views.stale_notice import reload_button, show_stale, stale_report


@dataclass(frozen=True)
class Told:
    kind: str
    text: str = ""  # saved: the confirmation; denied / gone: the refusal
    errors: tuple = ()  # refused: FieldErrors
    report: dict = field(default_factory=dict)  # stale: stale_notice.stale_report
    about: object = None  # what it is about (a person, a county, a record): another one drops it


def keep(key: str, outcome: Outcome, *, saved: Callable[[object], str] = lambda value: "",
         on_stale: Callable | None = None, about=None, gone: str | None = None) -> Told:
    """Keep `outcome` under `key` for the next run, worded now: `saved(value)` is the confirmation; `on_stale(stale)`
    the report of a stale refusal (by default who saved and the version)."""
    kind = outcome.kind
    if kind == SAVED:
        told = Told(kind, plain(saved(outcome.value)), about=about)
    elif kind == REFUSED:
        told = Told(kind, errors=outcome.errors, about=about)
    elif kind == STALE:
        told = Told(kind, report=(on_stale or stale_report)(outcome.stale), about=about)
    elif kind == DENIED:
        told = Told(kind, t("common.denied_write", reason=outcome.reason(lang())), about=about)
    else:
        told = Told(GONE, gone or t("stale.gone"), about=about)
    st.session_state[key] = told
    return told


def note(key: str, text: str, about=None) -> None:
    """Keep a word that is no store outcome (nothing to save) to tell the same way."""
    st.session_state[key] = Told("info", text, about=about)


def forget_unless(key: str, about) -> None:
    """The screen turned to `about`: an outcome kept about anything else is not about it."""
    told = st.session_state.get(key)
    if isinstance(told, Told) and told.about != about:
        del st.session_state[key]


def show(key: str, *, label: Callable[[str], str], on_reload: Callable | None = None, args: tuple = (),
         reload_key: str | None = None, fix_heading: str | None = None,
         reason: Callable[[str], str] = lambda text: text) -> Told | None:
    """Tell the outcome kept under `key`; `label(field)` names a field for the reader (as t() gives it: safe to show); `on_reload(*args)` is the
    reload beside a stale refusal (without it, the refusal is told once); `reason(text)` words a refusal's reason
    (a scheme's, which names indicator codes)."""
    told = st.session_state.get(key)
    if not isinstance(told, Told):
        return None
    if not (told.kind == STALE and on_reload):
        del st.session_state[key]
    if told.kind == SAVED:
        st.success(told.text)
    elif told.kind == "info":
        st.info(plain(told.text))
    elif told.kind == REFUSED:
        st.error((fix_heading or t("common.fix_fields")) + "\n" + "\n".join(
            f"- **{label(e.field)}**:{plain(reason(e.reason(lang())))}" for e in told.errors))
    elif told.kind == STALE:
        show_stale(told.report)
        if on_reload:
            reload_button(reload_key or f"{key}_reload", on_reload, args=args)
    elif told.kind in (DENIED, GONE):
        st.error(told.text)
    return told
