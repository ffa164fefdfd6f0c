"""Altair charts of the overview."""
import altair as alt
import pandas as pd

from ui.i18n import t


def compliance_by_county(table: pd.DataFrame) -> alt.Chart:
    """Stacked bars: compliant and not compliant platforms per county."""
    long = table.melt(id_vars=["county"], value_vars=["compliant", "not_compliant"],
                      var_name="status", value_name="count")
    long["status"] = long["status"].map({"compliant": t("ov.status.compliant"), "not_compliant": t("ov.status.not")})
    return alt.Chart(long, title=t("ov.chart.by_county")).mark_bar().encode(
        x=alt.X("count:Q", title=t("ov.col.count")),
        y=alt.Y("county:N", sort=None, title=t("common.county")),
        color=alt.Color("status:N", title=t("ov.col.status"),
                        scale=alt.Scale(range=["#2e7d32", "#c62828"])),
        tooltip=["county:N", "status:N", alt.Tooltip("count:Q", format=",")],
    )


def failing_items(counts: pd.DataFrame) -> alt.Chart:
    return alt.Chart(counts, title=t("ov.chart.failing")).mark_bar(color="#c62828").encode(
        x=alt.X("failing:Q", title=t("ov.col.failing")),
        y=alt.Y("item:N", sort="-x", title=t("ov.col.item")),
        tooltip=["item:N", alt.Tooltip("failing:Q", format=",")],
    )
