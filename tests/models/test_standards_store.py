"""R-8.11 in the store: a city administrator copies a version, edits the draft, and puts it in force from a
year; a version in force is never edited; nobody else may do any of it; every change is audited."""
from datetime import date

import pytest
from sqlmodel import select

from logic.authz import Actor, PermissionDenied
from logic.errors import ValidationFailed
from logic.standard_edit import with_column
from models import standards
from models.db import read_session, write_session
from models.tables import AuditLog, StandardVersion

ADMIN = Actor("admin", "city_admin")
OFFICER = Actor("nanxi", "county_officer", "511503")


def _seeded_id(engine) -> int:
    with read_session(engine) as session:
        return standards.list_standards(session)[0].id


def test_r_8_11_copy_edit_and_put_in_force_from_a_year(store):
    engine = store
    with write_session(engine, ADMIN) as session:
        draft = standards.copy_version(session=session, actor=ADMIN, version_id=_seeded_id(engine), name="宜宾2027标准")
        draft_id = draft.id
        assert (draft.version, draft.in_force_from_year) == (2, None)
    with write_session(engine, ADMIN) as session:
        edited = with_column(standards.Standard.from_dict(standards.get_version(session, draft_id).content),
                             "street_township", min_area_m2=60)
        standards.save_version(session=session, actor=ADMIN, version_id=draft_id, standard=edited, expected_version=1)
    with write_session(engine, ADMIN) as session:
        standards.put_in_force(session=session, actor=ADMIN, version_id=draft_id, year=2027, expected_version=2)
    with read_session(engine) as session:
        assert standards.standard_in_force(session, 2026).version == 1
        assert standards.standard_in_force(session, 2027).version == 2
        assert standards.standard_in_force(session, 2027).columns["street_township"].min_area_m2 == 60
        assert standards.standard_in_force(session).version == (2 if date.today().year >= 2027 else 1)
        actions = [a.action for a in session.exec(select(AuditLog).where(AuditLog.entity == "standardversion"))]
    assert actions.count("update") == 2 and actions.count("create") >= 2


def test_a_version_in_force_is_never_edited(store):
    with write_session(store, ADMIN) as session, pytest.raises(ValidationFailed):
        row_id = _seeded_id(store)
        standards.save_version(session=session, actor=ADMIN, version_id=row_id,
                           standard=standards.Standard.from_dict(standards.get_version(session, row_id).content),
                           expected_version=1)


def test_two_versions_cannot_start_in_the_same_year(store):
    with write_session(store, ADMIN) as session:
        draft = standards.copy_version(session=session, actor=ADMIN, version_id=_seeded_id(store))
        with pytest.raises(ValidationFailed):
            standards.put_in_force(session=session, actor=ADMIN, version_id=draft.id, year=2014, expected_version=1)


def test_only_a_city_administrator_may_change_standards(store):
    with write_session(store, OFFICER) as session, pytest.raises(PermissionDenied):
        standards.copy_version(session=session, actor=OFFICER, version_id=_seeded_id(store))
    with read_session(store) as session:
        assert len(session.exec(select(StandardVersion)).all()) == 1
