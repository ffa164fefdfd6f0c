"""The one cell writer behind every xlsx and CSV the app hands out (exports and import templates).

Excel, WPS and LibreOffice run a cell as a formula when its text starts with = + - or @ (the full-width
＝ ＋ － ＠ too, which an IME types and WPS converts), possibly after blanks that a spreadsheet trims on
import. Every text cell therefore goes through two steps, in this order:

1. clean: characters no spreadsheet can hold are dropped (C0 controls other than tab and line feed,
   U+FFFE/U+FFFF, lone surrogates) and a carriage return becomes a line feed (a bare CR in a CSV field can
   start a new record, whose first cell is then whatever followed it);
2. guard, last, so that nothing done after it can make the text a formula again (guarding first let
   "\\x01=HYPERLINK" through: the \\x01 hid the "=" from the guard, then cleaning stripped the \\x01).

xlsx: text is always a text cell (never a formula, never an error cell like "#N/A") holding exactly the
officer's text; formula-looking text (and text whose leading apostrophes come before a formula character) gets
Excel's quotePrefix style, so the cell shows the text itself, Excel will not evaluate it, and no apostrophe is
added that a person would see. The importer takes nothing off an xlsx text cell. CSV has no styles: an
apostrophe goes right before the formula character (after any leading blanks, so a reader that trims them or
splits on a tab still meets the apostrophe first). A text that already has apostrophes there gets one more, so
the escape is exact: `unneutralise` undoes it and a CSV export imports back unchanged.

Both formats speak the screen's language (`Words`): yes/no as 是/否 (or Yes/No), never TRUE/FALSE. An xlsx is
made to be read: a bold, frozen header row, columns as wide as their content (a Chinese character counts two),
numbers as numbers with a format (whole numbers #,##0, amounts #,##0.00, dates yyyy-mm-dd; a year, id or code
column without thousands separators), and a second sheet saying what was exported, when (Beijing time) and by
whom.
"""
import csv
import functools
import io
import math
import re
import unicodedata
from dataclasses import dataclass
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


# --- the screen's words -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Words:
    """What a file says in the screen's language besides the screen's own headers: yes/no and the note sheet."""

    yes: str = "是"
    no: str = "否"
    note_sheet: str = "说明"
    what: str = "导出内容"
    when: str = "导出时间(北京时间)"
    who: str = "导出人"
    rows: str = "行数"


ZH = Words()
EN = Words("Yes", "No", "About", "Exported", "Exported at (Beijing time)", "Exported by", "Rows")


@dataclass(frozen=True)
class Note:
    """What an export is, when it was made (any zone: shown in Beijing time) and by whom (blank: not known)."""

    what: str
    at: datetime
    who: str = ""


def worded(value, words: Words = ZH):
    """A cell value as the file holds it: `plain`, with yes/no in the screen's words."""
    value = plain(value)
    if isinstance(value, bool):
        return words.yes if value else words.no
    return value


# --- xlsx ----------------------------------------------------------------------------------------------

WHOLE, AMOUNT, FRACTION = "#,##0", "#,##0.00", "#,##0.0##"  # .0## never ends in a bare "."
DATE, DATETIME, PLAIN_WHOLE = "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "0"
# A year, an id or a code is a number nobody adds up: 2,015 or 511,502 would misread it.
_NO_SEPARATORS = re.compile(r"年度|年份|编号|编码|代码|序号|\b(year|id|code|no)\b", re.IGNORECASE)
MIN_WIDTH, MAX_WIDTH = 6, 60


def plain_number_column(header) -> bool:
    """True for a column whose numbers are names (a year, an id, a code): shown without thousands separators."""
    return bool(_NO_SEPARATORS.search(str(header or "")))


