"""What the roster screen reads on every run, cached by the store revision (ui.data.revision) and scope.

A rerun that changes no data reuses the platforms of the county and the R-PERS lists; a committed write from
any process moves the revision, so the next run reads them again. The cached tables are shared between
sessions (st.cache_resource: no copy per run, which at a province's 60,000 platforms is most of the time):
callers read them and never change them in place.
"""
import pandas as pd
import streamlit as st

from models.db import database_url, read_session
from models.people_frames import flag_frames
from models.platforms import platform_places
from ui.data import revision
from ui.store import engine


def places(county_code: str | None) -> pd.DataFrame:
    """Every platform of the county (of the city: None) with its street/township (models.platform_places)."""
    return _places(database_url(), revision(), county_code)


def flags(year: int, county_code: str | None) -> dict[str, pd.DataFrame]:
    """The R-PERS lists of `year` for one county or the city (models.people_frames.flag_frames)."""
    return _flags(database_url(), revision(), year, county_code)


# url and revision_token only key the caches: the store at that revision gives the same tables
@st.cache_resource(max_entries=16, show_spinner=False)
def _places(url: str, revision_token: int, county_code: str | None) -> pd.DataFrame:
    with read_session(engine()) as session:
        return platform_places(session, county_code)


@st.cache_resource(max_entries=16, show_spinner=False)
def _flags(url: str, revision_token: int, year: int, county_code: str | None) -> dict[str, pd.DataFrame]:
    with read_session(engine()) as session:
        return flag_frames(session, year, county_code)
