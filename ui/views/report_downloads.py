"""Downloads of the documents the bureau sends (issue 18): the assessment report of a frozen snapshot.

The file is made when the button is clicked (a callable, run by Streamlit beside the rerun), from data read
here first: the callable runs outside the script's thread and may not read the session."""
from datetime import datetime

import streamlit as st

from logic.target_tracking import pilot_status
from models.assessment import pilots
from models.counties import county_names
from models.db import read_session
from models.register_history import is_past
from ui.assessment_data import target_figures
from ui.i18n import LANGS, lang, t
from ui.store import engine
from ui.views.assessment_report import Snapshot, YearSummary, report_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def year_summary(year: int) -> YearSummary:
    """The year's figures as the targets screen shows them (the same cached figures)."""
    with read_session(engine()) as session:
        names = county_names(session)
        won = pilot_status(pilots(session), list(names), year)["won"]
    figures = target_figures(year, tuple(names))
    overall = {p.key: p.actual for p in figures.overall}
    network = figures.network
    return YearSummary(registered=int(network["platforms"].sum()), compliant=overall["compliant"],
                       demo=overall["demo"], village=overall["village"], connected=int(network["connected"].sum()),
                       pilots_won=len(won), counties=len(names), past=is_past(year), read_at=datetime.now().astimezone())


def report_download(sid: int, year: int, frozen_at, payload: dict) -> None:
    """A language choice (the screen's by default) and the report's download, for one frozen snapshot."""
    with read_session(engine()) as session:
        pairs = county_names(session)
    names_by_lang = {code: {c: pair[0 if code == "zh" else 1] for c, pair in pairs.items()} for code in LANGS}
    summary = YearSummary.from_payload(payload.get("summary")) or year_summary(year)
    snapshot = Snapshot(sid, year, frozen_at, payload)
    choice = st.radio(t("rp.language"), list(LANGS), index=list(LANGS).index(lang()), format_func=LANGS.get,
                      key=f"rp_lang_{sid}", horizontal=True)
    st.download_button(t("rp.download"), lambda: report_docx(snapshot, names_by_lang, summary, choice),
                       f"assessment_report_{year}_{sid}.docx", mime=DOCX_MIME, key=f"rp_dl_{sid}")
