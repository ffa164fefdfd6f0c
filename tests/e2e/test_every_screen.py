"""Every screen each role opens, in a real browser: opened from the app's own page list at its own address, no
error on it, and a screenshot kept for people to look at (screenshots/screen_<role>_<lang>_*.png).

Every role walks its screens in Chinese. In English the city administrator (every screen) and the county officer
(the screens that differ by role: their own county's forms and lists) walk them; the viewer's screens are the
administrator's without the changes, and AppTest opens each of them in English for the viewer too
(tests/pages/test_screen_walk.py::test_no_english_screen_shows_a_catalog_key[viewer]). A browser walk costs some
15 s on the browser tests' worker, the longest path of the suite."""
import pytest

from logic.authz import Actor
from tests.e2e.conftest import nav_link, settle, shot

ROLES = {"admin": Actor("admin", "city_admin"), "cuiping": Actor("cuiping", "county_officer", "511502"),
         "viewer": Actor("viewer", "viewer")}


@pytest.mark.parametrize(("username", "lang"), [
    ("admin", "zh"), ("admin", "en"), ("cuiping", "zh"), ("cuiping", "en"), ("viewer", "zh")])
def test_every_screen_of_the_role_opens_cleanly_in_the_language(open_as, username, lang):
    from ui.i18n import CATALOG
    from ui.nav import SCREENS, allowed_screens
    page = open_as(username)
    if lang == "en":
        page.get_by_text("English", exact=True).click()
        settle(page)
    first = SCREENS[0]
    for screen in allowed_screens(ROLES[username]):
        slug = screen.path.removeprefix("pages/").removesuffix(".py")
        nav_link(page, CATALOG[screen.title_key][0 if lang == "zh" else 1]).click()
        if screen is not first:  # the first screen is the default one, at the bare address
            page.wait_for_url(f"**/{slug}*", timeout=30_000)  # English keeps ?lang=en in the address
        settle(page)
        assert not page.locator('[data-testid="stException"]').count(), slug
        body = page.inner_text("body")
        assert "Traceback" not in body, slug
        shot(page, f"screen_{username}_{lang}_{slug}")
