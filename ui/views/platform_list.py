"""The filterable list of a county's platforms with verdict and failing items."""
import pandas as pd
import streamlit as st

from logic.codes import LEVELS
from ui.i18n import code_label, code_labels, t

VERDICTS = ("demo", "compliant", "not")


def verdict_code(row) -> str:
    if row["demonstration_eligible"]:
        return "demo"
    return "compliant" if row["compliant"] else "not"


def _filters() -> tuple[list[str], list[str], str]:
    a, b, c = st.columns([3, 2, 1.5])
    levels = a.pills(t("pf.filter.level"), LEVELS, selection_mode="multi", key="pf_f_level",
                     format_func=lambda c: code_label("level", c))
    verdicts = b.pills(t("pf.filter.verdict"), VERDICTS, selection_mode="multi", key="pf_f_verdict",
                       format_func=lambda v: t(f"pf.verdict.{v}"))
    search = c.text_input(t("pf.filter.search"), key="pf_f_search")
    return levels or [], verdicts or [], search.strip()


def show(frame: pd.DataFrame) -> None:
    st.subheader(t("pf.list"))
    levels, verdicts, search = _filters()
    names = dict(zip(frame["code"], frame["name"], strict=True))
    table = pd.DataFrame({
        t("pf.col.code"): frame["code"],
        t("pf.col.name"): frame["name"],
        t("common.level"): frame["level"].map(lambda c: code_label("level", c)),
        t("pf.col.parent"): frame["parent_code"].map(lambda c: names.get(c, c or "")),
        t("pf.col.verdict"): frame.apply(lambda r: t(f"pf.verdict.{verdict_code(r)}"), axis=1) if len(frame) else [],
        t("pf.col.failing"): frame["failed_items"].map(lambda s: code_labels("item", s)),
        t("pf.col.updated"): frame["updated_by"],
    })
    keep = pd.Series(True, index=frame.index)
    if levels:
        keep &= frame["level"].isin(levels)
    if verdicts:
        keep &= frame.apply(verdict_code, axis=1).isin(verdicts) if len(frame) else keep
    if search:
        keep &= frame["code"].str.contains(search, regex=False) | frame["name"].str.contains(search, regex=False)
    st.dataframe(table[keep], hide_index=True, width="stretch", height=320)
    st.caption(t("common.rows", n=int(keep.sum())))
