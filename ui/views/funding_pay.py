"""The pay-checks tab: R-FUND-3 (below the benchmark), R-FUND-4 (imbalance within a street/township) and
R-FUND-6 (declines), each with the figures behind it; the benchmark and tolerance settings for a city admin."""
from datetime import date

import pandas as pd
import streamlit as st

from logic import pay_checks as P
from logic.authz import county_written
from models.locking import NEW
from models.pay import set_pay
from models.settings import SCOPE_KEY, TOLERANCE_KEY, set_balance_scope, set_benchmark, set_tolerance
from ui.guard import may
from ui.i18n import t, t_text
from ui.paging import paged_table
from ui.pickers import hold
from ui.views import funding_data as data
from ui.views.funding_ledger import known_years, pick_county, pick_year, show_result, write

RESULT = "fd_p_result"


def show(actor) -> None:
    a, b = st.columns(2)
    with a:
        county = pick_county(actor, "fd_p_county", whole_city=True)
    with b:
        year = pick_year("fd_p_year", known_years(), all_years=False, default=date.today().year)
    st.caption(t("fd.pay.interpretation"))
    show_result(RESULT)
    bench, tolerance, scope, versions = data.pay_settings()
    if year in bench:
        st.markdown(t("fd.pay.benchmark_is", year=year, amount=data.money(bench[year])))
    else:
        st.warning(t("fd.pay.no_benchmark", year=year))
    st.caption(t("fd.pay.settings_now", tolerance=tolerance, scope=t(f"fd.pay.scope.{scope}")))
    if may(actor, "administer"):
        _settings(actor, year, bench, tolerance, scope, versions)
    pay_county = county_written(actor, county)
    if pay_county and may(actor, "edit", pay_county):
        _pay_form(actor, pay_county, year)
    below, imbalance, declines = data.pay_checks(county, year)
    names = data.counties()
    places = data.names(county)
    _list("fd.pay.below", below, lambda r, m: _below(r, names, m), f"below_{year}", "b")
    _list("fd.pay.imbalance", imbalance, lambda r, m: _imbalance(r, names, places, m), f"imbalance_{year}", "i")
    _list("fd.pay.declines", declines, lambda r, m: _declines(r, names, m), f"declines_{year}", "d")


def _amount(fen):
    """Exact yuan for a file (a number cell to the fen); blank when missing."""
    return None if fen is None or pd.isna(fen) else data.yuan(fen)


def _list(title_key: str, rows: pd.DataFrame, worded, stem: str, key: str) -> None:
    """A check's list, a page at a time (a whole province can list thousands), with all of it to download.
    `worded(rows, money)`: the screen words amounts with data.money, the file keeps them as numbers."""
    st.subheader(t(title_key, n=len(rows)))
    if rows.empty:
        st.caption(t("fd.pay.none"))
        return
    paged_table(rows, f"fd_p_{key}", shown=lambda r: worded(r, data.money), export_stem=stem,
                export_title=t_text(title_key, n=len(rows)), exported=lambda r: worded(r, _amount),
                hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 320))


def _who(rows: pd.DataFrame, names: dict) -> dict:
    return {t("fd.col.person"): rows["name"], t("fd.col.platform"): rows["platform_code"] + " " + rows["platform_name"],
            t("fd.col.county"): rows["county_code"].map(names.get)}


def _below(rows: pd.DataFrame, names: dict, money) -> pd.DataFrame:
    return pd.DataFrame({**_who(rows, names), t("fd.col.pay"): rows["monthly_pay_fen"].map(money),
                         t("fd.col.benchmark"): rows["benchmark_fen"].map(money),
                         t("fd.col.shortfall"): rows["shortfall_fen"].map(money)})


def _imbalance(rows: pd.DataFrame, names: dict, places: dict, money) -> pd.DataFrame:
    return pd.DataFrame({
        t("fd.col.centre"): rows["centre_code"].map(lambda c: f"{c} {places.get(c, '')}"),
        t("fd.col.county"): rows["county_code"].map(names.get), t("fd.col.people"): rows["people"],
        t("fd.col.lowest"): rows["lowest_fen"].map(money), t("fd.col.lowest_name"): rows["lowest_name"],
        t("fd.col.highest"): rows["highest_fen"].map(money), t("fd.col.highest_name"): rows["highest_name"],
        t("fd.col.ratio"): rows["ratio"].map(data.rate), t("fd.col.tolerance"): rows["tolerance"].map(str)})


