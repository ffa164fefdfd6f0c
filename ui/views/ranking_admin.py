"""City administrators' controls on the ranking screen: performance scores and freezing a snapshot."""
import pandas as pd
import streamlit as st

from logic.authz import PermissionDenied
from logic.errors import ValidationFailed
from models.assessment import freeze, set_performance, snapshots
from models.db import read_session, write_session
from ui.i18n import lang, t
from ui.store import engine


def performance_editor(actor, year: int, names: dict[str, str], scores: dict[str, float]) -> None:
    with st.expander(t("rk.performance")):
        table = pd.DataFrame({"county": list(names), t("rk.col.county"): list(names.values()),
                              t("rk.performance.col"): [scores.get(c) for c in names]})
        edited = st.data_editor(table, key=f"rk_perf_{year}", hide_index=True, disabled=["county", t("rk.col.county")],
                                column_config={"county": None})
        if st.button(t("rk.performance.save"), key="rk_perf_save"):
            _save_scores(actor, year, edited, scores)


def _save_scores(actor, year: int, edited: pd.DataFrame, before: dict[str, float]) -> None:
    changed = [(c, v) for c, v in zip(edited["county"], edited[t("rk.performance.col")])
               if v is not None and not pd.isna(v) and before.get(c) != float(v)]
    try:
        with write_session(engine(), actor) as session:
            for county, value in changed:
                set_performance(session=session, actor=actor, county_code=county, year=year, score=value)
    except ValidationFailed as failure:
        st.error(" ".join(f"{t('rk.performance.col')}:{e.reason(lang())}" for e in failure.errors))
        return
    except PermissionDenied as denied:
        st.error(denied.decision.reason_zh if lang() == "zh" else denied.decision.reason_en)
        return
    st.success(t("rk.performance.saved", n=len(changed)))
    st.rerun()


def freeze_controls(actor, year: int, payload: dict) -> None:
    note = st.text_input(t("rk.freeze_note"), key="rk_freeze_note", max_chars=200)
    if st.button(t("rk.freeze"), type="primary", key="rk_freeze"):
        with write_session(engine(), actor) as session:
            row = freeze(session=session, actor=actor, year=year, payload=payload, note=note)
            st.session_state["rk_frozen"] = (year, row.id)
        st.rerun()
    frozen = st.session_state.pop("rk_frozen", None)
    if frozen:
        st.success(t("rk.frozen", year=frozen[0], id=frozen[1]))


def frozen_snapshots(year: int, names: dict[str, str]) -> None:
    with read_session(engine()) as session:
        rows = [(s.id, s.frozen_at, s.frozen_by, s.note, s.payload) for s in snapshots(session, year)]
    if not rows:
        st.caption(t("rk.no_snapshots"))
        return
    for sid, at, by, note, payload in rows:
        with st.expander(t("rk.snapshot", id=sid, at=at.strftime("%Y-%m-%d %H:%M UTC"), by=by, note=note)):
            st.dataframe(pd.DataFrame([{
                t("rk.col.rank"): c["rank"], t("rk.col.county"): names.get(c["county"], c["county"]),
                t("rk.col.tier"): t(f"rk.tier.{c['tier'] or 'none'}"),
                t("rk.col.total"): None if c["total"] is None else round(c["total"], 3),
                t("rk.col.amount"): f"{c['amount_fen'] // 100:,}.{c['amount_fen'] % 100:02d}",
            } for c in payload["counties"]]), hide_index=True, width="stretch")
