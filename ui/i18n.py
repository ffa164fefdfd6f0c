"""Every UI string in one catalog, Simplified Chinese first, English by the sidebar switch.

The policy's own terms (八有, 达标, 示范) stay in the Chinese text; code labels (levels, windows, …) come
from logic.codes so a verdict's reason and the form that fixes it use the same words.
"""
import streamlit as st

from logic.codes import label, labels
from ui.strings import load_catalog

LANGS = {"zh": "中文", "en": "English"}

CATALOG: dict[str, tuple[str, str]] = load_catalog()


def lang() -> str:
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def t(key: str, **fmt) -> str:
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
