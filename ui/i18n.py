"""Every UI string in one catalog, Simplified Chinese first, English by the sidebar switch.

The policy's own terms (八有, 达标, 示范) stay in the Chinese text; code labels (levels, windows, …) come
from logic.codes so a verdict's reason and the form that fixes it use the same words.
"""
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from logic.codes import label, labels
from ui.safe_text import Markdown, plain
from ui.strings import load_catalog

LANGS = {"zh": "中文", "en": "English"}

CATALOG: dict[str, tuple[str, str]] = load_catalog()


_DOCUMENT_LANG: ContextVar[str | None] = ContextVar("document_lang", default=None)


def lang() -> str:
    value = _DOCUMENT_LANG.get() or st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


# The language lives in the address (?lang=en) as well as in the session: a reload starts a new session, which
# would otherwise open in Chinese again. Chinese, the default, leaves the address clean.
def language_from_address() -> None:
    """A new session (a first visit, a reload, a bookmark) takes its language from the address."""
    if "lang" not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state["lang"] = asked if asked in LANGS else "zh"


def language_in_address() -> dict[str, str]:
    """The address's language part, for links between screens (a page change clears the address's parameters)."""
    return {} if lang() == "zh" else {"lang": lang()}


def keep_language_in_address() -> None:
    """Put the session's language into the address (after the switch, and after a page change cleared it)."""
    wanted = language_in_address().get("lang")
    if st.query_params.get("lang") != wanted:
        if wanted:
            st.query_params["lang"] = wanted
        else:
            del st.query_params["lang"]


@contextmanager
def in_language(code: str):
    """Words in `code` for the time of the block, whatever the screen's language: a document asked for in
    English from a Chinese screen. The switch's own state is a widget's and may not be written mid-run, so the
    block's language is kept beside it, per thread (each Streamlit session runs in its own)."""
    token = _DOCUMENT_LANG.set(code if code in LANGS else "zh")
    try:
        yield
    finally:
        _DOCUMENT_LANG.reset(token)


def t(key: str, **fmt) -> Markdown:
    """The catalog string for `key`, for a call that renders markdown (nearly every st.* text call): each
    text value put into it is escaped, so a name or note from data shows as typed and never as markup.
    Numbers and dates keep their type for the string's format spec; t()'s own output is not escaped again."""
    return Markdown(t_text(key, **{name: plain(value) for name, value in fmt.items()}))


def t_text(key: str, **fmt) -> str:
    """The catalog string with its values as they are, for places that show text without rendering markdown
    (a selectbox option, a table cell, a chart title, a file): there an escape would show as a backslash."""
    pair = CATALOG.get(key)
    if pair is None:
        return key  # a missing string shows its key rather than hiding the gap
    text = pair[0] if lang() == "zh" else pair[1]
    return text.format(**fmt) if fmt else text


def code_label(kind: str, code: str) -> str:
    return label(kind, code, lang())


def code_labels(kind: str, codes) -> str:
    return labels(kind, codes, lang(), "、" if lang() == "zh" else ", ")


def num(value) -> str:
    """Numbers with thousands separators, whole numbers without decimals."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
