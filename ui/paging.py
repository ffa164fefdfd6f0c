"""Big tables shown a page at a time: the count of all rows, a page picker, and an export of the whole.

At a province's 60,000 platforms a table sent whole is megabytes per rerun and a browser grid nobody can read;
a person reads a page, filters, or exports. Only the page shown is put into words (labels, money text), so a
label function runs for 200 rows, not 60,000; the export does the whole table when its button is clicked.
"""
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ui.export import download_buttons
from ui.i18n import t

PAGE_ROWS = 200
MISSING = "—"  # what a table shows for a missing value (Streamlit's own is a grey English "None")


def by_distinct(values: pd.Series, label: Callable[[object], str]) -> pd.Series:
    """`values` put into words with `label` called once per distinct value, not once per row: a level or a
    status repeats across tens of thousands of rows but has a handful of labels."""
    words = {value: label(value) for value in values.drop_duplicates()}
    return values.map(words)


def page_of(total: int, page: int, rows: int = PAGE_ROWS) -> slice:
    """Rows of page `page` (from 1) of `total`; a page past the end gives the last page."""
    pages = max(1, -(-total // rows))
    page = min(max(1, page), pages)
    return slice((page - 1) * rows, min(page * rows, total))


def paged_table(frame: pd.DataFrame, key: str, shown: Callable[[pd.DataFrame], pd.DataFrame] = lambda f: f,
                export_stem: str | None = None, rows: int = PAGE_ROWS, *, export_title: str | None = None,
                exported: Callable[[pd.DataFrame], pd.DataFrame] | None = None, **dataframe_args) -> pd.DataFrame:
    """Shows one page of `frame` as `shown` words it, with how many rows there are in all; returns the page's
    rows (as in `frame`, for a screen that acts on what is on screen). With `export_stem`, download buttons
    give every row of `frame`, worded by `exported` (by `shown` when not given: a file may hold in full what the
    screen abbreviates), titled `export_title` in the workbook's note."""
    total = len(frame)
    pages = max(1, -(-total // rows))
    page, caption = 1, None
    if pages > 1:  # a narrow picker with the count beside it, not a field across the screen
        picker, caption = st.columns([1, 3], vertical_alignment="bottom")
        page = picker.number_input(t("common.page_of", pages=pages), min_value=1, max_value=pages, step=1,
                                   key=f"{key}_page")
    rows_shown = page_of(total, int(page), rows)
    part = frame.iloc[rows_shown]
    if caption is not None:
        caption.caption(t("common.rows_of", first=rows_shown.start + 1, last=rows_shown.stop, total=total))
    # a missing value shows as a dash: Streamlit's own is a grey English "None"
    st.dataframe(shown(part), key=f"{key}_table", **{"placeholder": MISSING, **dataframe_args})
    if export_stem:
        download_buttons(lambda: (exported or shown)(frame), export_stem, f"{key}_dl", export_title)
    return part
