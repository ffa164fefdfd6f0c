"""The ranking screen's pieces: the ranked table, how each score was made, stability, the pool split."""
import altair as alt
import pandas as pd
import streamlit as st

from logic.assessment_inputs import spec_of
from logic.people import fen_from_yuan
from logic.ranking import CountyScore, Scheme, allocate_by_score, allocate_by_tier
from ui.i18n import lang, t, t_text
from ui.safe_text import Markdown, plain
from ui.views.roster_list import yuan_text

DRAWS, SPREAD, SEED = 300, 0.25, 2014


def _fmt(value, digits: int = 3) -> str:
    return t("rk.missing") if value is None else f"{value:.{digits}f}"


def why_unranked(because: str, missing_dimensions, coverage: float) -> str:
    """Why a county has no rank: no data, coverage below the threshold, which dimension has no data — or both
    of the last two. Plain text (it goes into table cells); t() escapes it where it is rendered."""
    zh = lang() == "zh"
    dims = ("、" if zh else ", ").join(t(f"rk.dim.{d}") if zh else t(f"rk.dim.{d}").lower()
                                       for d in missing_dimensions)
    text = t_text(f"rk.why.{because}", dims=dims, coverage=coverage)
    if because == "coverage" and missing_dimensions:
        text += ("；" if zh else "; ") + t_text("rk.why.dimension", dims=dims)
    return text


def _why(score: CountyScore) -> str:
    return why_unranked(score.unranked_because or "no_data", score.missing_dimensions, score.coverage)


def broken_scheme_text(in_force) -> str:
    """The stored version in force that no longer validates, and why (models.assessment.scheme_for)."""
    errors = "; ".join(f"{e.field}: {e.reason(lang())}" for e in in_force.errors)
    return t("rk.scheme.broken", year=in_force.broken.year, version=in_force.broken.version, errors=errors)


def rank_label(score: CountyScore) -> str:
    return str(score.rank) if score.rank is not None else t_text("rk.unranked", why=_why(score))


def awaiting_text(awaiting: dict[str, tuple[str, ...]], names: dict[str, str]) -> str:
    """The counties unranked for want of the bureau's own entries, and what to enter."""
    sep = "、" if lang() == "zh" else ", "
    items = [Markdown(f"{plain(names.get(c, c))}({sep.join(t('rk.dim.' + d) for d in dims)})")
             for c, dims in awaiting.items()]
    return t("rk.awaiting", items=Markdown(sep if lang() == "zh" else "; ").join(items))


def unranked_summary(scores: list[CountyScore], names: dict[str, str]) -> str | None:
    """One line naming every county listed without a rank and why, for the reader who skims the table."""
    items = [(plain(names.get(s.county, s.county)), plain(_why(s))) for s in scores if s.rank is None]
    if not items:
        return None
    text = "、".join(f"{n}({w})" for n, w in items) if lang() == "zh" else "; ".join(f"{n} ({w})" for n, w in items)
    return t("rk.unranked.list", items=Markdown(text))  # names and reasons escaped above, the brackets are ours


def rank_column() -> dict:
    """Room for "不排名(缺工作绩效数据)" in the rank column."""
    return {t("rk.col.rank"): st.column_config.TextColumn(width="medium")}


def ranked_table(scores: list[CountyScore], names: dict[str, str], dims) -> pd.DataFrame:
    rows = []
    for s in scores:
        row = {t("rk.col.rank"): rank_label(s),
               t("rk.col.county"): names.get(s.county, s.county),
               t("rk.col.tier"): t(f"rk.tier.{s.tier or 'none'}"),
               t("rk.col.total"): _fmt(s.total),
               t("rk.col.coverage"): f"{s.coverage:.0%}"}
        row.update({t(f"rk.dim.{d}"): _fmt(s.dimensions[d]) if d in s.dimensions else t("rk.not_applicable")
                    for d in dims})
        rows.append(row)
    return pd.DataFrame(rows)


