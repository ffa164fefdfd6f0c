"""The standards editor's parts (R-8.11): version list, copy, the contents as widgets, the verdict preview,
save and put in force. Writes go through models.standards (administer only, validated, audited)."""
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from logic.codes import EQUIPMENT, SERVICES, WINDOWS
from logic.standard import COLUMNS, Standard
from logic.standard_edit import DEMO_FULL_TIME, verdict_changes_from, with_column
from models import standards as store
from models.counties import county_names
from models.db import read_session
from services.writes import STALE, attempt
from ui.data import judged, per_revision
from ui.i18n import code_label, code_labels, lang, t, t_text
from ui.outcome import Told, forget_unless, keep, show
from ui.paging import paged_table
from ui.people_names import who
from ui.safe_text import plain
from ui.store import engine
from ui.views.stale_notice import beijing, brief_report

RESULT = "sd_result"

RANK = {"not": 0, "compliant": 1, "demo": 2}


def versions() -> list:
    with read_session(engine()) as session:
        return store.list_standards(session)


def version_table(rows) -> None:
    st.dataframe(pd.DataFrame([{
        t("sd.col.name"): r.name, t("sd.col.version"): r.version,
        t("sd.col.in_force"): t("sd.from_year", year=r.in_force_from_year) if r.in_force_from_year else t("sd.draft"),
        t("sd.col.created"): f"{who(r.created_by)} · {beijing(r.created_at)}",
    } for r in rows]), hide_index=True, width="stretch")


def pick_label(row) -> str:
    state = t("sd.from_year", year=row.in_force_from_year) if row.in_force_from_year else t("sd.draft")
    return t_text("sd.pick_label", name=row.name, version=row.version, state=state)  # a selectbox option: text


def copy_controls(actor, row) -> None:
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.text_input(t("sd.copy_name"), value=f"{row.name}(调整)", key="sd_copy_name")
    b.button(t("sd.copy"), key="sd_copy", on_click=_copy, args=(actor, row.id))


def _copy(actor, version_id: int) -> None:
    def write(session, actor):
        new = store.copy_version(session=session, actor=actor, version_id=version_id,
                                 name=st.session_state.get("sd_copy_name"))
        return new.id, f"{new.name} v{new.version}"

    outcome = _write(actor, version_id, write, lambda value: t("sd.copied", label=value[1]))
    if outcome.saved:
        st.session_state["sd_pick"] = outcome.value[0]


def _write(actor, version_id: int, write, saved):
    """One write of the version on screen, its outcome kept (about that version) to tell on the next run. A stale
    refusal: the next save is made against what is there now, after the person has been told who changed it."""
    outcome = attempt(engine(), actor, write)
    if outcome.kind == STALE:
        st.session_state.pop(f"sd_{version_id}_opened", None)
    keep(RESULT, outcome, saved=saved, on_stale=brief_report, about=version_id)
    return outcome


def opened_version(row) -> int:
    """The row_version the editor's widgets were filled from. Widgets keep their typing across reruns, so a
    rerun's fresh read is not what the person is editing: the version is kept from the first draw."""
    return st.session_state.setdefault(f"sd_{row.id}_opened", row.row_version)


def reload(version_id: int) -> None:
    """Drop the administrator's edits of the version and the refusal: its widgets are filled afresh from the
    store (the other administrator's contents), and the next save is made against that."""
    prefix = f"sd_{version_id}_"
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]
    st.session_state.pop(RESULT, None)


def show_result(picked: int | None) -> None:
    """The last outcome, shown once; a refusal for a stale version stays, with a button to reload, until a
    save, the reload, or another version picked (`picked`: the version on screen)."""
    told = st.session_state.get(RESULT)
    if isinstance(told, Told) and told.kind == STALE:
        forget_unless(RESULT, picked)
    show(RESULT, label=plain, on_reload=reload, args=(picked,), reload_key="sd_reload", fix_heading=t("sd.invalid"))


