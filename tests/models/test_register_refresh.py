"""A cached register brought up to date from the writes since it was read (models.judged_register.refreshed)
is the register a fresh read gives: after platform edits and moves, roster moves and leavers, new platforms and
funding lines; and it is read again whole when a standard changes, after a restore's new epoch, for a past year.
Runs on SQLite and PostgreSQL (the `store` fixture)."""
from datetime import date

import pandas as pd
import pytest
from sqlmodel import select

from logic.authz import SYSTEM
from models.db import read_session, write_session
from models.funding import add_line
from models.judged_register import judged_register, refreshed
from models.people import Person, leave_person, move_person
from models.platforms import create_platform, update_platform
from models.revision import new_epoch
from models.tables import Platform
from tests.conftest import small_demo, store_with

pytestmark = pytest.mark.slow
YEAR = date.today().year


@pytest.fixture
def demo(store):
    """The small demo, a copy of one seeded once per process (tests.conftest.store_with)."""
    engine = store_with(store, small_demo)
    yield engine
    engine.dispose()


def _fresh(engine, county=None):
    with read_session(engine) as session:
        return judged_register(session, YEAR, county)


def _brought_up(engine, old):
    with read_session(engine) as session:
        return refreshed(session, old)


def _same(a, b) -> None:
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.position == b.position and a.standard == b.standard


def _platforms(engine, county=None, level=None) -> list[Platform]:
    with read_session(engine) as session:
        query = select(Platform).order_by(Platform.code)
        if county:
            query = query.where(Platform.county_code == county)
        if level:
            query = query.where(Platform.level.in_(level.split("|")))
        return list(session.exec(query))


def _a_day_of_writes(engine) -> None:
    """Every kind of write that changes some platforms' rows, by the city administrator (SYSTEM)."""
    first, second, *_ = _platforms(engine, level="community")
    with write_session(engine, SYSTEM) as s:  # an edit that flips a verdict
        update_platform(session=s, actor=SYSTEM, code=first.code, facts={"area_m2": 1.0, "network_connected": False},
                        expected_version=first.version)
    with write_session(engine, SYSTEM) as s:  # a platform moved to another county
        other = next(p for p in _platforms(engine, level="street|township") if p.county_code != second.county_code)
        update_platform(session=s, actor=SYSTEM, code=second.code,
                        facts={"county_code": other.county_code, "parent_code": other.code},
                        expected_version=second.version)
    touched = {first.code, second.code}
    villages = _platforms(engine, level="village")
    with write_session(engine, SYSTEM) as s:  # people moved and leaving, on platforms no other write touches
        people = [p for p in s.exec(select(Person).where(Person.left_on.is_(None)).order_by(Person.id))
                  if p.platform_code not in touched]
        mover = people[0]
        leaver = next(p for p in people if p.platform_code != mover.platform_code)
        touched |= {mover.platform_code, leaver.platform_code}
        target, funded = [p for p in villages if p.code not in touched][:2]
        move_person(session=s, actor=SYSTEM, person_id=mover.id, to_platform_code=target.code,
                    expected_version=mover.version)
        leave_person(session=s, actor=SYSTEM, person_id=leaver.id, left_on=date(YEAR, 1, 2), reason="调离",
                     expected_version=leaver.version)
    street = _platforms(engine, level="street|township")[0]
    with write_session(engine, SYSTEM) as s:  # a new platform, and a line with no work funds for another
        create_platform(session=s, actor=SYSTEM, facts=dict(code=f"{street.county_code}-ZZNEW1", name="新建社区", level="community",
                                                            county_code=street.county_code, parent_code=street.code))
        add_line(session=s, actor=SYSTEM, county_code=funded.county_code,
                 facts={"year": YEAR, "platform_code": funded.code, "category": "personnel", "source": "county_budget",
                        "budgeted": "100", "allocated": "100", "spent": "0", "note": ""}, today=date(YEAR, 1, 3))


@pytest.mark.parametrize("whole_city", [True, False])
def test_a_register_brought_up_to_date_is_the_one_read_afresh(demo, whole_city):
    county = None if whole_city else _platforms(demo, level="street|township")[0].county_code
    old = _fresh(demo, county)
    _a_day_of_writes(demo)
    now = _fresh(demo, county)
    assert not now.frame.equals(old.frame)  # the writes changed the register
    _same(_brought_up(demo, old), now)


def test_nothing_written_gives_the_same_register_back(demo):
    old = _fresh(demo)
    assert _brought_up(demo, old) is old


def test_writes_that_touch_no_platform_keep_every_row(demo):
    from models.people import add_training
    old = _fresh(demo)
    with write_session(demo, SYSTEM) as s:
        person = s.exec(select(Person).order_by(Person.id)).first()
        add_training(session=s, actor=SYSTEM, person_id=person.id, trained_on=date(YEAR, 1, 5), hours="8",
                     topic="政策")
    up = _brought_up(demo, old)
    pd.testing.assert_frame_equal(up.frame, old.frame)
    assert up.position[1] == old.position[1] + 1
    _same(up, _fresh(demo))


def test_after_a_restore_s_new_epoch_the_register_is_read_again_whole(demo, monkeypatch):
    import models.judged_register as jr
    old = _fresh(demo)
    with demo.begin() as conn:
        new_epoch(conn)
    calls = []
    monkeypatch.setattr(jr, "_platforms_touched", lambda changes: calls.append(changes))
    up = _brought_up(demo, old)
    assert calls == [] and up.position[0] != old.position[0]
    _same(up, _fresh(demo))


def test_a_change_of_standard_reads_the_register_again_whole(demo):
    from dataclasses import replace as changed

    from logic.standard import Standard
    from models.standards import copy_version, list_standards, put_in_force, save_version
    old = _fresh(demo)
    with write_session(demo, SYSTEM) as s:  # a copy that asks 3 staff where 2 were enough, in force this year
        draft = copy_version(session=s, actor=SYSTEM, version_id=list_standards(s)[-1].id, name="加严")
        edited = changed(Standard.from_dict(draft.content), staff_base=3)
        draft = save_version(session=s, actor=SYSTEM, version_id=draft.id, standard=edited,
                             expected_version=draft.row_version)
        put_in_force(session=s, actor=SYSTEM, version_id=draft.id, year=YEAR, expected_version=draft.row_version)
    up = _brought_up(demo, old)
    _same(up, _fresh(demo))
    assert up.standard != old.standard and not up.frame["compliant"].equals(old.frame["compliant"])