def workings(scores: list[CountyScore], scheme: Scheme, names: dict[str, str]) -> pd.DataFrame:
    """One row per county and indicator: value, scaled value, goalposts and share of the weight."""
    rows = []
    for s in scores:
        dims = {d: w for d, w in scheme.dimension_weights.items() if d in s.dimensions}
        dim_total = sum(dims.values()) or 1.0
        for ind in scheme.indicators:
            if ind.dimension not in s.dimensions:  # the pilot dimension where the county has no pilot
                rows.append({t("rk.col.county"): names.get(s.county, s.county),
                             t("rk.col.indicator"): f"{t('rk.dim.' + ind.dimension)} · {t('rk.ind.' + ind.code)}",
                             t("rk.col.value"): t("rk.not_applicable"), t("rk.col.goalposts"): "",
                             t("rk.col.normalised"): "", t("rk.col.weight"): ""})
                continue
            siblings = sum(i.weight for i in scheme.indicators if i.dimension == ind.dimension) or 1.0
            share = dims[ind.dimension] / dim_total * ind.weight / siblings
            rows.append({t("rk.col.county"): names.get(s.county, s.county),
                         t("rk.col.indicator"): f"{t('rk.dim.' + ind.dimension)} · {t('rk.ind.' + ind.code)}",
                         t("rk.col.value"): _fmt(s.values.get(ind.code)),
                         t("rk.col.goalposts"): f"{ind.low:g} → {ind.high:g}" if ind.direction == "higher"
                         else f"{ind.high:g} → {ind.low:g}",
                         t("rk.col.normalised"): _fmt(s.normalised.get(ind.code)),
                         t("rk.col.weight"): f"{share:.1%}"})
    return pd.DataFrame(rows)


def stability_table(result, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{t("rk.col.county"): names.get(r.county, r.county), t("rk.col.rank"): r.base_rank,
                          t("rk.col.median"): f"{r.median_rank:g}", t("rk.col.interval"): f"{r.p5}–{r.p95}",
                          t("rk.col.tier_change"): f"{r.tier_change_share:.0%}"} for r in result])


def stability_chart(result, names: dict[str, str]) -> alt.Chart:
    data = pd.DataFrame([{"county": names.get(r.county, r.county), "base": r.base_rank, "median": r.median_rank,
                          "p5": r.p5, "p95": r.p95} for r in result]).sort_values("base")
    y = alt.Y("county:N", sort=list(data["county"]), title=t("rk.col.county"))
    scale = alt.Scale(reverse=True, domainMin=1)  # rank 1 on the right reads as "best"
    axis = alt.Axis(format="d", tickMinStep=1)  # ranks are whole numbers
    band = alt.Chart(data).mark_rule(strokeWidth=3, color="#90a4ae").encode(
        x=alt.X("p5:Q", scale=scale, axis=axis, title=t("rk.chart.rank")), x2="p95:Q", y=y)
    median = alt.Chart(data).mark_point(filled=True, size=90, color="#b71c1c").encode(
        x=alt.X("median:Q", scale=scale, title=t_text("rk.chart.rank")), y=y,
        tooltip=[alt.Tooltip("county:N", title=t_text("rk.col.county")),
                 alt.Tooltip("base:Q", title=t_text("rk.col.rank")),
                 alt.Tooltip("median:Q", title=t_text("rk.col.median")),
                 alt.Tooltip("p5:Q", title=t_text("rk.chart.p5")), alt.Tooltip("p95:Q", title=t_text("rk.chart.p95"))])
    return band + median  # the section's heading names it


def pool_fen(text: str) -> int | None:
    try:
        fen = fen_from_yuan(text.strip().replace(",", ""))
    except (ValueError, ArithmeticError):
        return None
    return fen if fen >= 0 else None


def split(scores: list[CountyScore], pool: int, rule: str, scheme: Scheme) -> dict[str, int]:
    ranked = [s for s in scores if s.ranked]
    if rule == "tier":
        return allocate_by_tier(pool, {s.county: s.tier for s in ranked}, dict(scheme.tier_shares))
    return allocate_by_score(pool, {s.county: s.total for s in ranked})


def split_table(parts: dict[str, int], scores: list[CountyScore], names: dict[str, str]) -> pd.DataFrame:
    by_county = {s.county: s for s in scores}
    return pd.DataFrame([{t("rk.col.county"): names.get(c, c), t("rk.col.rank"): by_county[c].rank,
                          t("rk.col.tier"): t(f"rk.tier.{by_county[c].tier or 'none'}"),
                          t("rk.col.amount"): yuan_text(fen)} for c, fen in parts.items()])


def payload(year: int, scores: list[CountyScore], parts: dict[str, int], pool: int, rule: str,
            scheme: Scheme) -> dict:
    """What a frozen snapshot keeps: the inputs and the results, as plain JSON."""
    return {
        "year": year, "pool_fen": pool, "rule": rule,
        "scheme": spec_of(scheme),
        "counties": [{"county": s.county, "rank": s.rank, "tier": s.tier, "total": s.total,
                      "coverage": s.coverage, "values": s.values, "dimensions": s.dimensions,
                      "unranked_because": s.unranked_because, "missing_dimensions": list(s.missing_dimensions),
                      "amount_fen": parts.get(s.county, 0)} for s in scores],
    }