def contents(row, *, disabled: bool) -> Standard:
    """The version's contents as widgets (keys carry the version id); returns the standard they describe."""
    std, k = Standard.from_dict(row.content), f"sd_{row.id}_"
    name = st.text_input(t("sd.version_name"), value=row.name, key=k + "name", disabled=disabled)
    std = replace(std, name=name)
    tabs = st.tabs([t(f"sd.column.{c}") for c in COLUMNS])
    for tab, column in zip(tabs, COLUMNS, strict=True):
        with tab:
            std = _column(std, column, k + column + "_", disabled)
    st.markdown(f"**{t('sd.lists')}**")
    pick = lambda key, options, kind: frozenset(st.multiselect(  # noqa: E731 -- four uses, just below
        t(f"sd.{key}"), options, default=sorted(getattr(std, key), key=options.index), key=k + key,
        format_func=lambda c: code_label(kind, c), disabled=disabled, placeholder=t_text("common.none_chosen")))
    std = replace(std, equipment=pick("equipment", list(EQUIPMENT), "equipment"),
                  services=pick("services", list(SERVICES), "services"),
                  demo_extra_equipment=pick("demo_extra_equipment", list(EQUIPMENT), "equipment"))
    return _staff(std, k, disabled)


def _column(std: Standard, column: str, k: str, disabled: bool) -> Standard:
    rule = std.columns[column]
    changes = {"sign_suffix": st.text_input(t("sd.sign_suffix"), value=rule.sign_suffix, key=k + "sign", disabled=disabled),
               "min_area_m2": st.number_input(t("sd.min_area_m2"), 0.0, 10_000.0, float(rule.min_area_m2), 1.0,
                                              key=k + "area", disabled=disabled),
               "windows": frozenset(st.multiselect(t("sd.windows"), list(WINDOWS), default=sorted(rule.windows, key=WINDOWS.index),
                                                   format_func=lambda c: code_label("windows", c), key=k + "windows",
                                                   disabled=disabled, placeholder=t_text("common.none_chosen")))}
    cols = st.columns(4)
    for col, flag in zip(cols, ("open_counter", "info_area", "office", "service_seat"), strict=True):
        changes[flag] = col.checkbox(t(f"sd.{flag}"), value=getattr(rule, flag), key=k + flag, disabled=disabled)
    has_demo = st.checkbox(t("sd.has_demo"), value=rule.demo_min_area_m2 is not None, key=k + "has_demo", disabled=disabled)
    a, b = st.columns(2)
    demo_area = a.number_input(t("sd.demo_min_area_m2"), 0.0, 10_000.0, float(rule.demo_min_area_m2 or rule.min_area_m2),
                               1.0, key=k + "demo_area", disabled=disabled or not has_demo)
    changes["demo_min_area_m2"] = demo_area if has_demo else None
    changes["demo_full_time"] = b.selectbox(t("sd.demo_full_time"), DEMO_FULL_TIME, index=DEMO_FULL_TIME.index(rule.demo_full_time),
                                            format_func=lambda c: t(f"sd.demo_full_time.{c}"), key=k + "demo_ft",
                                            disabled=disabled)
    return with_column(std, column, **changes)


def _staff(std: Standard, k: str, disabled: bool) -> Standard:
    st.markdown(f"**{t('sd.staff')}**")
    cols = st.columns(4)
    figures = {key: int(col.number_input(t(f"sd.{key}"), 0, 10_000_000, int(getattr(std, key)), key=k + key, disabled=disabled))
               for col, key in zip(cols, ("staff_base", "staff_base_population", "staff_step_population", "staff_min_full_time"), strict=True)}
    partial = st.checkbox(t("sd.partial_increment"), value=std.partial_increment, key=k + "partial", disabled=disabled)
    county = st.selectbox(t("sd.county_column"), list(COLUMNS), index=list(COLUMNS).index(std.level_column["county"]),
                          format_func=lambda c: t(f"sd.column.{c}"), key=k + "county_col", disabled=disabled)
    return replace(std, **figures, partial_increment=partial, level_column={**std.level_column, "county": county})


