"""Loads what screens show: rows from the store, verdicts from logic/ (never SQL or rules in a page).

The judged register is cached by the store revision (models.revision): a rerun that changes no data reuses
it, and any committed write, from this process or another, moves the revision so the next rerun rebuilds.
"""
from datetime import date

import pandas as pd
import streamlit as st

from models.counties import county_names
from models.db import database_url, read_session
from models.judged_register import JudgedRegister, judged_register
from models.register_history import RegisterAsOf
from models.revision import store_revision
from models.standards import standard_in_force
from ui.i18n import lang
from ui.store import engine


def counties() -> dict[str, str]:
    """code -> name in the current language, in the bureau's order."""
    with read_session(engine()) as session:
        names = county_names(session)
    return {code: pair[0] if lang() == "zh" else pair[1] for code, pair in names.items()}


def revision() -> int:
    with read_session(engine()) as session:
        return store_revision(session)


def judged(year: int | None = None, county_code: str | None = None) -> JudgedRegister:
    """The judged register of `year` (this year by default) for one county or the city, as of now."""
    return _judged(database_url(), revision(), year or date.today().year, county_code)


@st.cache_data(max_entries=48, show_spinner=False)
def _judged(url: str, revision_token: int, year: int, county_code: str | None) -> JudgedRegister:
    # url and revision_token only key the cache: the store at that revision gives the same register
    with read_session(engine()) as session:
        return judged_register(session, year, county_code)


def platforms_with_verdicts(county_code: str | None = None, year: int | None = None) -> tuple[pd.DataFrame, str]:
    """Every platform (of one county, or the city) with its eight-haves verdict in `year` (this year by
    default), and the standard used. Staff counts come from the roster where one is kept (R-8.3, column
    `staff_from_roster`), work funds from the year's funding lines where there are any (R-8.6, column
    `work_funds_from_lines`). A past year is judged on the register as it stood at that year's end."""
    register = judged(year, county_code)
    return register.frame, register.standard.label


def register_for_year(year: int, county_code: str | None = None) -> tuple[pd.DataFrame, str, RegisterAsOf | None]:
    """platforms_with_verdicts for `year`, the label of the standard in force that year, and for a past year
    how its register was read back from the audit trail (None for this year: the live register)."""
    register = judged(year, county_code)
    return register.frame, register.standard.label, register.past


def current_standard():
    with read_session(engine()) as session:
        return standard_in_force(session)
