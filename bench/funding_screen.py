"""The funding screen at city and province scale: python -m bench.funding_screen city.sqlite [province.sqlite]

Each dataset is copied to a temporary folder first (a bench administrator is added and a line written there).
Prints, per dataset: the first run, a warm rerun (best of three; every tab is drawn in each run), and the first
rerun after a write (a funding line added from outside the app, which moves the store revision), then the whole
city asked for on the three tabs that offer it (first run, then warm)."""
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(source: str) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    from bench.run import _bench_admin, _sign_in
    from logic.authz import SYSTEM
    from models.db import make_engine, write_session
    from models.funding import add_line
    copy = Path(tempfile.mkdtemp()) / Path(source).name
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    _bench_admin(url)
    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=900)
    _sign_in(at)
    at.run()
    first = _timed(lambda: at.switch_page("pages/funding.py").run())
    assert not at.exception, at.exception
    warm = min(_timed(at.run) for _ in range(3))
    engine = make_engine(url)
    with write_session(engine, SYSTEM) as session:
        add_line(session=session, actor=SYSTEM, county_code="511502", facts={
            "year": date.today().year, "category": "personnel", "source": "county_budget", "budgeted": "1", "allocated": "1", "spent": "0"})
    engine.dispose()
    after_write = _timed(at.run)
    assert not at.exception, at.exception
    for key in ("fd_v_county", "fd_p_county", "fd_s_county"):  # the whole city, asked for on every tab
        at.selectbox(key=key).set_value("city")
    whole_city = _timed(at.run)
    assert not at.exception, at.exception
    whole_city_warm = min(_timed(at.run) for _ in range(2))
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {"first": first, "warm": warm, "after_write": after_write, "whole_city": whole_city,
            "whole_city_warm": whole_city_warm}


def main() -> None:
    os.environ.setdefault("GSP_COOKIE_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    for source in sys.argv[1:]:
        figures = measure(source)
        print(Path(source).name, " ".join(f"{k} {v:.2f} s" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
