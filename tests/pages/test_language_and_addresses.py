"""Issue 16: the language is kept across reloads (in the address, ?lang=en), and an address the role may not open
says so in words instead of landing on the overview with no word why."""
import pytest
from streamlit.util import calc_hash  # how st.Page hashes its address

from tests.pages.conftest import signed_in_app
from ui.i18n import CATALOG
from ui.nav import SCREENS, url_path

pytestmark = pytest.mark.usefixtures("served_app")  # every app run through Home.py, as on the server

FORBIDDEN = CATALOG["guard.forbidden"]


def test_a_new_session_opened_with_lang_en_in_the_address_is_in_english(app_store):
    at = signed_in_app("viewer")
    at.query_params["lang"] = "en"  # a reload of an English screen: a new session, the same address
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.title[0].value == CATALOG["ov.title"][1]


def test_choosing_english_puts_it_in_the_address_and_chinese_takes_it_out(app_store):
    at = signed_in_app("viewer").run()
    assert "lang" not in at.query_params  # Chinese, the default, leaves the address clean
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en"
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert "lang" not in at.query_params


def test_the_links_between_screens_keep_the_language(app_store):
    at = signed_in_app("viewer")
    at.query_params["lang"] = "en"
    at.run()
    links = [p for p in at.sidebar.get("page_link")]
    assert links and all(link.proto.query_string == "lang=en" for link in links)
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert all(link.proto.query_string == "" for link in at.sidebar.get("page_link"))


def _open_address(who: str, screen_path: str, lang: str = "zh"):
    """The app as a browser opening the screen's address (/users): the page asked for by its address's hash."""
    at = signed_in_app(who)
    at.session_state["lang"] = lang
    at.run()
    screen = next(s for s in SCREENS if s.path == screen_path)
    at._page_hash = calc_hash(url_path(screen))  # what the browser's request for /users resolves to
    return at.run()


@pytest.mark.parametrize("who, path, title", [
    ("viewer", "pages/users.py", "page.users"),
    ("own_officer", "pages/audit.py", "page.audit"),
    ("viewer", "pages/import.py", "page.import"),
])
def test_an_address_the_role_may_not_open_says_so_and_shows_nothing_of_the_screen(app_store, who, path, title):
    at = _open_address(who, path)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [FORBIDDEN[0].format(page=CATALOG[title][0])]
    assert not at.title and not at.dataframe and not at.text_input and not at.main.button


def test_the_refusal_speaks_the_reader_s_language(app_store):
    at = _open_address("viewer", "pages/users.py", lang="en")
    assert [e.value for e in at.error] == [FORBIDDEN[1].format(page=CATALOG["page.users"][1])]


def test_an_address_the_role_may_open_opens_the_screen(app_store):
    at = _open_address("viewer", "pages/audit.py")
    assert not at.exception and not at.error
    assert at.title[0].value == CATALOG["au.title"][0]
