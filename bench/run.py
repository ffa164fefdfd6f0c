"""The benchmark: python -m bench.run  (README, "Benchmark").

Every figure is a ratio of two timings taken in this one process, so the table reads the same on a faster or
slower machine; nothing here is asserted by the tests.
"""
import os
import statistics
import time
from collections.abc import Callable

from pathlib import Path

from bench.dataset import dataset_url

ROOT = Path(__file__).resolve().parents[1]


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs: the least disturbed by whatever else the machine was doing."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _frame(url: str):
    from models.db import make_engine, read_session
    from models.people_frames import platforms_with_roster
    from models.standards import standard_in_force
    engine = make_engine(url)
    with read_session(engine) as session:
        frame, standard = platforms_with_roster(session), standard_in_force(session)
    engine.dispose()
    return frame, standard


def eight_haves(url: str) -> list[tuple[str, float, str]]:
    """The vectorised evaluation against a per-row loop of evaluate over the same platforms."""
    from logic.compliance import evaluate
    from logic.vectorised import evaluate_frame
    frame, standard = _frame(url)
    records = frame.to_dict("records")
    loop = best_of(lambda: [evaluate(r, standard) for r in records], repeat=1)
    vectorised = best_of(lambda: evaluate_frame(frame, standard))
    return [(f"eight-haves, {len(frame):,} platforms: per-row loop ÷ vectorised", loop / vectorised,
             f"loop {loop:.2f} s, vectorised {vectorised:.3f} s")]


def screens(small: str, large: str) -> list[tuple[str, float, str]]:
    """Each screen's AppTest run at ~60,000 platforms against the same screen at ~1,200."""
    from streamlit.testing.v1 import AppTest

    from ui.nav import SCREENS

    def run(url: str, path: str) -> float:
        os.environ["DATABASE_URL"] = url
        at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=600)
        _sign_in(at)
        at.run()
        return best_of(lambda: at.switch_page(path).run(), repeat=2)

    rows = []
    for screen in SCREENS:
        a, b = run(small, screen.path), run(large, screen.path)
        rows.append((f"screen {screen.path}: 60,000 ÷ 1,200 platforms", b / a, f"{a:.2f} s → {b:.2f} s"))
    return rows


def _sign_in(at) -> None:
    """A city administrator, seeded into session state as the AppTests do (no cookie in AppTest)."""
    from datetime import datetime, timezone
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "bench_admin"
    at.session_state["name"] = "Bench"
    at.session_state["roles"] = ["city_admin"]
    at.session_state["signed_in_at"] = datetime.now(timezone.utc)


def _bench_admin(url: str) -> None:
    from logic.authz import SYSTEM
    from models.db import make_engine, write_session
    from models.users import create_user, get_user
    engine = make_engine(url)
    with write_session(engine, SYSTEM) as session:
        if get_user(session, "bench_admin") is None:
            create_user(session=session, actor=SYSTEM, username="bench_admin", display_name="Bench",
                        role="city_admin", county_code=None, password="bench-only-2026")
    engine.dispose()


def main() -> None:
    os.environ.setdefault("GSP_COOKIE_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    small, large = dataset_url("city"), dataset_url("province")
    for url in (small, large):
        _bench_admin(url)
    rows = eight_haves(large) + screens(small, large)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'ratio':>8}  detail")
    for name, ratio, detail in rows:
        print(f"{name:<{width}}  {ratio:>8.1f}  {detail}")
    print(f"(median ratio {statistics.median(r[1] for r in rows):.1f})")


if __name__ == "__main__":
    main()
