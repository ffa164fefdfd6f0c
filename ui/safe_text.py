"""Text from data shown as text: nothing a user typed (a name, a note, a file's cell) is read as markdown.

Streamlit renders markdown in st.markdown, st.caption, st.info/warning/error/success, st.toast, widget labels,
help tooltips, radio options, expander and button labels: an image link `![x](http://…)` in a display name
would be shown, and fetched by every browser that opens the page; links, `$…$` LaTeX, `:red[…]`, emoji
shortcodes and `:material/…:` icons would render too.

CommonMark lets a backslash escape any ASCII punctuation character, which then stands for itself. plain()
escapes the characters that open markup anywhere in a line: `[ ]` (links, images, references), `< &` (HTML,
autolinks, entities), `* _ ~ ``` (emphasis, strikethrough, code), `$` (LaTeX), `|` (tables), the backslash, `@` (e-mail
autolinks) and `:` `/` (Streamlit's directives, emoji and `:material/` icons: its front end rewrites the raw
`:material/` before parsing and loads emoji when the raw source has `:word:`). The rest (`( ) . - # + !` …)
only mean something where a line begins (a heading, a list, a quote, a rule) or after a bracket already
escaped, so they are escaped at the start of the value only, and in `1.`/`1)` and `www.` there: codes, dates,
money and county names such as 叙州区(原宜宾县) read in the source as typed. Line breaks in data are folded,
so the start of the value is the only line start data can make.

Escapes cannot stop what the browser's markdown plugins find in the text *after* escapes are resolved: GFM's
literal autolinks (`http://…`, `www.…`, `name@host.…`, as the browser test found) and, when anything in the
message looks like one, emoji shortcodes (`:smile:`). A WORD JOINER (U+2060: invisible, no width, no line
break) goes after every `:` and `www` and before `@` of a value, where those patterns need the next character,
so they no longer match and nothing visible changes.

`Markdown` marks text that is already safe to render (a catalog string, or data passed through plain()), so
that it is never escaped twice when one message is built from others.
"""
import re
import string

_ANYWHERE = re.compile(r"([\[\]<&*_~`$|\\@:/])")
_AT_START = re.compile("^([" + re.escape(string.punctuation) + "])")  # a heading, list, quote, rule, ...
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
_WWW = re.compile(r"(?i)\b(www)\.")  # GFM turns www.example into a link by itself
WORD_JOINER = "\u2060"
_JOIN_AFTER = re.compile(r"(?i)(:|\bwww(?=\\\.))")  # matched after escaping
# a line break in data would let the next line start a block (an indented code block, a table row): one
# line is what every place that shows data expects
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


class Markdown(str):
    """A string that may be given to a markdown-rendering call as it is."""

    __slots__ = ()


def plain(value):
    """`value` escaped so a markdown renderer shows it literally; safe Markdown and non-text (numbers, dates:
    a catalog string may format them with a spec) are returned as they are."""
    if isinstance(value, Markdown) or not isinstance(value, str):
        return value
    one_line = _LINE_BREAKS.sub(" ", value)
    core = one_line.strip()
    if not core:
        return Markdown(" " if one_line else "")
    # four leading spaces would make an indented code block where the value starts a line: one is enough to
    # keep a value such as " · 翠屏区" apart from the text before it
    before, after = (" " if one_line[:1].isspace() else ""), (" " if one_line[-1:].isspace() else "")
    text = _ANYWHERE.sub(r"\\\1", core)
    text = _WWW.sub(r"\1\\.", _ORDERED_LIST.sub(r"\1\\\2", text))
    text = _JOIN_AFTER.sub(r"\1" + WORD_JOINER, text).replace("\\@", WORD_JOINER + "\\@")
    return Markdown(before + (text if text.startswith("\\") else _AT_START.sub(r"\\\1", text)) + after)


def plain_join(separator: str, parts) -> Markdown:
    """Parts joined for a markdown call, each made safe once (Markdown parts are kept as they are)."""
    return Markdown(plain(separator).join(str(plain(p)) for p in parts))
