"""The year-end screen's parts: a county's completeness (shares, a chart, what is missing, by street/township),
its approval state and the steps the reader may take, and the city's table of every county."""
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from logic import approval as rules
from logic.authz import authorize
from logic.completeness import KIND_LABELS, KIND_SHORT, by_township, late, overall, shares
from models import approval as store
from models.audit_queries import display_names
from models.completeness import late_entries, year_facts
from models.db import read_session
from services.writes import attempt
from ui.chart import show_chart
from ui.data import per_revision
from ui.export import download_buttons
from ui.i18n import lang, t, t_text
from ui.outcome import keep, note, show
from ui.store import engine
from ui.views.stale_notice import beijing, brief_report

RESULT = "ye_result"
CONFIRM_RESULT = "ye_confirm_result"


def _pair(pair: tuple[str, str]) -> str:
    return pair[0] if lang() == "zh" else pair[1]


def read(county: str, year: int) -> dict:
    """Everything the screen shows of one county's year, read in one session."""
    with read_session(engine()) as session:
        facts = year_facts(session, county, year)
        row = store.state_of(session, county, year)
        due = store.deadline(session, year)
        people = display_names(session, {row.submitted_by, row.decided_by} if row else set())
        return {"shares": shares(facts, year), "towns": by_township(facts, year), "row": row, "people": people,
                "version": store.version_of_year(row), "deadline": due, "deadline_version":
                store.deadline_version(session, year), "late": late(late_entries(session, county, year), due)}


def completeness(seen: dict, county_name: str, year: int) -> None:
    found = seen["shares"]
    share = overall(found)
    st.subheader(t("ye.completeness", county=county_name, year=year))
    cols = st.columns(len(found))
    for col, item in zip(cols, found, strict=True):
        col.metric(_pair(KIND_SHORT[item.kind]), "—" if item.share is None else f"{item.share:.0%}",
                   help=f"{_pair(KIND_LABELS[item.kind])}:{t_text('ye.done_of', done=item.done, total=item.total)}")
    st.caption(t("ye.overall", share="—" if share is None else f"{share:.0%}", late=seen["late"],
                 deadline=seen["deadline"].isoformat() if seen["deadline"] else t_text("ye.no_deadline")))
    show_chart(_chart(found))
    _missing(found, county_name, year)
    _towns(seen["towns"], county_name, year)


def confirm_platforms(actor, county: str, year: int, seen: dict) -> None:
    """The county's platforms not saved in the year, each with a tick, for the county to confirm that its record
    stands as it is for the year: the year's completeness then counts it without an edit made for the count's
    sake. For whoever may edit the county, while its year is not approved."""
    show(CONFIRM_RESULT, label=lambda field: t(f"ye.field.{field}"))
    row = seen["row"]
    if not authorize(actor, "edit", county) or (row is not None and rules.locked(row.state)):
        return
    missing = next(s for s in seen["shares"] if s.kind == "platforms").missing
    if not missing:
        return
    with st.expander(t("ye.confirm", n=len(missing))):
        st.caption(t("ye.confirm.caption", year=year))
        every = st.checkbox(t("ye.confirm.all"), key=f"ye_confirm_all_{county}_{year}")
        code, name = t_text("ye.field.platform_code"), t_text("ye.col.platform_name")
        tick = t_text("ye.confirm.tick")
        table = pd.DataFrame({code: [c for c, _, _ in missing], name: [n for _, n, _ in missing],
                              tick: [every] * len(missing)})
        edited = st.data_editor(table, hide_index=True, width="stretch", disabled=[code, name],
                                key=f"ye_confirm_table_{county}_{year}_{every}")  # ticking all starts it afresh
        codes = edited.loc[edited[tick].fillna(False).astype(bool), code].tolist()
        if st.button(t("ye.confirm.button", n=len(codes)), key=f"ye_confirm_{county}_{year}", disabled=not codes):
            outcome = attempt(engine(), actor, lambda session, actor: store.confirm_platforms(
                session=session, actor=actor, county_code=county, year=year, codes=codes))
            keep(CONFIRM_RESULT, outcome, saved=lambda n: t_text("ye.confirm.done", n=n, year=year),
                 on_stale=brief_report)
            st.rerun()


