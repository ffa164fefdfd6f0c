"""The roster screen (pages/roster.py) at city and province scale, as a city administrator in AppTest: the
first view, a warm rerun, the first run after a write (median of three), and the whole-city flag lists.

    python -m bench.roster_screen

Each dataset is copied to a temporary folder first (the runs write a training and a bench user)."""
import os
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.dataset import OUT
from bench.run import ROOT, _bench_admin, _sign_in


def _seconds(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _write_a_training(url: str, day: int) -> None:
    from sqlmodel import select

    from logic.authz import SYSTEM
    from models.db import make_engine, write_session
    from models.people import Person, add_training
    engine = make_engine(url)
    with write_session(engine, SYSTEM) as session:
        person = session.exec(select(Person.id).where(Person.left_on.is_(None))).first()
        add_training(session=session, actor=SYSTEM, person_id=person, trained_on=date(2026, 1, day), hours=2,
                     topic="bench")
    engine.dispose()


def measure(url: str) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest
    os.environ["DATABASE_URL"] = url
    _bench_admin(url)
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=900)
    _sign_in(at)
    at.run()
    out = {"first view": _seconds(lambda: at.switch_page("pages/roster.py").run())}
    out["warm rerun"] = min(_seconds(at.run) for _ in range(3))
    after = []
    for day in (5, 6, 7):
        _write_a_training(url, day)
        after.append(_seconds(at.run))
    out["first run after a write"] = statistics.median(after)
    out["whole-city lists, first"] = _seconds(lambda: at.toggle(key="ro_flags_city").set_value(True).run())
    out["whole-city lists, warm"] = min(_seconds(at.run) for _ in range(3))
    assert not at.exception, at.exception
    return out


def main() -> None:
    os.environ.setdefault("GSP_COOKIE_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    with tempfile.TemporaryDirectory() as folder:
        figures = {}
        for name in ("city", "province"):
            copy = Path(folder) / f"{name}.sqlite"
            shutil.copy(OUT / f"{name}.sqlite", copy)
            figures[name] = measure(f"sqlite:///{copy}")
            copy.unlink()
    for what in figures["city"]:
        city, province = figures["city"][what], figures["province"][what]
        print(f"{what:<26} city {city:6.2f} s  province {province:6.2f} s  ratio {province / city:5.1f}")


if __name__ == "__main__":
    main()
