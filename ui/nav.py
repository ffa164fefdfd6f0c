"""The screens, who may open each (by logic.authz action), and the navigation built from them."""
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from logic.authz import Actor, authorize
from ui.i18n import language_in_address, t


@dataclass(frozen=True)
class Screen:
    path: str
    title_key: str
    icon: str
    action: str  # the logic.authz action a user needs to open it
    section: str = "nav.section.work"


REFUSED = "refused"  # the hidden section of the addresses a role may not open (never drawn: position hidden)
SCREENS = (
    Screen("pages/overview.py", "page.overview", ":material/dashboard:", "view"),
    Screen("pages/platforms.py", "page.platforms", ":material/edit_note:", "view"),
    Screen("pages/staffing.py", "page.staffing", ":material/groups:", "view"),
    Screen("pages/staff_gap.py", "page.staff_gap", ":material/group_off:", "view"),
    Screen("pages/roster.py", "page.roster", ":material/badge:", "view"),
    Screen("pages/funding.py", "page.funding", ":material/payments:", "view"),
    Screen("pages/ranking.py", "page.ranking", ":material/leaderboard:", "view"),
    Screen("pages/targets.py", "page.targets", ":material/flag:", "view"),
    Screen("pages/year_end.py", "page.year_end", ":material/task_alt:", "view"),
    Screen("pages/import.py", "page.import", ":material/upload_file:", "import"),
    Screen("pages/users.py", "page.users", ":material/manage_accounts:", "administer", "nav.section.admin"),
    Screen("pages/standards.py", "page.standards", ":material/rule:", "administer", "nav.section.admin"),
    Screen("pages/audit.py", "page.audit", ":material/history:", "audit", "nav.section.admin"),
)


def allowed_screens(actor: Actor) -> list[Screen]:
    return [s for s in SCREENS if authorize(actor, s.action)]


def leave_pages_folder_mode() -> None:
    """Until some run calls st.navigation, Streamlit serves the `pages/` folder by itself (its older
    multipage mode: the folder's own page list, and a script run that a later st.navigation call cancels,
    losing what the user just submitted). The first run of a process switches that mode off and starts again,
    so every run after it, this one's included, is Home.py's own navigation."""
    from streamlit import config
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        # AppTest puts back the folder mode before each of its runs, and a rerun there would drop the
        # button press under test; its runs have no browser page list to leave behind.
        if not config.get_option("global.appTest"):
            st.rerun()


def _signed_out() -> None:
    """The only page of a signed-out visitor: Home.py has already drawn the sign-in form."""


def hide_navigation() -> None:
    """Signed out: no page list shown and no page run. Declaring the navigation stops Streamlit from
    listing the `pages/` folder by itself (its behaviour until some run has called st.navigation); the
    screens are declared, hidden and never run, so a bookmarked URL survives the sign-in form instead of
    raising "page not found"."""
    screens = [st.Page(s.path, title=t(s.title_key)) for s in SCREENS]
    st.navigation([st.Page(_signed_out, title=t("login.form"), default=True), *screens], position="hidden")


def url_path(screen: Screen) -> str:
    """The screen's address, as Streamlit derives it from the file name (pages/users.py -> /users)."""
    return Path(screen.path).stem


def _refusal(screen: Screen):
    """What a screen's address shows a user whose role may not open it: the reason in words and the way back,
    rather than Streamlit's own English "Page not found" and the overview with no word why."""
    def refused() -> None:
        st.error(t("guard.forbidden", page=t(screen.title_key)))
        st.page_link(SCREENS[0].path, label=t("guard.back"), query_params=language_in_address())
    return st.Page(refused, title=t(screen.title_key), url_path=url_path(screen))


def navigation(actor: Actor):
    """The screens this user may open, declared to Streamlit with its own page list hidden, and listed in the
    sidebar by the app itself (st.page_link). Streamlit's list is never drawn, so nothing can show a page name
    before sign-in (client.showSidebarNavigation = false keeps the pages-folder list off on a fresh server).
    The other screens' addresses are declared too, each to a page that only says the role may not open it
    (a bookmark of another role, a link passed on): the screen's own file is never run for them."""
    sections: dict[str, list] = {}
    for screen in allowed_screens(actor):
        page = st.Page(screen.path, title=t(screen.title_key), icon=screen.icon)
        sections.setdefault(t(screen.section), []).append(page)
    refused = [_refusal(s) for s in SCREENS if s not in allowed_screens(actor)]
    current = st.navigation({**sections, REFUSED: refused} if refused else sections, position="hidden")
    with st.sidebar.container(key="gsp_nav"):
        for section, pages in sections.items():
            st.caption(section)
            for page in pages:
                st.page_link(page, query_params=language_in_address())  # the language stays on the way
    return current