def _chart(found) -> alt.Chart:
    kind, share = t_text("ye.col.kind"), t_text("ye.col.share")
    data = pd.DataFrame({"kind": [_pair(KIND_SHORT[s.kind]) for s in found],
                         "share": [s.share if s.share is not None else 1.0 for s in found]})
    return alt.Chart(data, title=t_text("ye.chart")).mark_bar(color="#1565c0").encode(
        x=alt.X("share:Q", title=share, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("kind:N", title=kind, sort=None),
        tooltip=[alt.Tooltip("kind:N", title=kind), alt.Tooltip("share:Q", title=share, format=".0%")])


def _missing(found, county_name: str, year: int) -> None:
    rows = [{t_text("ye.col.kind"): _pair(KIND_LABELS[s.kind]), t_text("ye.col.key"): key,
             t_text("ye.col.name"): _bureau_name(name) if s.kind == "bureau" else name,
             t_text("ye.col.township"): town or ""} for s in found for key, name, town in s.missing]
    with st.expander(t("ye.missing", n=len(rows))):
        if rows:
            frame = pd.DataFrame(rows)
            st.dataframe(frame, hide_index=True, width="stretch")
            download_buttons(frame, f"missing_{year}", "ye_missing", title=t_text("ye.missing_title", county=county_name, year=year))
        else:
            st.success(t("ye.nothing_missing"))


def _bureau_name(indicator: str) -> str:
    return t_text(f"rk.ind.{indicator}")


def _towns(towns: pd.DataFrame, county_name: str, year: int) -> None:
    if towns.empty:
        return
    table = towns.assign(kind=towns["kind"].map(lambda k: _pair(KIND_LABELS[k])),
                         share=[f"{d / n:.0%}" if n else "—" for d, n in zip(towns["done"], towns["total"], strict=True)])
    wide = table.pivot_table(index="township_name", columns="kind", values="share", aggfunc="first", sort=False)
    with st.expander(t("ye.by_township")):
        frame = wide.reset_index().rename(columns={"township_name": t_text("ye.col.township")}).fillna("—")
        st.dataframe(frame, hide_index=True, width="stretch")
        download_buttons(frame, f"completeness_{year}", "ye_towns",
                         title=t_text("ye.towns_title", county=county_name, year=year))


def state(seen: dict) -> None:
    row = seen["row"]
    now = rules.OPEN if row is None else row.state
    text = t("ye.state", state=_pair(rules.STATE_LABELS[now]))
    (st.success if now == rules.APPROVED else st.info)(text)
    names = seen["people"]
    if row is not None and row.submitted_by:
        st.caption(t("ye.submitted", who=names.get(row.submitted_by, row.submitted_by), when=beijing(row.submitted_at)))
    if row is not None and row.decided_by:
        st.caption(t("ye.decided", who=names.get(row.decided_by, row.decided_by), when=beijing(row.decided_at)))
    if row is not None and row.reason:
        st.warning(t("ye.reason", reason=row.reason))


def steps(actor, county: str, year: int, seen: dict) -> None:
    """The buttons for the steps this reader may take now (the store decides again on each)."""
    now = rules.OPEN if seen["row"] is None else seen["row"].state
    possible = [name for name, step in rules.STEPS.items() if now in step.from_states
                and rules.may_take(actor, name, county)
                and not (name == "submit" and actor.role == "city_admin")]  # the city decides; the county submits
    show(RESULT, label=lambda field: t(f"ye.field.{field}"))
    if not possible:
        return
    if any(rules.STEPS[s].needs_reason for s in possible):
        st.text_area(t("ye.field.reason"), key="ye_reason")
    cols = st.columns(len(possible))
    snapshot = {s.kind: [s.done, s.total] for s in seen["shares"]}
    for col, name in zip(cols, possible, strict=True):
        col.button(_pair(rules.STEP_LABELS[name]), key=f"ye_{name}", on_click=_take,
                   type="primary" if name in ("submit", "approve") else "secondary",
                   args=(actor, county, year, name, seen["version"], snapshot))


def _take(actor, county: str, year: int, step: str, version, snapshot: dict) -> None:
    # a click that reaches the server as the screen turns to another year or county was made on what it showed
    # before: nothing is done to either, and the reader is told to look again
    if st.session_state.get("ye_year") != year or st.session_state.get("ye_county", county) != county:
        note(RESULT, t_text("ye.moved"))
        return
    reason = st.session_state.get("ye_reason", "") if rules.STEPS[step].needs_reason else ""
    outcome = attempt(engine(), actor, lambda session, actor: store.take_step(
        session=session, actor=actor, county_code=county, year=year, step=step, expected_version=version,
        reason=reason, completeness=snapshot).state)
    keep(RESULT, outcome, saved=lambda now: t_text("ye.done", state=_pair(rules.STATE_LABELS[now])),
         on_stale=brief_report)
    if outcome.saved:
        st.session_state.pop("ye_reason", None)


def deadline_form(actor, year: int, seen: dict) -> None:
    with st.form("ye_deadline_form"):
        st.date_input(t("ye.field.deadline"), value=seen["deadline"] or date(year + 1, 1, 31), key="ye_deadline")
        st.form_submit_button(t("ye.deadline_save"), on_click=_save_deadline, args=(actor, year,
                                                                                   seen["deadline_version"]))


def _save_deadline(actor, year: int, version) -> None:
    day = st.session_state.get("ye_deadline")
    outcome = attempt(engine(), actor, lambda session, actor: store.set_deadline(
        session=session, actor=actor, year=year, day=day, expected_version=version).value)
    keep(RESULT, outcome, saved=lambda value: t_text("ye.deadline_saved", day=value), on_stale=brief_report)


@per_revision()
def _city_standing(year: int, codes: tuple[str, ...]) -> list[tuple]:
    """(county, state, overall completeness, submitted at) of each county: read once per store revision, not on
    every rerun (each county's year is a read of its whole register)."""
    with read_session(engine()) as session:
        found = store.states(session, year)
        return [(code, found[code].state if code in found else rules.OPEN,
                 overall(shares(year_facts(session, code, year), year)),
                 found[code].submitted_at if code in found else None) for code in codes]


def city_table(year: int, names: dict[str, str]) -> None:
    """Every county's state and overall completeness: where the city stands before it ranks the year."""
    rows = [{t_text("ye.col.county"): names[code], t_text("ye.col.state"): _pair(rules.STATE_LABELS[state]),
             t_text("ye.col.overall"): "—" if share is None else f"{share:.0%}",
             t_text("ye.col.when"): beijing(submitted) if submitted else ""}
            for code, state, share, submitted in _city_standing(year, tuple(names))]
    st.subheader(t("ye.city", year=year))
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    download_buttons(frame, f"year_end_{year}", "ye_city", title=t_text("ye.city", year=year))
