"""Each page re-checks who is asking: Home.py re-reads the user from the store on every run and
leaves the actor here; a page opened without it, or by a role not allowed, stops with a message."""
import streamlit as st

from logic.authz import Actor, authorize
from ui.i18n import t


def page_actor(action: str = "view") -> Actor:
    actor = st.session_state.get("_actor")
    if not isinstance(actor, Actor) or not authorize(actor, action):
        st.error(t("guard.denied"))
        st.stop()
    return actor


def may(actor: Actor, action: str, county_code: str | None = None) -> bool:
    return bool(authorize(actor, action, county_code))
