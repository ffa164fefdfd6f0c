"""Migration 0004 on SQLite and PostgreSQL: audit rows written before the trail learned to leave password hashes
out lose them — a create keeps no hash, an update that changed the password says "(changed)", one that did not
says nothing of it — and every other field and every other entity's rows stay exactly as they were."""
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlmodel import select

from models.db import read_session
from models.migrate import _config, upgrade
from models.tables import AuditLog
from tests.conftest import engine_at_revision

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]  # skipped, with why, when no database
HASH_1, HASH_2 = "$2b$12$" + "a" * 53, "$2b$12$" + "b" * 53
USER = {"username": "cuiping", "role": "county_officer", "county_code": "511502"}
ROWS = [  # (id, entity, action, before, after)
    (1, "user", "create", None, {**USER, "password_hash": HASH_1}),
    (2, "user", "update", {**USER, "password_hash": HASH_1}, {**USER, "password_hash": HASH_2}),
    (3, "user", "update", {**USER, "password_hash": HASH_2, "role": "viewer"},
     {**USER, "password_hash": HASH_2, "role": "county_officer"}),
    (4, "platform", "create", None, {"code": "P1", "password_hash": "not a secret of a user"}),
]


@pytest.fixture(params=BACKENDS)
def at_0003(request, tmp_path):
    engine = engine_at_revision(request.param, tmp_path, "0003", "m0004")
    with engine.begin() as conn:
        conn.execute(AuditLog.__table__.insert(), [
            dict(id=i, at=datetime(2026, 11, 1, tzinfo=UTC), actor="admin", action=action, entity=entity,
                 entity_key="k", before=before, after=after) for i, entity, action, before, after in ROWS])
    yield engine
    engine.dispose()


def _rows(engine) -> dict[int, tuple]:
    table = AuditLog.__table__  # its columns of that revision only: later ones (0008's number) are not there yet
    with read_session(engine) as s:
        return {r.id: (r.before, r.after) for r in s.exec(select(table.c.id, table.c.before, table.c.after))}


def test_hashes_leave_the_trail_and_the_rest_stays(at_0003):
    upgrade(at_0003)
    rows = _rows(at_0003)
    assert rows[1] == (None, USER)
    assert rows[2] == (USER, {**USER, "password_hash": "(changed)"})
    assert rows[3] == ({**USER, "role": "viewer"}, USER)
    assert rows[4] == (None, {"code": "P1", "password_hash": "not a secret of a user"})
    assert not any("$2b$" in str(value) for value in rows.values())


def test_running_it_again_changes_nothing(at_0003):
    upgrade(at_0003)
    once = _rows(at_0003)
    with at_0003.begin() as conn:
        command.downgrade(_config(conn), "0003")
        command.upgrade(_config(conn), "0004")
    assert _rows(at_0003) == once
