"""Users screen actions: create, edit (role, county, active) and reset a password, via the store."""
import streamlit as st

from logic.authz import PermissionDenied
from logic.errors import NotFound, StaleEdit, ValidationFailed
from models.db import write_session
from models.users import create_user, reset_password, update_user
from ui.i18n import lang, t
from ui.safe_text import plain
from ui.store import engine
from ui.views import user_stale


def _run(write, done_key: str, username: str, version: int | None = None) -> None:
    actor = st.session_state.get("_actor")
    try:
        with write_session(engine(), actor) as session:
            write(session, actor)
    except ValidationFailed as failure:
        st.session_state["us_result"] = ("error", "\n".join(
            f"- **{t('us.field.' + e.field)}**:{plain(e.reason(lang()))}" for e in failure.errors))
        return
    except PermissionDenied as denied:
        st.session_state["us_result"] = ("error", plain(denied.decision.reason_zh if lang() == "zh" else denied.decision.reason_en))
        return
    except StaleEdit as stale:  # the typing stays; the other administrator's changes are shown
        user_stale.refuse(stale, username, version)
        return
    except NotFound:
        st.session_state["us_result"] = ("error", t("stale.gone"))
        return
    st.session_state["us_result"] = ("ok", t(done_key, username=username))
    st.session_state["us_loaded"] = None  # reopen the edited user at its new version


def reload() -> None:
    """Drop the administrator's typing and the refusal: the form reopens the user as saved now."""
    st.session_state.pop("us_result", None)
    st.session_state["us_loaded"] = None


def forget_result() -> None:
    """Another user picked: the last one's outcome is not about them."""
    st.session_state.pop("us_result", None)


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
    if st.session_state["us_result"][0] == "ok":
        st.session_state["us_new_password"] = ""


def edit(username: str, version: int) -> None:
    s, actor = st.session_state, st.session_state.get("_actor")
    role, active = s.get("us_edit_role"), bool(s.get("us_edit_active"))
    if actor is not None and username == actor.username and (not active or role != "city_admin"):
        s["us_result"] = ("error", t("us.self_lockout"))
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
    if st.session_state["us_result"][0] == "ok":  # a refused reset keeps what was typed, like every form
        st.session_state["us_reset_password"] = ""
