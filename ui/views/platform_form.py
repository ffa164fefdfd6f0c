"""The platform form, laid out as the eight groups officers know, with the verdict beside it.

Widgets are plain (not an st.form) so the verdict follows every change; the save runs in a button
callback, before the rerun, so its messages can be shown under the very fields they are about.
"""
import streamlit as st

from logic.codes import EQUIPMENT, ITEMS, LEVELS, SERVICES, SITINGS, VILLAGE_KINDS, WINDOWS
from logic.compliance import evaluate
from models.platforms import FACT_FIELDS
from ui.data import current_standard
from ui.i18n import code_label, t, t_text
from ui.pickers import hold
from ui.safe_text import plain, plain_join

P = "pf_"  # widget key prefix: one key per canonical field
BLANK = {
    "code": "", "name": "", "level": "township", "county_code": None, "parent_code": None,
    "village_kind": "none", "siting": "convenience_centre", "service_population": 0,
    "sign_installed": False, "sign_text": "", "area_m2": 0.0, "windows": [], "open_counter": False,
    "info_area": False, "office": False, "service_seat": False, "staff_full_time": 0, "staff_part_time": 0,
    "equipment": [], "network_connected": False, "work_funds_secured": False, "services": [],
    "services_online": [], "rules_posted": False,
}

# Streamlit's own icon font, not emoji: a machine without an emoji font drew ✅/❌/⚠ as empty boxes
MET, NOT_MET, WARNING = ":material/check_circle:", ":material/cancel:", ":material/warning:"

def load(facts: dict) -> None:
    """Put a platform's facts (or a blank one) into the widgets."""
    for key in FACT_FIELDS:
        value = facts.get(key, BLANK[key])
        if key == "area_m2":
            value = float(value or 0)
        st.session_state[P + key] = list(value) if isinstance(value, (list, tuple, set, frozenset)) else value


def facts_from_widgets(county_code: str) -> dict:
    facts = {key: st.session_state.get(P + key, BLANK[key]) for key in FACT_FIELDS}
    facts["county_code"] = county_code  # the county comes from the page, never from a form field
    for key in ("windows", "equipment", "services", "services_online"):
        facts[key] = list(facts[key] or [])
    return facts


def _error(errors: dict, field: str) -> None:
    if field in errors:
        st.markdown(f":red[{WARNING} {plain(errors[field])}]")


def _label(field: str) -> str:
    return t(f"pf.field.{field}")


def _codes(field: str, kind: str, options, disabled: bool, errors: dict) -> None:
    st.pills(_label(field), options, selection_mode="multi", key=P + field,
             format_func=lambda c: code_label(kind, c), disabled=disabled)
    # one click for the usual case (a station has all nine pieces of equipment), instead of nine
    a, b, _ = st.columns([1, 1, 3])
    a.button(t("pf.pick_all"), key=f"{P}{field}_all", on_click=_pick, args=(field, list(options)),
             disabled=disabled, type="tertiary")
    b.button(t("pf.pick_none"), key=f"{P}{field}_none", on_click=_pick, args=(field, []),
             disabled=disabled, type="tertiary")
    _error(errors, field)


def _pick(field: str, codes: list[str]) -> None:
    st.session_state[P + field] = codes


def _check(field: str, disabled: bool) -> None:
    st.checkbox(_label(field), key=P + field, disabled=disabled)


def _whole(field: str, disabled: bool, errors: dict) -> None:
    st.number_input(_label(field), step=1, key=P + field, disabled=disabled)
    _error(errors, field)


def basic_group(*, editing: bool, parents: dict[str, str], disabled: bool, errors: dict) -> None:
    st.markdown(f"**{t('pf.group.basic')}**")
    a, b, c = st.columns(3)
    with a:
        st.text_input(_label("code"), key=P + "code", disabled=disabled or editing, help=t("pf.help.code"))
        _error(errors, "code")
        st.selectbox(_label("level"), LEVELS, key=P + "level", format_func=lambda c: code_label("level", c),
                     disabled=disabled)
        _error(errors, "level")
    with b:
        # no max_chars on the texts: the browser drops a longer paste whole, and the save then said "required";
        # the store refuses it instead, saying how long it may be
        st.text_input(_label("name"), key=P + "name", disabled=disabled)
        _error(errors, "name")
        _parent_picker(parents, disabled, errors)
    with c:
        _whole("service_population", disabled, errors)
        st.selectbox(_label("siting"), SITINGS, key=P + "siting", format_func=lambda c: code_label("siting", c),
                     disabled=disabled)
        if st.session_state.get(P + "level") == "village":
            st.selectbox(_label("village_kind"), VILLAGE_KINDS, key=P + "village_kind",
                         format_func=lambda c: code_label("village_kind", c), disabled=disabled)
        _error(errors, "village_kind")


