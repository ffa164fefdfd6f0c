"""The platform form after a save was refused because someone else saved the platform first: the officer's
typing stays (fields they left alone take the other user's values) and the form moves to the new version, so
the next save is a deliberate one over what they have now seen."""
import streamlit as st

from logic.audit_diff import merged_form
from models.db import read_session
from models.platforms import FACT_FIELDS, facts_of, get_platform
from models.tables import Platform
from ui.i18n import code_label, code_labels, t
from ui.store import engine
from ui.views.platform_form import load
from ui.views.stale_notice import plain_value, stale_report

CODED = {"level": "level", "siting": "siting", "village_kind": "village_kind"}
CODED_LISTS = {"windows": "windows", "equipment": "equipment", "services": "services",
               "services_online": "services"}
SHOWN = tuple(f for f in FACT_FIELDS if f != "county_code")  # the county is the page's, not a form field


def label(field: str) -> str | None:
    return t(f"pf.field.{field}") if field in SHOWN else None


def shown(field: str, value) -> str:
    if field in CODED and value:
        return code_label(CODED[field], value)
    if field in CODED_LISTS and value:
        return code_labels(CODED_LISTS[field], value)
    return plain_value(value)


def refused(stale, code: str, typed: dict, with_ledgers) -> dict | None:
    """The refusal to tell (None: the platform is gone meanwhile), with the merged form and the new version put in
    place for the next save."""
    with read_session(engine()) as session:
        platform = get_platform(session, code)
        stored = facts_of(platform) if platform is not None else None
    if stored is None:
        return None
    s = st.session_state
    form = merged_form(typed, s.get("pf_opened") or stored, stored)
    report = stale_report(stale, entity=Platform.__tablename__, key=code, opened_version=s.get("pf_version"),
                          label=label, shown=shown, typed=form, stored=stored)
    load(with_ledgers(form, s.get("pf_roster"), s.get("pf_funds")))
    s.update(pf_opened=stored, pf_version=stale.current_version)
    return report
