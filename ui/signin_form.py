"""The sign-in form: the app's own, so the app decides what is counted and checked (models.signin)."""
import streamlit as st

from logic.signin import PASSWORD_MAX
from ui.i18n import t


def signin_form() -> tuple[str, str] | None:
    """The typed username and password when the form was submitted on this run, else None."""
    with st.form("signin_form", enter_to_submit=True):
        st.subheader(t("login.form"))
        username = st.text_input(t("login.username"), key="signin_user", max_chars=64)
        password = st.text_input(t("login.password"), type="password", key="signin_secret",
                                 max_chars=PASSWORD_MAX)
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    # stripped, as streamlit-authenticator's form did: stored passwords may not begin or end with a space
    # (logic.signin.password_errors), so a pasted trailing space does not cost the officer a try
    return (username.strip(), password.strip()) if submitted else None
