"""What the funding screens load: rows from the store (models.funding, .pay, .settings), never SQL in a page.
Also the shared look of money: exact Decimal yuan from integer fen, shown with thousands separators."""
from decimal import Decimal

import pandas as pd

from logic.funding import funding_label, yuan
from models.db import read_session
from models.funding import lines_frame
from models.pay import pay_frame
from models.people_frames import people_frame
from models.platforms import platforms_frame
from models.settings import SCOPE_KEY, TOLERANCE_KEY, balance_scope, benchmarks_versioned, setting_versions, tolerance
from ui.i18n import lang
from ui.store import engine


def lines(county_code: str | None = None, year: int | None = None) -> pd.DataFrame:
    with read_session(engine()) as session:
        return lines_frame(session, county_code=county_code, year=year)


def platforms(county_code: str | None = None) -> pd.DataFrame:
    with read_session(engine()) as session:
        return platforms_frame(session, county_code)


def pay(county_code: str | None = None) -> pd.DataFrame:
    with read_session(engine()) as session:
        return pay_frame(session, county_code)


def people(county_code: str) -> pd.DataFrame:
    """Off-establishment people still on the staff of one county (whose pay the checks judge)."""
    with read_session(engine()) as session:
        frame = people_frame(session, county_code=county_code)
    return frame[frame["establishment"] == "off"]


def pay_settings() -> tuple[dict[int, int], Decimal, str, dict]:
    """The benchmarks, tolerance and scope, and the versions a settings form saves against (one read)."""
    with read_session(engine()) as session:
        versioned, settings = benchmarks_versioned(session), setting_versions(session)
        versions = {"benchmark": {year: version for year, (_, version) in versioned.items()},
                    TOLERANCE_KEY: settings.get(TOLERANCE_KEY), SCOPE_KEY: settings.get(SCOPE_KEY)}
        bench = {year: fen for year, (fen, _) in versioned.items()}
        return bench, tolerance(session), balance_scope(session), versions


def money(fen) -> str:
    """1234567 fen -> "12,345.67" (exact: Decimal formatting, never a float)."""
    if fen is None or (isinstance(fen, float) and pd.isna(fen)):
        return "—"
    return f"{yuan(fen):,}"


def rate(value) -> str:
    return "—" if value is None or (isinstance(value, float) and pd.isna(value)) else f"{value}"


def label(kind: str, code) -> str:
    return funding_label(kind, code, lang())
