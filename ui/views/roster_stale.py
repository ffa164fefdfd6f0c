"""Roster saves refused because someone else saved the person first: the edit form keeps what the officer
typed (fields left alone take the other user's values) and moves to the new version; every roster form tells
who changed what, as the other screens do."""
import streamlit as st

from logic.audit_diff import merged_form
from logic.people import fen_from_yuan, people_label
from models.db import read_session
from models.people import EDITABLE, Person, get_person
from ui.i18n import lang, t
from ui.store import engine
from ui.views.stale_notice import plain_value, stale_report

LABELLED = (*EDITABLE, "platform_code", "left_on", "leave_reason")
CODED = ("source", "establishment", "employment", "recruitment")
INCOME = "monthly_income_fen"


def label(field: str) -> str | None:
    return t(f"ro.field.{field}") if field in LABELLED else None


def shown(field: str, value) -> str:
    if field in CODED and value:
        return people_label(field, value, lang())
    if field == INCOME and isinstance(value, int):
        return yuan_text(value)
    return plain_value(value)


def yuan_text(fen: int) -> str:
    """Exact: yuan and fen by integer division, never a float (as the edit form shows it)."""
    return f"{fen // 100}.{fen % 100:02d}" if fen % 100 else str(fen // 100)


def report(stale, person_id: int, version) -> dict:
    return stale_report(stale, entity=Person.__tablename__, key=person_id, opened_version=version, label=label,
                        shown=shown)


def refuse_edit(stale, person_id: int) -> dict:
    """The refusal to show; meanwhile the edit form gets the merged values and the new version."""
    s = st.session_state
    with read_session(engine()) as session:
        person = get_person(session, person_id)
        stored = {k: getattr(person, k) for k in EDITABLE} if person is not None else {}
    typed = {k: s.get(f"ro_edit_{k}") for k in EDITABLE}
    try:
        typed[INCOME] = fen_from_yuan((typed[INCOME] or "0").strip())
    except (ValueError, ArithmeticError, AttributeError):
        pass  # not an amount: kept as typed, and never equal to a stored figure
    form = merged_form(typed, s.get("ro_edit_opened") or stored, stored)
    out = stale_report(stale, entity=Person.__tablename__, key=person_id, opened_version=s.get("ro_edit_version"),
                       label=label, shown=shown, typed=form, stored=stored)
    for key, value in form.items():
        s[f"ro_edit_{key}"] = yuan_text(value) if key == INCOME and isinstance(value, int) else value
    s.update(ro_edit_opened=stored, ro_edit_version=stale.current_version)
    return out
