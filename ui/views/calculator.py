"""The staffing calculator: required staff with its clause and working, both readings, and what-ifs.
Plain widgets, no form: the figures follow the inputs as they move."""
from collections.abc import Callable
from decimal import Decimal

import pandas as pd
import streamlit as st

from logic.codes import LEVELS
from logic.what_if import MAX_YEARS, scenarios
from ui.i18n import code_label, lang, num, t
from ui.pickers import hold
from ui.safe_text import plain


def inputs(own_county: str | None, counties: Callable[[], dict[str, str]],
           load_platforms: Callable[[str], pd.DataFrame]) -> tuple[str, int, int | None, int | None]:
    """Level, population and (when a platform is picked) its current full- and part-time staff. The register is
    loaded only when the person chooses to pick a platform: typed figures need none of it. Someone not bound to
    a county picks the county first, so the platform picker offers one county's platforms, not the city's."""
    source = st.radio(t("sf.source"), ["manual", "platform"], key="sf_source", horizontal=True,
                      format_func=lambda s: t(f"sf.source.{s}"))
    if source == "platform":
        picked = _platform(_county(own_county, counties), load_platforms)
        if picked is not None:
            return picked
    a, b = st.columns(2)
    level = a.selectbox(t("sf.level"), LEVELS, index=2, key="sf_level", format_func=lambda c: code_label("level", c))
    population = b.number_input(t("sf.population"), min_value=0, max_value=10_000_000, value=32_000, step=1_000,
                                key="sf_population")
    return level, int(population), None, None


def _county(own_county: str | None, counties: Callable[[], dict[str, str]]) -> str | None:
    if own_county:
        return own_county
    names = counties()
    if not names:
        return None
    hold("sf_county", list(names))
    return st.selectbox(t("sf.county"), list(names), key="sf_county", format_func=names.get)


def _platform(county: str | None, load_platforms) -> tuple[str, int, int, int] | None:
    platforms = load_platforms(county) if county else None
    if platforms is None or platforms.empty:
        return None
    codes = platforms["code"].tolist()  # as lists at once: a county's 9,000 values one by one are slow
    hold("sf_platform", codes)  # by code: a platform renamed meanwhile stays picked
    names = dict(zip(codes, platforms["name"].tolist(), strict=True))
    code = st.selectbox(t("sf.platform"), codes, key="sf_platform", format_func=lambda c: f"{c} {names[c]}")
    row = platforms.iloc[codes.index(code)]
    return row["level"], int(row["service_population"]), int(row["staff_full_time"]), int(row["staff_part_time"])


def result(level: str, population: int, standard) -> None:
    """Required staff by the standard in force: its staffing numbers and its reading of R-STAFF-2 come first;
    where the other reading gives another figure, both are shown."""
    partial_first = standard.partial_increment
    need = standard.staff_requirement(level, population)
    a, b, c = st.columns(3)
    a.metric(t("sf.required"), num(need.total))
    b.metric(t("sf.min_full_time"), num(need.min_full_time))
    c.metric(t("sf.clause"), code_label("clause", need.clause))
    st.markdown(f"**{t('sf.working')}**:{plain(need.working_zh if lang() == 'zh' else need.working_en)}")
    if standard.staff_rule(level) == "community":
        st.caption(t("sf.community_range"))
    full, partial = (standard.staff_requirement(level, population, partial_increment=p).total for p in (False, True))
    if full != partial:
        used = t("sf.reading.used")
        st.warning(f"{t('sf.readings')}\n\n- {t('sf.reading.full', n=full)}{'' if partial_first else used}\n"
                   f"- {t('sf.reading.partial', n=partial)}{used if partial_first else ''}\n\n{t('sf.readings_why')}")


def what_if(level: str, population: int, actual_full: int | None, actual_part: int | None, standard) -> None:
    st.subheader(t("sf.whatif"))
    a, b, c, d = st.columns(4)
    growth = a.number_input(t("sf.growth"), min_value=-50.0, max_value=50.0, value=3.0, step=0.5, key="sf_growth")
    years = b.number_input(t("sf.years"), min_value=0, max_value=MAX_YEARS, value=5, step=1, key="sf_years")
    # keyed by the platform, so picking another platform brings in its own staff figures
    suffix = st.session_state.get("sf_platform") if st.session_state.get("sf_source") == "platform" else "manual"
    full = c.number_input(t("sf.actual_full"), min_value=0, max_value=1_000, step=1, key=f"sf_full_{suffix}",
                          value=actual_full if actual_full is not None else 1)
    part = d.number_input(t("sf.actual_part"), min_value=0, max_value=1_000, step=1, key=f"sf_part_{suffix}",
                          value=actual_part if actual_part is not None else 1)
    try:
        rows = scenarios(level, population, growth_pct=Decimal(str(growth)), years=int(years),
                         actual_full=int(full), actual_part=int(part), standard=standard)
    except ValueError as problem:
        st.error(t("sf.bad_whatif", reason=str(problem)))
        return
    st.dataframe(_table(rows), hide_index=True, width="stretch")


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame([{
        t("sf.col.scenario"): t(f"sf.scenario.{s.key}", n=s.years),
        t("sf.col.reading"): t("sf.reading_short.partial" if s.partial_increment else "sf.reading_short.full"),
        t("sf.col.population"): num(s.population), t("sf.col.required"): s.required,
        t("sf.col.actual"): s.actual, t("sf.col.gap"): s.gap,
        t("sf.working"): s.working_zh if lang() == "zh" else s.working_en,
    } for s in rows])
