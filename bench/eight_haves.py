"""The eight-haves verdicts of a whole register: evaluate_frame against the per-row loop of evaluate, and
against one plain pandas pass over the same columns (a floor: each fact compared once with the first column's
thresholds, the code lists checked with a set, no per-level rules, no demonstration check, no failed-item sets).
"""
import pandas as pd

from bench.timing import best_of, interleaved


def _register(url: str):
    from models.db import make_engine, read_session
    from models.judged_register import register_facts
    from models.standards import standard_in_force
    engine = make_engine(url)
    with read_session(engine) as session:
        facts, _ = register_facts(session, 2026)
        standard = standard_in_force(session, 2026)
    engine.dispose()
    return facts, standard


def plain_pass(frame: pd.DataFrame, standard) -> pd.Series:
    rule = next(iter(standard.columns.values()))
    ok = frame["sign_installed"].fillna(False).astype(bool)
    ok &= frame["sign_text"].fillna("").str.endswith(rule.sign_suffix)
    ok &= frame["area_m2"].fillna(0) >= rule.min_area_m2
    ok &= frame["staff_full_time"].fillna(0) + frame["staff_part_time"].fillna(0) >= standard.staff_base
    for flag in ("open_counter", "info_area", "office", "service_seat", "network_connected",
                 "work_funds_secured", "rules_posted"):
        ok &= frame[flag].fillna(False).astype(bool)
    for column, required in (("windows", rule.windows), ("equipment", standard.equipment),
                             ("services", standard.services)):
        ok &= frame[column].map(lambda codes, required=required: required <= set(codes or ()))
    return ok


def measures(url: str) -> list[tuple[str, float, str]]:
    from logic.compliance import evaluate
    from logic.vectorised import evaluate_frame
    frame, standard = _register(url)
    records = frame.to_dict("records")
    loop = best_of(lambda: [evaluate(r, standard) for r in records], repeat=1)
    vectorised, plain = interleaved(lambda: evaluate_frame(frame, standard), lambda: plain_pass(frame, standard),
                                    repeat=5)
    n = f"{len(frame):,} platforms"
    return [(f"eight-haves, {n}: per-row loop ÷ evaluate_frame", loop / vectorised,
             f"loop {loop:.2f} s, evaluate_frame {vectorised * 1000:.0f} ms"),
            (f"eight-haves, {n}: evaluate_frame ÷ one plain pandas pass", vectorised / plain,
             f"plain pass {plain * 1000:.0f} ms")]
