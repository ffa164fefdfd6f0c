"""Backup and restore (README "Production"): a backup restored over a changed database brings back every
row of every table exactly, on SQLite (online backup API) and on PostgreSQL (pg_dump / pg_restore)."""
import os
import shutil

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, select

from logic.authz import SYSTEM
from models.backup import backup, main, restore
from models.db import make_engine, write_session
from models.demo import seed_demo
from models.demo_people import seed_demo_people
from models.seed import init_database
from models.tables import Platform

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]  # skipped, with why, when no database


def _own_pg_database() -> str:
    url = make_url(PG_URL)
    own = url.set(database=f"{url.database}_backup")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    if request.param == "postgres" and not shutil.which("pg_dump"):
        pytest.skip("PostgreSQL backup not tested: pg_dump is not installed")
    url = f"sqlite:///{tmp_path}/live.sqlite" if request.param == "sqlite" else _own_pg_database()
    engine = make_engine(url)
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo(session, scale=0.2)
        seed_demo_people(session)
    engine.dispose()
    return url


def _every_row(url: str) -> dict[str, list]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = {name: [tuple(r) for r in conn.execute(table.select().order_by(*table.primary_key.columns))]
                for name, table in SQLModel.metadata.tables.items()}
    engine.dispose()
    return rows


@pytest.mark.slow
def test_a_restored_backup_holds_every_row_of_every_table(url, tmp_path):
    before = _every_row(url)
    assert sum(map(len, before.values())) > 1_000 and before["platform"] and before["person"]
    file = backup(url, tmp_path / "store.backup")
    engine = make_engine(url)  # then the day goes on: rows change and disappear
    with write_session(engine, SYSTEM) as session:
        for platform in session.exec(select(Platform).where(Platform.level == "village")):
            platform.name = "改过的名字"
    engine.dispose()
    assert _every_row(url) != before
    restore(url, file)
    after = _every_row(url)
    # every row as it was, but the store's epoch: caches built before the restore are not brought forward
    (old_revision,), (new_revision,) = before.pop("storerevision"), after.pop("storerevision")
    assert after == before
    columns = list(SQLModel.metadata.tables["storerevision"].columns.keys())
    epoch = columns.index("epoch")
    assert new_revision[:epoch] + new_revision[epoch + 1:] == old_revision[:epoch] + old_revision[epoch + 1:]
    assert new_revision[epoch] != old_revision[epoch]


def test_the_command_line_refuses_a_missing_file_and_a_wrong_action(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    assert main(["copy", "x"]) == 2
    with pytest.raises(FileNotFoundError, match="no backup"):
        main(["restore", str(tmp_path / "missing.backup")])
