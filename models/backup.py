"""Backup and restore of the store, run by hand or from cron (README, "Production"):

    python -m models.backup backup  FILE    # the database DATABASE_URL names, to FILE
    python -m models.backup restore FILE    # FILE back into that database, replacing what it holds

SQLite uses its online backup API, so a backup taken while the app writes is still one consistent
snapshot; PostgreSQL uses pg_dump's custom format and pg_restore --clean (the client tools must be on PATH).
"""
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from models.db import database_url


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be backed up")
    return url.database


def _libpq(url: URL) -> str:
    """pg_dump and pg_restore speak libpq URLs: no SQLAlchemy driver suffix."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _copy_sqlite(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def backup(url: str, file: Path) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _copy_sqlite(_sqlite_path(parsed), str(file))
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={file}", f"--dbname={_libpq(parsed)}"],
                       check=True)
    return file


def restore(url: str, file: Path) -> None:
    if not Path(file).is_file():
        raise FileNotFoundError(f"no backup at {file}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _copy_sqlite(str(file), _sqlite_path(parsed))
    else:
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={_libpq(parsed)}", str(file)], check=True)
    _start_a_new_history(url)


def _start_a_new_history(url: str) -> None:
    """The restored store brought to the app's schema, with a new epoch: caches that app processes built before
    the restore are rebuilt, never brought forward from the change numbers of the history they came from."""
    from models.db import make_engine
    from models.migrate import upgrade
    from models.revision import new_epoch
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            new_epoch(conn)
    finally:
        engine.dispose()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("backup", "restore"):
        print(__doc__, file=sys.stderr)
        return 2
    action, file = argv[0], Path(argv[1])
    if action == "backup":
        print(f"backed up to {backup(database_url(), file)}")
    else:
        restore(database_url(), file)
        print(f"restored from {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
