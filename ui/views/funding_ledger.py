"""The ledger tab: a county's funding lines, edited in bulk in a table or added one at a time by a form.

Both go through models.funding (validate, authorise, audit). The county a line is written to is the county
officer's own (from the signed-in actor, never a widget); a city administrator writes to the county shown.
"""
from datetime import date

import pandas as pd
import streamlit as st

from logic.authz import county_written
from logic.funding import AMOUNT_NAMES, CATEGORIES, PURPOSES, SOURCES
from models.funding import add_line, save_lines
from services.writes import attempt
from ui.export import download_buttons
from ui.guard import may
from ui.i18n import t, t_text
from ui.outcome import keep, note, show as show_outcome
from ui.paging import PAGE_ROWS, page_of
from ui.people_names import who_column
from ui.pickers import hold, hold_many
from ui.safe_text import plain
from ui.store import engine
from ui.views import funding_data as data, funding_stale

EDITOR, ROWS, RESULT, PAGE = "fd_l_editor", "fd_l_rows", "fd_l_result", "fd_l_page"
COLUMNS = ("id", "year", "platform_code", "category", "source", "budgeted", "allocated", "spent", "purpose",
           "purpose_platforms", "allocated_on", "spent_on", "note", "updated_by")
FORM_FIELDS = ("year", "platform_code", "category", "source", "budgeted", "allocated", "spent", "purpose",
               "purpose_platforms", "allocated_on", "spent_on", "note")


CITY, ALL_YEARS = "city", 0  # option values for "whole city" and "all years" (a None option would show blank)
LAST_COUNTY = "fd_last_county"  # the county last picked on any tab: a tab not yet looked at opens on it


def pick_county(actor, key: str, *, whole_city: bool = False, on_change=None) -> str | None:
    """One county at a time: an officer's own; anyone else's the county last picked, else the first. The whole
    city (where offered) is an explicit choice: at a province's size it is the slow view nobody needs first."""
    names = data.counties()
    options = ([CITY] if whole_city else []) + list(names)
    if st.session_state.get(key, "unset") not in options:
        st.session_state[key] = _opening_county(actor, names, options)
    chosen = st.selectbox(t("fd.county"), options, key=key, on_change=_picked, args=(key, on_change),
                          format_func=lambda c: t("fd.whole_city") if c == CITY else names[c])
    return None if chosen == CITY else chosen


def _opening_county(actor, names: dict, options: list):
    for county in (actor.county_code, st.session_state.get(LAST_COUNTY)):
        if county in names:
            return county
    return next(iter(names), options[0] if options else None)


def _picked(key: str, then=None) -> None:
    if st.session_state.get(key) in data.counties():
        st.session_state[LAST_COUNTY] = st.session_state[key]
    if then:
        then()


def pick_year(key: str, years: list[int], *, all_years: bool = True, default: int | None = None,
              on_change=None) -> int | None:
    options = ([ALL_YEARS] if all_years else []) + sorted(years, reverse=True)
    if st.session_state.get(key, "unset") not in options:
        st.session_state[key] = default if default in options else options[0]
    chosen = st.selectbox(t("fd.year"), options, key=key, on_change=on_change,
                          format_func=lambda y: t("fd.all_years") if y == ALL_YEARS else str(y))
    return None if chosen == ALL_YEARS else chosen


def known_years() -> list[int]:
    today = date.today().year
    return list(range(2014, today + 2))


def show(actor) -> None:
    a, b = st.columns(2)
    with a:
        county = pick_county(actor, "fd_l_county", on_change=_other_lines)
    with b:
        year = pick_year("fd_l_year", known_years(), default=date.today().year, on_change=_other_lines)
    writable = may(actor, "edit", county)
    write_county = county_written(actor, county)
    show_result(on_reload=_reload)
    total = data.count_lines(county, year)
    names = data.labels(county)  # code -> "code name"
    stem = f"funding_lines_{county or 'city'}_{year or 'all'}"
    if writable:
        _editor(actor, county, year, total, names)
    else:
        st.info(t("guard.read_only"))
        st.subheader(t("fd.ledger.read"))
        page = data.lines(county, year, rows=_page(total, pending=False))
        st.dataframe(worded(page, names), hide_index=True, width="stretch", placeholder="", column_config={
            t_text(f"fd.field.{typed}"): st.column_config.NumberColumn(format="localized")  # thousands separated
            for typed in AMOUNT_NAMES})
        st.caption(t("common.rows_sentence", n=total) + " " + t("fd.money_note"))
    download_buttons(lambda: worded(data.lines(county, year), names), stem, "fd_l_all",
                     title=t_text("fd.title"))  # every line
    if writable:
        _form(actor, write_county, names, year)


