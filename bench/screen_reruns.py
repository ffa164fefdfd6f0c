"""Warm reruns and the first run after a write, city against province: python -m bench.screen_reruns [page ...]

For each screen (default: ranking, targets, standards) on copies of bench/out/city.sqlite and province.sqlite
(the write goes to the copies): the AppTest run of the screen once (cold), the best of two reruns with no write
in between (warm), and one rerun after a committed write (a work-performance score, which moves the store
revision as any write does). The standards editor is opened on a draft, so its verdict preview is drawn.
Figures are ratios of timings taken in this one process; nothing here is asserted by the tests.
"""
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.run import ROOT, _bench_admin, _sign_in

PAGES = ("pages/ranking.py", "pages/targets.py", "pages/standards.py")
OUT = Path(__file__).resolve().parent / "out"


def _draft(url: str) -> None:
    """A draft copy of the standard last listed, unless it is a draft already (the editor opens on it)."""
    from logic.authz import Actor
    from models import standards as store
    from models.db import make_engine, read_session, write_session
    actor, engine = Actor("bench_admin", "city_admin"), make_engine(url)
    with read_session(engine) as session:
        last = store.list_standards(session)[-1]
    if last.in_force_from_year is not None:
        with write_session(engine, actor) as session:
            store.copy_version(session=session, actor=actor, version_id=last.id, name="bench draft")
    engine.dispose()


def _write(url: str) -> None:
    """A committed write the ranking reads: a county's work-performance score of this year."""
    from logic.authz import Actor
    from models.assessment import entered_versioned, set_performance
    from models.db import make_engine, read_session, write_session
    from models.locking import NEW
    actor, engine, year = Actor("bench_admin", "city_admin"), make_engine(url), date.today().year
    with read_session(engine) as session:
        version = entered_versioned(session, year)[1].get(("performance", "511502"), NEW)
    with write_session(engine, actor) as session:
        set_performance(session=session, actor=actor, county_code="511502", year=year,
                        score=random.randint(60, 99), expected_version=version)
    engine.dispose()


def timings(url: str, page: str) -> tuple[float, float, float]:
    """(cold, warm, after a write) seconds of one screen's AppTest run."""
    from streamlit.testing.v1 import AppTest
    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=900)
    _sign_in(at)
    at.run()

    def run() -> float:
        start = time.perf_counter()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return time.perf_counter() - start
    cold = run()
    warm = min(run(), run())
    _write(url)
    return cold, warm, run()


def main(pages=PAGES) -> None:
    os.environ.setdefault("GSP_COOKIE_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    with tempfile.TemporaryDirectory() as tmp:
        urls = {}
        for name in ("city", "province"):
            shutil.copy(OUT / f"{name}.sqlite", Path(tmp) / f"{name}.sqlite")
            urls[name] = f"sqlite:///{tmp}/{name}.sqlite"
            _bench_admin(urls[name])
            _draft(urls[name])
        for page in pages:
            city, province = timings(urls["city"], page), timings(urls["province"], page)
            print(f"{page}: warm {city[1]:.2f} s → {province[1]:.2f} s ({province[1] / city[1]:.1f}×), "
                  f"after a write {city[2]:.2f} s → {province[2]:.2f} s ({province[2] / city[2]:.1f}×), "
                  f"cold {city[0]:.2f} s → {province[0]:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:] or PAGES)