def _declines(rows: pd.DataFrame, names: dict, money) -> pd.DataFrame:
    return pd.DataFrame({**_who(rows, names), t("fd.col.previous"): rows["previous_fen"].map(money),
                         t("fd.col.pay"): rows["monthly_pay_fen"].map(money),
                         t("fd.col.change"): rows["change_fen"].map(money)})


def _settings(actor, year: int, bench: dict, tolerance, scope: str, versions: dict) -> None:
    with st.expander(t("fd.pay.settings")):
        with st.form("fd_p_bench_form"):
            a, b = st.columns(2)
            a.number_input(t("fd.year"), min_value=2000, max_value=2100, step=1, value=year, key="fd_p_bench_year")
            b.text_input(t("fd.pay.benchmark_amount"), key="fd_p_bench_amount",
                         value=str(data.yuan(bench[year])) if year in bench else "")
            st.form_submit_button(t("fd.pay.set_benchmark"), key="fd_p_bench_submit", on_click=_save_benchmark,
                                  args=(actor, versions["benchmark"]))
        with st.form("fd_p_tol_form"):
            a, b = st.columns(2)
            a.text_input(t("fd.field.tolerance"), value=str(tolerance), key="fd_p_tolerance")
            b.radio(t("fd.field.scope"), P.SCOPES, index=P.SCOPES.index(scope), key="fd_p_scope",
                    format_func=lambda s: t(f"fd.pay.scope.{s}"))
            st.form_submit_button(t("fd.pay.set_tolerance"), key="fd_p_tol_submit", on_click=_save_tolerance,
                                  args=(actor, versions))


def _save_benchmark(actor, seen: dict) -> None:
    """`seen`: {year: version} of the benchmarks the screen showed; a year it showed none of is NEW."""
    year, amount = int(st.session_state["fd_p_bench_year"]), st.session_state["fd_p_bench_amount"]
    write(actor, lambda s: set_benchmark(session=s, actor=actor, year=year, amount=amount,
                                         expected_version=seen.get(year, NEW)),
          lambda _: t("fd.pay.settings_saved"), RESULT)


def _save_tolerance(actor, versions: dict) -> None:
    value, scope = st.session_state["fd_p_tolerance"], st.session_state["fd_p_scope"]

    def both(session):
        set_tolerance(session=session, actor=actor, value=value,
                      expected_version=versions[TOLERANCE_KEY] or NEW)
        set_balance_scope(session=session, actor=actor, scope=scope, expected_version=versions[SCOPE_KEY] or NEW)

    write(actor, both, lambda _: t("fd.pay.settings_saved"), RESULT)


def _pay_form(actor, county: str, year: int) -> None:
    """A year's average monthly pay of one off-establishment person (the record R-FUND-3/4/6 judge), for the
    year picked above: the form saves against the records of that year as shown (NEW where a person has none)."""
    labels = data.people(county)
    if not labels:
        return
    seen = data.pay_versions(county, year)
    with st.expander(t("fd.pay.record")):
        with st.form("fd_p_pay_form"):
            a, b, c = st.columns([2, 1, 1])
            hold("fd_p_person", list(labels))  # by id: a person renamed or moved meanwhile stays picked
            a.selectbox(t("fd.col.person"), list(labels), key="fd_p_person", format_func=labels.get)
            b.markdown(t("fd.pay.record_year", year=year))
            c.text_input(t("fd.col.pay"), key="fd_p_pay_amount")
            st.form_submit_button(t("fd.pay.save_record"), key="fd_p_pay_submit", on_click=_save_pay,
                                  args=(actor, year, seen))


def _save_pay(actor, year: int, seen: dict[int, int]) -> None:
    person, amount = st.session_state["fd_p_person"], st.session_state["fd_p_pay_amount"]
    write(actor, lambda s: set_pay(session=s, actor=actor, person_id=person, year=year, amount=amount,
                                   expected_version=seen.get(int(person), NEW)),
          lambda _: t("fd.pay.record_saved"), RESULT)
