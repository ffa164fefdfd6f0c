"""The platform register in the store (models.platforms): exact round-trips, defaults, refusals that write
nothing, county scoping (R-NET-2) and no lost updates.

Runs on in-memory SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor, PermissionDenied
from logic.codes import SERVICES
from logic.errors import NotFound, StaleEdit, ValidationFailed
from models.db import read_session, write_session
from models.platforms import FACT_FIELDS, create_platform, facts_of, get_platform, update_platform
from models.tables import AuditLog, Platform

CUIPING, NANXI = "511502", "511503"
ADMIN = Actor("admin", "city_admin")
OFFICER = Actor("cuiping", "county_officer", CUIPING)
OTHER_OFFICER = Actor("nanxi", "county_officer", NANXI)

# Two platforms that between them give every fact both of its values: each flag true in one and false in the
# other, sets full, partial and empty, a fractional area, a set given out of order (it is stored sorted).
COMMUNITY = dict(
    code="511502-C1", name="大观楼社区就业和社会保障服务站", level="community", county_code=CUIPING, parent_code="511502-S1",
    village_kind="none", siting="residents_committee", service_population=12_345, sign_installed=True,
    sign_text="大观楼社区就业和社会保障服务站", area_m2=49.9, windows=["social_insurance", "employment"],
    open_counter=True, info_area=False, office=True, service_seat=False, staff_full_time=2, staff_part_time=1,
    equipment=["telephone", "computer", "desks_chairs"], network_connected=True, work_funds_secured=False,
    services=list(SERVICES), services_online=["ss_card", "employment"], rules_posted=True,
)
VILLAGE = dict(
    code="511502-V1", name="李庄村就业和社会保障服务站", level="village", county_code=CUIPING, parent_code="511502-T1",
    village_kind="central_village", siting="village_committee", service_population=0, sign_installed=False,
    sign_text="", area_m2=0.0, windows=[], open_counter=False, info_area=True, office=False, service_seat=True,
    staff_full_time=0, staff_part_time=0, equipment=[], network_connected=False, work_funds_secured=True,
    services=["talent"], services_online=[], rules_posted=False,
)
REQUIRED = dict(code="511502-S9", name="合江门街道就业和社会保障服务中心", level="street", county_code=CUIPING)


def _stored(facts: dict) -> dict:
    return {k: sorted(v) if isinstance(v, list) else v for k, v in facts.items()}


@pytest.fixture
def engine(store):
    """A street and a township centre in Cuiping, a street centre and a community in Nanxi."""
    with write_session(store, SYSTEM) as s:
        create_platform(session=s, actor=SYSTEM, facts=dict(code="511502-S1", name="白沙湾街道", level="street",
                                                            county_code=CUIPING))
        create_platform(session=s, actor=SYSTEM, facts=dict(code="511502-T1", name="李庄镇", level="township",
                                                            county_code=CUIPING))
        create_platform(session=s, actor=SYSTEM, facts=dict(code="511503-S1", name="南溪街道", level="street",
                                                            county_code=NANXI))
        create_platform(session=s, actor=SYSTEM, facts=dict(code="511503-C1", name="南溪社区", level="community",
                                                            county_code=NANXI, parent_code="511503-S1"))
    return store


def _create(engine, facts: dict, actor: Actor = ADMIN) -> None:
    with write_session(engine, actor) as s:
        create_platform(session=s, actor=actor, facts=facts)


def _update(engine, code: str, facts: dict, actor: Actor = ADMIN, version: int = 1, opened=None) -> None:
    with write_session(engine, actor) as s:
        update_platform(session=s, actor=actor, code=code, facts=facts, expected_version=version, opened=opened)


def _get(engine, code: str) -> Platform | None:
    with read_session(engine) as s:
        return get_platform(s, code)


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return (s.exec(select(func.count()).select_from(Platform)).one(),
                s.exec(select(func.count()).select_from(AuditLog)).one())


class TestRoundTrip:
    """SPEC "Platform facts": one name per fact, and the store gives back exactly what was saved."""

    @pytest.mark.parametrize("facts", [COMMUNITY, VILLAGE], ids=["community", "village"])
    def test_every_canonical_fact_comes_back_exactly_with_its_type(self, engine, facts):
        _create(engine, facts, actor=OFFICER)
        stored = _get(engine, facts["code"])
        assert facts_of(stored) == _stored(facts)
        assert set(FACT_FIELDS) == set(facts), "the table above names every canonical fact"
        for key, value in facts.items():
            assert type(getattr(stored, key)) is type(value), key  # bool stays bool, 0.0 stays float
        assert (stored.version, stored.updated_by) == (1, "cuiping")

    def test_the_time_of_the_last_change_comes_back_as_aware_utc(self, engine):
        start = datetime.now(UTC)
        _create(engine, COMMUNITY)
        stamp = _get(engine, "511502-C1").updated_at
        assert stamp.utcoffset() == timedelta(0)
        assert start <= stamp <= datetime.now(UTC)

    def test_an_update_of_every_fact_comes_back_exactly(self, engine):
        _create(engine, COMMUNITY)
        changed = {**VILLAGE, "code": "511502-C1"}
        _update(engine, "511502-C1", changed)
        stored = _get(engine, "511502-C1")
        assert facts_of(stored) == _stored(changed)
        assert (stored.version, stored.updated_by) == (2, "admin")

    def test_only_the_required_facts_take_the_models_defaults(self, engine):
        _create(engine, REQUIRED)
        stored = facts_of(_get(engine, "511502-S9"))
        assert stored == {**REQUIRED, "parent_code": None, "village_kind": "none", "siting": "standalone",
                          "service_population": 0, "sign_installed": False, "sign_text": "", "area_m2": 0,
                          "windows": [], "open_counter": False, "info_area": False, "office": False,
                          "service_seat": False, "staff_full_time": 0, "staff_part_time": 0, "equipment": [],
                          "network_connected": False, "work_funds_secured": False, "services": [],
                          "services_online": [], "rules_posted": False}

    def test_a_partial_update_keeps_every_other_fact(self, engine):
        _create(engine, COMMUNITY)
        _update(engine, "511502-C1", {"area_m2": 50.0, "code": "IGNORED", "version": 99})
        stored = _get(engine, "511502-C1")
        assert facts_of(stored) == _stored({**COMMUNITY, "area_m2": 50.0})
        assert stored.version == 2


class TestBadInputWritesNothing:
    """SPEC "Platform facts" and R-ORG-1..4: bad input is refused with the field it concerns, and no row
    and no audit row is written."""

    @pytest.mark.parametrize("change, field", [
        # R-ORG-1: levels and village kinds are the SPEC's codes
        ({"level": "city", "parent_code": ""}, "level"),
        ({"level": "village", "village_kind": "hamlet"}, "village_kind"),
        ({"siting": "tent"}, "siting"),                                          # R-ORG-4
        ({"county_code": "999999", "level": "street", "parent_code": ""}, "county_code"),   # R-ORG-2
        # numbers: not negative, not text
        ({"service_population": -1}, "service_population"),
        ({"service_population": "many"}, "service_population"),
        ({"area_m2": -0.1}, "area_m2"),
        ({"staff_full_time": -1}, "staff_full_time"),
        ({"staff_part_time": 1.5}, "staff_part_time"),
        # sets hold only the SPEC's codes
        ({"windows": ["employment", "cafe"]}, "windows"),
        ({"equipment": ["fridge"]}, "equipment"),
        ({"services": ["banking"]}, "services"),
        ({"services_online": ["banking"]}, "services_online"),                  # R-NET-1: one of the 8 services
        # flags and text
        ({"sign_installed": "yes"}, "sign_installed"),
        ({"network_connected": None}, "network_connected"),
        ({"sign_text": "牌" * 101}, "sign_text"),
        ({"name": "  "}, "name"),
        ({"code": "511502-S1"}, "code"),                                            # taken
    ])
    def test_a_bad_new_platform_names_its_field_and_writes_nothing(self, engine, change, field):
        before = _counts(engine)
        with pytest.raises(ValidationFailed) as caught:
            _create(engine, {**COMMUNITY, **change})
        assert [e.field for e in caught.value.errors] == [field]
        assert _counts(engine) == before

    @pytest.mark.parametrize("level, parent", [
        ("community", ""), ("village", ""),                # no parent
        ("community", "NOPE"),                             # no such platform
        ("community", "511503-S1"), ("village", "511503-S1"),      # a street of another county
        ("community", "511503-C1"),                            # a community, not a street or township
    ])
    def test_r_org_3_a_community_or_village_answers_to_a_street_or_township_of_its_own_county(
            self, engine, level, parent):
        """R-ORG-3 "社区、行政村就业和社会保障服务站接受街道、乡(镇)就业和社会保障服务中心直接管理和监督"."""
        before = _counts(engine)
        with pytest.raises(ValidationFailed) as caught:
            _create(engine, {**(VILLAGE if level == "village" else COMMUNITY), "parent_code": parent})
        assert [e.field for e in caught.value.errors] == ["parent_code"]
        assert _counts(engine) == before

    @pytest.mark.parametrize("change, field", [
        ({"parent_code": "511502-S1"}, "parent_code"),                               # a street has no parent
        ({"village_kind": "central_village"}, "village_kind"),                   # only villages are
    ])
    def test_a_street_centre_has_no_parent_and_no_village_kind(self, engine, change, field):
        with pytest.raises(ValidationFailed) as caught:
            _create(engine, {**REQUIRED, **change})
        assert [e.field for e in caught.value.errors] == [field]
        assert _get(engine, "511502-S9") is None

    @pytest.mark.parametrize("change, field", [
        ({"service_population": -5}, "service_population"),
        ({"services_online": ["banking"]}, "services_online"),
        ({"parent_code": "511503-S1"}, "parent_code"),
        ({"level": "street"}, "parent_code"),                                    # a street with a parent
    ])
    def test_a_bad_edit_names_its_field_and_leaves_the_row_and_the_trail_as_they_were(self, engine, change, field):
        _create(engine, COMMUNITY)
        before = _counts(engine)
        with pytest.raises(ValidationFailed) as caught:
            _update(engine, "511502-C1", change)
        assert [e.field for e in caught.value.errors] == [field]
        assert _counts(engine) == before
        stored = _get(engine, "511502-C1")
        assert (facts_of(stored), stored.version) == (_stored(COMMUNITY), 1)

    def test_a_street_with_communities_under_it_cannot_become_a_community(self, engine):
        with pytest.raises(ValidationFailed) as caught:
            _update(engine, "511503-S1", {"level": "community", "parent_code": "511503-S1"})
        assert "level" in [e.field for e in caught.value.errors]
        assert _get(engine, "511503-S1").level == "street"

    def test_an_edit_of_a_platform_that_does_not_exist_is_not_found(self, engine):
        before = _counts(engine)
        with pytest.raises(NotFound):
            _update(engine, "NOPE", {"name": "x"})
        assert _counts(engine) == before


class TestRNET2CountyScoping:
    """R-NET-2 "在安全认证体系下开展各项就业和社会保障业务经办工作": an officer changes only their own county's
    platforms, a viewer nothing; the county comes from the user's record, never from the facts sent."""

    @pytest.mark.parametrize("actor, county", [
        (OTHER_OFFICER, CUIPING),                                   # another county's officer
        (Actor("viewer", "viewer"), CUIPING),                       # a viewer, whatever the facts claim
        (Actor("viewer", "viewer", CUIPING), CUIPING),
        (Actor("viewer", "viewer", NANXI), NANXI),
        (Actor("gone", "county_officer", CUIPING, active=False), CUIPING),   # deactivated
        (Actor("nobody", "mayor", CUIPING), CUIPING),              # no such role
    ])
    def test_r_net_2_the_store_refuses_a_new_platform_outside_the_users_county(self, engine, actor, county):
        before = _counts(engine)
        parent = "511502-S1" if county == CUIPING else "511503-S1"
        with pytest.raises(PermissionDenied):
            _create(engine, {**COMMUNITY, "county_code": county, "parent_code": parent}, actor=actor)
        assert _counts(engine) == before

    @pytest.mark.parametrize("actor, change", [
        (OTHER_OFFICER, {"name": "改名"}),                           # editing another county's row
        (OTHER_OFFICER, {"county_code": NANXI, "parent_code": "511503-S1"}),  # pulling it into one's own county
        (OFFICER, {"county_code": NANXI, "parent_code": "511503-S1"}),  # pushing one's own row out
        (Actor("viewer", "viewer", CUIPING), {"name": "改名"}),
    ])
    def test_r_net_2_the_store_refuses_an_edit_across_counties_and_leaves_the_row(self, engine, actor, change):
        _create(engine, COMMUNITY)
        before = _counts(engine)
        with pytest.raises(PermissionDenied):
            _update(engine, "511502-C1", change, actor=actor)
        assert _counts(engine) == before
        assert (facts_of(_get(engine, "511502-C1")), _get(engine, "511502-C1").version) == (_stored(COMMUNITY), 1)

    def test_r_net_2_the_own_officer_and_the_city_admin_may_change_the_countys_platform(self, engine):
        _create(engine, COMMUNITY, actor=OFFICER)
        _update(engine, "511502-C1", {"area_m2": 60.0}, actor=OFFICER)
        _update(engine, "511502-C1", {"area_m2": 70.0}, actor=ADMIN, version=2)
        stored = _get(engine, "511502-C1")
        assert (stored.area_m2, stored.version, stored.updated_by) == (70.0, 3, "admin")


