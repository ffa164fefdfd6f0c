"""Bulk import: template → upload → dry run with every problem → one all-or-nothing import."""
import streamlit as st

from logic.import_kinds import KINDS
from models.importer import limits
from ui import uploader
from ui.guard import page_actor
from ui.i18n import t
from ui.views import import_view

actor = page_actor("import")  # viewers never get here; the store refuses their rows anyway
st.title(t("im.title"))
st.caption(t("im.caption"))
kind = st.radio(t("im.kind"), list(KINDS), format_func=lambda k: t(f"im.kind.{k}"), horizontal=True, key="im_kind")
import_view.downloads(actor, kind)

st.subheader(t("im.step2"))
lim = limits()
mb = lim.max_bytes // 1024 // 1024
# the widget's own limit is the importer's, so the drop zone and the label name the same number
uploaded = st.file_uploader(t("im.upload", mb=mb, rows=f"{lim.max_rows:,}"), type=["xlsx", "csv", "txt"], key="im_file",
                            max_upload_size=mb)
uploader.in_chinese("im_file", mb, "xlsx、csv、txt")
if uploaded is None:
    import_view.show_result(kind)
    st.stop()
dry = import_view.dry_run_for(actor, kind, uploaded.name, uploaded.getvalue())
import_view.show_dry_run(dry)
import_view.confirm(actor, dry)
import_view.show_result(kind)
