"""One cell of an upload as the store takes it: the value, or the reason in words.

Codes are text. Excel keeps 15 significant digits, so an 18-digit code typed as a number is already rounded
when it reaches us (…1024 for …1023): such a cell, or the "1.23457E+17" a CSV save writes for it, is refused
with the way to keep it (format the column as text) instead of being stored wrong.
"""
import math
import re
from datetime import date, datetime
from decimal import Decimal

from logic.import_labels import normalise
from logic.import_types import Column, show
from logic.number_text import read_number
from logic.spreadsheet import unneutralise  # the exports guard, undone exactly

SPLIT = re.compile(r"[、,，;；|\s]+")
TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "t"}
FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗", "f"}
EXACT_DIGITS = 10 ** 15  # a number cell at or past this may have lost digits (Excel keeps 15)
SCIENTIFIC = re.compile(r"[+-]?\d(\.\d+)?[eE][+-]?\d+")
ROUNDED = ("这是数字格式的单元格,Excel 只保留 15 位有效数字,编码已被改动;请把该列设置为“文本”格式后重新填写",
           "a number cell: Excel keeps 15 significant digits, so the code was changed; "
           "format the column as text and type it again")


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def coerce(column: Column, value, guarded: bool = True) -> tuple[object, tuple[str, str] | None]:
    """The cell as the store takes it, or the reason (zh, en) it cannot be read. Never raises. `guarded`: the
    cell comes from a CSV, whose export put an apostrophe before formula-looking text (an xlsx export marks
    such a cell with a style instead, and adds nothing to its text)."""
    try:
        return _coerce(column, value, guarded)
    except Exception:  # noqa: BLE001 — anything odd in a cell is a problem to report, not a crash
        return None, (f"“{show(value)}”无法读取", f"{show(value)!r} cannot be read")


def _coerce(column: Column, value, guarded: bool = True):
    if isinstance(value, str):
        value = unneutralise(value.strip()) if guarded else value.strip()
    if blank(value):
        return None, None  # a blank cell is "not given": the stored value (update) or the default (add) stands
    reader = READERS.get(column.kind)
    if reader is None:
        raise ValueError(column.kind)
    return reader(column, value)


def _text(column: Column, value):
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, (int, float)):
        if abs(value) >= EXACT_DIGITS:
            return None, (f"“{show(value)}”:{ROUNDED[0]}", f"{show(value)!r}: {ROUNDED[1]}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into Excel as a number: 511502001.0 is 511502001
        return str(value), None
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, str) and _identifier(column) and SCIENTIFIC.fullmatch(value):
        return None, (f"“{show(value)}”是被改写成科学计数法的数字;{ROUNDED[0]}", f"{value!r} is a number in "
                      f"scientific notation; {ROUNDED[1]}")
    return str(value), None


def _identifier(column: Column) -> bool:
    """A column of codes or numbers written as text (platform and county codes, certificate numbers): what Excel
    turns into 5.11502E+11. Free text (a name, the words on a sign, a note) may read "1E5" and mean it."""
    return column.key.endswith(("code", "_no"))


def _number(column: Column, value):
    whole = column.kind == "int"
    if isinstance(value, bool):
        return None, ("应为数字,不是是/否", "a number is expected, not yes/no")
    if isinstance(value, (int, float)):
        number = Decimal(value) if math.isfinite(value) else None
        error = None if number is not None else (f"“{show(value)}”不是数字", f"{show(value)!r} is not a number")
    else:
        number, error = read_number(value)
    if error:
        return None, error
    if abs(number) > Decimal(10) ** 15:
        return None, (f"“{show(value)}”超出可接受范围", f"{show(value)!r} is out of range")
    if whole:
        if number != number.to_integral_value():
            return None, (f"“{show(value)}”应为整数", f"{show(value)!r} must be a whole number")
        return int(number), None
    return float(number), None


def _bool(column: Column, value):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), None
    text = str(value).strip().lower()
    if text in TRUE:
        return True, None
    if text in FALSE:
        return False, None
    return None, (f"“{show(value)}”应为“是”或“否”", f"{show(value)!r} must be yes or no (是/否)")


_TABLES: dict[int, tuple[Column, dict[str, str]]] = {}  # id(column) -> (the column, its table): built once


def _lookup(column: Column) -> dict[str, str]:
    """Every way a cell may name each code of the column (code, Chinese or English label, as normalised), built
    once per column rather than once per cell (a 5,000-row file has tens of thousands of coded cells)."""
    kept = _TABLES.get(id(column))
    if kept is not None and kept[0] is column:  # the same column object, not another one at a reused address
        return kept[1]
    table = {}
    for code in column.choices:
        zh, en = column.labels.get(code, (code, code))
        for alias in (code, zh, en):
            table[normalise(alias)] = code
    _TABLES[id(column)] = (column, table)
    return table


def _choice(column: Column, value):
    code = _lookup(column).get(normalise(value))
    if code is None:
        allowed = "、".join(column.labels.get(c, (c,))[0] for c in column.choices)
        return None, (f"“{show(value)}”不是允许的值({allowed})",
                      f"{show(value)!r} is not an allowed value ({', '.join(column.choices)})")
    return code, None


def _codes(column: Column, value):
    lookup, out, unknown = _lookup(column), set(), []
    for part in SPLIT.split(str(value)):
        if not part:
            continue
        code = lookup.get(normalise(part))
        if code is None:
            unknown.append(part)
        else:
            out.add(code)
    if unknown:
        return None, (f"未知代码:{'、'.join(map(show, unknown))}(见“代码表”)",
                      f"unknown code(s): {', '.join(map(show, unknown))} (see the code sheet)")
    return sorted(out), None


def _date(column: Column, value):
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = str(value).strip().replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text)
    if match:
        try:
            return date(*map(int, match.groups())), None
        except ValueError:
            pass
    return None, (f"“{show(value)}”不是日期(应为 2024-03-01 这样的格式)",
                  f"{show(value)!r} is not a date (like 2024-03-01)")


READERS = {"text": _text, "int": _number, "number": _number, "bool": _bool, "choice": _choice,
           "codes": _codes, "date": _date}