def _editor(actor, county: str, year, total: int, names: dict) -> None:
    """One page of the lines in an editable table, saved together (new lines go to the actor's county)."""
    write_county = county_written(actor, county)
    if actor.role == "county_officer":  # what the table says to an officer, not a right (county_written is)
        st.caption(t("fd.ledger.own_county_only"))
    st.subheader(t("fd.ledger.list"))
    rows = _page(total, pending=funding_stale.pending(st.session_state.get(EDITOR)))
    table, st.session_state[ROWS] = funding_stale.editor_table(data.lines(county, year, rows=rows),
                                                              (county, year, rows.start), _table,
                                                              st.session_state.get(EDITOR))
    # placeholder: an empty cell (no platform, no purpose) shows blank, not Streamlit's grey "None"
    st.data_editor(table, key=EDITOR, hide_index=True, width="stretch", num_rows="add", placeholder="",
                   column_config=_config(names, read_only=False), disabled=["id", "updated_by"])
    st.caption(t("common.rows_sentence", n=total) + " " + t("fd.money_note") + " " + t("fd.ledger.deleting"))
    st.button(t("fd.ledger.save_table"), key="fd_l_save_table", type="primary", on_click=_save_table,
              args=(actor, write_county, year))


def _page(total: int, *, pending: bool) -> slice:
    """The rows of the lines shown (a county's year can have thousands), read from the store a page at a time.
    While the editor has unsaved edits the page cannot be turned: the editor would drop them."""
    pages = max(1, -(-total // PAGE_ROWS))
    if pages == 1:
        return page_of(total, 1)
    page = st.number_input(t("common.page_of", pages=pages), min_value=1, max_value=pages, step=1,
                           key=PAGE, disabled=pending)
    rows = page_of(total, int(page))
    st.caption(t("common.rows_of", first=rows.start + 1, last=rows.stop, total=total))
    if pending:
        st.caption(t("fd.ledger.save_before_turning"))
        st.button(t("fd.ledger.discard"), key="fd_l_discard", on_click=_reload)
    return rows


def worded(frame: pd.DataFrame, names: dict) -> pd.DataFrame:
    """`names`: platform code -> "code name". The lines in words, for reading and for the workbook: labels instead of codes, exact Decimal yuan."""
    def platform(code) -> str:
        return names.get(code, code) if code else ""
    return pd.DataFrame({
        t("fd.field.id"): frame["id"].to_list(),
        t("fd.field.year"): frame["year"].to_list(),
        t("fd.field.platform_code"): frame["platform_code"].map(platform).to_list(),
        t("fd.field.category"): frame["category"].map(lambda c: data.label("category", c)).to_list(),
        t("fd.field.source"): frame["source"].map(lambda c: data.label("source", c)).to_list(),
        **{t(f"fd.field.{typed}"): frame[stored].map(data.yuan).to_list()
           for typed, (stored, _, _) in AMOUNT_NAMES.items()},
        t("fd.field.purpose"): frame["purpose"].map(lambda c: data.label("purpose", c) if c else "").to_list(),
        t("fd.field.purpose_platforms"): frame["purpose_platforms"].map(
            lambda codes: "、".join(platform(c) for c in codes or [])).to_list(),
        t("fd.field.allocated_on"): frame["allocated_on"].map(lambda d: d or None).to_list(),  # date cells
        t("fd.field.spent_on"): frame["spent_on"].map(lambda d: d or None).to_list(),
        t("fd.field.note"): frame["note"].to_list(),
        t("fd.field.updated_by"): who_column(frame["updated_by"]),
    })


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """The lines as the editor shows them: amounts as exact yuan text (typed back the same way)."""
    out = pd.DataFrame({c: frame[c] for c in COLUMNS if c in frame})
    for typed, (stored, _, _) in AMOUNT_NAMES.items():
        out[typed] = [data.money(v) for v in frame[stored]]  # "12,345.67": read at a glance, typed back as is
    out["purpose_platforms"] = [list(v or []) for v in frame["purpose_platforms"]]
    for column in ("allocated_on", "spent_on"):
        out[column] = pd.to_datetime(frame[column]).dt.date if len(frame) else pd.Series(dtype=object)
    out["updated_by"] = who_column(frame["updated_by"]) if len(frame) else []  # shown only, never saved
    out = out.loc[:, list(COLUMNS)]
    if out.empty:  # an empty frame's columns default to float, which the text and list columns refuse to edit
        out = out.astype({c: object for c in COLUMNS if c not in ("id", "year")})
    return out


def _config(names: dict, *, read_only: bool) -> dict:
    cc = st.column_config
    platform = names.get
    return {
        "id": cc.NumberColumn(t("fd.field.id"), disabled=True),
        "year": cc.NumberColumn(t("fd.field.year"), step=1, format="%d", required=True),  # the rules say which years
        "platform_code": cc.SelectboxColumn(t("fd.field.platform_code"), options=list(names), format_func=platform),
        "category": cc.SelectboxColumn(t("fd.field.category"), options=list(CATEGORIES), required=True,
                                       format_func=lambda c: data.label("category", c)),
        "source": cc.SelectboxColumn(t("fd.field.source"), options=list(SOURCES), required=True,
                                     format_func=lambda c: data.label("source", c)),
        "budgeted": cc.TextColumn(t("fd.field.budgeted")),
        "allocated": cc.TextColumn(t("fd.field.allocated")),
        "spent": cc.TextColumn(t("fd.field.spent")),
        "purpose": cc.SelectboxColumn(t("fd.field.purpose"), options=list(PURPOSES),
                                      format_func=lambda c: data.label("purpose", c)),
        "purpose_platforms": (cc.ListColumn(t("fd.field.purpose_platforms")) if read_only else
                              cc.MultiselectColumn(t("fd.field.purpose_platforms"), options=list(names),
                                                   format_func=platform)),
        "allocated_on": cc.DateColumn(t("fd.field.allocated_on")),
        "spent_on": cc.DateColumn(t("fd.field.spent_on")),
        "note": cc.TextColumn(t("fd.field.note")),  # no max_chars: a longer text is refused, not cut
        "updated_by": cc.TextColumn(t("fd.field.updated_by"), disabled=True),
    }


def _cell(key: str, value):
    """A value as the editor's state holds it, back to what the store takes."""
    if key in ("allocated_on", "spent_on"):
        if isinstance(value, str) and value:
            return date.fromisoformat(value[:10])
        return value or None
    if key == "year" and value is not None and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    if key == "purpose_platforms":
        return list(value or [])
    return value


def _changes(state: dict, rows: list) -> tuple[list[dict], dict]:
    editable = set(FORM_FIELDS)
    added = [{k: _cell(k, v) for k, v in row.items() if k in editable} for row in state.get("added_rows", [])]
    edited = {}
    for index, change in state.get("edited_rows", {}).items():
        line_id, version = rows[int(index)]
        edited[line_id] = (version, {k: _cell(k, v) for k, v in change.items() if k in editable})
    return added, edited


def _save_table(actor, county: str, year) -> None:
    added, edited = _changes(st.session_state.get(EDITOR) or {}, st.session_state.get(ROWS, []))
    added = [{"year": year, **row} if year is not None and "year" not in row else row for row in added]
    if not added and not edited:
        note(RESULT, t("fd.ledger.no_changes"))
        return
    if write(actor, lambda s: save_lines(session=s, actor=actor, county_code=county, added=added, edited=edited),
              lambda n: t("fd.ledger.saved", n=n), on_stale=lambda stale: funding_stale.refused(stale, edited)):
        st.session_state.pop(EDITOR, None)


def write(actor, call, message, key: str = RESULT, on_stale=None) -> bool:
    """Do one write (`call(session)`) and keep its outcome under `key`; `on_stale(stale)` tells a refusal for a
    stale version record by record (without it, who saved and the version are told)."""
    outcome = attempt(engine(), actor, lambda session, _: call(session))
    keep(key, outcome, saved=message, on_stale=on_stale)
    return outcome.saved


def field_name(field: str) -> str:
    """"budgeted" -> 预算(元); "+2: budgeted" (a table row) -> +2: 预算(元)."""
    row, _, name = field.rpartition(": ")
    return (f"{plain(row)}: " if row else "") + t(f"fd.field.{name}")


def _reload() -> None:
    """Drop the officer's table edits and the refusal: the table shows the lines as saved now."""
    funding_stale.forget()
    st.session_state.pop(EDITOR, None)
    st.session_state.pop(RESULT, None)


def _other_lines() -> None:
    """Another county or year: the last outcome is not about these lines, and their list starts at its top."""
    st.session_state.pop(RESULT, None)
    st.session_state.pop(PAGE, None)


def show_result(key: str = RESULT, on_reload=None) -> None:
    """The last outcome under `key`, shown once; with `on_reload`, a refusal for a stale version stays (with
    a button to reload) until a save, the reload, or another county or year."""
    show_outcome(key, label=field_name, on_reload=on_reload)


def _form(actor, county: str, names: dict, year) -> None:
    with st.form("fd_l_form", clear_on_submit=False):
        st.subheader(t("fd.ledger.form"))
        a, b, c = st.columns(3)
        # no bounds here: a widget's bounds refuse 1900 without a word; the rules refuse it saying the years allowed
        a.number_input(t("fd.field.year"), step=1, value=year or date.today().year, key="fd_f_year")
        b.selectbox(t("fd.field.category"), CATEGORIES, key="fd_f_category",
                    format_func=lambda v: data.label("category", v))
        c.selectbox(t("fd.field.source"), SOURCES, key="fd_f_source", format_func=lambda v: data.label("source", v))
        hold("fd_f_platform_code", [None, *names], default=None)  # by code: renamed meanwhile, still picked
        # placeholder: a kept None is "nothing chosen" to Streamlit, which would show its English placeholder
        st.selectbox(t("fd.field.platform_code"), [None, *names], key="fd_f_platform_code",
                     format_func=lambda v: t("fd.no_platform") if v is None else names.get(v, v),
                     placeholder=t_text("fd.no_platform"))
        a, b, c = st.columns(3)
        a.text_input(t("fd.field.budgeted"), key="fd_f_budgeted", placeholder="0.00")
        b.text_input(t("fd.field.allocated"), key="fd_f_allocated", placeholder="0.00")
        c.text_input(t("fd.field.spent"), key="fd_f_spent", placeholder="0.00")
        a, b = st.columns(2)
        a.date_input(t("fd.field.allocated_on"), value=None, key="fd_f_allocated_on")
        b.date_input(t("fd.field.spent_on"), value=None, key="fd_f_spent_on")
        a, b = st.columns([1, 2])
        a.selectbox(t("fd.field.purpose"), [None, *PURPOSES], key="fd_f_purpose", placeholder="—",
                    format_func=lambda v: "—" if v is None else data.label("purpose", v))
        hold_many("fd_f_purpose_platforms", list(names))
        b.multiselect(t("fd.field.purpose_platforms"), list(names), key="fd_f_purpose_platforms",
                      format_func=names.get, placeholder=t_text("common.choose_many"))
        st.text_area(t("fd.field.note"), key="fd_f_note")  # no max_chars: a longer paste is refused, not dropped
        st.form_submit_button(t("fd.ledger.add"), type="primary", key="fd_f_submit", on_click=_add_from_form,
                              args=(actor, county))


def _add_from_form(actor, county: str) -> None:
    facts = {k: st.session_state.get(f"fd_f_{k}") for k in FORM_FIELDS}
    facts["year"] = int(facts["year"]) if facts["year"] is not None else None
    write(actor, lambda s: add_line(session=s, actor=actor, county_code=county, facts=facts).id,
           lambda line_id: t("fd.ledger.added", id=line_id))
