"""Stored text is shown as text in the real browser, never as markup: with markdown in every free-text column
(tests/hostile_text.py), the city admin opens every screen; Chromium shows no image, link or LaTeX made from
it, requests nothing from the hostile host, and shows the display name exactly as it was typed. A server of
its own (conftest `hostile_app`): every display name is hostile there too."""
from tests.e2e.conftest import nav_link, settle, shot, sign_in
from tests.hostile_text import EVIL_HOST, HOSTILE
from ui.i18n import CATALOG
from ui.nav import SCREENS
from ui.safe_text import WORD_JOINER

# what the hostile text would have become had it been rendered as markdown
MARKUP = (f'img[src*="{EVIL_HOST}"]', f'a[href*="{EVIL_HOST}"]', ".katex", ".stMarkdownColoredText",
          '[data-testid="stIconMaterial"]:text-is("home")')


def test_every_screen_shows_stored_markdown_as_text_and_fetches_nothing(hostile_app, browser_context):
    page = browser_context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if EVIL_HOST in request.url else None)
    sign_in(page, hostile_app, "admin")
    for screen in SCREENS:
        title = CATALOG[screen.title_key][0]
        stem = screen.path.removeprefix("pages/").removesuffix(".py")
        nav_link(page, title).click()
        if screen is not SCREENS[0]:  # the first screen is the default one, at the bare address
            page.wait_for_url(f"**/{stem}", timeout=30_000)
        settle(page)
        shot(page, f"stored_text_{stem}")
        main = page.locator('[data-testid="stApp"]')
        found = {selector: main.locator(selector).count() for selector in MARKUP}
        assert not any(found.values()), (screen.path, found)
        assert "😄" not in main.inner_text(), screen.path  # :smile: stays a shortcode
        # the sidebar names the user by the hostile display name, character for character
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert HOSTILE in sidebar.replace(WORD_JOINER, ""), screen.path  # the joiner is invisible
    assert fetched == [], fetched
