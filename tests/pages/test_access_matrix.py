"""R-NET-2 "用户可查看和修改的内容取决于其角色和所属县(区)": every screen × every kind of user.

Three layers are checked, because each alone could be bypassed: what the navigation offers (Home.py's
`st.navigation`), what a page does when reached anyway (ui.guard), and what the store lets through
whatever the browser sends (models.platforms re-authorises every write against the row's own county).
"""
import pytest
from sqlmodel import select

from logic.authz import PermissionDenied
from models.db import read_session, write_session
from models.platforms import create_platform, get_platform, update_platform
from models.tables import Platform
from tests.pages.conftest import OTHER, OWN, SIGNED_IN, USERS, actor_for, page_alone, signed_in_app
from ui.i18n import CATALOG
from ui.nav import SCREENS
from ui.views.platform_form import BLANK

pytestmark = pytest.mark.usefixtures("served_app")  # every app run through Home.py, as on the server

DENIED = CATALOG["guard.denied"][0]
READ_ONLY = CATALOG["guard.read_only"][0]
SIGN_IN_FIELDS = {CATALOG["login.username"][0], CATALOG["login.password"][0]}

# Who may open a screen, by the logic.authz action it declares (written out here, not computed by authorize).
MAY_OPEN = {
    "view": {"city_admin", "own_officer", "other_officer", "viewer"},
    "administer": {"city_admin"},
    "audit": {"city_admin", "viewer"},
    "import": {"city_admin", "own_officer", "other_officer"},  # never a viewer: an import writes
}
# The screens whose declared action is itself the rule: lowering one to "view" must fail this test.
PINNED = {"pages/overview.py": "view", "pages/platforms.py": "view",
          "pages/users.py": "administer", "pages/audit.py": "audit", "pages/import.py": "import",
          "pages/standards.py": "administer"}


def _may_open(who: str | None, path: str) -> bool:
    screen = next(s for s in SCREENS if s.path == path)
    return who is not None and who in MAY_OPEN[screen.action]


def test_every_screen_has_an_expected_audience_and_the_admin_screens_are_pinned():
    for screen in SCREENS:
        assert screen.action in MAY_OPEN, f"{screen.path}: decide who may open an {screen.action!r} screen"
    declared = {s.path: s.action for s in SCREENS}
    assert {path: declared.get(path) for path in PINNED} == PINNED


def _nothing_but_the_denial(at) -> None:
    assert [e.value for e in at.error] == [DENIED]
    assert not at.title and not at.dataframe and not at.button and not at.text_input and not at.selectbox


def _offered(at) -> set[str]:
    """The screens the last Home.py run handed to st.navigation (switch_page refuses any other)."""
    offered = set()
    for screen in SCREENS:
        try:
            at.switch_page(screen.path)
        except ValueError:
            continue
        offered.add(screen.path)
    return offered


@pytest.mark.both_stores
@pytest.mark.parametrize("who", SIGNED_IN)
def test_the_navigation_offers_exactly_the_screens_the_role_may_open_and_each_runs_cleanly(app_store, who):
    at = signed_in_app(who).run()
    assert not at.exception, at.exception
    assert _offered(at) == {s.path for s in SCREENS if _may_open(who, s.path)}
    for path in sorted(_offered(at)):
        at.switch_page(path).run()
        assert _offered(at) == {s.path for s in SCREENS if _may_open(who, s.path)}, path
        assert not at.exception, (path, at.exception)
        assert DENIED not in [e.value for e in at.error], path
        assert at.title, f"{path} showed no content to {who}"


def test_signed_out_the_app_shows_the_sign_in_form_and_no_screen_whichever_is_asked_for(app_store):
    at = signed_in_app(None).run()
    for screen in [None, *SCREENS]:
        if screen is not None:
            try:
                at.switch_page(screen.path)
            except ValueError:
                pass  # nothing registered under that path: the request falls to Home.py as well
            at.run()
        assert not at.exception, at.exception
        assert {w.label for w in at.text_input} == SIGN_IN_FIELDS
        assert not at.title and not at.dataframe and not at.selectbox
        assert "_actor" not in at.session_state
        assert "sign_out_button" not in {b.key for b in at.sidebar.button}


# --- a page reached without the navigation (a bookmarked or forged address) -------------------------------
# The whole matrix, every screen x visitor x county, is checked at the guard itself in tests/ui/test_guard_matrix.py.
# Here each screen runs for real once per visitor: every (screen, visitor) the navigation would not offer runs
# the page alone and must meet the refusal; every pair it offers runs in the navigation test above; and each
# screen also runs alone for the least trusted visitor who may open it.
FORBIDDEN = [(s.path, who) for s in SCREENS for who in [*SIGNED_IN, None] if not _may_open(who, s.path)]
LEAST_TRUSTED_FIRST = ("viewer", "own_officer", "other_officer", "city_admin")


