"""The roster forms: add, edit, move, leave, training and review. Each submits through ui.views.roster_actions."""
from datetime import date

import streamlit as st

from logic.people import EMPLOYMENTS, ESTABLISHMENTS, GRADES, RECRUITMENTS, SOURCES, people_label
from ui.i18n import lang, t
from ui.pickers import HELD, hold
from ui.views import roster_actions as act, roster_data
from ui.views.platform_picker import keys as platform_keys, pick_platform

CHOICES = (("source", SOURCES), ("establishment", ESTABLISHMENTS), ("employment", EMPLOYMENTS),
           ("recruitment", RECRUITMENTS))
EARLIEST = date(2000, 1, 1)


def _person_fields(prefix: str) -> None:
    a, b = st.columns(2)
    # no max_chars: the browser drops a longer paste whole; the store refuses it, saying how long it may be
    a.text_input(t("ro.field.name"), key=f"{prefix}_name")
    b.text_input(t("ro.field.post"), key=f"{prefix}_post")
    columns = st.columns(4)
    # the labels' language is bound when drawn: a format function may be called again outside this run
    for column, (field, options) in zip(columns, CHOICES, strict=True):
        column.selectbox(t(f"ro.field.{field}"), options, key=f"{prefix}_{field}",
                         format_func=lambda v, f=field, shown_in=lang(): people_label(f, v, shown_in))  # noqa: B008 -- see above
    c, d, e, f = st.columns(4)
    c.text_input(t("ro.field.certificate_no"), key=f"{prefix}_certificate_no")
    d.date_input(t("ro.field.certificate_date"), value=None, key=f"{prefix}_certificate_date", min_value=EARLIEST)
    e.text_input(t("ro.field.monthly_income_fen"), key=f"{prefix}_monthly_income_fen", placeholder="3000.00")
    f.date_input(t("ro.field.joined_on"), value=None, key=f"{prefix}_joined_on", min_value=EARLIEST)


def add_form(platform_code: str) -> None:
    with st.form("ro_add_form", clear_on_submit=False, border=True):
        st.markdown(f"**{t('ro.add')}**")
        _person_fields("ro_add")
        st.form_submit_button(t("ro.save"), type="primary", key="ro_add_save", on_click=act.add,
                              args=(platform_code,))
    act.show_result("add")


def person_picker(people, key: str) -> int | None:
    on_staff = people[people["left_on"].isna()]
    if on_staff.empty:
        st.caption(t("ro.no_one"))
        return None
    labels = dict(zip(on_staff["id"], on_staff["name"] + " · " + on_staff["post"], strict=True))
    hold(key, list(labels))  # by id: a rename by someone else must not switch the form to another person
    return st.selectbox(t("ro.person"), list(labels), key=key, format_func=labels.get)


def edit_form(person_id: int) -> None:
    act.open_for_edit(person_id)
    with st.form("ro_edit_form", border=True):
        st.markdown(f"**{t('ro.edit')}**")
        _person_fields("ro_edit")
        st.form_submit_button(t("ro.save"), key="ro_edit_save", on_click=act.edit, args=(person_id,))
    act.show_result("edit")


MOVE_PICKERS = ("ro_move_county", "ro_move_to", *platform_keys("ro_move_to"))


def _start_move_for(person_id: int) -> None:
    """Another person to move: the pickers start again from that person's county and street/township."""
    s = st.session_state
    if s.get("ro_move_for") != person_id:
        for key in MOVE_PICKERS:
            s.pop(key, None)
            s.pop(HELD + key, None)
        s["ro_move_for"] = person_id


def move_form(person, counties: dict[str, str], county: str, current: str) -> None:
    """Not an st.form: picking a county or a street/township must redraw the platforms offered."""
    _start_move_for(int(person["id"]))
    with st.container(border=True):
        st.markdown(f"**{t('ro.move')}**")
        hold("ro_move_county", list(counties), default=county)  # by code, as every picker of records
        a, b, c, d = st.columns([1, 1, 1.2, 1.6])
        to_county = a.selectbox(t("ro.county"), list(counties), key="ro_move_county", format_func=counties.get,
                                disabled=len(counties) == 1)
        target, offered = pick_platform(roster_data.places(to_county), "ro_move_to", t("ro.to_platform"),
                                        exclude=current, near=current, slots=(b, c, d))
        st.button(t("ro.save"), key="ro_move_save", on_click=act.move, disabled=target is None,
                  args=(int(person["id"]), int(person["version"]), offered))
    act.show_result("move")


def leave_form(person) -> None:
    with st.form("ro_leave_form", border=True):
        st.markdown(f"**{t('ro.leave')}**")
        a, b = st.columns([1, 2])
        a.date_input(t("ro.field.left_on"), value=None, key="ro_leave_on", min_value=EARLIEST)
        b.text_input(t("ro.field.leave_reason"), key="ro_leave_reason")
        st.form_submit_button(t("ro.save"), key="ro_leave_save", on_click=act.leave,
                              args=(int(person["id"]), int(person["version"])))
    act.show_result("leave")


def training_form(person) -> None:
    with st.form("ro_training_form", border=True):
        st.markdown(f"**{t('ro.training')}**")
        a, b, c = st.columns([1, 1, 2])
        a.date_input(t("ro.field.trained_on"), value=None, key="ro_train_on", min_value=EARLIEST)
        b.text_input(t("ro.field.hours"), key="ro_train_hours", placeholder="8")
        c.text_input(t("ro.field.topic"), key="ro_train_topic")
        st.form_submit_button(t("ro.save"), key="ro_train_save", on_click=act.training,
                              args=(int(person["id"]), person["name"]))
    act.show_result("training")


def review_form(person) -> None:
    seen = act.review_versions(int(person["id"]))  # the grades as they stand while the form is on screen
    with st.form("ro_review_form", border=True):
        st.markdown(f"**{t('ro.review')}**")
        a, b = st.columns(2)
        a.number_input(t("ro.field.year"), min_value=2000, max_value=2100, value=date.today().year, step=1,
                       key="ro_review_year")
        b.selectbox(t("ro.field.grade"), GRADES, key="ro_review_grade",
                    format_func=lambda g, shown_in=lang(): people_label("grade", g, shown_in))  # noqa: B008 -- bound when drawn
        # R-PERS-2 allows one grade a year, so a wrong one is put right in place (the audit keeps the old one)
        st.checkbox(t("ro.review_correct"), key="ro_review_correct", help=t("ro.review_correct_help"))
        st.form_submit_button(t("ro.save"), key="ro_review_save", on_click=act.review,
                              args=(int(person["id"]), person["name"], seen))
    act.show_result("review")
