"""What a reader sees on a screen opened by AppTest, as text, and what in it would be a leak.

A screen's visible text is read from the element protos Streamlit sends the browser (titles, bodies, labels,
help, options, placeholders, metric values, tab and expander labels, alerts) and from its tables (the headers
the browser shows, column_config labels included, and the cells). Chart axis and legend titles are read from
the Vega-Lite spec: a channel without a title shows its field's name.

A Chinese screen leaks when it shows an English word, an internal code, a rule id or the words None/nan/NaT,
or leaves Streamlit to fill in its own English (a select box without a placeholder, a table that draws a
missing value as "None"). An English screen leaks when it shows a catalog key instead of the string.
"""
import json
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
from google.protobuf.message import Message

from logic import codes, funding, people
from logic.authz import ROLE_LABELS
from logic.staffing_gap import STATUS_LABELS
from tests.pages.conftest import shown
from ui.i18n import CATALOG

TEXT_FIELDS = {"body", "label", "help", "text", "caption", "placeholder", "options", "content", "delta",
               "title", "value"}
# value is text only where a reader reads it (a metric is body/delta); in an input it is the user's own typing
VALUE_TEXT = {"Progress"}
SKIPPED_TYPES = {"Html"}  # style sheets put in by the app, not text
TABLE_ROWS = 60  # the cells of this many rows of each table are read: enough to meet every kind of value
ICON = re.compile(r":material/[a-z_]+:")


def _strings(proto: Message, kind: str, path: str) -> Iterator[tuple[str, str]]:
    for field, value in proto.ListFields():
        for item in (value if field.is_repeated else [value]):
            if isinstance(item, Message):
                yield from _strings(item, type(item).__name__, f"{path}.{field.name}")
            elif isinstance(item, str) and field.name in TEXT_FIELDS and item:
                if field.name == "value" and kind not in VALUE_TEXT:
                    continue
                yield f"{path}.{field.name}", item


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _elements(at) -> Iterator[Message]:
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            yield proto


SHARED_AXIS = {"x2", "y2"}  # drawn on the x or y axis, whose title is x's or y's


def _chart_titles(spec: dict) -> Iterator[str]:
    """The words a Vega-Lite chart draws: its title, its axis and legend titles (a channel's title, or its
    field's name when it has none) and its tooltips' keys (likewise)."""
    if not isinstance(spec, dict):
        return
    for name, channel in (spec.get("encoding") or {}).items():
        if name == "tooltip":
            yield from (_channel_title(c) for c in (channel if isinstance(channel, list) else [channel]))
        elif isinstance(channel, dict) and name not in SHARED_AXIS and channel.get("axis", {}) is not None \
                and channel.get("legend", {}) is not None and not ("title" in channel and channel["title"] is None):
            yield _channel_title(channel)
    title = spec.get("title")
    if title:
        yield title.get("text", "") if isinstance(title, dict) else title
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key) or []:
            yield from _chart_titles(part)
    yield from _chart_titles(spec.get("spec"))


def _channel_title(channel) -> str:
    if not isinstance(channel, dict):
        return str(channel)
    title = channel.get("title") or channel.get("field") or ""
    return title if isinstance(title, str) else " ".join(map(str, title))


def texts(at) -> list[tuple[str, str]]:
    """(where, text) for every piece of text the screen shows, tables and charts included."""
    found = []
    for proto in _elements(at):
        kind = type(proto).__name__
        if kind in SKIPPED_TYPES:
            continue
        if kind == "VegaLiteChart" and proto.spec:
            found += [(f"{kind}.title", t) for t in _chart_titles(json.loads(proto.spec)) if t]
            continue
        found += [(where, shown(text) if where.endswith("body") else text)
                  for where, text in _strings(proto, kind, kind)]
    for table in at.dataframe:
        found += [(f"table.{where}", text) for where, text in table_texts(table)]
    return [(where, ICON.sub("", text)) for where, text in found]


