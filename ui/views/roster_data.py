"""What the roster screen reads on every run, cached by the store revision (ui.data.revision) and scope.

A rerun that changes no data reuses the platforms of the county and the R-PERS lists; a committed write from
any process moves the revision, so the next run reads them again. The cached tables are shared between
sessions (st.cache_resource: no copy per run, which at a province's 60,000 platforms is most of the time):
callers read them and never change them in place.
"""
import pandas as pd

from models.db import read_session
from models.people_frames import flag_frames
from models.platforms import platform_places
from ui.data import per_revision
from ui.store import engine


@per_revision(16, shared=True)
def places(county_code: str | None) -> pd.DataFrame:
    """Every platform of the county (of the city: None) with its street/township (models.platform_places)."""
    with read_session(engine()) as session:
        return platform_places(session, county_code)


@per_revision(16, shared=True)
def flags(year: int, county_code: str | None) -> dict[str, pd.DataFrame]:
    """The R-PERS lists of `year` for one county or the city (models.people_frames.flag_frames)."""
    with read_session(engine()) as session:
        return flag_frames(session, year, county_code)