def number_format(value, no_separators: bool = False) -> str | None:
    """The format a number or date is shown with; None for text and blanks."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    if isinstance(value, Decimal):
        return AMOUNT  # the app's Decimals are money (yuan, to the fen)
    if isinstance(value, float) and not value.is_integer():
        return FRACTION
    return PLAIN_WHOLE if no_separators else WHOLE


def xlsx_cell(sheet, value, words: Words = ZH, no_separators: bool = False):
    """An openpyxl cell for `sheet` (normal or write-only) holding `value` safely (append it to a row)."""
    from openpyxl.cell.cell import WriteOnlyCell

    value = worded(value, words)
    if not isinstance(value, str):
        cell = WriteOnlyCell(sheet, value)
        if (shown_as := number_format(value, no_separators)) is not None:  # a blank keeps the default style
            cell.number_format = shown_as
        return cell
    cell = WriteOnlyCell(sheet, value[:EXCEL_TEXT_MAX])
    cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error: text is text
    if looks_like_formula(cell.value) or _apostrophes_then_formula(cell.value):
        cell.quotePrefix = True  # shown as it is, never run; a typed leading apostrophe stays visible text
    return cell


def xlsx_row(sheet, values, words: Words = ZH, plain_columns=()) -> list:
    """Cells for one row; `plain_columns`: the indexes whose numbers get no thousands separators."""
    return [xlsx_cell(sheet, v, words, i in plain_columns) for i, v in enumerate(values)]


def header_cells(sheet, header) -> list:
    from openpyxl.styles import Font

    cells = xlsx_row(sheet, header)
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def display_width(value, no_separators: bool = False) -> int:
    """How many character widths a cell's longest line takes as shown: a Chinese (wide) character counts two."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if isinstance(value, (Decimal, float)):
            return len(f"{value:,.2f}")
        return len(str(value)) if no_separators else len(f"{value:,}")
    return max(_line_width(line) for line in str(value).split("\n"))


def _line_width(line: str) -> int:
    return len(line) if line.isascii() else sum(_char_width(ch) for ch in line)


@functools.cache  # a 20,000-row export meets the same few thousand characters again and again
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def column_widths(rows, plain_columns=()) -> list[float]:
    """Column widths (Excel's character units) fitting the widest cell of each column, header included."""
    widest: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            if i >= len(widest):
                widest.append(0)
            widest[i] = max(widest[i], display_width(value, i in plain_columns))
    return [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widest]


def set_widths(sheet, widths) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def xlsx_table(header, rows, sheet_name: str = "data", *, words: Words = ZH, note: Note | None = None) -> bytes:
    """A workbook of one table (bold frozen header, fitted widths, formatted numbers) and, with `note`, a
    second sheet saying what it is, when and by whom. Written write-only: a 20,000-row export stays small."""
    from openpyxl import Workbook

    header = [worded(h, words) for h in header]
    rows = [[worded(v, words) for v in row] for row in rows]  # twice over: widths come before the cells
    plain_columns = {i for i, h in enumerate(header) if plain_number_column(h)}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=safe_sheet_name(sheet_name))
    set_widths(sheet, column_widths([header, *rows], plain_columns))
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row, words, plain_columns))
    if note is not None:
        _note_sheet(book, note, words, len(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def note_rows(note: Note, words: Words, count: int | None = None) -> list[list]:
    at = note.at.astimezone(BEIJING) if note.at.tzinfo else note.at
    rows = [[words.what, note.what], [words.when, at.strftime("%Y-%m-%d %H:%M:%S")]]
    rows += [[words.who, note.who]] if note.who else []
    return rows + ([[words.rows, count]] if count is not None else [])


def _note_sheet(book, note: Note, words: Words, count: int) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title=safe_sheet_name(words.note_sheet))
    rows = note_rows(note, words, count)
    set_widths(sheet, column_widths(rows))
    for label, value in rows:
        first = xlsx_cell(sheet, label, words)
        first.font = Font(bold=True)
        sheet.append([first, xlsx_cell(sheet, value, words)])


def safe_sheet_name(name: str) -> str:
    """Excel refuses a sheet name over 31 characters or with any of : \\ / ? * [ ]."""
    return re.sub(r"[:\\/?*\[\]]", "_", clean(str(name)))[:31] or "data"


# --- CSV -----------------------------------------------------------------------------------------------

def csv_field(value, words: Words = ZH) -> str:
    value = worded(value, words)
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def csv_table(header, rows, words: Words = ZH) -> bytes:
    """UTF-8 with BOM (so Excel and WPS show the Chinese), CRLF between records (RFC 4180), every field guarded.
    A CSV has no formats: numbers and dates are written plainly (2500.00, 2024-03-01) and read back as such."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_field(v, words) for v in header])
    writer.writerows([csv_field(v, words) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