@pytest.mark.parametrize("path, who", FORBIDDEN)
def test_a_page_reached_without_the_navigation_refuses_who_may_not_open_it_before_reading_anything(
        monkeypatch, tmp_path, path, who):
    # a store that cannot be opened: a page that read anything before its guard would raise here
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/no-such-folder/app.sqlite")
    at = page_alone(path, who)
    assert not at.exception, at.exception
    _nothing_but_the_denial(at)


@pytest.mark.parametrize("app_store", ["sqlite"], indirect=True)  # the guard reads no store; one backend shows it
@pytest.mark.parametrize("path", [s.path for s in SCREENS])
def test_a_page_reached_without_the_navigation_opens_to_the_least_trusted_who_may_open_it(app_store, path):
    who = next(w for w in LEAST_TRUSTED_FIRST if _may_open(w, path))
    at = page_alone(path, who)
    assert not at.exception, at.exception
    assert at.title and DENIED not in [e.value for e in at.error]


# --- what can be saved on the platform entry screen -----------------------------------------------

def _platform_screen(who: str, county: str):
    at = signed_in_app(who).run()
    at.switch_page("pages/platforms.py").run()
    at.selectbox(key="pf_county").set_value(county).run()
    assert not at.exception, at.exception
    return at


def _seed_platform(engine, code="511502-TOWN1", county=OWN, name="李庄镇"):
    with write_session(engine, actor_for("city_admin")) as session:
        create_platform(session=session, actor=actor_for("city_admin"), facts={
            **BLANK, "code": code, "name": name, "county_code": county, "service_population": 9_000})


@pytest.mark.parametrize("who", ["city_admin", "own_officer"])
def test_the_admin_and_the_county_s_own_officer_may_save_a_platform_of_that_county(app_store, who):
    at = _platform_screen(who, OWN)
    assert READ_ONLY not in [i.value for i in at.info]
    at.text_input(key="pf_code").input(f"{OWN}-{who.upper().replace('_', '')}")
    at.text_input(key="pf_name").input("李庄镇")
    at.selectbox(key="pf_level").set_value("township")
    at.number_input(key="pf_service_population").set_value(12_000)
    at.button(key="pf_save").click().run()
    assert not at.exception, at.exception
    with read_session(app_store) as session:
        saved = session.exec(select(Platform).where(Platform.code == f"{OWN}-{who.upper().replace('_', '')}")).one()
    assert (saved.county_code, saved.updated_by) == (OWN, USERS[who][0])


@pytest.mark.parametrize("who", ["other_officer", "viewer"])
def test_another_county_s_officer_and_a_viewer_get_a_read_only_screen_for_that_county(app_store, who):
    _seed_platform(app_store)
    at = _platform_screen(who, OWN)
    assert READ_ONLY in [i.value for i in at.info]
    assert "pf_save" not in {b.key for b in at.button}
    assert at.selectbox(key="pf_select").options == ["511502-TOWN1 李庄镇"]  # no "new platform" choice
    assert at.text_input(key="pf_name").value == "李庄镇" and at.text_input(key="pf_name").disabled


def test_the_other_county_s_officer_may_save_in_their_own_county_but_a_viewer_nowhere(app_store):
    # the read-only screens above are the role and county at work, not a screen that never offers a save
    assert "pf_save" in {b.key for b in _platform_screen("other_officer", OTHER).button}
    assert "pf_save" not in {b.key for b in _platform_screen("viewer", OTHER).button}


# --- whatever the browser sends, the store decides by the row's own county -----------------------

@pytest.mark.parametrize("who, county", [("other_officer", OWN), ("own_officer", OTHER), ("viewer", OWN)])
def test_the_store_refuses_to_create_a_platform_in_a_county_the_user_may_not_change(app_store, who, county):
    actor = actor_for(who)
    with pytest.raises(PermissionDenied), write_session(app_store, actor) as session:
        create_platform(session=session, actor=actor, facts={
            **BLANK, "code": "T-FORGED", "name": "伪造", "county_code": county})
    with read_session(app_store) as session:
        assert get_platform(session, "T-FORGED") is None


@pytest.mark.parametrize("who, facts", [
    ("other_officer", {"name": "改名"}),                   # editing another county's row
    ("other_officer", {"county_code": OTHER}),            # pulling it into one's own county
    ("own_officer", {"county_code": OTHER}),              # pushing one's own row out to another county
    ("viewer", {"name": "改名"}),
])
def test_the_store_refuses_an_update_across_counties_and_leaves_the_row_as_it_was(app_store, who, facts):
    _seed_platform(app_store)
    actor = actor_for(who)
    with pytest.raises(PermissionDenied), write_session(app_store, actor) as session:
        update_platform(session=session, actor=actor, code="511502-TOWN1", facts=facts, expected_version=1)
    with read_session(app_store) as session:
        row = get_platform(session, "511502-TOWN1")
        assert (row.name, row.county_code, row.version) == ("李庄镇", OWN, 1)
