"""What the roster forms do when submitted: one store write each (validated, authorised, audited), run as a
button callback before the rerun, so the tables drawn afterwards already show the change."""
import streamlit as st

from logic.errors import FieldError, NotFound, ValidationFailed
from logic.people import fen_from_yuan
from models.db import read_session
from models.locking import NEW
from models.people import (
    EDITABLE,
    add_person,
    add_training,
    correct_review,
    get_person,
    leave_person,
    move_person,
    set_review,
    update_person,
)
from models.people_frames import reviews_frame
from services.writes import SAVED, STALE, attempt
from ui.i18n import t
from ui.outcome import Told, keep, show
from ui.store import engine
from ui.views import roster_stale

RESULT = "ro_result"


def _value(key: str):
    value = st.session_state.get(key)
    return value.strip() if isinstance(value, str) else value


def _income(prefix: str) -> tuple[int | None, list[FieldError]]:
    typed = _value(f"{prefix}_monthly_income_fen")
    try:
        return fen_from_yuan(typed or "0"), []
    except (ValueError, ArithmeticError):
        return None, [FieldError("monthly_income_fen", f"月收入应为金额(元,最多两位小数),现为“{typed}”",
                                 f"monthly income must be an amount in yuan with at most two decimals, got {typed!r}")]


def person_facts(prefix: str) -> tuple[dict, list[FieldError]]:
    """The person fields of the form whose widget keys start with `prefix`."""
    facts = {k: _value(f"{prefix}_{k}") for k in EDITABLE if k != "monthly_income_fen"}
    facts["monthly_income_fen"], errors = _income(prefix)
    return facts, errors


def _run(what: str, write, on_stale=None, person_id: int | None = None) -> None:
    """Do one write; keep its outcome for the next run to show under the form that was submitted (`what`), where
    the user is looking. A refusal for a stale version stays until a save, a reload, or another person picked
    (`person_id`: whom it is about)."""
    form = what.removesuffix("_corrected")
    outcome = attempt(engine(), st.session_state.get("_actor"), write)
    keep(RESULT, outcome, saved=lambda name: t("ro.saved", what=t(f"ro.saved.{what}", **name)), on_stale=on_stale,
         about=(form, person_id), gone=t("ro.gone"))


def _refuse_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def add(platform_code: str) -> None:
    def write(session, actor):
        facts, errors = person_facts("ro_add")
        _refuse_if(errors)
        person = add_person(session=session, actor=actor, facts={**facts, "platform_code": platform_code})
        return {"name": person.name}
    _run("add", write)


def edit(person_id: int) -> None:
    def write(session, actor):
        facts, errors = person_facts("ro_edit")
        _refuse_if(errors)
        person = update_person(session=session, actor=actor, person_id=person_id, facts=facts,
                               expected_version=st.session_state.get("ro_edit_version"),
                               opened=st.session_state.get("ro_edit_opened"))
        return {"name": person.name}
    _run("edit", write, lambda stale: roster_stale.refuse_edit(stale, person_id), person_id)
    if st.session_state[RESULT].kind == SAVED:
        st.session_state["ro_edit_loaded"] = None  # reopen at the new version


def move(person_id: int, version: int, to_names: dict[str, str]) -> None:
    def write(session, actor):
        target = _value("ro_move_to")
        person = move_person(session=session, actor=actor, person_id=person_id, to_platform_code=target,
                             expected_version=version)
        return {"name": person.name, "to": to_names.get(target, target)}
    _run("move", write, lambda stale: roster_stale.report(stale, person_id, version), person_id)


def leave(person_id: int, version: int) -> None:
    def write(session, actor):
        person = leave_person(session=session, actor=actor, person_id=person_id, left_on=_value("ro_leave_on"),
                              reason=_value("ro_leave_reason") or "", expected_version=version)
        return {"name": person.name}
    _run("leave", write, lambda stale: roster_stale.report(stale, person_id, version), person_id)


