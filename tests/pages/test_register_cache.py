"""Screens read the judged register through a cache keyed by the store revision: a rerun that changes no data
builds nothing, and a write by anyone, in this process or another, shows on the next rerun."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ui.data
from logic.authz import SYSTEM
from models.db import write_session
from models.platforms import create_platform
from tests.pages.conftest import OWN, open_page

ROOT = Path(__file__).resolve().parents[2]
OVERVIEW = "pages/overview.py"


def _street(code: str) -> dict:
    return dict(code=f"{OWN}-{code}", name=f"{code}街道", level="street", county_code=OWN)


@pytest.fixture
def builds(monkeypatch):
    """How many times a screen read a judged register whole (the cached work), and how many times it brought a
    kept one up to date (`builds.refreshed`)."""
    calls = Reads()
    real, bring = ui.data.judged_register, ui.data.refreshed

    def counting(session, year, county_code=None):
        calls.append((year, county_code))
        return real(session, year, county_code)

    def refreshing(session, old):
        calls.refreshed.append(old.year)
        return bring(session, old)
    monkeypatch.setattr(ui.data, "judged_register", counting)
    monkeypatch.setattr(ui.data, "refreshed", refreshing)
    return calls


class Reads(list):
    def __init__(self):
        super().__init__()
        self.refreshed: list[int] = []


def _registered(at) -> int:
    return int(at.dataframe[0].value.loc["翠屏区", ("已登记", "街道")])


def test_a_rerun_without_a_write_builds_nothing(app_store, builds):
    with write_session(app_store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=_street("C1"))
    at = open_page("viewer", OVERVIEW)
    assert not at.exception and len(builds) == 1
    at.run()
    at.run()
    assert not at.exception and len(builds) == 1
    assert _registered(at) == 1


def test_a_write_in_this_process_shows_on_the_next_rerun(app_store, builds):
    with write_session(app_store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=_street("C1"))
    at = open_page("viewer", OVERVIEW)
    with write_session(app_store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=_street("C2"))
    at.run()
    assert not at.exception and _registered(at) == 2
    assert len(builds) == 1 and len(builds.refreshed) == 1  # brought up to date, not read again whole


@pytest.mark.both_stores  # several app processes sharing one server is the PostgreSQL deployment
def test_a_write_in_another_process_shows_on_the_next_rerun(app_store, builds):
    with write_session(app_store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=_street("C1"))
    at = open_page("viewer", OVERVIEW)
    assert _registered(at) == 1
    url = app_store.url.render_as_string(hide_password=False)
    code = textwrap.dedent(f"""
        from logic.authz import SYSTEM
        from models.db import make_engine, write_session
        from models.platforms import create_platform
        engine = make_engine({url!r})
        with write_session(engine, SYSTEM) as session:
            create_platform(session=session, actor=SYSTEM, facts={_street("C2")!r})
        engine.dispose()
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
    at.run()
    assert not at.exception and _registered(at) == 2


def test_functions_kept_per_revision_keep_their_own_answers_and_see_a_write(app_store):
    """ui.data.per_revision: two kept functions with the same arguments never answer for each other, a rerun
    without a write works nothing out again, and a write moves every kept answer on."""
    from ui.data import per_revision
    calls = []

    @per_revision(4)
    def doubled(n):
        calls.append("doubled")
        return 2 * n

    @per_revision(4)
    def tripled(n):
        calls.append("tripled")
        return 3 * n

    assert (doubled(5), tripled(5), doubled(5), tripled(5)) == (10, 15, 10, 15)
    assert calls == ["doubled", "tripled"]
    with write_session(app_store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=_street("C9"))
    assert (doubled(5), tripled(5)) == (10, 15) and calls == ["doubled", "tripled", "doubled", "tripled"]
