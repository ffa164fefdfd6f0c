"""How a save's outcome is told: a confirmation, the fields to fix, a refusal, or another user's changes."""
import streamlit as st

from ui.i18n import lang, t
from ui.safe_text import plain
from ui.views.stale_notice import reload_button, show_stale


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


def _stale(report: dict, on_reopen) -> None:
    show_stale(report)
    reload_button("pf_reload", on_reopen)  # or drop the typing instead
