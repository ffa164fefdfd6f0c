"""Download buttons for any table a screen shows: xlsx and CSV, every cell written by logic.spreadsheet (the one
guarded cell writer), so no stored text can reach a spreadsheet as a formula."""
from collections.abc import Callable

import pandas as pd
import streamlit as st

from logic import spreadsheet
from ui.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _records(df: pd.DataFrame):
    return df.itertuples(index=False, name=None)


def xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    return spreadsheet.xlsx_table(list(df.columns), _records(df), sheet)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return spreadsheet.csv_table(list(df.columns), _records(df))


def download_buttons(df: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, key: str) -> None:
    """The files are made when clicked, not on every run: a 20,000-row workbook takes seconds to write. `df` may
    be a function giving the table, so a paged screen words its whole table only for the file."""
    table = df if callable(df) else (lambda: df)
    a, b = st.columns(2)
    a.download_button(t("common.download_xlsx"), lambda: xlsx_bytes(table()), f"{stem}.xlsx", key=f"{key}_xlsx",
                      mime=XLSX_MIME)
    b.download_button(t("common.download_csv"), lambda: csv_bytes(table()), f"{stem}.csv", key=f"{key}_csv",
                      mime="text/csv")
