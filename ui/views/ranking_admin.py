"""City administrators' controls on the ranking screen: performance scores and freezing a snapshot."""
import re

import pandas as pd
import streamlit as st

from logic import approval as approval_rules
from logic.assessment_inputs import DIMENSIONS, ENTERED, TIERS, default_scheme, spec_of
from models import approval as approval_store
from models.assessment import freeze, save_scheme, set_performance, snapshots
from models.db import read_session
from models.locking import NEW
from services.writes import STALE, attempt
from ui.i18n import t, t_text
from ui.outcome import Told, keep, show
from ui.paging import MISSING
from ui.people_names import who
from ui.safe_text import Markdown, plain
from ui.store import engine
from ui.views.ranking_view import why_unranked
from ui.views.report_downloads import report_download, year_summary
from ui.views.stale_notice import beijing, brief_report


def opened(key: str, seen):
    """What an editor was filled from, kept from its first draw: its cells keep their typing across reruns, so
    a rerun's fresh read is not what the person is editing (saves are checked against this)."""
    return st.session_state.setdefault(key, seen)


REFUSED = "rk_refused"  # the last save of an editor that did not succeed (ui.outcome.Told about (editor, year))
SCHEME_WIDGETS = ("rk_scheme_ind_{}", "rk_scheme_dim_{}", "rk_scheme_threshold_{}", "rk_scheme_every_{}",
                  "rk_scheme_tiers_{}", "rk_scheme_shares_{}", "rk_scheme_{}_opened")
PERF_WIDGETS = ("rk_perf_{}", "rk_perf_{}_opened")
INDICATORS = tuple(i.code for i in default_scheme(2014).indicators)
FREEZE_RESULT = "rk_freeze_result"
PERF_SAVED = "rk_perf_saved"  # (year, how many scores) of the last save, shown once
DRAFT = "rk_scheme_draft_{}"  # an exploration carried into a year's scheme editor (ranking_explore), until saved


def reload(editor: str, year: int) -> None:
    """Drop the administrator's edits and the refusal: the editor is filled afresh from the store (the other
    administrator's values), and the next save is made against them."""
    for key in (SCHEME_WIDGETS if editor == "scheme" else PERF_WIDGETS):
        st.session_state.pop(key.format(year), None)
    st.session_state.pop(REFUSED, None)


def _show_refusal(editor: str, year: int) -> None:
    """The outcome of this editor's last save that was not a success, beside it; a stale refusal stays, with a
    reload, until a save or the reload."""
    told = st.session_state.get(REFUSED)
    if isinstance(told, Told) and told.about == (editor, year):
        label = (lambda field: t("rk.performance.col")) if editor == "perf" else (lambda field: plain(in_words(field)))
        show(REFUSED, label=label, on_reload=reload, args=(editor, year), reload_key=f"rk_{editor}_reload",
             fix_heading=None if editor == "perf" else t("rk.scheme.bad"), reason=in_words)


def _after_save(editor: str, year: int, outcome) -> None:
    """A save's outcome: success and a stale refusal are told after a rerun (the editor is filled afresh);
    anything else stays beside the editor as typed."""
    if outcome.saved or outcome.kind == STALE:
        st.session_state.pop(f"rk_{editor}_{year}_opened", None)
    if not outcome.saved:
        keep(REFUSED, outcome, on_stale=brief_report, about=(editor, year))
    elif isinstance(st.session_state.get(REFUSED), Told) and st.session_state[REFUSED].about == (editor, year):
        del st.session_state[REFUSED]
    if outcome.saved or outcome.kind == STALE:
        st.rerun()


def performance_editor(actor, year: int, names: dict[str, str], entered: dict[str, dict[str, float]],
                       versions: dict[tuple[str, str], int]) -> None:
    """Entered indicators, one editable column each: work performance, and the national pilot's progress."""
    versions = opened(f"rk_perf_{year}_opened", versions)
    saved = st.session_state.pop(PERF_SAVED, None)
    if saved and saved[0] == year:  # beside the editor's heading, seen whether or not it is open
        st.success(t("rk.performance.saved", n=saved[1]))
    with st.expander(t("rk.performance")):
        table = pd.DataFrame({"county": list(names), t("rk.col.county"): list(names.values()),
                              **{t(f"rk.ind.{i}"): [entered.get(i, {}).get(c) for c in names] for i in ENTERED}})
        edited = st.data_editor(table, key=f"rk_perf_{year}", hide_index=True, disabled=["county", t("rk.col.county")],
                                column_config={"county": None}, placeholder=MISSING)  # not entered: a dash
        _show_refusal("perf", year)
        if st.button(t("rk.performance.save"), key="rk_perf_save"):
            _save_scores(actor, year, edited, entered, versions)


def _changes(edited: pd.DataFrame, before: dict[str, dict[str, float]]) -> list[tuple[str, str, object]]:
    out = []
    for indicator in ENTERED:
        for county, value in zip(edited["county"], edited[t(f"rk.ind.{indicator}")], strict=True):
            if value is not None and not pd.isna(value) and before.get(indicator, {}).get(county) != float(value):
                out.append((indicator, county, value))
    return out


