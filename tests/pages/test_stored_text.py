"""Stored text is shown as text on every screen, never as markup.

Every free-text field in the store (county, platform, standard and person names, display names, notes, sign
texts, topics, projects) holds markdown an attacker might type: an image link, a link, LaTeX, a Streamlit
colour directive, an emoji shortcode and a material icon. Each screen is opened as the city admin (who sees
every county) and every piece of text that Streamlit renders as markdown (bodies, labels, help, radio options,
expander and tab labels) is checked: the hostile text may appear only escaped, never as markup.
"""
import re

import pytest
from google.protobuf.message import Message
from markdown_it import MarkdownIt

from tests.hostile_text import EVIL, HOSTILE, RAW_PIECES, SHORT
from tests.pages.conftest import signed_in_app
from ui.nav import SCREENS
from ui.safe_text import plain

MD = MarkdownIt("commonmark")
EMOJI_GATE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")
# proto fields that Streamlit renders as markdown; option lists only where the widget renders them (radio)
MARKDOWN_FIELDS = {"body", "label", "help", "text", "caption"}
MARKDOWN_OPTIONS = {"Radio": {"options", "captions"}}


def _strings(proto: Message, kind: str):
    """(field, text) for every markdown-rendered string in `proto` and the messages inside it."""
    for field, value in proto.ListFields():
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item, type(item).__name__)
            elif isinstance(item, str) and (field.name in MARKDOWN_FIELDS
                                            or field.name in MARKDOWN_OPTIONS.get(kind, ())):
                yield field.name, item


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _rendered_markdown(at) -> list[tuple[str, str]]:
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found += [(f"{type(proto).__name__}.{name}", text) for name, text in _strings(proto, type(proto).__name__)]
    return found


def _markup_in(text: str) -> list[str]:
    """What in `text` a markdown renderer would turn into something other than text, from the hostile data."""
    problems = [piece for piece in RAW_PIECES if piece in text]
    if EMOJI_GATE.search(text):
        problems.append("emoji shortcode")
    for token in MD.parse(text):
        for child in token.children or []:
            if child.type in ("image", "link_open", "html_inline") and EVIL in str(child.attrs):
                problems.append(child.type)
    return problems


@pytest.fixture
def hostile_store(hostile_app_store):
    """The app's store after make_hostile (a copy of one made once per process)."""
    return hostile_app_store


@pytest.mark.parametrize("screen", [s.path for s in SCREENS])
def test_no_screen_renders_stored_text_as_markup(hostile_store, served_app, screen):
    at = signed_in_app("city_admin")
    at.session_state["name"] = HOSTILE  # what the sign-in form keeps from the user's display name
    at.run()
    at.switch_page(screen).run()
    assert not at.exception, at.exception
    texts = _rendered_markdown(at)
    bad = [(where, text[:120], problems) for where, text in texts if (problems := _markup_in(text))]
    assert not bad, bad
    # the sidebar names the signed-in user: the hostile display name is on every screen, shown escaped
    assert any(plain(HOSTILE) in text for _, text in texts), "the hostile text was never shown"


def _check(at) -> list:
    assert not at.exception, at.exception
    return [(where, text[:120], problems) for where, text in _rendered_markdown(at) if (problems := _markup_in(text))]


def test_a_picked_and_saved_platform_and_a_picked_person_show_their_text_as_text(hostile_store, served_app):
    """The platform form (its findings name the sign text) and its save message (the platform's name), and a
    person's history on the roster, each with hostile stored text."""
    at = signed_in_app("city_admin").run()
    at.switch_page("pages/platforms.py").run()
    platform = at.selectbox(key="pf_select").options[1].split(" ")[0]  # the first stored one, after 新增平台
    at.selectbox(key="pf_select").set_value(platform).run()
    assert not _check(at), platform
    at.button(key="pf_save").click().run()
    assert at.success and not _check(at)
    assert any(plain(platform + SHORT) in s.value for s in at.success), [s.value for s in at.success]
    at.switch_page("pages/roster.py").run()
    assert not _check(at)
