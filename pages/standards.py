"""Standards editor (R-8.11, city administrators): copy a version, adjust it, preview the verdicts it moves,
save it, and choose the year it is in force from."""
from datetime import date

import streamlit as st

from models.db import read_session
from models.standards import standard_in_force
from ui.guard import page_actor
from ui.i18n import t
from ui.pickers import hold
from ui.store import engine
from ui.views import standards_editor as editor

actor = page_actor("administer")
st.title(t("sd.title"))
st.caption(t("sd.caption"))
with read_session(engine()) as session:
    st.caption(t("sd.in_force_now", year=date.today().year, label=standard_in_force(session).label))
rows = editor.versions()
st.subheader(t("sd.versions"))
editor.version_table(rows)
by_id = {r.id: r for r in rows}
hold("sd_pick", list(by_id), default=rows[-1].id)  # by id: another admin's rename or putting in force keeps it
row = by_id[st.selectbox(t("sd.pick"), list(by_id), format_func=lambda i: editor.pick_label(by_id[i]), key="sd_pick")]
editor.show_result(row.id)
editor.copy_controls(actor, row)

st.subheader(t("sd.edit"))
draft = row.in_force_from_year is None
if not draft:
    st.info(t("sd.locked"))
edited = editor.contents(row, disabled=not draft)
if draft:
    editor.preview(edited)
    editor.save_controls(actor, row, edited)
editor.force_controls(actor, row)