def _save_scores(actor, year: int, edited: pd.DataFrame, before: dict[str, dict[str, float]],
                 versions: dict[tuple[str, str], int]) -> None:
    changed = _changes(edited, before)

    def write(session, actor):
        for indicator, county, value in changed:
            set_performance(session=session, actor=actor, county_code=county, year=year, score=value,
                            indicator=indicator, expected_version=versions.get((indicator, county), NEW))

    outcome = attempt(engine(), actor, write)
    if outcome.saved:
        st.session_state[PERF_SAVED] = (year, len(changed))  # told on the next run: st.rerun drops this run's output
    _after_save("perf", year, outcome)
    _show_refusal("perf", year)


def scheme_editor(actor, year: int, scheme, seen) -> None:
    """Directions, goalposts and weights of the indicators, dimension weights, threshold and tiers: saved as a
    new version in force from `year`; earlier years keep the version they were ranked with. `seen`: the latest
    version of `year` when the editor was filled (models.assessment.latest_scheme_version)."""
    seen = opened(f"rk_scheme_{year}_opened", seen)
    spec = spec_of(scheme)
    with st.expander(t("rk.scheme.edit")):
        labels = _indicator_columns()
        indicators = st.data_editor(
            _indicator_table(spec), key=f"rk_scheme_ind_{year}", hide_index=True,
            disabled=["code", "dimension", t("rk.col.indicator"), t("rk.col.dimension")],
            column_config={"code": None, "dimension": None, labels["direction"]: st.column_config.SelectboxColumn(
                options=list(_directions()), required=True)})
        dims = st.data_editor(pd.DataFrame([{t_text(f"rk.dim.{d}"): w for d, w in spec["dimension_weights"].items()}]),
                              key=f"rk_scheme_dim_{year}", hide_index=True)
        a, b, c = st.columns(3)
        threshold = a.number_input(t("rk.scheme.threshold"), 0.0, 1.0, float(spec["coverage_threshold"]), 0.05,
                                   key=f"rk_scheme_threshold_{year}")
        every = a.checkbox(t("rk.scheme.every"), bool(spec["every_dimension"]), key=f"rk_scheme_every_{year}")
        tiers = b.text_input(t("rk.scheme.tiers"), _pairs(spec["tiers"]), key=f"rk_scheme_tiers_{year}")
        shares = c.text_input(t("rk.scheme.shares"), _pairs(spec["tier_shares"]), key=f"rk_scheme_shares_{year}")
        _show_refusal("scheme", year)
        if st.button(t("rk.scheme.save", year=year), key="rk_scheme_save"):
            dimension_of = {t_text(f"rk.dim.{d}"): d for d in spec["dimension_weights"]}
            edited = {"indicators": _indicators_edited(indicators),
                      "dimension_weights": {dimension_of.get(k, k): w for k, w in dims.iloc[0].to_dict().items()},
                      "coverage_threshold": threshold, "tiers": _parse_pairs(tiers), "tier_shares": _parse_pairs(shares),
                      "every_dimension": every}
            _save_scheme(actor, year, edited, seen)


# The editor shows the scheme in the reader's words; the store keeps codes. These map one to the other.
def _directions() -> dict[str, str]:
    return {t_text(f"rk.scheme.direction.{d}"): d for d in ("higher", "lower")}


def _indicator_columns() -> dict[str, str]:
    return {key: t(f"rk.scheme.col.{key}") for key in ("direction", "low", "high", "weight")}


def _indicator_table(spec: dict) -> pd.DataFrame:
    labels, direction = _indicator_columns(), {d: label for label, d in _directions().items()}
    return pd.DataFrame([{"code": i["code"], "dimension": i["dimension"],
                          t("rk.col.indicator"): t_text(f"rk.ind.{i['code']}"),
                          t("rk.col.dimension"): t_text(f"rk.dim.{i['dimension']}"),
                          labels["direction"]: direction.get(i["direction"], i["direction"]),
                          **{labels[k]: i[k] for k in ("low", "high", "weight")}} for i in spec["indicators"]])


def _indicators_edited(table: pd.DataFrame) -> list[dict]:
    labels, directions = _indicator_columns(), _directions()
    return [{"code": row["code"], "dimension": row["dimension"],
             "direction": directions.get(row[labels["direction"]], row[labels["direction"]]),
             **{k: row[labels[k]] for k in ("low", "high", "weight")}} for row in table.to_dict("records")]


def _pairs(pairs) -> str:
    return ", ".join(f"{t_text('rk.tier.' + name) if name in TIERS else name}:{count}" for name, count in pairs)


def _parse_pairs(text: str) -> list:
    """"一等:2, 二等:3" (or the tiers' codes) as [[tier, count], ...]; what is not understood is passed on as
    typed, for the scheme's check to name."""
    tier_of = {t_text(f"rk.tier.{tier}"): tier for tier in TIERS}
    out = []
    for part in (text or "").replace("\uff0c", ",").replace("\uff1a", ":").split(","):  # full-width too
        name, _, count = part.strip().partition(":")
        out.append([tier_of.get(name.strip(), name.strip()), int(count) if count.strip().isdigit() else count.strip()])
    return out


