"""The one cached engine of the app (DESIGN: create it once, open short sessions per action)."""
import streamlit as st
from sqlalchemy.engine import Engine

from models.db import database_url, is_demo_url, make_engine
from models.migrate import upgrade
from models.seed import init_database

_CREATED: list[Engine] = []


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    _CREATED.append(engine)
    upgrade(engine)  # the schema at the latest migration, then the reference rows
    init_database(engine)
    if is_demo_url(url):
        from models.demo_setup import ensure_demo
        ensure_demo(engine)
    return engine


def engine() -> Engine:
    return _engine_for(database_url())


def is_demo() -> bool:
    return is_demo_url(database_url())


def release_engines() -> None:
    """Close every engine this process made and forget them (tests switch databases between runs)."""
    _engine_for.clear()
    st.cache_data.clear()  # frames cached by store revision belong to the databases being let go
    while _CREATED:
        _CREATED.pop().dispose()
