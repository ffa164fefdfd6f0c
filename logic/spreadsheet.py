"""The one cell writer behind every xlsx and CSV the app hands out (exports and import templates).

Excel, WPS and LibreOffice run a cell as a formula when its text starts with = + - or @ (the full-width
＝ ＋ － ＠ too, which an IME types and WPS converts), possibly after blanks that a spreadsheet trims on
import. Every text cell therefore goes through two steps, in this order:

1. clean: characters no spreadsheet can hold are dropped (C0 controls other than tab and line feed,
   U+FFFE/U+FFFF, lone surrogates) and a carriage return becomes a line feed (a bare CR in a CSV field can
   start a new record, whose first cell is then whatever followed it);
2. guard, last, so that nothing done after it can make the text a formula again (guarding first let
   "\\x01=HYPERLINK" through: the \\x01 hid the "=" from the guard, then cleaning stripped the \\x01).

xlsx: text is always a text cell (never a formula, never an error cell like "#N/A"); formula-looking text
gets Excel's quotePrefix style, so the cell shows the text itself and Excel will not evaluate it, and the
stored value stays the officer's text. CSV has no styles: an apostrophe goes right before the formula
character (after any leading blanks, so a reader that trims them or splits on a tab still meets the
apostrophe first). A text that already has apostrophes there gets one more, so the escape is exact:
`unneutralise` undoes it and an export imports back unchanged.
"""
import csv
import io
import math
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

FORMULA_CHARS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
# What an importer takes an apostrophe off before (logic.import_rows): the formula characters, and a tab or
# carriage return, which older exports guarded too.
FORMULA_STARTS = (*FORMULA_CHARS, "\t", "\r")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_F = "=+\\-@＝＋－＠"
# Each tab-separated part of a text is guarded on its own: a reader that splits a cell on tabs (a paste into a
# sheet) must meet the apostrophe too. In a part: what neutralise puts one apostrophe before (a formula
# character after blanks, or apostrophes that a tab follows), and what unneutralise takes it off.
_GUARDED = re.compile(rf"(\s*)('*[{_F}])")
_GUARDED_BEFORE_TAB = re.compile(r"(\s*)('+)")
_ESCAPED = re.compile(rf"(\s*)'('*[{_F}])")
_ESCAPED_BEFORE_TAB = re.compile(r"(\s*)'('*)")  # a lone one too: older exports guarded a tab-led cell that way
BEIJING = timezone(timedelta(hours=8))  # the bureau's time: a download shows times as the screens do
EXCEL_TEXT_MAX = 32_767  # characters Excel keeps in one cell


def clean(text: str) -> str:
    """The text as a spreadsheet can hold it: unwritable characters dropped, line ends made line feeds."""
    return _UNWRITABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take the (clean) text for a formula, once its leading blanks are trimmed."""
    return text.lstrip().startswith(FORMULA_CHARS)


def neutralise(text: str) -> str:
    """The CSV form of a clean text: in each tab-separated part, an apostrophe before a formula character (after
    leading blanks), one more apostrophe before apostrophes already there; any other text as it is."""
    return _each_part(text, _GUARDED, _GUARDED_BEFORE_TAB, r"\1'\2")


def unneutralise(text: str) -> str:
    """The inverse of `neutralise` (what an importer applies to a cell it reads): exactly one apostrophe off
    where neutralise put one."""
    return _each_part(text, _ESCAPED, _ESCAPED_BEFORE_TAB, r"\1\2")


def _each_part(text: str, start: re.Pattern, before_tab: re.Pattern, replacement: str) -> str:
    parts = text.split("\t")
    for i, part in enumerate(parts):
        if start.match(part):
            parts[i] = start.sub(replacement, part, count=1)
        elif i < len(parts) - 1 and before_tab.fullmatch(part):
            parts[i] = before_tab.sub(replacement, part, count=1)
    return "\t".join(parts)


def _apostrophes_then_formula(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("'") and stripped.lstrip("'").startswith(FORMULA_STARTS)


def plain(value):
    """A cell value as a spreadsheet takes it: numbers stay numbers (NaN is blank), times are Beijing time
    without a zone (Excel has none), anything else is its text."""
    if value is None or value.__class__.__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, (bool, int, Decimal)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return plain(value.item())
    return clean(str(value))


# --- xlsx ----------------------------------------------------------------------------------------------

def xlsx_cell(sheet, value):
    """An openpyxl cell for `sheet` (normal or write-only) holding `value` safely (append it to a row)."""
    from openpyxl.cell.cell import WriteOnlyCell

    value = plain(value)
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value)
    if _apostrophes_then_formula(value):  # the importer takes one apostrophe off: give it one to take
        value = neutralise(value)
    cell = WriteOnlyCell(sheet, value[:EXCEL_TEXT_MAX])
    cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error: text is text
    if looks_like_formula(cell.value):
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    return [xlsx_cell(sheet, v) for v in values]


def xlsx_table(header, rows, sheet_name: str = "data") -> bytes:
    """A one-sheet workbook, written as it streams (a 20,000-row export stays small in memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=safe_sheet_name(sheet_name))
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(name: str) -> str:
    """Excel refuses a sheet name over 31 characters or with any of : \\ / ? * [ ]."""
    return re.sub(r"[:\\/?*\[\]]", "_", clean(str(name)))[:31] or "data"


# --- CSV -----------------------------------------------------------------------------------------------

def csv_field(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return neutralise(value)
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def csv_table(header, rows) -> bytes:
    """UTF-8 with BOM (so Excel and WPS show the Chinese), CRLF between records (RFC 4180), every field guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_field(v) for v in header])
    writer.writerows([csv_field(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
