"""Stored text is shown as text, never as markup a user typed into it: a value from data passed through plain()
renders as exactly that value, whatever markdown, HTML, LaTeX or Streamlit directive it holds; t() does this for
every text value it puts into a catalog string.

markdown-it-py stands in for the browser's CommonMark parser here; the Streamlit-only syntax (emoji shortcodes,
`:material/…:` icons, `:color[…]` directives) is checked against the tests Streamlit's front end applies to the
raw source, and tests/e2e/test_stored_text.py checks the real page in Chromium.
"""
import re
import string

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from ui.i18n import CATALOG, t, t_text
from ui.safe_text import WORD_JOINER, Markdown, plain, plain_join

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Streamlit's StreamlitMarkdown (static/js) loads remark-emoji only when the raw source matches this, and
# rewrites ":material/" before parsing
EMOJI_GATE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
# mdast-util-gfm-autolink-literal, which the browser runs on text after escapes are resolved (JS \w is ASCII)
AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE | re.ASCII)
AUTOLINK_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
EMOJI_IN_TEXT = re.compile(r":\+1:|:-1:|:[\w-]+:")  # remark-emoji, also on resolved text

HOSTILE = [
    "![x](http://evil.example/p.png)",
    "[点我](http://evil.example/)",
    "<http://evil.example/>",
    "<img src=http://evil.example/p.png>",
    "<script>alert(1)</script>",
    "$\\frac{1}{2}$ 与 $$x^2$$",
    ":red[红字] :blue-background[底色] :small[小] :rainbow-badge[徽章]",
    ":smile: :+1: :material/home: :streamlit:",
    "# 标题",
    "> 引用",
    "1. 列表",
    "- 列表",
    "***",
    "**粗** *斜* _斜_ ~~删~~ `代码`",
    "| a | b |",
    "www.evil.example 与 admin@evil.example",
    "&lt;img&gt; &#60; &amp;",
    "反斜杠 \\ 结尾\\",
    "    缩进四格",
    "第一行\n\n## 第二段\n    代码",
    "[ref]: http://evil.example/\n[ref]",
    "宜宾市翠屏区西郊街道(m²)【全角】",
    "---",
    "- 列表 -- 中间的 - 不算",
    "===",
    "+ 加号",
    "\"引号\", 'single'; 100% ?",
    "T-NEW-1 2026-01-01",
    "12. 有序", "3) 有序", "#标签", "WWW.evil.example/x", "see www.evil.example", "a@b.example",
    "\\*不是斜体*", ":smile: 开头", "!",
    "HTTPS://evil.example/x http://e.example", "mailto:a@b.example", "x.y@z.example.com",
]


def _rendered_text(source: str) -> str:
    """The text markdown-it shows for `source`, refusing any element other than one paragraph of text."""
    tokens = MD.parse(source)
    assert [tok.type for tok in tokens] == ["paragraph_open", "inline", "paragraph_close"], tokens
    children = tokens[1].children
    assert {c.type for c in children} <= {"text"}, [c.type for c in children]
    text = "".join(c.content for c in children)
    assert not AUTOLINK_URL.search(text) and not AUTOLINK_EMAIL.search(text), text
    assert not EMOJI_IN_TEXT.search(text), text
    return text.replace(WORD_JOINER, "")  # invisible: what the reader sees has none


def _one_line(value: str) -> str:
    return LINE_BREAKS.sub(" ", value).strip().replace(WORD_JOINER, "")


def _unescaped(source: str) -> str:
    """`source` with every backslash escape taken out: what the renderer could still read as syntax."""
    return re.sub(r"\\[" + re.escape(string.punctuation) + "]", "", source)


class TestPlain:
    @pytest.mark.parametrize("value", HOSTILE)
    def test_hostile_text_renders_as_itself_and_nothing_else(self, value):
        assert _rendered_text(plain(value)) == _one_line(value)

    @pytest.mark.parametrize("value", HOSTILE)
    def test_no_streamlit_directive_icon_or_emoji_survives(self, value):
        safe = plain(value)
        assert not EMOJI_GATE.search(safe)
        assert ":material/" not in safe
        # what opens markup inside a line is never left bare, and no mark at all starts the value
        assert not set(_unescaped(safe)) & set("[]<&*_~`$|\\@:/")
        assert safe[:1] not in set(string.punctuation) - {"\\"}

    def test_chinese_text_and_numbers_are_left_alone(self):
        assert plain("宜宾市翠屏区 2026 年") == "宜宾市翠屏区 2026 年"
        # marks that mean nothing inside a line stay readable in the source
        assert plain("T-NEW-1, 20,000.50 叙州区(原宜宾县)") == "T-NEW-1, 20,000.50 叙州区(原宜宾县)"
        assert plain(12.5) == 12.5 and plain(None) is None

    def test_safe_text_is_never_escaped_twice(self):
        once = plain("a_b")
        assert plain(once) is once
        assert _rendered_text(plain_join("、", [once, "c*d", 3])) == "a_b、c*d、3"

    @settings(max_examples=300, deadline=None)
    @given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
           | st.text(st.sampled_from(string.punctuation + "aw1 \n\t宜"), max_size=40))  # mostly syntax
    def test_any_text_renders_as_itself(self, value):
        expected = _one_line(value)
        if expected:
            assert _rendered_text(plain(value)) == expected
        safe = plain(value)
        assert not EMOJI_GATE.search(safe) and ":material/" not in safe


def _fill(template: str, value: str) -> dict:
    """Every placeholder of `template` given `value`, or a number where its format spec wants one."""
    fields = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name:
            fields[name] = 0.5 if spec and spec[-1] in "%fgdeEn," else value
    return fields


class TestCatalogMessages:
    """Every catalog string, each text placeholder filled with hostile data, still renders no markup."""

    @pytest.mark.parametrize("key", sorted(CATALOG))
    @pytest.mark.parametrize("value", ["![x](http://evil.example/p.png)", ":smile:", "*:red[x]*"])
    def test_data_in_a_message_shows_as_data(self, key, value):
        for template in CATALOG[key]:
            fields = _fill(template, value)
            if not any(v == value for v in fields.values()):
                continue
            source = Markdown(template.format(**{k: plain(v) for k, v in fields.items()}))
            assert not EMOJI_GATE.search(source), (key, source)
            tokens = MD.parse(source)
            kinds = {c.type for tok in tokens if tok.children for c in tok.children}
            assert not kinds & {"image", "link_open", "html_inline", "code_inline", "em_open"}, (key, kinds)
            shown = "".join(c.content for tok in tokens if tok.children for c in tok.children if c.type == "text")
            assert value in shown.replace(WORD_JOINER, "")


class TestT:
    def test_text_values_are_escaped_and_numbers_keep_their_format(self):
        text = t("app.standard_used", label="![x](http://evil.example/p.png)")
        assert isinstance(text, Markdown)
        assert "\\!\\[x\\]" in text and "![x]" not in text
        assert t("common.rows", n=1234) == t_text("common.rows", n=1234)

    def test_a_message_made_of_messages_is_escaped_once(self):
        inner = t("app.standard_used", label="a_b")
        outer = t("login.bad_key", problem=inner)
        assert inner in outer and "\\\\" not in outer

    def test_t_text_leaves_values_as_they_are_for_places_without_markdown(self):
        assert "![x](p)" in t_text("app.standard_used", label="![x](p)")
