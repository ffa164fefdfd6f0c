"""Streamlit's file uploader in Chinese. Streamlit has no translations: its drop zone says "Upload", "Drag and
drop files here" and "10MB per file • XLSX, CSV, TXT" whatever the app's language. On a Chinese screen a style
sheet puts the app's own words over them: each English text is shrunk to nothing and the Chinese drawn in its
place (CSS ::after), keyed to this one widget (its .st-key-… class) and to Streamlit's data-testid names.

A file the browser refuses before it reaches the app (over the limit, or not of the kinds allowed) is drawn
as a red chip whose reason, "File must be 10.0MB or smaller.", Streamlit puts only in a hover tooltip; the
chip gets a Chinese line saying it was not uploaded and why it may be. What it cannot reach: that tooltip, and
the browser's own file dialog (the operating system's language). The keys are Streamlit's data-testid names
and the chip's aria-invalid, checked by the browser test of the import screen (tests/e2e/test_import_upload.py)
on every Streamlit upgrade.
"""
import streamlit as st

from ui.i18n import lang, t_text

ZONE = '.st-key-{key} [data-testid="stFileUploaderDropzone"]'
RULES = """
{zone} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
{zone} button [data-testid="stMarkdownContainer"] p::after {{ content: "{button}"; font-size: 0.875rem; }}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 0.875rem; }}
{zone} > div:not([data-testid]) > span {{ font-size: 0; }}
{zone} > div:not([data-testid]) > span::after {{ content: "{drop}"; font-size: 0.875rem; }}
{zone} [data-testid="stFileChip"][aria-invalid="true"] > div:has(> [data-testid="stFileChipName"])::after {{
  content: "{refused}"; display: block; font-size: 0.75rem; color: #b71c1c; }}
"""


def _css_text(text: str) -> str:
    """Text as a CSS string's contents: its quote and backslash escaped, no line breaks."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def in_chinese(key: str, mb: int, kinds: str) -> None:
    """Put the app's Chinese over the uploader `key`'s English (nothing to do on an English screen)."""
    if lang() != "zh":
        return
    words = {"button": t_text("up.button"), "limit": t_text("up.limit", mb=mb, kinds=kinds),
             "drop": t_text("up.drop"), "refused": t_text("up.refused", mb=mb, kinds=kinds)}
    css = RULES.format(zone=ZONE.format(key=key), **{k: _css_text(v) for k, v in words.items()})
    st.html(f"<style>{css}</style>")
