"""R-TGT "到2016年…" and R-ASSESS judge a year on that year's register: models.register_history reads the register
as it stood at a year's end (Beijing time) back from the audit trail — a platform entered later is absent, one
changed later is as it was, one deleted later is present, and this year is the live register.

Runs on in-memory SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
from datetime import UTC, date, datetime

import pytest
from sqlmodel import insert, select

from logic.authz import Actor
from models import audit
from models.db import read_session, write_session
from models.people import Person
from models.platforms import create_platform, update_platform
from models.register_history import platforms_in_year, register_as_of, year_end_utc
from models.tables import Platform

ADMIN = Actor("admin", "city_admin")
CUIPING = "511502"
STREET = dict(code="511502-S1", name="合江门街道就业和社会保障服务中心", level="street", county_code=CUIPING)


@pytest.fixture
def clock(monkeypatch):
    """Set the time the audit trail writes down (the store's own clock is UTC)."""
    def at(when: datetime) -> None:
        monkeypatch.setattr(audit, "utc_now", lambda: when)
    return at


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_year_ends_at_midnight_beijing_time():
    assert year_end_utc(2016) == utc(2016, 12, 31, 16, 0)


def test_a_platform_entered_after_a_year_end_is_not_in_that_year(store, clock):
    clock(utc(2016, 12, 31, 15, 59))  # 23:59 on 31 December in Yibin
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts=STREET)
    clock(utc(2016, 12, 31, 16, 0))  # 00:00 on 1 January 2017 in Yibin
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts={**STREET, "code": "511502-S2", "name": "白沙湾街道就业服务中心"})
    with read_session(store) as s:
        assert register_as_of(s, 2016).platforms["code"].tolist() == ["511502-S1"]
        assert register_as_of(s, 2017).platforms["code"].tolist() == ["511502-S1", "511502-S2"]
        assert register_as_of(s, 2015).platforms.empty


def test_a_later_change_is_undone_and_a_later_deletion_is_not(store, clock):
    clock(utc(2015, 6, 1))
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts={**STREET, "service_population": 1000})
        create_platform(session=s, actor=ADMIN, facts={**STREET, "code": "511502-S2", "name": "白沙湾街道就业服务中心"})
    clock(utc(2017, 3, 1))
    with write_session(store, ADMIN) as s:
        update_platform(session=s, actor=ADMIN, code="511502-S1", facts={**STREET, "service_population": 9000,
                                                                     "rules_posted": True}, expected_version=1)
        s.delete(s.exec(select(Platform).where(Platform.code == "511502-S2")).one())
    with read_session(store) as s:
        then = register_as_of(s, 2016).platforms.set_index("code")
        now, past = platforms_in_year(s, date.today().year)
    assert then.loc["511502-S1", "service_population"] == 1000 and not then.loc["511502-S1", "rules_posted"]
    assert "511502-S2" in then.index
    assert past is None and now.set_index("code").loc["511502-S1", "service_population"] == 9000
    assert "511502-S2" not in set(now["code"])


def test_staff_counts_come_from_the_roster_as_it_was(store, clock):
    """R-8.3 on a past year: the people on the platform's roster at that year's end, not today's."""
    clock(utc(2015, 6, 1))
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts={**STREET, "staff_full_time": 7})
        s.add(Person(platform_code="511502-S1", county_code=CUIPING, name="张三", post="主任", source="transfer",
                     establishment="in", employment="full_time", recruitment="open_selection", joined_on=date(2015, 1, 1)))
    clock(utc(2018, 6, 1))
    with write_session(store, ADMIN) as s:
        s.add(Person(platform_code="511502-S1", county_code=CUIPING, name="李四", post="经办", source="transfer",
                     establishment="in", employment="full_time", recruitment="open_selection", joined_on=date(2018, 1, 1)))
    with read_session(store) as s:
        then = register_as_of(s, 2016).platforms.set_index("code")
        now, _ = platforms_in_year(s, date.today().year)
    assert then.loc["511502-S1", "staff_full_time"] == 1 and then.loc["511502-S1", "staff_from_roster"]
    assert now.set_index("code").loc["511502-S1", "staff_full_time"] == 2


def test_one_county_and_what_the_trail_cannot_tell(store, clock):
    """Rows written around the trail (here by plain SQL, as an old database's may have been) have no creation on
    it: left out of past years — also once they are edited — and counted so the screen can say so."""
    clock(utc(2015, 6, 1))
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts=STREET)
        create_platform(session=s, actor=ADMIN, facts={**STREET, "code": "511503-S1", "county_code": "511503"})
    with store.begin() as conn:  # no session, no flush: no audit row
        for code in ("511502-OLD1", "511502-OLD2"):
            conn.execute(insert(Platform).values(code=code, name=code, level="street", county_code=CUIPING,
                                                 windows=[], equipment=[], services=[], services_online=[]))
    clock(utc(2016, 3, 1))
    with write_session(store, ADMIN) as s:
        update_platform(session=s, actor=ADMIN, code="511502-OLD2", facts={**STREET, "code": "511502-OLD2", "name": "旧"},
                        expected_version=1)
    with read_session(store) as s:
        one = register_as_of(s, 2016, CUIPING)
        assert one.platforms["code"].tolist() == ["511502-S1"]
        assert one.first_record.replace(tzinfo=UTC) == utc(2015, 6, 1) and one.untracked == 2
        assert register_as_of(s, 2016, "511503").untracked == 0
        assert (one.platforms.columns == platforms_in_year(s, date.today().year)[0].columns).all()


def test_a_leaving_entered_late_counts_from_its_date_and_people_follow_a_moved_platform(store, clock):
    """Left on 30 November 2020 but recorded in January 2021: not on the staff at the end of 2020. A platform
    moved to another county later keeps its people in that year's count."""
    clock(utc(2019, 6, 1))
    with write_session(store, ADMIN) as s:
        create_platform(session=s, actor=ADMIN, facts=STREET)
        for name in ("张三", "李四"):
            s.add(Person(platform_code="511502-S1", county_code=CUIPING, name=name, post="经办", source="transfer",
                         establishment="in", employment="full_time", recruitment="open_selection",
                         joined_on=date(2019, 1, 1)))
    clock(utc(2021, 1, 10))
    with write_session(store, ADMIN) as s:
        leaver = s.exec(select(Person).where(Person.name == "张三")).one()
        leaver.left_on = date(2020, 11, 30)
        s.add(leaver)
    with read_session(store) as s:
        assert register_as_of(s, 2020).platforms.set_index("code").loc["511502-S1", "staff_full_time"] == 1
        assert register_as_of(s, 2019).platforms.set_index("code").loc["511502-S1", "staff_full_time"] == 2
    clock(utc(2022, 5, 1))
    with write_session(store, ADMIN) as s:
        update_platform(session=s, actor=ADMIN, code="511502-S1", facts={**STREET, "county_code": "511503"},
                        expected_version=1)
    with read_session(store) as s:
        moved = register_as_of(s, 2022, "511503").platforms.set_index("code").loc["511502-S1"]
        now = platforms_in_year(s, date.today().year, "511503")[0].set_index("code").loc["511502-S1"]
    assert moved["staff_from_roster"] and moved["staff_full_time"] == 1
    assert now["staff_from_roster"] and now["staff_full_time"] == 1
