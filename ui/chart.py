"""How every chart is drawn: Altair, with axis titles read level. Vega-Lite turns a y-axis title on its side, which
suits a Latin word but leaves Chinese characters lying down; above the axis, level, it reads as a heading."""
import altair as alt


def show_chart(chart: alt.TopLevelMixin, where=None) -> None:
    import streamlit as st
    (where or st).altair_chart(level_titles(chart), width="stretch")


def level_titles(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_axisY(titleAngle=0, titleAlign="left", titleAnchor="end", titleBaseline="bottom",
                                 titleX=0, titleY=-6, titlePadding=0)
