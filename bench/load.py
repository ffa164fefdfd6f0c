"""Server CPU per rerun, and how long people wait when 20 use the app at once, at city scale.

One Streamlit server over the city dataset; sessions (websockets, as browser tabs) ask for the main screens in
turn, each pausing between clicks as a person reading the screen would (uniform, mean `THINK` seconds).
Reported: the server's CPU-seconds per rerun, and the 95th percentile of the server's answer time with 20
sessions against the same with one. With `GSP_BENCH_BASELINE` set to another checkout of the app (an earlier
commit, with its own bench/out/city.sqlite built by that commit's `python -c "from bench.dataset import
dataset_url; dataset_url('city')"`), its server is measured turn about with this one for the CPU per rerun;
`GSP_BENCH_BASELINE_PYTHON` names the Python (a virtualenv with that commit's requirements) that serves it.
"""
import os
import subprocess
import sys
from pathlib import Path

from bench.screens import copies
from bench.sessions import Server, drive, start_server
from bench.timing import percentile

PAGES = ["overview", "platforms", "staffing", "staff_gap", "roster", "funding", "ranking", "targets"]
THINK = 5.0


def _p95(server: Server, sessions: int, reruns: int, think: float) -> tuple[float, float]:
    answers, cpu = drive(server, "bench_admin", PAGES, sessions=sessions, reruns=reruns, think=think)
    return percentile(answers, 0.95), cpu


def measures(city_url: str) -> list[tuple[str, float, str]]:
    server = start_server(city_url)
    try:
        rows = []
        for think, label in ((THINK, f"pauses of {THINK:.0f} s on average"), (0.0, "no pause between clicks")):
            one, cpu_one = _p95(server, 1, 2 * len(PAGES), think)
            many, cpu_many = _p95(server, 20, len(PAGES), think)
            rows.append((f"20 sessions ÷ 1, p95 of the server's answer ({label})", many / one,
                         f"{one:.2f} s → {many:.2f} s; CPU per rerun {cpu_one:.3f} s alone, {cpu_many:.3f} s"
                         f" with 20"))
        return rows + _against_baseline(server)
    finally:
        server.stop()


def _against_baseline(server: Server) -> list[tuple[str, float, str]]:
    root = os.environ.get("GSP_BENCH_BASELINE")
    if not root:
        return []
    (url,) = copies(f"sqlite:///{Path(root) / 'bench' / 'out' / 'city.sqlite'}")
    python = os.environ.get("GSP_BENCH_BASELINE_PYTHON", sys.executable)
    _admin_in(root, url, python)
    baseline = start_server(url, root=Path(root), python=python)
    try:
        now = then = float("inf")
        for _ in range(3):  # turn about, the least of each
            now = min(now, drive(server, "bench_admin", PAGES, 1, len(PAGES), 0.0)[1])
            then = min(then, drive(baseline, "bench_admin", PAGES, 1, len(PAGES), 0.0)[1])
        return [("server CPU per rerun at city scale: now ÷ baseline checkout", now / then,
                 f"{then:.3f} s → {now:.3f} s (baseline {Path(root).name})")]
    finally:
        baseline.stop()


def _admin_in(root: str, url: str, python: str) -> None:
    """The bench user in the baseline's dataset, made by the baseline's own code (its schema may differ)."""
    subprocess.run([python, "-c", f"from bench.run import _bench_admin; _bench_admin({url!r})"], cwd=root,
                   check=True)
