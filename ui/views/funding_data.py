"""What the funding screens load: rows and sums from the store (models.funding, .pay, .platforms, .settings),
never SQL in a page. Each read is cached by the store revision (as ui.data.judged is): a rerun that changes no
data reads nothing again, and a write from any session or process moves the revision, so the next rerun reads
afresh. Also the shared look of money: exact Decimal yuan from integer fen, shown with thousands separators."""
from decimal import Decimal

import pandas as pd
import streamlit as st

from logic.funding import funding_label, yuan
from models import funding as funding_store, pay as pay_store
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


READERS = {  # name -> (session, *arguments) -> what the screen shows
    "lines": lambda s, county, year, category: funding_store.lines_frame(
        s, county_code=county, year=year, category=category),
    "sums": lambda s, by, county, year, source: funding_store.line_sums(
        s, by, county_code=county, year=year, source=source),
    "work_funds": lambda s, county, year: funding_store.work_fund_sums(s, county_code=county, year=year),
    "platforms": lambda s, county: funding_store.funded_platforms(s, county),
    "names": lambda s, county: platform_names(s, county),
    "pay": lambda s, county, years: pay_store.pay_frame(s, county, years),
    "pay_versions": lambda s, county: pay_store.pay_versions(s, county),
    "people": lambda s, county: pay_store.paid_people(s, county),
    "pay_settings": _settings,
}


def _read(name: str, *args):
    return _cached(database_url(), revision(), name, args)


@st.cache_data(max_entries=96, show_spinner=False)
def _cached(url: str, revision_token: int, name: str, args: tuple):
    # url and revision_token only key the cache: the store at that revision gives the same rows
    with read_session(engine()) as session:
        return READERS[name](session, *args)


def lines(county_code: str | None = None, year: int | None = None, category: str | None = None) -> pd.DataFrame:
    return _read("lines", county_code, year, category)


def sums(by: tuple[str, ...], county_code: str | None = None, year: int | None = None,
         source: str | None = None) -> pd.DataFrame:
    """Budgeted, allocated, spent and the number of lines per group, summed by the store (models.funding)."""
    return _read("sums", tuple(by), county_code, year, source)


def work_fund_sums(county_code: str | None = None, year: int | None = None) -> pd.DataFrame:
    return _read("work_funds", county_code, year)


def platforms(county_code: str | None = None) -> pd.DataFrame:
    """code, name, level, county_code and the entered work-funds flag of every platform (of one county)."""
    return _read("platforms", county_code)


def names(county_code: str | None = None) -> dict[str, str]:
    """Platform code -> name (of one county)."""
    return _read("names", county_code)


def pay(county_code: str | None = None, years: tuple[int, ...] | None = None) -> pd.DataFrame:
    return _read("pay", county_code, tuple(years) if years is not None else None)


def pay_versions(county_code: str) -> dict[tuple[int, int], int]:
    return _read("pay_versions", county_code)


def people(county_code: str) -> pd.DataFrame:
    """Off-establishment people still on the staff of one county (whose pay the checks judge)."""
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
