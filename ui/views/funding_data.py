"""What the funding screens load: rows and sums from the store (models.funding, .pay, .platforms, .settings),
never SQL in a page, and what logic/ judges on them (R-8.6's list and counts, the pay checks). Each is cached
by the store revision (as ui.data.judged is): a rerun that changes no data reads and judges nothing again, and
a write from any session or process moves the revision, so the next rerun reads afresh. Also the shared look of
money: exact Decimal yuan from integer fen, shown with thousands separators."""
from decimal import Decimal

import pandas as pd
import streamlit as st

from logic import funding as F, pay_checks as P
from logic.funding import funding_label, yuan
from models import funding as funding_store, pay as pay_store
from models.counties import county_names
from models.db import database_url, read_session
from models.platforms import platform_names
from models.settings import SCOPE_KEY, TOLERANCE_KEY, balance_scope, benchmarks_versioned, setting_versions, tolerance
from ui.data import revision
from ui.i18n import lang
from ui.store import engine


def _settings(session) -> tuple[dict[int, int], Decimal, str, dict]:
    versioned, settings = benchmarks_versioned(session), setting_versions(session)
    versions = {"benchmark": {year: version for year, (_, version) in versioned.items()},
                TOLERANCE_KEY: settings.get(TOLERANCE_KEY), SCOPE_KEY: settings.get(SCOPE_KEY)}
    bench = {year: fen for year, (fen, _) in versioned.items()}
    return bench, tolerance(session), balance_scope(session), versions


def _without_work_funds(session, county: str | None, year: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """R-8.6: the platforms without secured work funds in `year`, and for one county how many there were in
    each year it has lines (the whole city's counts go by county, from the table)."""
    places = funding_store.funded_platforms(session, county)
    by_year = F.secured_by_year(funding_store.work_fund_sums(session, county_code=county,
                                                            year=None if county else year))
    counts = {}
    if county:
        years = funding_store.line_sums(session, ("year",), county_code=county)["year"]
        counts = {int(y): F.count_without_work_funds(places, by_year.get(int(y), {})) for y in years}
    return F.without_work_funds(places, by_year.get(year, {})), counts


def _pay_checks(session, county: str | None, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """R-FUND-3, -4 and -6 in `year` (the year before read too, for the declines)."""
    bench, tol, scope, _ = _settings(session)
    pay = pay_store.pay_frame(session, county, (year - 1, year))
    return (P.below_benchmark(pay[pay["year"] == year], bench), P.imbalance(pay, year, tolerance=tol, scope=scope),
            P.declines(pay, year))


READERS = {  # name -> (session, *arguments) -> what the screen shows
    "lines": lambda s, county, year, category, rows: funding_store.lines_frame(
        s, county_code=county, year=year, category=category, rows=None if rows is None else slice(*rows)),
    "count": lambda s, county, year: funding_store.count_lines(s, county_code=county, year=year),
    "sums": lambda s, by, county, year, source: funding_store.line_sums(
        s, by, county_code=county, year=year, source=source),
    "names": lambda s, county: platform_names(s, county),
    "labels": lambda s, county: {code: f"{code} {name}" for code, name in platform_names(s, county).items()},
    "counties": lambda s: county_names(s),
    "pay_versions": lambda s, county, year: pay_store.pay_versions(s, county, year),
    "people": lambda s, county: {int(i): f"{n}({p})" for i, n, p in pay_store.paid_people(s, county).itertuples(
        index=False)},
    "pay_settings": _settings,
    "no_work_funds": _without_work_funds,
    "pay_checks": _pay_checks,
}


RUN_REVISION = "fd_run_revision"


def start_run() -> None:
    """Read the store revision once for this run of the screen. Its writes all happen in button callbacks,
    which run before the script, so every read of the run is keyed by the revision after them."""
    st.session_state[RUN_REVISION] = revision()


def _read(name: str, *args):
    token = st.session_state.get(RUN_REVISION)
    return _cached(database_url(), revision() if token is None else token, name, args)


@st.cache_data(max_entries=96, show_spinner=False)
def _cached(url: str, revision_token: int, name: str, args: tuple):
    # url and revision_token only key the cache: the store at that revision gives the same rows
    with read_session(engine()) as session:
        return READERS[name](session, *args)


def lines(county_code: str | None = None, year: int | None = None, category: str | None = None,
          rows: slice | None = None) -> pd.DataFrame:
    """The lines (`rows`: those rows only, a page of them)."""
    return _read("lines", county_code, year, category, None if rows is None else (rows.start, rows.stop))


def count_lines(county_code: str | None = None, year: int | None = None) -> int:
    return _read("count", county_code, year)


def sums(by: tuple[str, ...], county_code: str | None = None, year: int | None = None,
         source: str | None = None) -> pd.DataFrame:
    """Budgeted, allocated, spent and the number of lines per group, summed by the store (models.funding)."""
    return _read("sums", tuple(by), county_code, year, source)


def names(county_code: str | None = None) -> dict[str, str]:
    """Platform code -> name (of one county)."""
    return _read("names", county_code)


def labels(county_code: str | None = None) -> dict[str, str]:
    """Platform code -> "code name" (of one county), made once per revision: a province's county has thousands
    of platforms for the ledger's pickers."""
    return _read("labels", county_code)


def counties() -> dict[str, str]:
    """County code -> name in the current language, in the bureau's order."""
    return {code: pair[0] if lang() == "zh" else pair[1] for code, pair in _read("counties").items()}


def without_work_funds(county_code: str | None, year: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """The platforms (of one county) without secured work funds in `year` (R-8.6, logic.funding's rule), and
    for a county how many there were in each year it has lines."""
    return _read("no_work_funds", county_code, year)


def pay_checks(county_code: str | None, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Below the benchmark, imbalance and declines in `year` (logic.pay_checks), with the settings now."""
    return _read("pay_checks", county_code, year)


def pay_versions(county_code: str, year: int) -> dict[int, int]:
    """{person id: version} of a county's pay records of `year`."""
    return _read("pay_versions", county_code, year)


def people(county_code: str) -> dict[int, str]:
    """Off-establishment people still on the staff of one county (whose pay the checks judge): id -> "name
    (platform)"."""
    return _read("people", county_code)


def pay_settings() -> tuple[dict[int, int], Decimal, str, dict]:
    """The benchmarks, tolerance and scope, and the versions a settings form saves against (one read)."""
    return _read("pay_settings")


def money(fen) -> str:
    """1234567 fen -> "12,345.67" (exact: Decimal formatting, never a float)."""
    if fen is None or (isinstance(fen, float) and pd.isna(fen)):
        return "—"
    return f"{yuan(fen):,}"


def rate(value) -> str:
    return "—" if value is None or (isinstance(value, float) and pd.isna(value)) else f"{value}"


def label(kind: str, code) -> str:
    return funding_label(kind, code, lang())