def table_texts(table) -> Iterator[tuple[str, str]]:
    """A table's headers as the browser shows them (column_config labels over the frame's own names) and its
    cells; a missing cell is what the grid draws for it: the table's placeholder, or "None"."""
    frame: pd.DataFrame = table.value
    config = json.loads(table.proto.columns or "{}")
    placeholder = table.proto.placeholder if table.proto.HasField("placeholder") else "None"
    for column in frame.columns:
        settings = config.get(str(column), {})
        if settings.get("hidden"):
            continue
        header = str(settings.get("label") or column)
        yield "header", header
        # a select column shows each value's label (column_config's format_func)
        labels = {o["value"]: o.get("label", o["value"]) for o in settings.get("type_config", {}).get("options", [])
                  if isinstance(o, dict)}
        if frame[column].dtype == bool:
            continue  # drawn as a tick box, not as the word True/False
        for cell in frame[column].head(TABLE_ROWS):
            yield f"cell of {header}", _cell_text(cell, labels, placeholder)
    index_shown = not config.get("_index", {}).get("hidden")
    if index_shown and (frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex)):
        if frame.index.name is not None:
            yield "header", str(frame.index.name)
        yield from (("index", str(v)) for v in frame.index[:TABLE_ROWS])


def _cell_text(cell, labels: dict, placeholder: str) -> str:
    if isinstance(cell, (list, tuple, np.ndarray)):
        return "、".join(str(labels.get(v, v)) for v in list(cell))
    if _missing(cell):
        return placeholder
    return str(labels.get(cell, cell))


def _missing(cell) -> bool:
    try:
        return bool(pd.isna(cell))
    except (TypeError, ValueError):
        return False  # a list or array in a cell is shown as its items


def unset_placeholders(at) -> list[str]:
    """The select boxes and multiselects showing nothing chosen with no placeholder of their own: Streamlit then
    shows its English ("Choose an option", "Choose options", or "No options to select" when there are none)."""
    return [f"{type(box).__name__} {box.label!r}" for box in [*at.selectbox, *at.multiselect]
            if not box.proto.placeholder and (not box.options or _nothing_chosen(box))]


def _nothing_chosen(box) -> bool:
    if type(box).__name__ == "Selectbox":  # no default index: index=None and no value kept for the key
        return not box.proto.HasField("default")
    try:
        return not box.value
    except ValueError:  # AppTest cannot map a kept label back to its option: something is chosen
        return False


# --- what counts as a leak -----------------------------------------------------------------------------
ALLOWED_WORDS = {
    # file kinds and programs an officer knows by these names
    "MB", "CSV", "csv", "Excel", "xlsx", "WPS", "Word", "docx", "txt", "Unicode", "UTF", "BOM",
    # the method the staffing gap cites by its own name (WHO's Workload Indicators of Staffing Need)
    "WHO", "WISN",
    # the language switch speaks to a reader of either language: "语言 / Language", "English"
    "Language", "English",
}
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_]{2,}(?![A-Za-z0-9_])")
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
RULE_ID = re.compile(r"\bR-[A-Z0-9]")
EMPTY_WORDS = {"None", "nan", "NaN", "NaT", "null", "<NA>"}


def internal_codes() -> set[str]:
    """Every code the store keeps for a choice, whose reader sees a label instead (3+ letters: shorter ones,
    like in/off, are never shown alone)."""
    tables = [codes.LABELS, funding.FUNDING_LABELS, people.PEOPLE_LABELS]
    found = {code for table in tables for kind in table.values() for code in kind}
    found |= set(ROLE_LABELS) | set(STATUS_LABELS) | {"create", "update", "delete", "system"}
    return {c for c in found if len(c) >= 3 and not c.startswith("R-")}


CODES = internal_codes()


def zh_leaks(found: list[tuple[str, str]], allowed: set[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(where, text, why) for each piece of text a Chinese reader should not meet."""
    leaks = []
    for where, text in found:
        bare = URL.sub("", text)
        if text.strip() in EMPTY_WORDS or any(w in EMPTY_WORDS for w in WORD.findall(bare)):
            leaks.append((where, text, "empty value shown as a word"))
        elif RULE_ID.search(text):
            leaks.append((where, text, "rule id"))
        elif codes_in := [w for w in WORD.findall(bare) if w in CODES and w not in allowed]:
            leaks.append((where, text, f"internal code {codes_in}"))
        elif words := [w for w in WORD.findall(bare) if w not in ALLOWED_WORDS and w not in allowed]:
            leaks.append((where, text, f"English {words}"))
    return leaks


KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def en_leaks(found: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(where, text, why) for each catalog key shown instead of its string (ui.i18n.t shows the key of a
    string it cannot find, so the gap is visible rather than hidden)."""
    return [(where, text, "catalog key") for where, text in found
            if text in CATALOG or KEY_SHAPE.match(text.strip())]
