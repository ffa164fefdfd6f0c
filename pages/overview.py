"""Overview: registered, compliant and demonstration-eligible platforms by county and level; progress toward the
three-year targets (R-TGT-1)."""
import streamlit as st

from logic.targets import totals_by_county
from ui.chart import show_chart
from ui.data import counties
from ui.guard import page_actor
from ui.i18n import code_label, t, t_text
from ui.screen_data import overview_figures
from ui.views.charts import compliance_by_county, failing_items

page_actor("view")
st.title(t("ov.title"))
st.caption(t("ov.caption"))
figures = overview_figures()
st.caption(t("app.standard_used", label=figures.standard_label))
if not figures.platforms:
    st.info(t("ov.empty"))
    st.stop()

st.subheader(t("ov.targets"))
for column, progress in zip(st.columns(5), figures.progress, strict=True):
    column.metric(t(f"ov.target.{progress.key}"), f"{progress.actual:,}",
                  help=t("ov.of_target", actual=progress.actual, target=progress.target, share=progress.share))
    column.progress(min(progress.share, 1.0), text=t("ov.of_target", actual=progress.actual,
                                                     target=progress.target, share=progress.share))
st.caption(t("ov.interpretation", other=figures.other_villages))

names = counties()
summary = figures.by_county_level.copy()
summary["county"] = summary["county_code"].map(names)
summary["level_label"] = summary["level"].map(lambda c: code_label("level", c))  # a row per county and level
per_county = totals_by_county(summary, list(names))
per_county["county"] = per_county["county_code"].map(names)

left, right = st.columns([3, 2])
show_chart(compliance_by_county(per_county), left)
failing = figures.failing.assign(item=figures.failing["item"].map(lambda i: code_label("item", i)))
show_chart(failing_items(failing), right)

st.subheader(t("ov.by_county"))
pivot = summary.pivot_table(index="county", columns="level_label", values=["registered", "compliant", "demonstration"],
                            aggfunc="sum", fill_value=0, sort=False)
pivot = pivot.rename(columns={k: t_text(f"ov.col.{k}") for k in ("registered", "compliant", "demonstration")}, level=0)
# the index is named after the frame's column ("county"), which a Chinese screen would show as its header
pivot = pivot.rename_axis(index=t_text("common.county"), columns=[None, None])
st.dataframe(pivot, width="stretch")