def _parent_picker(parents: dict[str, str], disabled: bool, errors: dict) -> None:
    """R-ORG-3: only this county's street/township centres are offered."""
    options = [None, *parents]
    hold(P + "parent_code", options, default=None)  # by code: a centre renamed meanwhile stays the parent
    needs = st.session_state.get(P + "level") in ("community", "village")
    # the "no parent" option is None, which a select box shows as its placeholder: that placeholder must say
    # 无, not Streamlit's English "Choose an option"
    st.selectbox(_label("parent_code"), options, key=P + "parent_code", disabled=disabled or not needs,
                 format_func=lambda c: t_text("pf.field.parent_none") if c is None else f"{parents[c]}({c})",
                 placeholder=t_text("pf.field.parent_none"))
    _error(errors, "parent_code")
    if needs and not parents:
        st.caption(t("pf.no_parents"))


def _item_header(item: str, findings: dict) -> None:
    finding = findings[item]
    mark = t("pf.item.met" if finding.ok else "pf.item.not_met")
    st.markdown(f"**{code_label('item', item)}** {mark}")
    st.caption(plain(finding.reason(st.session_state.get("lang", "zh"))))


def eight_groups(findings: dict, *, disabled: bool, errors: dict) -> None:
    """The eight haves in the order of the policy, each with its own finding above its fields."""
    cols = st.columns(2)
    for index, item in enumerate(ITEMS):
        with cols[index % 2].container(border=True):
            _item_header(item, findings)
            _GROUPS[item](disabled, errors)


def _signboard(disabled, errors):
    _check("sign_installed", disabled)
    st.text_input(_label("sign_text"), key=P + "sign_text", disabled=disabled)


def _premises(disabled, errors):
    st.number_input(_label("area_m2"), step=1.0, format="%.1f", key=P + "area_m2", disabled=disabled)
    _error(errors, "area_m2")
    _codes("windows", "windows", WINDOWS, disabled, errors)
    for field in ("open_counter", "info_area", "office", "service_seat"):
        _check(field, disabled)


def _staff(disabled, errors):
    roster = st.session_state.get("pf_roster")
    disabled = disabled or roster is not None  # counted from the roster, changed on the people screen
    a, b = st.columns(2)
    with a:
        _whole("staff_full_time", disabled, errors)
    with b:
        _whole("staff_part_time", disabled, errors)
    if roster is not None:
        st.caption(t("pf.staff_from_roster", full=roster[0], part=roster[1]))
    level, population = st.session_state.get(P + "level"), st.session_state.get(P + "service_population")
    if level in LEVELS and isinstance(population, int) and population >= 0:
        standard = current_standard()  # the staffing numbers and R-STAFF-2 reading of the version in force
        need = standard.staff_requirement(level, population)
        working = need.working_zh if st.session_state.get("lang", "zh") == "zh" else need.working_en
        st.caption(t("pf.staff_needed", clause=code_label("clause", need.clause), working=working))


def _network(disabled, errors):
    _check("network_connected", disabled)
    _codes("services_online", "services", SERVICES, disabled, errors)


def _funds(disabled):
    from_lines = st.session_state.get("pf_funds")
    _check("work_funds_secured", disabled or from_lines is not None)  # the ledger decides this year
    if from_lines is not None:
        st.caption(t("pf.funds_from_lines." + ("yes" if from_lines else "no")))


_GROUPS = {
    "signboard": _signboard,
    "premises": _premises,
    "staff": _staff,
    "equipment": lambda d, e: _codes("equipment", "equipment", EQUIPMENT, d, e),
    "network": _network,
    "funds": lambda d, e: _funds(d),
    "services": lambda d, e: _codes("services", "services", SERVICES, d, e),
    "rules": lambda d, e: _check("rules_posted", d),
}


def live_verdict(facts: dict, standard):
    """The verdict of what is on screen now; None when a number is not yet a number."""
    try:
        return evaluate(facts, standard)
    except (TypeError, ValueError):
        return None


def show_verdict(result) -> None:
    st.markdown(f"#### {t('pf.live')}")
    if result is None:
        return
    if result.compliant:
        st.success(t("pf.live.compliant"), icon=MET)
    else:
        st.error(t("pf.live.not", n=len(result.failed_items)), icon=NOT_MET)
    if result.demonstration_eligible:
        st.success(t("pf.live.demo"), icon=":material/star:")
    else:
        gaps = [f.reason(st.session_state.get("lang", "zh")) for f in result.demonstration_findings if not f.ok]
        if gaps:
            st.caption(t("pf.live.demo_gaps") + plain_join(";", gaps))
    st.caption(t("app.standard_used", label=result.standard_label))
