"""The audit trail (models.audit) and R-FUND-7 — every change says who made it, when, to what, and
the values before and after; nothing is written without its audit row, and a rolled-back change leaves none.

Runs on in-memory SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (the `store` fixture).
"""
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, func, select

from logic.authz import Actor
from models.audit import CHANGED, MissingActor, UnauditedWrite
from models.db import import_models, read_session, write_session
from models.platforms import create_platform, get_platform, update_platform
from models.tables import AuditLog, County, Platform
from models.users import User, create_user, get_user, reset_password, update_user

CUIPING = "511502"
ADMIN = Actor("admin", "city_admin")
OFFICER = Actor("cuiping", "county_officer", CUIPING)
STREET = dict(code="511502-S1", name="白沙湾街道", level="street", county_code=CUIPING, area_m2=55.5,
              windows=["employment"])


class Boom(Exception):
    pass


@pytest.fixture
def cheap_bcrypt(monkeypatch):
    import bcrypt
    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


def _trail(engine, entity: str | None = None) -> list[AuditLog]:
    query = select(AuditLog).order_by(AuditLog.id)
    if entity:
        query = query.where(AuditLog.entity == entity)
    with read_session(engine) as s:
        return list(s.exec(query))


def _count(engine, table) -> int:
    with read_session(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def _create(engine, actor=OFFICER, facts=STREET):
    with write_session(engine, actor) as s:
        create_platform(session=s, actor=actor, facts=facts)


class TestOneRowPerChange:
    """Every create, update and delete writes one row in the same transaction — who, when (UTC), what entity
    and key, the values before and after."""

    def test_a_create_writes_one_row_with_who_when_what_and_the_values_after(self, store):
        seeded = len(_trail(store))
        start = datetime.now(UTC)
        _create(store)
        [row] = _trail(store)[seeded:]
        assert (row.action, row.actor, row.entity, row.entity_key, row.county_code) == (
            "create", "cuiping", "platform", "511502-S1", CUIPING)
        assert row.at.utcoffset() == timedelta(0) and start <= row.at <= datetime.now(UTC)
        assert row.before is None
        assert {k: row.after[k] for k in ("code", "area_m2", "windows", "sign_installed", "version")} == {
            "code": "511502-S1", "area_m2": 55.5, "windows": ["employment"], "sign_installed": False, "version": 1}
        assert datetime.fromisoformat(row.after["updated_at"]).utcoffset() == timedelta(0)

    def test_an_update_writes_one_row_with_the_values_before_and_after(self, store):
        _create(store)
        seeded = len(_trail(store))
        with write_session(store, ADMIN) as s:
            update_platform(session=s, actor=ADMIN, code="511502-S1", facts={"area_m2": 70.0, "windows": []},
                            expected_version=1)
        [row] = _trail(store)[seeded:]
        assert (row.action, row.actor, row.entity_key, row.county_code) == ("update", "admin", "511502-S1", CUIPING)
        assert (row.before["area_m2"], row.before["windows"], row.before["version"]) == (55.5, ["employment"], 1)
        assert (row.after["area_m2"], row.after["windows"], row.after["version"]) == (70.0, [], 2)
        assert (row.before["updated_by"], row.after["updated_by"]) == ("cuiping", "admin")

    def test_a_delete_writes_one_row_with_the_values_before(self, store):
        _create(store)
        seeded = len(_trail(store))
        with write_session(store, ADMIN) as s:
            s.delete(get_platform(s, "511502-S1"))
        [row] = _trail(store)[seeded:]
        assert (row.action, row.actor, row.entity_key, row.after) == ("delete", "admin", "511502-S1", None)
        assert (row.before["name"], row.before["area_m2"]) == ("白沙湾街道", 55.5)
        assert _count(store, Platform) == 0

    def test_a_flush_that_changes_nothing_writes_no_row(self, store):
        _create(store)
        seeded = len(_trail(store))
        with write_session(store, ADMIN) as s:
            platform = get_platform(s, "511502-S1")
            platform.area_m2 = 55.5  # the value it already has
            s.add(platform)
        assert len(_trail(store)) == seeded

    def test_a_county_change_is_keyed_by_the_county_code(self, store):
        with write_session(store, ADMIN) as s:
            s.get(County, CUIPING).name_en = "Cuiping"
        [row] = _trail(store, "county")[-1:]
        assert (row.action, row.entity_key, row.county_code) == ("update", CUIPING, CUIPING)
        assert (row.before["name_en"], row.after["name_en"]) == ("Cuiping District", "Cuiping")

    def test_each_of_several_changes_in_one_transaction_has_its_own_row(self, store):
        seeded = len(_trail(store))
        with write_session(store, ADMIN) as s:
            create_platform(session=s, actor=ADMIN, facts=STREET)
            create_platform(session=s, actor=ADMIN, facts={**STREET, "code": "511502-S2"})
            update_platform(session=s, actor=ADMIN, code="511502-S1", facts={"name": "新名"}, expected_version=1)
        rows = _trail(store)[seeded:]
        assert [(r.action, r.entity_key) for r in rows] == [("create", "511502-S1"), ("create", "511502-S2"),
                                                            ("update", "511502-S1")]

    def test_the_audit_row_is_part_of_the_same_transaction(self, store):
        seeded = len(_trail(store))
        with write_session(store, OFFICER) as s:
            create_platform(session=s, actor=OFFICER, facts=STREET)
            pending = s.exec(select(AuditLog).where(AuditLog.entity == "platform")).all()
            assert [(r.action, r.entity_key) for r in pending] == [("create", "511502-S1")]
        assert len(_trail(store)) == seeded + 1


class TestNothingWithoutItsAuditRow:
    """Nothing can be written without its audit row, and a rolled-back change leaves none."""

    def test_a_rolled_back_transaction_leaves_no_data_and_no_audit_row(self, store):
        seeded = len(_trail(store))
        with pytest.raises(Boom), write_session(store, OFFICER) as s:
            create_platform(session=s, actor=OFFICER, facts=STREET)
            assert s.exec(select(func.count()).select_from(AuditLog)).one() == seeded + 1  # flushed, not kept
            raise Boom
        assert (_count(store, Platform), len(_trail(store))) == (0, seeded)

    def test_a_failure_later_in_the_transaction_takes_the_earlier_audit_rows_with_it(self, store):
        _create(store)
        seeded = len(_trail(store))
        with pytest.raises(IntegrityError), write_session(store, ADMIN) as s:
            update_platform(session=s, actor=ADMIN, code="511502-S1", facts={"name": "新名"}, expected_version=1)
            s.add(Platform(code="511502-S1", name="重复", level="street", county_code=CUIPING))  # duplicate code
            s.flush()
        assert len(_trail(store)) == seeded
        with read_session(store) as s:
            assert (get_platform(s, "511502-S1").name, get_platform(s, "511502-S1").version) == ("白沙湾街道", 1)

    def test_a_session_with_no_actor_cannot_write(self, store):
        seeded = len(_trail(store))
        with pytest.raises(MissingActor), Session(store) as s:
            s.add(Platform(**STREET))
            s.commit()
        assert (_count(store, Platform), len(_trail(store))) == (0, seeded)

    @pytest.mark.parametrize("opener", ["read_session", "blank_actor"])
    def test_a_read_session_or_a_nameless_actor_cannot_write_either(self, store, opener):
        seeded = len(_trail(store))
        with pytest.raises(MissingActor):
            if opener == "read_session":
                with read_session(store) as s:
                    s.add(Platform(**STREET))
                    s.flush()
            else:
                with write_session(store, Actor("", "city_admin")) as s:
                    s.add(Platform(**STREET))
        assert (_count(store, Platform), len(_trail(store))) == (0, seeded)

    def test_a_bulk_update_that_would_skip_the_trail_is_refused(self, store):
        _create(store)
        seeded = len(_trail(store))
        with pytest.raises(UnauditedWrite), write_session(store, ADMIN) as s:
            s.execute(update(Platform).values(name="悄悄改名"))
        assert len(_trail(store)) == seeded
        with read_session(store) as s:
            assert get_platform(s, "511502-S1").name == "白沙湾街道"


class TestSecretsStayOutOfTheTrail:
    """A password hash is a secret even hashed (bcrypt can be attacked offline): the trail records that a
    password was set or changed, never the hash, while keeping the rest of the user's row."""

    def _all_audit_text(self, engine) -> str:
        return json.dumps([[r.before, r.after] for r in _trail(engine)], ensure_ascii=False)

    def test_no_password_hash_is_ever_written_to_the_trail(self, store, cheap_bcrypt):
        with write_session(store, ADMIN) as s:
            create_user(session=s, actor=ADMIN, username="officer_a", display_name="张三", role="county_officer",
                        county_code=CUIPING, password="first-password-1")
        with read_session(store) as s:
            first_hash = get_user(s, "officer_a").password_hash
        with write_session(store, ADMIN) as s:
            reset_password(session=s, actor=ADMIN, username="officer_a", expected_version=1,
                           password="second-password-2")
        with write_session(store, ADMIN) as s:
            update_user(session=s, actor=ADMIN, username="officer_a", expected_version=2, display_name="张三丰",
                        role="county_officer", county_code=CUIPING, active=True)
        with read_session(store) as s:
            second_hash = get_user(s, "officer_a").password_hash
        text = self._all_audit_text(store)
        assert first_hash not in text and second_hash not in text and "$2b$" not in text
        created, reset, renamed = _trail(store, "user")
        assert "password_hash" not in created.after and created.after["display_name"] == "张三"
        assert "password_hash" not in reset.before and reset.after["password_hash"] == CHANGED
        assert (reset.before["version"], reset.after["version"]) == (1, 2)
        assert "password_hash" not in renamed.before and "password_hash" not in renamed.after
        assert (renamed.before["display_name"], renamed.after["display_name"]) == ("张三", "张三丰")

    def test_every_secret_looking_column_of_every_table_is_kept_out_of_the_trail(self):
        """A guard for tables yet to come: a column named like a password, hash, secret or key must be listed
        in its model's __audit_exclude__ (tokens_valid_after is a time, not a token)."""
        import_models()
        looks_secret = re.compile(r"password|secret|_hash$|api_key|private_key|^token$|_token$")
        for mapper in SQLModel._sa_registry.mappers:
            cls = mapper.class_
            secret = {c.key for c in mapper.column_attrs if looks_secret.search(c.key)}
            assert secret <= set(getattr(cls, "__audit_exclude__", ())), cls.__name__
        assert "password_hash" in User.__audit_exclude__


class TestReadingTheTrailByBeijingDays:
    """The trail is stored in UTC and read by the bureau's days: a change at 17:30 UTC on 1 March is on
    2 March in Beijing (UTC+8), so a filter on 2 March finds it and one on 1 March does not."""

    def _dated(self, store, at: datetime) -> None:
        _create(store)
        with write_session(store, ADMIN) as s:  # moved to a known instant, as a change made then would be
            newest = s.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
            s.exec(update(AuditLog).where(AuditLog.id == newest.id).values(at=at))

    @pytest.mark.parametrize(("day", "found"), [(1, False), (2, True), (3, False)])
    def test_a_late_evening_utc_change_falls_on_the_next_beijing_day(self, store, day, found):
        from models.audit_queries import audit_frame
        from models.register_history import CHINA
        self._dated(store, datetime(2026, 3, 1, 17, 30, tzinfo=UTC))
        with read_session(store) as s:
            frame = audit_frame(s, entity="platform", start=datetime(2026, 3, day).date(),
                                end=datetime(2026, 3, day).date(), days=CHINA)
        assert (list(frame["entity_key"]) == ["511502-S1"]) is found

    def test_the_frame_holds_the_rows_of_audit_rows_with_each_change_in_words(self, store):
        from logic.audit_diff import describe
        from models.audit_queries import audit_frame, audit_rows
        _create(store)
        with write_session(store, ADMIN) as s:
            update_platform(session=s, actor=ADMIN, code="511502-S1", facts={"area_m2": 70.0}, expected_version=1)
        with read_session(store) as s:
            rows, frame = audit_rows(s), audit_frame(s)
        assert list(frame["entity_key"]) == [r.entity_key for r in rows]
        assert list(frame["changes"]) == [describe(r.before, r.after) for r in rows]
        assert "area_m2: 55.5 → 70.0" in frame["changes"].iloc[0]