def in_words(text: str) -> str:
    """A check's message with the scheme's codes (indicators, dimensions, tiers, directions) in the reader's words."""
    codes = {**{i: t_text(f"rk.ind.{i}") for i in INDICATORS}, **{d: t_text(f"rk.dim.{d}") for d in DIMENSIONS},
             **{tier: t_text(f"rk.tier.{tier}") for tier in TIERS},
             **{d: label for label, d in _directions().items()}}
    for code in sorted(codes, key=len, reverse=True):  # longest first: no code is a part of a longer one's word
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(code)}(?![A-Za-z_])", codes[code], text)
    return text


def _save_scheme(actor, year: int, spec: dict, seen) -> None:
    def write(session, actor):
        row = save_scheme(session=session, actor=actor, year=year, spec=spec, expected_version=seen)
        return row.year, row.version

    outcome = attempt(engine(), actor, write)
    if outcome.saved:
        st.session_state["rk_scheme_saved"] = outcome.value
        st.session_state.pop(DRAFT.format(year), None)  # the draft is now a version: the editor shows the store's
    _after_save("scheme", year, outcome)
    _show_refusal("scheme", year)


def freeze_controls(actor, year: int, payload: dict, *, allowed: bool = True,
                    awaiting: dict[str, tuple[str, ...]] | None = None, names: dict[str, str] | None = None) -> None:
    """`allowed` is False while the stored scheme in force is broken: money is not frozen on a stand-in scheme.
    With counties `awaiting` the bureau's own entries, or counties whose year is not approved (year-end), freezing
    needs a ticked confirmation; the snapshot keeps both, and every county's approval state at that moment."""
    names = names or {}
    with read_session(engine()) as session:
        states = {code: row.state for code, row in approval_store.states(session, year).items()}
    payload = {**payload, "approvals": {code: states.get(code, approval_rules.OPEN) for code in names}}
    unapproved = [code for code in names if states.get(code) != approval_rules.APPROVED]
    if unapproved:
        st.warning(t("rk.freeze.unapproved", items="、".join(names[c] for c in unapproved)))
    if allowed and unapproved:
        allowed = st.checkbox(t("rk.freeze.confirm_unapproved", n=len(unapproved)),
                              key=f"rk_freeze_unapproved_{year}")
    if allowed and awaiting:
        allowed = st.checkbox(t("rk.freeze.confirm", n=len(awaiting)), key=f"rk_freeze_confirm_{year}")
        payload = {**payload, "confirmed_without": {c: list(d) for c, d in awaiting.items()}}
    note = st.text_input(t("rk.freeze_note"), key="rk_freeze_note", disabled=not allowed)  # refused if long
    if st.button(t("rk.freeze"), type="primary", key="rk_freeze", disabled=not allowed) and allowed:
        kept = {**payload, "summary": year_summary(year).as_payload()}  # the year in figures, as it stands now
        outcome = attempt(engine(), actor, lambda session, actor: freeze(
            session=session, actor=actor, year=year, payload=kept, note=note).id)
        if outcome.saved:
            st.session_state["rk_frozen"] = (year, outcome.value)
            st.rerun()
        keep(FREEZE_RESULT, outcome, about=year)
        show(FREEZE_RESULT, label=lambda field: t("rk.freeze_note"))
    frozen = st.session_state.pop("rk_frozen", None)
    if frozen:
        st.success(t("rk.frozen", year=frozen[0], id=frozen[1]))


def _frozen_rank(county: dict) -> str:
    """A frozen row's rank, or why it had none (snapshots frozen before reasons were kept show a dash)."""
    if county["rank"] is not None:
        return str(county["rank"])
    because = county.get("unranked_because")
    if because is None:
        return t("rk.tier.none")
    return t_text("rk.unranked", why=why_unranked(because, county.get("missing_dimensions", []), county["coverage"]))


def frozen_snapshots(year: int, names: dict[str, str]) -> None:
    with read_session(engine()) as session:
        rows = [(s.id, s.frozen_at, s.frozen_by, s.note, s.payload) for s in snapshots(session, year)]
    if not rows:
        st.caption(t("rk.no_snapshots"))
        return
    for sid, at, by, note, payload in rows:  # the time is formatted here (digits, '-', ':'): no escaping needed
        with st.expander(t("rk.snapshot", id=sid, at=Markdown(beijing(at)), by=who(by), note=note)):
            st.dataframe(pd.DataFrame([{
                t("rk.col.rank"): _frozen_rank(c), t("rk.col.county"): names.get(c["county"], c["county"]),
                t("rk.col.tier"): t(f"rk.tier.{c['tier'] or 'none'}"),
                t("rk.col.total"): None if c["total"] is None else round(c["total"], 3),
                t("rk.col.amount"): f"{c['amount_fen'] // 100:,}.{c['amount_fen'] % 100:02d}",
            } for c in payload["counties"]]), hide_index=True, width="stretch", height="content")
            report_download(sid, year, at, payload)  # the notice sent to the counties (issue 18)
