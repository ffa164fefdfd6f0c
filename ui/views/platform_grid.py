"""The batch grid: a street's or township's communities and villages in one editable table, each row's verdict and
failing items checked as it is typed, saved all together or not at all through the form's own store functions
(models.platforms.save_stations: update_platform / create_platform, validated, authorised and audited as a form
save).

The table is pinned when first drawn (its rows and versions), so a rerun's fresh read never moves the ground under
the officer's edits; a save is checked against those versions, and a save someone else made meanwhile refuses
the whole batch, saying who and what.
"""
import pandas as pd
import streamlit as st

from logic.codes import CHILD_LEVELS, EQUIPMENT, SERVICES, SITINGS, VILLAGE_KINDS, WINDOWS
from logic.errors import FieldError
from logic.vectorised import evaluate_frame
from models.db import read_session
from models.platforms import FACT_FIELDS, SET_FIELDS, save_stations, stations_frame
from services.writes import REFUSED, Outcome, attempt
from ui.data import current_standard
from ui.i18n import code_label, code_labels, t, t_text
from ui.outcome import keep, note, show
from ui.safe_text import plain
from ui.store import engine
from ui.views.stale_notice import brief_report

PINNED, RESULT = "pg_pinned", "pg_result"
EDITED = tuple(f for f in FACT_FIELDS if f not in ("county_code", "parent_code"))  # the centre fixes both
NUMBERS = ("service_population", "area_m2", "staff_full_time", "staff_part_time")
FLAGS = ("sign_installed", "open_counter", "info_area", "office", "service_seat", "network_connected",
         "work_funds_secured", "rules_posted")
CODED = {"windows": ("windows", WINDOWS), "equipment": ("equipment", EQUIPMENT), "services": ("services", SERVICES),
         "services_online": ("services", SERVICES)}


def grid(county: str, centres: dict[str, str], *, writable: bool) -> None:
    """The grid of one centre's stations, picked from `centres` ({code: name} of the county's streets/townships)."""
    if not centres:
        return
    st.subheader(t("pg.title"))
    st.caption(t("pg.help"))
    centre = st.selectbox(t("pg.centre"), list(centres), key="pg_centre",
                          format_func=lambda c: f"{centres[c]}({c})", on_change=_forget)
    base = _pinned(centre)
    edited = st.data_editor(base[list(EDITED)], key=f"pg_editor_{centre}", hide_index=True, width="stretch",
                            num_rows="add" if writable else "fixed", disabled=not writable,
                            column_config=_columns())
    _verdicts(edited)
    show(RESULT, label=_label, on_reload=_forget, reload_key="pg_reload")
    if writable:
        st.button(t("pg.save"), type="primary", key="pg_save", on_click=_save, args=(county, centre, base))


def _pinned(centre: str) -> pd.DataFrame:
    pinned = st.session_state.get(PINNED)
    if not pinned or pinned[0] != centre:
        with read_session(engine()) as session:
            frame = stations_frame(session, centre)
        pinned = st.session_state[PINNED] = (centre, frame.reset_index(drop=True))
    return pinned[1]


def _forget() -> None:
    """Another centre, a save or a reload: the grid is read afresh and the last outcome is not about it."""
    st.session_state.pop(PINNED, None)
    st.session_state.pop(RESULT, None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("pg_editor_")]:
        del st.session_state[key]


def _columns() -> dict:
    cc = st.column_config
    config = {f: cc.CheckboxColumn(t_text(f"pf.field.{f}"), default=False) for f in FLAGS}
    config.update({f: cc.MultiselectColumn(t_text(f"pf.field.{f}"), options=list(codes), default=[],
                                           format_func=lambda c, k=kind: code_label(k, c))
                   for f, (kind, codes) in CODED.items()})
    config.update({f: cc.NumberColumn(t_text(f"pf.field.{f}"), min_value=0, step=1 if f != "area_m2" else 0.1,
                                      default=0) for f in NUMBERS})
    config.update(
        code=cc.TextColumn(t_text("pf.field.code"), required=True, pinned=True),
        name=cc.TextColumn(t_text("pf.field.name"), required=True, pinned=True),
        sign_text=cc.TextColumn(t_text("pf.field.sign_text"), default=""),
        level=cc.SelectboxColumn(t_text("pf.field.level"), options=list(CHILD_LEVELS), required=True,
                                 default="village", format_func=lambda c: code_label("level", c)),
        village_kind=cc.SelectboxColumn(t_text("pf.field.village_kind"), options=list(VILLAGE_KINDS), default="none",
                                        format_func=lambda c: code_label("village_kind", c)),
        siting=cc.SelectboxColumn(t_text("pf.field.siting"), options=list(SITINGS), default="village_committee",
                                  format_func=lambda c: code_label("siting", c)))
    return config


