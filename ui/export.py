"""Download buttons for any table a screen shows: xlsx and CSV, every cell written by logic.spreadsheet (the one
guarded cell writer), so no stored text can reach a spreadsheet as a formula. The files speak the screen's
language (是/否 or Yes/No) and the workbook says what it holds, when it was made (Beijing time) and by whom."""
from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from logic import spreadsheet
from ui.i18n import lang, t, t_text

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _records(df: pd.DataFrame):
    return df.itertuples(index=False, name=None)


def words() -> spreadsheet.Words:
    return spreadsheet.ZH if lang() == "zh" else spreadsheet.EN


def note(title: str) -> spreadsheet.Note:
    """What is exported, now, and who is signed in (their name as the app shows it, else their username)."""
    who = st.session_state.get("name") or st.session_state.get("username") or ""
    return spreadsheet.Note(title, datetime.now(UTC), str(who))


def xlsx_bytes(df: pd.DataFrame, sheet: str = "data", title: str | None = None) -> bytes:
    return spreadsheet.xlsx_table(list(df.columns), _records(df), sheet, words=words(),
                                  note=note(title) if title else None)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return spreadsheet.csv_table(list(df.columns), _records(df), words())


def download_buttons(df: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, key: str,
                     title: str | None = None) -> None:
    """The files are made when clicked, not on every run: a 20,000-row workbook takes seconds to write. `df` may
    be a function giving the table, so a paged screen words its whole table only for the file. `title` says
    what the table is in the workbook's note sheet (the screen's own words for it; a generic one when not given)."""
    table = df if callable(df) else (lambda: df)
    title = title or t_text("common.export_title")
    a, b = st.columns(2)
    a.download_button(t("common.download_xlsx"), lambda: xlsx_bytes(table(), title, title), f"{stem}.xlsx",
                      key=f"{key}_xlsx", mime=XLSX_MIME)
    b.download_button(t("common.download_csv"), lambda: csv_bytes(table()), f"{stem}.csv", key=f"{key}_csv",
                      mime="text/csv")
