"""The filterable list of a county's platforms with verdict and failing items, a page at a time."""
import numpy as np
import pandas as pd
import streamlit as st

from logic.codes import LEVELS, PARENT_LEVELS
from ui.i18n import code_label, code_labels, t, t_text
from ui.paging import by_distinct, paged_table
from ui.people_names import who_column

VERDICTS = ("demo", "compliant", "not")


def verdict_codes(frame: pd.DataFrame) -> pd.Series:
    """Each row's verdict: demonstration-eligible, else compliant, else not."""
    codes = np.select([frame["demonstration_eligible"].astype(bool), frame["compliant"].astype(bool)],
                      ["demo", "compliant"], "not")
    return pd.Series(codes, index=frame.index, dtype=object)


def _filters() -> tuple[list[str], list[str], str]:
    a, b, c = st.columns([3, 2, 1.5])
    levels = a.pills(t("pf.filter.level"), LEVELS, selection_mode="multi", key="pf_f_level",
                     format_func=lambda c: code_label("level", c))
    verdicts = b.pills(t("pf.filter.verdict"), VERDICTS, selection_mode="multi", key="pf_f_verdict",
                       format_func=lambda v: t(f"pf.verdict.{v}"))
    search = c.text_input(t("pf.filter.search"), key="pf_f_search")
    return levels or [], verdicts or [], search.strip()


def worded(rows: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The list's rows as a reader sees them: only the page shown is worded, the export words every row."""
    return pd.DataFrame({
        t_text("pf.col.code"): rows["code"],
        t_text("pf.col.name"): rows["name"],
        t_text("common.level"): by_distinct(rows["level"], lambda c: code_label("level", c)),
        # a county or centre answers to none: an empty cell, never a grey "None"
        t_text("pf.col.parent"): by_distinct(rows["parent_code"].astype(object).where(rows["parent_code"].notna(), ""),
                                             lambda c: names.get(c, c or "")),
        t_text("pf.col.verdict"): by_distinct(verdict_codes(rows), lambda v: t_text(f"pf.verdict.{v}")),
        t_text("pf.col.failing"): rows["failed_items"].map(lambda s: code_labels("item", s)),
        t_text("pf.col.updated"): who_column(rows["updated_by"]),
    })


def show(frame: pd.DataFrame) -> None:
    st.subheader(t("pf.list"))
    levels, verdicts, search = _filters()
    keep = pd.Series(True, index=frame.index)
    if levels:
        keep &= frame["level"].isin(levels)
    if verdicts:
        keep &= verdict_codes(frame).isin(verdicts)
    if search:
        keep &= frame["code"].str.contains(search, regex=False) | frame["name"].str.contains(search, regex=False)
    shown = frame[keep]
    centres = frame[frame["level"].isin(PARENT_LEVELS)]  # the only platforms a row can answer to
    names = dict(zip(centres["code"].tolist(), centres["name"].tolist(), strict=True))
    page = paged_table(shown, "pf_list", shown=lambda rows: worded(rows, names), export_stem="platforms",
                       export_title=t_text("pf.title"),
                       hide_index=True, width="stretch", height=320)
    if len(page) == len(shown):  # one page: paged_table says nothing of the count
        st.caption(t("common.rows", n=len(shown)))
