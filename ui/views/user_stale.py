"""The user form after a save was refused because someone else saved the user first: the administrator's
typing stays (fields left alone take the other's values), the form moves to the new version, and the other
administrator's changes are listed."""
from datetime import datetime

import streamlit as st

from logic.audit_diff import merged_form
from logic.authz import ROLE_LABELS
from models.db import read_session
from models.users import User, get_user
from ui.data import counties
from ui.i18n import lang, t
from ui.views.stale_notice import beijing, plain_value, stale_report

FORM = {"display_name": "us_edit_display_name", "role": "us_edit_role", "county_code": "us_edit_county",
        "active": "us_edit_active"}
LABELS = {"display_name": "us.field.display_name", "role": "us.field.role", "county_code": "us.field.county_code",
          "active": "us.field.active", "tokens_valid_after": "stale.user.tokens"}


def label(field: str) -> str | None:
    return t(LABELS[field]) if field in LABELS else None


def shown(field: str, value) -> str:
    if field == "role" and value in ROLE_LABELS:
        return ROLE_LABELS[value][0 if lang() == "zh" else 1]
    if field == "county_code":
        return counties().get(value, t("us.no_county")) if value else t("us.no_county")
    if field == "tokens_valid_after" and value:
        return beijing(datetime.fromisoformat(value) if isinstance(value, str) else value)
    return plain_value(value)


def refused(stale, username: str, opened_version: int) -> dict | None:
    """The refusal to tell (None: the user is gone meanwhile), with the merged form and the new version put in
    place for the next save."""
    from ui.store import engine
    with read_session(engine()) as session:
        user = get_user(session, username)
        stored = {f: getattr(user, f) for f in FORM} if user is not None else None
    if stored is None:
        return None
    s = st.session_state
    opened = s.get("us_opened") or stored
    typed = {f: s.get(key) for f, key in FORM.items()}
    form = merged_form(typed, opened, stored)
    report = stale_report(stale, entity=User.__tablename__, key=username, opened_version=opened_version, label=label,
                          shown=shown, typed=form, stored=stored)
    s.update({key: form[f] for f, key in FORM.items()})
    s.update(us_opened=stored, us_version=stale.current_version)
    return report