def changes_for(year: int, edited: Standard) -> pd.DataFrame:
    """The platforms whose verdict in `year` `edited` would change, against the standard in force that year."""
    return _changes_for(year, edited)


@per_revision(8)
def _changes_for(year: int, edited: Standard) -> pd.DataFrame:
    # kept by the store revision and the edited standard: a rerun that changes neither (a page picked, a tab
    # opened) judges nothing; the register's own verdicts are the "before" (a past year as its register stood)
    return verdict_changes_from(judged(year).frame, edited)


def preview(edited: Standard) -> None:
    st.subheader(t("sd.preview"))
    year = int(st.number_input(t("sd.compare_year"), 2014, 2100, date.today().year, key="sd_compare_year"))
    with read_session(engine()) as session:
        current = store.standard_in_force(session, year)
        names = {code: pair[0 if lang() == "zh" else 1] for code, pair in county_names(session).items()}
    st.caption(t("sd.compare_with", label=current.label))
    changed = changes_for(year, edited)
    if changed.empty:
        st.success(t("sd.no_change"))
        return
    up = int(sum(RANK[a] > RANK[b] for a, b in zip(changed["after"], changed["before"], strict=True)))
    st.warning(t("sd.changes", n=len(changed), up=up, down=len(changed) - up))
    # a standard that moves thousands of verdicts is read a page at a time; the export holds every change
    paged_table(changed, "sd_preview", lambda part: _changes_table(part, names), export_stem="standard_preview",
                export_title=t_text("sd.preview"), hide_index=True, width="stretch")


def _changes_table(changed: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        t("sd.col.code"): changed["code"], t("sd.col.name"): changed["name"],
        t("sd.col.county"): changed["county_code"].map(lambda c: names.get(c, c)),
        t("sd.col.level"): changed["level"].map(lambda c: code_label("level", c)),
        t("sd.col.before"): changed["before"].map(lambda v: t(f"sd.verdict.{v}")),
        t("sd.col.after"): changed["after"].map(lambda v: t(f"sd.verdict.{v}")),
        t("sd.col.failed_after"): changed["failed_after"].map(lambda s: code_labels("item", s)),
    })


def save_controls(actor, row, edited: Standard) -> None:
    st.button(t("sd.save"), type="primary", key="sd_save", on_click=_save,
              args=(actor, row.id, edited, opened_version(row)))


def _save(actor, version_id: int, edited: Standard, opened: int) -> None:
    def write(session, actor):
        row = store.save_version(session=session, actor=actor, version_id=version_id, standard=edited,
                                 expected_version=opened)
        return f"{row.name} v{row.version}", row.row_version

    outcome = _write(actor, version_id, write, lambda value: t("sd.saved", label=value[0]))
    if outcome.saved:
        st.session_state[f"sd_{version_id}_opened"] = outcome.value[1]


def force_controls(actor, row) -> None:
    st.subheader(t("sd.force"))
    a, b = st.columns([1, 2], vertical_alignment="bottom")
    a.number_input(t("sd.force_year"), 2014, 2100, row.in_force_from_year or date.today().year + 1,
                   key=f"sd_{row.id}_force_year")
    b.button(t("sd.force_button"), key="sd_force", on_click=_force, args=(actor, row.id, opened_version(row)))


def _force(actor, version_id: int, opened: int) -> None:
    year = int(st.session_state[f"sd_{version_id}_force_year"])

    def write(session, actor):
        row = store.put_in_force(session=session, actor=actor, version_id=version_id, year=year,
                                 expected_version=opened)
        return f"{row.name} v{row.version}", row.row_version

    outcome = _write(actor, version_id, write, lambda value: t("sd.forced", label=value[0], year=year))
    if outcome.saved:
        st.session_state[f"sd_{version_id}_opened"] = outcome.value[1]