def training(person_id: int, name: str) -> None:
    def write(session, actor):
        add_training(session=session, actor=actor, person_id=person_id, trained_on=_value("ro_train_on"),
                     hours=_value("ro_train_hours"), topic=_value("ro_train_topic") or "")
        return {"name": name}
    _run("training", write, person_id=person_id)


def review_versions(person_id: int) -> dict[int, int]:
    """{year: version} of the person's grades as the review form is drawn: a correction is saved against them."""
    with read_session(engine()) as session:
        reviews = reviews_frame(session, person_id=person_id)
    return dict(zip(reviews["year"].tolist(), reviews["version"].tolist(), strict=True))


def _correct(session, actor, person_id: int, year: int, grade: str, seen: dict[int, int]) -> None:
    try:
        correct_review(session=session, actor=actor, person_id=person_id, year=year, grade=grade,
                       expected_version=seen.get(year, NEW))
    except NotFound as missing:
        if not str(missing).startswith("review"):  # the person is gone, not the year's grade
            raise
        raise ValidationFailed([FieldError("year", f"{year} 年度尚无考核等次,无可更正;请直接登记",
                                           f"there is no {year} grade to correct; record it instead")]) from None


def review(person_id: int, name: str, seen: dict[int, int]) -> None:
    correcting = bool(st.session_state.get("ro_review_correct"))

    def write(session, actor):
        year, grade = _value("ro_review_year"), _value("ro_review_grade")
        if correcting:
            _correct(session, actor, person_id, year, grade, seen)
        else:
            set_review(session=session, actor=actor, person_id=person_id, year=year, grade=grade)
        return {"name": name, "year": year}
    _run("review_corrected" if correcting else "review", write, person_id=person_id)


def open_for_edit(person_id: int) -> None:
    """Load the person into the edit form once per choice, so typing is never overwritten; and again whenever
    Streamlit has dropped the form's values (it does for widgets a run did not draw), lest the form show its
    defaults and a save write them."""
    drawn = all(f"ro_edit_{key}" in st.session_state for key in EDITABLE)
    if st.session_state.get("ro_edit_loaded") == person_id and drawn:
        return
    with read_session(engine()) as session:
        person = get_person(session, person_id)
    if person is None:
        return
    opened = {k: getattr(person, k) for k in EDITABLE}
    for key, value in opened.items():
        st.session_state[f"ro_edit_{key}"] = value
    fen = person.monthly_income_fen  # exact: yuan and fen by integer division, never a float
    st.session_state["ro_edit_monthly_income_fen"] = f"{fen // 100}.{fen % 100:02d}" if fen % 100 else str(fen // 100)
    st.session_state.update(ro_edit_loaded=person_id, ro_edit_version=person.version, ro_edit_opened=opened)


TYPED = {"move": ("ro_move_to",), "leave": ("ro_leave_on", "ro_leave_reason"),
         "review": ("ro_review_year", "ro_review_grade", "ro_review_correct")}  # what a reload drops


def reload(form: str) -> None:
    """Drop the refusal and what was typed into `form`: the forms show the person as saved now."""
    st.session_state.pop(RESULT, None)
    st.session_state["ro_edit_loaded"] = None
    for key in TYPED.get(form, ()):
        st.session_state.pop(key, None)


def keep_result_for(person_id: int | None) -> None:
    """A refusal is about one person: once another is picked (or none is left), it goes."""
    told = st.session_state.get(RESULT)
    if isinstance(told, Told) and told.kind == STALE and told.about[1] != person_id:
        del st.session_state[RESULT]


def show_result(form: str | None = None) -> None:
    """The outcome of the last save, if it came from `form` (any form: None); shown once, but a refusal for a
    stale version stays until a save, a reload, or another person picked."""
    told = st.session_state.get(RESULT)
    if not isinstance(told, Told) or form not in (None, told.about[0]):
        return
    came_from = told.about[0]
    show(RESULT, label=lambda field: t(f"ro.field.{field}"), on_reload=reload, args=(came_from,),
         reload_key=f"ro_{came_from}_reload", fix_heading=t("ro.fix"))
