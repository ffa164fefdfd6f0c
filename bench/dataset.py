"""Province-scale datasets for the benchmark: the demo scaled up (about 1,200 platforms at scale 1, about
60,000 at scale 50), with rosters, the funding ledger, scores and the register's history, kept as SQLite files
under bench/out/ (git-ignored) and reused; delete bench/out/ after a schema change."""
from pathlib import Path

from logic.authz import SYSTEM
from models.db import make_engine, write_session
from models.demo_setup import seed_demo_data
from models.migrate import upgrade
from models.seed import init_database

OUT = Path(__file__).resolve().parent / "out"
SCALES = {"city": 1.0, "province": 50.0}  # ~1,200 and ~60,000 platforms


def _seed(url: str, scale: float) -> None:
    engine = make_engine(url)
    upgrade(engine)
    init_database(engine)
    with write_session(engine, SYSTEM) as session:
        seed_demo_data(session, scale=scale)
    engine.dispose()


def dataset_url(name: str) -> str:
    """The SQLite URL of a dataset, built on first use (the province one takes a few minutes)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _seed(f"sqlite:///{partial}", SCALES[name])
        partial.rename(path)
    return f"sqlite:///{path}"