def _rows(edited: pd.DataFrame) -> list[dict]:
    """The grid's rows as facts: blanks as the form's defaults, lists as lists, whole numbers as whole numbers."""
    out = []
    for record in edited.to_dict("records"):
        facts = {}
        for key, value in record.items():
            if key in SET_FIELDS:
                value = list(value) if isinstance(value, (list, tuple)) else []
            elif key in FLAGS:
                value = bool(value) if not pd.isna(value) else False
            elif key in NUMBERS:
                value = 0 if pd.isna(value) else float(value) if key == "area_m2" else value
                value = int(value) if key != "area_m2" and float(value).is_integer() else value
            elif pd.isna(value):
                value = None if key == "code" else ""
            facts[key] = value
        out.append(facts)
    return out


def _verdicts(edited: pd.DataFrame) -> None:
    """Each row's verdict as typed (the standard in force), before anything is saved."""
    rows = [r for r in _rows(edited) if r.get("level") in CHILD_LEVELS]
    if not rows:
        return
    judged = evaluate_frame(pd.DataFrame(rows), current_standard())
    st.dataframe(pd.DataFrame({
        t_text("pf.field.code"): [r.get("code") or "" for r in rows],
        t_text("pf.field.name"): [r.get("name") or "" for r in rows],
        t_text("pg.verdict"): [t_text("pg.compliant") if ok else t_text("pg.not") for ok in judged["compliant"]],
        t_text("pg.failing"): [code_labels("item", items) for items in judged["failed_items"]],
    }), hide_index=True, width="stretch")


def _as_edited(base: pd.DataFrame, state: dict | None) -> pd.DataFrame:
    """The pinned table with the editor's changes as the browser sent them with the click (a callback's arguments
    are from the run before: an edit that came with the click would be missing from them)."""
    state = state or {}
    rows = base[list(EDITED)].to_dict("records")
    for index, changes in (state.get("edited_rows") or {}).items():
        rows[int(index)].update(changes)
    rows += [{k: row.get(k) for k in EDITED} for row in state.get("added_rows") or []]
    return pd.DataFrame(rows, columns=list(EDITED))


def _save(county: str, centre: str, base: pd.DataFrame) -> None:
    """All rows at once: the changed ones saved over their pinned versions, the new ones added under `centre`."""
    edited = _as_edited(base, st.session_state.get(f"pg_editor_{centre}"))
    rows, stored = _rows(edited), base.to_dict("records")
    edits, added, recoded = {}, [], []
    for n, facts in enumerate(rows):
        if n >= len(stored):
            added.append({**facts, "county_code": county, "parent_code": centre})
            continue
        opened = {k: stored[n][k] for k in EDITED}
        if facts["code"] != opened["code"]:  # a code is who the platform is: its history hangs on it
            recoded.append(FieldError(f"{opened['code']}: code", "已有平台的编码不能修改", "a saved platform's code cannot change"))
        changed = {k: v for k, v in facts.items() if _differs(v, opened[k]) and k != "code"}
        if changed:
            edits[stored[n]["code"]] = (changed, int(stored[n]["version"]), opened)
    if recoded:
        keep(RESULT, Outcome(REFUSED, errors=tuple(recoded)))
        return
    if not edits and not added:
        note(RESULT, t("pg.no_changes"))
        return
    outcome = attempt(engine(), st.session_state.get("_actor"),
                      lambda session, actor: save_stations(session=session, actor=actor, edits=edits, added=added))
    keep(RESULT, outcome, saved=lambda n: t("pg.saved", n=n), on_stale=brief_report)
    if outcome.saved:
        result = st.session_state[RESULT]
        _forget()
        st.session_state[RESULT] = result


def _differs(value, stored) -> bool:
    if isinstance(value, list) or isinstance(stored, list):
        return sorted(value or []) != sorted(stored or [])
    return value != stored


def _label(field: str) -> str:
    """"511502001201: name" (a row's field) -> 511502001201:平台名称."""
    row, _, name = field.rpartition(": ")
    return (f"{plain(row)}:" if row else "") + t(f"pf.field.{name}")