def test_r_net_2_a_platform_moved_by_the_city_takes_its_people_to_the_new_county_with_audit_rows(engine):
    """The people's county decides which officers see and change them; after a move it must be the platform's."""
    from datetime import date

    from models.people import Person
    _create(engine, COMMUNITY)
    with write_session(engine, SYSTEM) as s:
        s.add(Person(platform_code="511502-C1", county_code=CUIPING, name="王芳", post="协理员", source="assistant",
                     establishment="off", employment="full_time", recruitment="open_selection",
                     joined_on=date(2020, 3, 1)))
    _update(engine, "511502-C1", {"county_code": NANXI, "parent_code": "511503-S1"}, actor=ADMIN)
    with read_session(engine) as s:
        person = s.exec(select(Person).where(Person.platform_code == "511502-C1")).one()
        moved = s.exec(select(AuditLog).where(AuditLog.entity == "person", AuditLog.action == "update")).one()
    assert person.county_code == NANXI
    assert (moved.before["county_code"], moved.after["county_code"], moved.actor) == (CUIPING, NANXI, "admin")


class TestNoLostUpdates:
    """A save that started from an old version is refused, says what the other user changed, and
    overwrites nothing."""

    def test_the_second_of_two_editors_is_refused_and_the_first_survives(self, engine):
        _create(engine, COMMUNITY)
        # both open the form at version 1 (one after the other: in-memory SQLite has a single connection)
        opened_first, opened_second = facts_of(_get(engine, "511502-C1")), facts_of(_get(engine, "511502-C1"))
        version = _get(engine, "511502-C1").version
        assert version == 1
        _update(engine, "511502-C1", {"area_m2": 80.0, "name": "第一位"}, actor=OFFICER, opened=opened_first)
        before = _counts(engine)
        with pytest.raises(StaleEdit) as caught:
            _update(engine, "511502-C1", {"area_m2": 20.0, "staff_full_time": 5}, actor=ADMIN, version=version,
                    opened=opened_second)
        assert caught.value.changes == {"area_m2": (49.9, 80.0), "name": (COMMUNITY["name"], "第一位")}
        assert (caught.value.by, caught.value.current_version) == ("cuiping", 2)
        stored = _get(engine, "511502-C1")
        assert (stored.area_m2, stored.name, stored.staff_full_time, stored.version) == (80.0, "第一位", 2, 2)
        assert _counts(engine) == before

    def test_a_save_from_the_current_version_goes_through(self, engine):
        _create(engine, COMMUNITY)
        _update(engine, "511502-C1", {"area_m2": 80.0})
        _update(engine, "511502-C1", {"area_m2": 81.0}, version=2)
        assert (_get(engine, "511502-C1").area_m2, _get(engine, "511502-C1").version) == (81.0, 3)


def test_platform_places_give_each_platform_its_street_or_township_and_a_county_platform_none(engine):
    """What the roster's street/township → platform picker reads: a street or township is its own, a
    community or village its parent's, a county platform none; one county, or every county, in code order."""
    from models.platforms import platform_places
    _create(engine, dict(code="511502-K1", name="翠屏区就业服务中心", level="county", county_code=CUIPING))
    _create(engine, dict(code="511502-V1", name="李庄村", level="village", county_code=CUIPING, parent_code="511502-T1"))
    with read_session(engine) as s:
        cuiping = platform_places(s, CUIPING)
        everyone = platform_places(s)
    rows = dict(zip(cuiping["code"], cuiping["township_code"], strict=True))
    assert list(rows) == ["511502-K1", "511502-S1", "511502-T1", "511502-V1"]
    assert rows == {"511502-K1": None, "511502-S1": "511502-S1", "511502-T1": "511502-T1", "511502-V1": "511502-T1"}
    assert dict(zip(everyone["code"], everyone["township_code"], strict=True))["511503-C1"] == "511503-S1"
    assert list(everyone.columns) == ["code", "name", "level", "parent_code", "township_code"]
