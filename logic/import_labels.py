"""Matching a file's headings to an import kind's columns, tolerant of what a save does.

Excel or LibreOffice saving in the Chinese code page (GBK) cannot write "²", so "专有场所面积(m²)" comes back as
"(m?)"; others type "(m2)", "㎡" or "(平方米)", full-width brackets or stray spaces. All of these name the same
column. A "?" left by a code page stands for the one character it replaced: it matches when exactly one column
fits. A heading that still matches nothing is reported by name, never silently dropped.
"""
import re
import unicodedata
from functools import lru_cache

from logic.import_types import Column, letter, problem, show

UNIT = re.compile(r"\((?:m\?|m2|m\^2|平方米|平米|sqm|sq\.m)\)")  # after NFKC: ㎡ and m² are already "m2"
DROP = re.compile(r"[\s*]")


# a file repeats its labels (专职, 编制外, ...) thousands of times; typed, as 1 and True are different cells
@lru_cache(maxsize=4096, typed=True)
def normalise(value) -> str:
    """A heading or label as compared: NFKC (full-width to ASCII, ² to 2), no spaces or *, lower case."""
    text = DROP.sub("", unicodedata.normalize("NFKC", "" if value is None else str(value))).lower()
    return UNIT.sub("(m2)", text)


def _aliases(columns: tuple) -> dict[str, Column]:
    names = {}
    for column in columns:
        for alias in (column.key, column.zh, column.en):
            names[normalise(alias)] = column
    return names


def _by_wildcard(text: str, names: dict[str, Column]) -> Column | None:
    """A heading with "?" (a character its code page could not hold): the one column it can only be."""
    if "?" not in text:
        return None
    pattern = re.compile("".join("." if ch == "?" else re.escape(ch) for ch in text))
    fits = {id(c): c for name, c in names.items() if pattern.fullmatch(name)}
    return next(iter(fits.values())) if len(fits) == 1 else None


def match(raw, names: dict[str, Column]) -> Column | None:
    text = normalise(raw)
    return names.get(text) or _by_wildcard(text, names)


def header_map(header: list, columns: tuple):
    """Which cell index holds which column: a heading may be the Chinese label, the English one or the key.

    Returns (index -> Column, problems, notes)."""
    names = _aliases(columns)
    found: dict[int, Column] = {}
    problems, notes, seen = [], [], {}
    for index, raw in enumerate(header):
        if raw is None or not str(raw).strip():
            continue
        column = match(raw, names)
        if column is None:
            notes.append((f"未识别的列“{show(raw)}”({letter(index)} 列)已忽略",
                          f"column \"{show(raw)}\" ({letter(index)}) is not recognised and was ignored"))
        elif column.key in seen:
            first = letter(seen[column.key])
            problems.append(problem(1, column.key, raw, f"列“{column.zh}”出现两次(另见 {first} 列)",
                                    f"column \"{column.en}\" appears twice (see column {first})", show(raw)))
        else:
            seen[column.key] = index
            found[index] = column
    for column in columns:
        if column.required and column.key not in seen:
            problems.append(problem(1, column.key, "", f"缺少必需的列“{column.zh}”",
                                    f"the required column \"{column.en}\" is missing", column.zh))
    return found, problems, notes
