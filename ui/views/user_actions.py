"""Users screen actions: create, edit (role, county, active) and reset a password, via the store."""
import streamlit as st

from models.users import create_user, reset_password, update_user
from services.writes import DENIED, GONE, SAVED, Outcome, attempt
from ui.i18n import t, t_text
from ui.outcome import keep, show
from ui.store import engine
from ui.views import user_stale

RESULT = "us_result"


def _run(write, done_key: str, username: str, version: int | None = None) -> None:
    outcome = attempt(engine(), st.session_state.get("_actor"), write)
    report = user_stale.refused(outcome.stale, username, version) if outcome.stale else None
    if outcome.stale and report is None:  # the user was deleted meanwhile
        outcome = Outcome(GONE)
    keep(RESULT, outcome, saved=lambda _: t(done_key, username=username), on_stale=lambda stale: report)
    if outcome.saved:
        st.session_state["us_loaded"] = None  # reopen the edited user at its new version


def show_result() -> None:
    """The last save's outcome; a stale refusal stays until a save, a reload, or another user picked."""
    show(RESULT, label=lambda field: t(f"us.field.{field}"), on_reload=reload, reload_key="us_reload")


def reload() -> None:
    """Drop the administrator's typing and the refusal: the form reopens the user as saved now."""
    st.session_state.pop(RESULT, None)
    st.session_state["us_loaded"] = None


def forget_result() -> None:
    """Another user picked: the last one's outcome is not about them."""
    st.session_state.pop(RESULT, None)


def create() -> None:
    s = st.session_state
    username = (s.get("us_new_username") or "").strip().lower()
    role = s.get("us_new_role")
    # the county picker is disabled, not cleared, for other roles: its leftover value is not the user's county
    county = s.get("us_new_county") if role == "county_officer" else None
    _run(lambda session, actor: create_user(
        session=session, actor=actor, username=username, display_name=s.get("us_new_display_name") or "",
        role=role, county_code=county, password=s.get("us_new_password") or ""),
        "us.created", username)
    if st.session_state[RESULT].kind == SAVED:
        st.session_state["us_new_password"] = ""


def edit(username: str, version: int) -> None:
    s, actor = st.session_state, st.session_state.get("_actor")
    role, active = s.get("us_edit_role"), bool(s.get("us_edit_active"))
    if actor is not None and username == actor.username and (not active or role != "city_admin"):
        keep(RESULT, Outcome(DENIED, reason_zh=t_text("us.self_lockout"), reason_en=t_text("us.self_lockout")))
        return
    _run(lambda session, a: update_user(
        session=session, actor=a, username=username, expected_version=version,
        display_name=s.get("us_edit_display_name") or "", role=role,
        county_code=s.get("us_edit_county") if role == "county_officer" else None, active=active),
        "us.updated", username, version)


def reset(username: str, version: int) -> None:
    _run(lambda session, actor: reset_password(
        session=session, actor=actor, username=username, expected_version=version,
        password=st.session_state.get("us_reset_password") or ""), "us.reset_done", username, version)
    if st.session_state[RESULT].kind == SAVED:  # a refused reset keeps what was typed, like every form
        st.session_state["us_reset_password"] = ""
