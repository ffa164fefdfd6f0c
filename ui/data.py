"""Loads what screens show: rows from the store, verdicts from logic/ (never SQL or rules in a page).

The judged register is kept per (database, year, county) with the store revision it was read at
(models.revision): a rerun that changes no data reuses it, and any committed write, from this process or
another, moves the revision, so the next rerun brings it up to date — the rows of the platforms the writes
touched read again (models.judged_register.refreshed), or the whole register when a write may change every verdict.
"""
import functools
import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from models.counties import county_names
from models.db import database_url, read_session
from models.judged_register import JudgedRegister, judged_register, refreshed
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


def per_revision(max_entries: int = 16, shared: bool = False):
    """Keeps what `fn` works out from the store by the database and the store revision as well as its arguments:
    a rerun that changed no data works nothing out again, and a write by anyone, in any process, is seen on the
    next rerun. `shared`: one copy handed to every caller (st.cache_resource; they must not change it), for
    tables too big to copy on every rerun; otherwise each caller gets its own copy (st.cache_data)."""
    def keep(fn):
        def by_store(url: str, revision_token: int, *args):  # url and revision_token only key the cache
            return fn(*args)
        # Streamlit tells cached functions apart by module and qualified name: each kept function its own cache
        by_store.__module__, by_store.__qualname__ = fn.__module__, f"{fn.__qualname__}.by_store"
        cache = st.cache_resource if shared else st.cache_data
        cached = cache(max_entries=max_entries, show_spinner=False)(by_store)

        @functools.wraps(fn)
        def now(*args):
            return cached(database_url(), revision(), *args)
        now.clear = cached.clear
        return now
    return keep


KEPT = 24  # registers kept: the city's and the counties' of this year and a few past ones


class Registers:
    """The registers this process has read, newest use last; one lock per key, so two sessions asking for the
    same register while it is read wait for one read, and other keys are not held up."""

    def __init__(self):
        self.kept: OrderedDict[tuple, tuple[int, JudgedRegister]] = OrderedDict()
        self.locks: dict[tuple, threading.Lock] = {}
        self.guard = threading.Lock()

    def get(self, key: tuple, token: int) -> JudgedRegister:
        with self.guard:
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            held = self.kept.get(key)
            if held is None or held[0] != token:
                with read_session(engine()) as session:
                    register = refreshed(session, held[1]) if held else judged_register(session, key[1], key[2])
                held = (token, register)
            with self.guard:
                self.kept[key] = held
                self.kept.move_to_end(key)
                while len(self.kept) > KEPT:
                    self.kept.popitem(last=False)
            return held[1]


@st.cache_resource(show_spinner=False)
def _registers() -> Registers:
    return Registers()


def forget_registers() -> None:
    """Drop every kept register (a test that puts another database at the same address)."""
    _registers.clear()


def judged(year: int | None = None, county_code: str | None = None) -> JudgedRegister:
    """The judged register of `year` (this year by default) for one county or the city, as of now. Its frame is
    the caller's to change (a copy-on-write view: the kept register never sees a change made to it)."""
    # the token is read before the register: a write in between is applied again on the next rerun, never missed
    register = _registers().get((database_url(), year or date.today().year, county_code), revision())
    return replace(register, frame=register.frame.copy(deep=False))


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
