"""The benchmark: python -m bench.run  (README, "Benchmark").

Every figure is a ratio of two timings taken in this one process, so the table reads the same on a faster or
slower machine; nothing here is asserted by the tests.
"""
import os
import statistics
import sys
from pathlib import Path

from bench import eight_haves, importing, load, screens
from bench.dataset import dataset_url
from bench.timing import best_of

ROOT = Path(__file__).resolve().parents[1]


def ranking(url: str) -> list[tuple[str, float, str]]:
    """The ranking's stability run (300 seeded draws) against one plain ranking of the same counties."""
    from logic.assessment_inputs import default_scheme
    from logic.ranking import perturb, rank_counties
    from models.assessment_frames import indicator_values, pilot_skip_map
    from models.db import make_engine, read_session
    engine = make_engine(url)
    scheme = default_scheme(2026)
    with read_session(engine) as session:
        values, skip = indicator_values(session, 2026, scheme), pilot_skip_map(session, 2026)
    engine.dispose()
    once = best_of(lambda: rank_counties(values, scheme, skip=skip), repeat=5)
    draws = best_of(lambda: perturb(values, scheme, draws=300, skip=skip), repeat=1)
    return [("ranking stability, 300 draws ÷ one ranking", draws / once, f"{draws:.2f} s vs {once * 1000:.1f} ms")]


def _upgraded(url: str) -> None:
    from models.db import make_engine
    from models.migrate import upgrade
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


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


def main(parts: list[str]) -> None:
    """`python -m bench.run [eight-haves] [importer] [ranking] [screens] [load]`: the named parts, or all."""
    from ui.nav import SCREENS
    os.environ.setdefault("GSP_COOKIE_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    # copies, brought to this checkout's schema: the built datasets stay as they are for any checkout to use
    small, large = screens.copies(dataset_url("city"), dataset_url("province"))
    for url in (small, large):
        _upgraded(url)
        _bench_admin(url)
    chosen = set(parts) or {"eight-haves", "importer", "ranking", "screens", "load"}
    rows = []
    if "eight-haves" in chosen:
        rows += eight_haves.measures(large)
    if "importer" in chosen:
        rows += importing.measures()
    if "ranking" in chosen:
        rows += ranking(large)
    if "screens" in chosen:
        rows += screens.measures(small, large, [s.path for s in SCREENS])
    if "load" in chosen:
        rows += load.measures(small)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'ratio':>8}  detail")
    for name, ratio, detail in rows:
        print(f"{name:<{width}}  {ratio:>8.1f}  {detail}", flush=True)
    print(f"(median ratio {statistics.median(r[1] for r in rows):.1f})")


if __name__ == "__main__":
    main(sys.argv[1:])
