"""How a save's outcome is told: a confirmation, the fields to fix, a refusal, or another user's changes."""
import pandas as pd
import streamlit as st

from ui.i18n import lang, t
from ui.safe_text import plain


def show_result(result, *, on_reopen) -> None:
    if not result:
        return
    kind, payload = result
    if kind == "saved":
        code, name, version, verdict = payload
        st.success(t("pf.saved", code=code, name=name, version=version, verdict=t(f"pf.verdict.{verdict}")))
    elif kind == "errors":
        st.error(t("common.fix_fields") + "\n" + "\n".join(
            f"- **{t('pf.field.' + e.field)}**:{plain(e.reason(lang()))}" for e in payload))
    elif kind == "denied":
        st.error(plain(payload))
    elif kind == "stale":
        _stale(payload, on_reopen)


def _stale(stale, on_reopen) -> None:
    st.error(t("common.stale", by=stale.by or "?", version=stale.current_version))
    rows = [{t("common.field"): t("pf.field." + field), t("common.when_opened"): str(before), t("common.now"): str(now)}
            for field, (before, now) in stale.changes.items()]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.button(t("app.reload_latest"), key="reload_latest", on_click=on_reopen)
