"""People roster (R-STAFF-4, R-PERS): who works on each platform, their certificates, trainings and reviews,
and the lists an officer must act on. People are never deleted; leaving keeps their history."""
from datetime import date

import streamlit as st

from ui.data import counties
from ui.guard import may, page_actor
from ui.i18n import t
from ui.pickers import hold
from ui.views import roster_actions, roster_data, roster_flags, roster_forms, roster_list
from ui.views.platform_picker import pick_platform

actor = page_actor("view")
st.title(t("ro.title"))
st.caption(t("ro.caption"))
names = counties()
if actor.county_code:  # people's records are personal: an officer sees only their own county's
    names = {actor.county_code: names[actor.county_code]}
if st.session_state.get("ro_county") not in names:
    st.session_state["ro_county"] = actor.county_code if actor.county_code in names else next(iter(names))
a, b, c, d = st.columns([1, 1, 1.2, 1.6])
county = a.selectbox(t("ro.county"), list(names), key="ro_county", format_func=names.get,
                     disabled=len(names) == 1)
places = roster_data.places(county)
if places.empty:
    st.info(t("ro.no_platforms"))
    st.stop()
# street/township, then platform: a province's county has thousands of platforms, too many for one list
platform, _ = pick_platform(places, "ro_platform", t("ro.platform"), slots=(b, c, d))
if platform is None:  # the search matched nothing: the picker says so
    st.stop()
writable = may(actor, "edit", county)
# Nothing above the tabs changes between runs (a save's outcome is shown under its form), so a save keeps
# the user on the tab they were in. Keyed (stateful) tabs would too, but with them Chromium showed the edit
# form at its defaults instead of the person's values that open_for_edit puts in session state.
tab_people, tab_edit, tab_flags = st.tabs([t("ro.tab.people"), t("ro.tab.edit"), t("ro.tab.flags")])
with tab_people:
    include_left = st.toggle(t("ro.include_left"), key="ro_include_left")
    people, trainings = roster_list.load(platform, include_left)
    if people.empty:
        st.info(t("ro.empty"))
    else:
        on_staff = people[people["left_on"].isna()]
        st.caption(t("ro.counts", full=int((on_staff["employment"] == "full_time").sum()),
                     part=int((on_staff["employment"] == "part_time").sum())))
        roster_list.show(people, trainings, date.today().year, f"roster_{platform}")
        st.markdown(f"**{t('ro.history')}**")
        hold("ro_history_person", list(people["id"]))  # by id: a person renamed meanwhile stays picked
        chosen = st.selectbox(t("ro.person"), list(people["id"]), key="ro_history_person",
                              format_func=dict(zip(people["id"], people["name"], strict=True)).get)
        roster_list.history(int(chosen))
with tab_edit:
    if not writable:
        st.info(t("ro.read_only"))
    else:
        roster_forms.add_form(platform)
        current, _ = roster_list.load(platform, False)
        person_id = roster_forms.person_picker(current, "ro_person")
        roster_actions.keep_result_for(person_id)
        if person_id is not None:
            person = current.set_index("id").loc[person_id].to_dict() | {"id": person_id}
            roster_forms.edit_form(person_id)
            roster_forms.training_form(person)
            roster_forms.review_form(person)
            roster_forms.move_form(person, names, county, platform)
            roster_forms.leave_form(person)
        else:
            roster_actions.show_result()  # the outcome of a form no longer drawn (the person moved or left)
with tab_flags:
    city = actor.county_code is None and st.toggle(t("sg.city"), key="ro_flags_city")
    scope = None if city else county
    roster_flags.show(scope, counties(), roster_data.places(scope))
