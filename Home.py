"""Entry point: page config, language, sign-in, then st.navigation over the pages this user may see."""
from pathlib import Path

import streamlit as st

from logic.authz import ROLE_LABELS
from models.counties import get_county
from models.db import read_session
from ui import auth
from ui.i18n import LANGS, keep_language_in_address, lang, language_from_address, t
from ui.nav import hide_navigation, leave_pages_folder_mode, navigation
from ui.secrets import cookie_key
from ui.store import engine, is_demo

ICON = Path(__file__).parent / "ui" / "icon.png"

leave_pages_folder_mode()
# the icon is a file of the app: a ":material/…:" page icon is fetched from an internet font server, which the
# bureau's offline network cannot reach
st.set_page_config(page_title="基层平台管理 · Grassroots platforms", page_icon=str(ICON), layout="wide")
language_from_address()
st.sidebar.radio(t("app.lang"), list(LANGS), format_func=LANGS.get, key="lang", horizontal=True)
keep_language_in_address()

key, problem = cookie_key(demo=is_demo())
if problem:
    st.error(t("login.bad_key", problem=problem[0] if lang() == "zh" else problem[1]))
    st.stop()

db = engine()
if is_demo():
    st.sidebar.warning(t("app.demo_banner"))
actor = auth.signed_in_actor(db, key)
if actor is None:
    st.session_state.pop("_actor", None)
    hide_navigation()
    st.stop()
st.session_state["_actor"] = actor


def _whoami() -> str:
    role = ROLE_LABELS[actor.role][0 if lang() == "zh" else 1]
    county = ""
    if actor.county_code:
        with read_session(db) as session:
            row = get_county(session, actor.county_code)
        county = " · " + (row.name if lang() == "zh" else row.name_en) if row else ""
    return t("app.signed_in_as", name=st.session_state.get("name") or actor.username, role=role, county=county)


st.sidebar.caption(_whoami())
if st.sidebar.button(t("app.sign_out"), key="sign_out_button"):
    auth.sign_out(db, actor)
    st.success(t("app.signed_out"))
    st.button(t("app.sign_in_again"), key="sign_in_again_after_out")
    hide_navigation()
    st.stop()
navigation(actor).run()
