"""Users (city administrators): create, set role and county, deactivate, reset a password."""
import pandas as pd
import streamlit as st

from logic.authz import ROLE_LABELS, ROLES
from models.db import read_session
from models.users import list_users
from ui.data import counties
from ui.guard import page_actor
from ui.i18n import lang, t, t_text
from ui.store import engine
from ui.views import user_actions, user_stale
from ui.views.stale_notice import beijing

page_actor("administer")
st.title(t("us.title"))
st.caption(t("us.caption"))
names = counties()
role_name = lambda r: ROLE_LABELS[r][0 if lang() == "zh" else 1]  # noqa: E731 -- a format function
county_name = lambda c: names.get(c, t("us.no_county")) if c else t("us.no_county")  # noqa: E731 -- likewise
user_actions.show_result()

with read_session(engine()) as session:
    users = {u.username: u for u in list_users(session)}
st.subheader(t("us.list"))
st.dataframe(pd.DataFrame([{
    t("us.field.username"): u.username, t("us.field.display_name"): u.display_name,
    t("us.field.role"): role_name(u.role), t("us.field.county_code"): county_name(u.county_code),
    t("us.field.active"): u.active, t("us.field.tokens_valid_after"): beijing(u.tokens_valid_after),
} for u in users.values()]), hide_index=True, width="stretch")

create_tab, edit_tab = st.tabs([t("us.create"), t("us.edit")])
with create_tab:
    st.text_input(t("us.field.username"), key="us_new_username")  # no max_chars: refused if long, never cut
    st.text_input(t("us.field.display_name"), key="us_new_display_name")
    role = st.selectbox(t("us.field.role"), ROLES, key="us_new_role", format_func=role_name)
    st.selectbox(t("us.field.county_code"), [None, *names], key="us_new_county", format_func=county_name,
                 disabled=role != "county_officer", placeholder=t_text("us.no_county"))
    st.text_input(t("us.field.password"), key="us_new_password", type="password")
    st.button(t("us.submit.create"), key="us_create", type="primary", on_click=user_actions.create)

with edit_tab:
    picked = st.selectbox(t("us.pick"), list(users), key="us_pick", on_change=user_actions.forget_result)
    user = users[picked]
    if st.session_state.get("us_loaded") != picked:  # load once per pick, so typing is never overwritten
        opened = {field: getattr(user, field) for field in user_stale.FORM}
        st.session_state.update(us_loaded=picked, us_version=user.version, us_opened=opened,
                                **{key: opened[field] for field, key in user_stale.FORM.items()})
    st.text_input(t("us.field.display_name"), key="us_edit_display_name", max_chars=100)
    edit_role = st.selectbox(t("us.field.role"), ROLES, key="us_edit_role", format_func=role_name)
    st.selectbox(t("us.field.county_code"), [None, *names], key="us_edit_county", format_func=county_name,
                 disabled=edit_role != "county_officer", placeholder=t_text("us.no_county"))
    st.checkbox(t("us.field.active"), key="us_edit_active")
    st.button(t("us.submit.edit"), key="us_save", on_click=user_actions.edit, args=(picked, st.session_state["us_version"]))
    st.markdown(f"**{t('us.reset')}**")
    st.text_input(t("us.field.password"), key="us_reset_password", type="password")
    st.button(t("us.submit.reset"), key="us_reset", on_click=user_actions.reset, args=(picked, st.session_state["us_version"]))
