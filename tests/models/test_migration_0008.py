"""Migration 0008: the change number. A store at 0007 keeps every audit row, each now of no numbered write
(sequence 0), and draws an epoch of its own; the next write takes number 1 and stamps its own rows only."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from logic.authz import SYSTEM
from models.db import write_session
from models.migrate import upgrade
from models.platforms import create_platform
from models.seed import init_database
from models.tables import AuditLog
from tests.conftest import BACKENDS, engine_at_revision


@pytest.fixture(params=BACKENDS)
def at_0007(request, tmp_path):
    engine = engine_at_revision(request.param, tmp_path, "0007_signin_throttle", "m0008")
    with engine.begin() as conn:
        conn.execute(AuditLog.__table__.insert(), [
            dict(id=i, at=datetime(2026, 11, 1, tzinfo=UTC), actor="admin", action="create", entity="platform",
                 entity_key=f"P{i}", before=None, after={"code": f"P{i}"}) for i in (900001, 900002)])
    yield engine
    engine.dispose()


def test_old_audit_rows_take_number_0_the_store_an_epoch_and_the_next_write_number_1(at_0007):
    upgrade(at_0007)
    init_database(at_0007)
    with at_0007.connect() as conn:
        assert conn.execute(text("SELECT id, sequence FROM auditlog WHERE id IN (900001, 900002) ORDER BY id")).all() == [
            (900001, 0), (900002, 0)]
        epoch, before = conn.execute(text("SELECT epoch, sequence FROM storerevision WHERE id = 1")).one()
    assert epoch != 0
    with write_session(at_0007, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=dict(code="511502-M8S1", name="试点街道", level="street",
                                                                  county_code="511502"))
    with at_0007.connect() as conn:
        assert conn.execute(text("SELECT sequence FROM storerevision WHERE id = 1")).scalar_one() == before + 1
        assert conn.execute(text("SELECT sequence FROM auditlog WHERE entity_key = '511502-M8S1'")).scalar_one() == before + 1
        assert conn.execute(text("SELECT COUNT(*) FROM auditlog WHERE sequence IS NULL")).scalar_one() == 0
