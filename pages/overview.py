"""Overview: registered, compliant and demonstration-eligible platforms by county and level; R-TGT-1 progress."""
import streamlit as st

from logic.codes import ITEMS
from logic.targets import (
    failing_item_counts,
    other_compliant_villages,
    summary_by_county_level,
    target_progress,
    totals_by_county,
)
from ui.data import counties, platforms_with_verdicts
from ui.guard import page_actor
from ui.i18n import code_label, t
from ui.views.charts import compliance_by_county, failing_items

page_actor("view")
st.title(t("ov.title"))
st.caption(t("ov.caption"))
frame, standard_label = platforms_with_verdicts()
st.caption(t("app.standard_used", label=standard_label))
if frame.empty:
    st.info(t("ov.empty"))
    st.stop()

st.subheader(t("ov.targets"))
for column, progress in zip(st.columns(5), target_progress(frame), strict=True):
    column.metric(t(f"ov.target.{progress.key}"), f"{progress.actual:,}",
                  help=t("ov.of_target", actual=progress.actual, target=progress.target, share=progress.share))
    column.progress(min(progress.share, 1.0), text=t("ov.of_target", actual=progress.actual,
                                                     target=progress.target, share=progress.share))
st.caption(t("ov.interpretation", other=other_compliant_villages(frame)))

names = counties()
summary = summary_by_county_level(frame)
summary["county"] = summary["county_code"].map(names)
summary["level_label"] = summary["level"].map(lambda c: code_label("level", c))
per_county = totals_by_county(summary, list(names))
per_county["county"] = per_county["county_code"].map(names)

left, right = st.columns([3, 2])
left.altair_chart(compliance_by_county(per_county), width="stretch")
failing = failing_item_counts(frame, ITEMS)
failing["item"] = failing["item"].map(lambda i: code_label("item", i))
right.altair_chart(failing_items(failing), width="stretch")

st.subheader(t("ov.by_county"))
pivot = summary.pivot_table(index="county", columns="level_label", values=["registered", "compliant", "demonstration"],
                            aggfunc="sum", fill_value=0, sort=False)
pivot = pivot.rename(columns={k: t(f"ov.col.{k}") for k in ("registered", "compliant", "demonstration")}, level=0)
st.dataframe(pivot, width="stretch")
