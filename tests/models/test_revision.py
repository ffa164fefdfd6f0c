"""The store revision (models.revision): every committed write moves it, in its own transaction; nothing
else does. Screens key their caches by it, so a write it missed would leave a screen showing old data."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from logic.authz import SYSTEM, Actor, PermissionDenied
from models.db import read_session, write_session
from models.platforms import create_platform, update_platform
from models.revision import store_revision
from models.signin import attempt_sign_in
from models.tables import Platform

ROOT = Path(__file__).resolve().parents[2]
STREET = dict(code="511502-S1", name="试点街道", level="street", county_code="511502")


def _revision(engine) -> int:
    with read_session(engine) as session:
        return store_revision(session)


def test_a_committed_write_moves_the_revision(store):
    before = _revision(store)
    with write_session(store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=STREET)
    created = _revision(store)
    with write_session(store, SYSTEM) as session:
        version = session.exec(select(Platform.version).where(Platform.code == "511502-S1")).one()
        update_platform(session=session, actor=SYSTEM, code="511502-S1", facts={"name": "新名"},
                        expected_version=version)
    assert len({before, created, _revision(store)}) == 3


def test_reads_a_refused_write_and_a_rolled_back_one_leave_it_alone(store):
    before = _revision(store)
    with read_session(store) as session:
        session.exec(select(Platform)).all()
    with pytest.raises(PermissionDenied), write_session(store, Actor("v", "viewer")) as session:
        create_platform(session=session, actor=Actor("v", "viewer"), facts=STREET)
    with pytest.raises(RuntimeError), write_session(store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=STREET)
        session.flush()
        raise RuntimeError("the officer's browser went away")
    with write_session(store, SYSTEM):
        pass  # a transaction that wrote nothing
    assert _revision(store) == before
    with read_session(store) as session:
        assert session.exec(select(Platform).where(Platform.code == "511502-S1")).first() is None


def test_failed_sign_ins_do_not_move_it(store):
    """A stranger guessing passwords must not empty every screen's cache."""
    before = _revision(store)
    attempt_sign_in(store, username="nobody", password="a-guess-123", client="203.0.113.7")
    assert _revision(store) == before


def test_a_write_from_another_process_is_seen_by_the_next_read(threaded_store):
    """What several app processes on one PostgreSQL (or one SQLite file) rely on."""
    before = _revision(threaded_store)
    _write_in_another_process(threaded_store.url.render_as_string(hide_password=False))
    assert _revision(threaded_store) != before


def _write_in_another_process(url: str) -> None:
    code = textwrap.dedent(f"""
        from logic.authz import SYSTEM
        from models.db import make_engine, write_session
        from models.platforms import create_platform
        engine = make_engine({url!r})
        with write_session(engine, SYSTEM) as session:
            create_platform(session=session, actor=SYSTEM, facts={STREET!r})
        engine.dispose()
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def _position_and_stamps(engine) -> tuple[tuple[int, int], dict]:
    from sqlmodel import func

    from models.revision import change_position
    from models.tables import AuditLog
    with read_session(engine) as session:
        stamps = dict(session.exec(select(AuditLog.sequence, func.count()).group_by(AuditLog.sequence)).all())
        return change_position(session), stamps


def test_each_committed_write_takes_the_next_number_and_stamps_its_audit_rows_with_it(store):
    (epoch, first), before = _position_and_stamps(store)
    with write_session(store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts=STREET)
    with pytest.raises(RuntimeError), write_session(store, SYSTEM) as session:  # rolled back: takes no number
        create_platform(session=session, actor=SYSTEM, facts={**STREET, "code": "511502-S2"})
        session.flush()
        raise RuntimeError("gone")
    attempt_sign_in(store, username="nobody", password="a-guess-123", client="203.0.113.7")  # not a write
    with write_session(store, SYSTEM) as session:
        version = session.exec(select(Platform.version).where(Platform.code == "511502-S1")).one()
        update_platform(session=session, actor=SYSTEM, code="511502-S1", facts={"name": "新名"}, expected_version=version)
    (same_epoch, last), after = _position_and_stamps(store)
    assert same_epoch == epoch and last == first + 2
    assert {n: c for n, c in after.items() if n not in before} == {first + 1: 1, first + 2: 1}
    assert None not in after  # no audit row is left without the number of its write


def test_a_new_epoch_leaves_the_numbers_and_changes_the_epoch(store):
    from models.revision import new_epoch
    (epoch, number), _ = _position_and_stamps(store)
    with store.begin() as conn:
        new_epoch(conn)
    (other, same), _ = _position_and_stamps(store)
    assert other != epoch and same == number
