"""Each page re-checks who is asking: Home.py re-reads the user from the store on every run and
leaves the actor here; a page opened without it, or by a role not allowed, stops with a message."""
import streamlit as st
from streamlit.errors import StreamlitAPIException

from logic.authz import Actor, authorize
from ui.i18n import language_in_address, t

ENTRY = "Home.py"


def _through_the_entry() -> None:
    """A page reached without Home.py (a bookmarked URL that is the first request after a server start,
    when Streamlit still serves the `pages/` folder by itself) goes back through Home.py, which signs
    the user in and builds the role's navigation. Where Home.py is not a page (a page run alone, as in
    a test), there is nowhere to go and the caller refuses."""
    try:
        st.switch_page(ENTRY, query_params=language_in_address())
    except StreamlitAPIException:
        return


def admits(actor: object, action: str) -> bool:
    """Whether a page that needs `action` lets in what session state holds as the user: only an Actor (as Home.py
    leaves it, read from the store) that may do `action`; nothing, or anything else put there, is refused."""
    return isinstance(actor, Actor) and bool(authorize(actor, action))


def page_actor(action: str = "view") -> Actor:
    actor = st.session_state.get("_actor")
    if not isinstance(actor, Actor):
        _through_the_entry()
    if not admits(actor, action):
        st.error(t("guard.denied"))
        st.stop()
    return actor


def may(actor: Actor, action: str, county_code: str | None = None) -> bool:
    return bool(authorize(actor, action, county_code))
