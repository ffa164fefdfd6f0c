"""The bulk import screen's parts: template and export downloads, the dry-run report, the commit with progress."""
import hashlib

import pandas as pd
import streamlit as st

from logic import import_template
from logic.import_kinds import KINDS
from models import importer
from ui.export import download_buttons, note
from ui.i18n import lang, t, t_text
from ui.safe_text import plain
from ui.store import engine

SHOWN = 500  # problems listed on screen; the download has them all


def downloads(actor, kind: str) -> None:
    spec = KINDS[kind]
    st.subheader(t("im.step1"))
    cols = st.columns(4)
    xlsx_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cols[0].download_button(t("im.template_xlsx"), lambda: import_template.xlsx(spec), f"template_{kind}.xlsx",
                            mime=xlsx_mime, key=f"im_tpl_xlsx_{kind}")
    cols[1].download_button(t("im.template_csv"), lambda: import_template.csv_bytes(spec), f"template_{kind}.csv",
                            mime="text/csv", key=f"im_tpl_csv_{kind}")
    records = lambda: importer.export_frame(engine(), actor, kind).to_dict("records")  # noqa: E731 -- read only when an export is clicked
    about = lambda: note(spec.zh)  # noqa: E731 -- made on click, so the note's time is the click's
    cols[2].download_button(t("im.export_xlsx"),
                            lambda: import_template.xlsx(spec, records(), example=False, note=about()),
                            f"{kind}.xlsx", mime=xlsx_mime, key=f"im_exp_xlsx_{kind}")
    cols[3].download_button(t("im.export_csv"),
                            lambda: import_template.csv_bytes(spec, records(), example=False, note=about()),
                            f"{kind}.csv", mime="text/csv", key=f"im_exp_csv_{kind}")
    if actor.role == "county_officer":
        st.caption(t("im.own_county"))


def dry_run_for(actor, kind: str, name: str, data: bytes) -> importer.DryRun:
    """The dry run of this file, kept until the file, the kind or the store (a commit) changes."""
    tag = (kind, name, hashlib.sha256(data).hexdigest(), st.session_state.get("im_generation", 0))
    held = st.session_state.get("im_dry")
    if not held or held[0] != tag:
        if not held or held[0][:3] != tag[:3]:
            st.session_state.pop("im_result", None)  # another file: the last import's result is history
        held = (tag, importer.dry_run(engine(), actor, kind, data, name))
        st.session_state["im_dry"] = held
    return held[1]


def show_dry_run(dry: importer.DryRun) -> None:
    st.subheader(t("im.step3"))
    if dry.encoding:
        st.caption(t("im.encoding", encoding=dry.encoding))
    counts = dry.counts
    cols = st.columns(4)
    for col, key in zip(cols[:3], ("add", "update", "unchanged"), strict=True):
        col.metric(t(f"im.{key}"), f"{counts[key]:,}")
    cols[3].metric(t("im.problems"), f"{len(dry.problems):,}")
    for zh, en in dry.notes:
        st.caption(f"{t('im.notes')}:{plain(zh if lang() == 'zh' else en)}")  # notes name the file's headers
    if dry.problems:
        st.error(t("im.refused", n=len(dry.problems)))
        table = problem_table(dry)
        st.dataframe(table.head(SHOWN), hide_index=True, width="stretch")
        if len(table) > SHOWN:
            st.caption(t("im.more", shown=SHOWN))
        download_buttons(table, "import_problems", "im_problems", title=t_text("im.problems"))
    elif not dry.plans:
        st.info(t("im.nothing"))
    elif not counts["add"] and not counts["update"]:
        st.success(t("im.no_change"))
    else:
        st.success(t("im.ok"))


def _headers(kind: str) -> dict[str, str]:
    return {c.key: (c.zh if lang() == "zh" else c.en) for c in KINDS[kind].columns}


def problem_table(dry: importer.DryRun) -> pd.DataFrame:
    headers = _headers(dry.kind)
    return pd.DataFrame([{
        t("im.col.row"): p.row or t("im.file_level"),
        t("im.col.column"): _column(p, headers),
        t("im.col.value"): p.value,
        t("im.col.reason"): p.reason(lang()),
    } for p in dry.problems], columns=[t("im.col.row"), t("im.col.column"), t("im.col.value"), t("im.col.reason")])


def _column(problem, headers: dict) -> str:
    """The column as the officer's file heads it (the template's heading when the file had none there)."""
    return problem.header or "/".join(headers.get(key, key) for key in problem.column.split("/"))


def confirm(actor, dry: importer.DryRun) -> None:
    counts = dry.counts
    if dry.problems or not (counts["add"] or counts["update"]):
        return
    if not st.button(t("im.confirm", **counts), type="primary", key="im_confirm"):
        return
    bar = st.progress(0.0, text=t("im.progress", done=0, total=counts["add"] + counts["update"]))
    try:
        done = importer.commit(engine(), actor, dry,
                               progress=lambda d, n: bar.progress(d / n, text=t("im.progress", done=d, total=n)))
        st.session_state["im_result"] = ("ok", done)
        total = done["add"] + done["update"]
        bar.progress(1.0, text=t("im.progress_done", total=total))  # not left at "writing"
    except importer.ImportRefused as refused:
        st.session_state["im_result"] = ("refused", refused.problems)
        bar.empty()  # rolled back: nothing of the bar's count was written
    st.session_state["im_generation"] = st.session_state.get("im_generation", 0) + 1  # the store changed
    st.session_state.pop("im_dry", None)


def show_result(kind: str) -> None:
    result = st.session_state.get("im_result")
    if not result:
        return
    outcome, payload = result
    if outcome == "ok":
        st.success(t("im.done", **payload))
    else:
        st.error(t("im.commit_refused"))
        headers = _headers(kind)
        st.dataframe(pd.DataFrame([{t("im.col.row"): p.row, t("im.col.column"): _column(p, headers),
                                    t("im.col.value"): p.value, t("im.col.reason"): p.reason(lang())}
                                   for p in payload]), hide_index=True)
