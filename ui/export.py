"""Download buttons for any table a screen shows: xlsx and CSV (UTF-8 with BOM so Excel shows Chinese)."""
from io import BytesIO

import pandas as pd
import streamlit as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from logic.spreadsheet import neutralise_cell
from ui.i18n import t


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def _xlsx_text(value):
    """Control characters other than tab, line feed and carriage return cannot live in an xlsx cell (openpyxl
    refuses the whole workbook): they are dropped from the workbook, which only ever shows them as nothing."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = BytesIO()
    safe = safe_frame(df)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_xlsx_text)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def csv_bytes(df: pd.DataFrame) -> bytes:
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def download_buttons(df: pd.DataFrame, stem: str, key: str) -> None:
    """The files are made when clicked, not on every run: a 20,000-row workbook takes seconds to write."""
    a, b = st.columns(2)
    a.download_button(t("common.download_xlsx"), lambda: xlsx_bytes(df), f"{stem}.xlsx", key=f"{key}_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    b.download_button(t("common.download_csv"), lambda: csv_bytes(df), f"{stem}.csv", key=f"{key}_csv",
                      mime="text/csv")
