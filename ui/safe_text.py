"""Text from data shown as text: nothing a user typed (a name, a note, a file's cell) is read as markdown.

Streamlit renders markdown in st.markdown, st.caption, st.info/warning/error/success, st.toast, widget labels,
help tooltips, radio options, expander and button labels: an image link `![x](http://…)` in a display name
would be shown, and fetched by every browser that opens the page; links, `$…$` LaTeX, `:red[…]`, emoji
shortcodes and `:material/…:` icons would render too. CommonMark lets a backslash escape any ASCII punctuation
character, which then stands for itself: escaping them in a value leaves only letters, digits, CJK, spaces and
inert punctuation for the renderer to see, so the value reads exactly as typed. Escaping `:` and `/` also
defeats Streamlit's own pre-pass, which rewrites the raw `:material/` before parsing, and its emoji test, which
looks for `:word:` in the raw source. A few marks mean nothing inside a line (`-` only starts a list or a rule
at the start of one; `,;'"?%` never mean anything outside the link syntax the other escapes break): they are
escaped only where the value begins, so codes, dates and counts stay readable in the source.

`Markdown` marks text that is already safe to render (a catalog string, or data passed through plain()), so
that it is never escaped twice when one message is built from others.
"""
import re
import string

_INERT_INSIDE_A_LINE = "-,;'\"?%"
_SYNTAX = re.compile("([" + re.escape("".join(c for c in string.punctuation if c not in _INERT_INSIDE_A_LINE)) + "])")
_FIRST = re.compile("^([" + re.escape(_INERT_INSIDE_A_LINE) + "])")
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
    # leading spaces would make an indented code block where the value starts a line; the renderer drops
    # them at either end anyway
    one_line = _LINE_BREAKS.sub(" ", value).strip()
    return Markdown(_FIRST.sub(r"\\\1", _SYNTAX.sub(r"\\\1", one_line)))


def plain_join(separator: str, parts) -> Markdown:
    """Parts joined for a markdown call, each made safe once (Markdown parts are kept as they are)."""
    return Markdown(plain(separator).join(str(plain(p)) for p in parts))
