"""Altair charts of the overview."""
import altair as alt
import pandas as pd

from ui.i18n import t_text

COMPLIANT_GREEN, NOT_COMPLIANT_RED = "#2e7d32", "#c62828"


def compliance_by_county(table: pd.DataFrame) -> alt.Chart:
    """Stacked bars: compliant and not compliant platforms per county."""
    compliant, not_compliant = t_text("ov.status.compliant"), t_text("ov.status.not")
    long = table.melt(id_vars=["county"], value_vars=["compliant", "not_compliant"],
                      var_name="status", value_name="count")
    long["status"] = long["status"].map({"compliant": compliant, "not_compliant": not_compliant})
    county, status, count = t_text("common.county"), t_text("ov.col.status"), t_text("ov.col.count")
    # the domain is named so green stays with 达标: without it Altair sorts the labels and 未达标 sorts first
    return alt.Chart(long, title=t_text("ov.chart.by_county")).mark_bar().encode(
        x=alt.X("count:Q", title=count),
        y=alt.Y("county:N", sort=None, title=county),
        color=alt.Color("status:N", title=status,
                        scale=alt.Scale(domain=[compliant, not_compliant], range=[COMPLIANT_GREEN, NOT_COMPLIANT_RED])),
        tooltip=[alt.Tooltip("county:N", title=county), alt.Tooltip("status:N", title=status),
                 alt.Tooltip("count:Q", format=",", title=count)],
    )


def failing_items(counts: pd.DataFrame) -> alt.Chart:
    item, failing = t_text("ov.col.item"), t_text("ov.col.failing")
    return alt.Chart(counts, title=t_text("ov.chart.failing")).mark_bar(color=NOT_COMPLIANT_RED).encode(
        x=alt.X("failing:Q", title=failing),
        y=alt.Y("item:N", sort="-x", title=item),
        tooltip=[alt.Tooltip("item:N", title=item), alt.Tooltip("failing:Q", format=",", title=failing)],
    )
