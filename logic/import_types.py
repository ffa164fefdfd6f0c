"""The vocabulary of a bulk import: the limits of an upload, the columns of an import kind,
a problem the officer must fix (row, column, value, reason in words) and what the reader found.

Kept apart from the readers so that logic.import_kinds (which describes columns) imports no reader."""
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Limits:
    """Upload limits (settings; see models.importer.limits for where they are read)."""

    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 20_000  # data rows: blank, comment and header rows are not counted
    max_unpacked_bytes: int = 200 * 1024 * 1024  # an xlsx unpacks to more than this: refused outright
    max_ratio: int = 100  # unpacked / packed; real workbooks stay far below (a zip bomb does not)
    max_columns: int = 200  # a value further right is refused: the templates have fewer than 30 columns


@dataclass(frozen=True)
class Column:
    """One column of an import kind: canonical key, template header, how its cells are read."""

    key: str
    zh: str
    en: str
    kind: str = "text"  # text | int | number | bool | codes | choice | date
    choices: tuple = ()  # code -> labels come from `labels` below, for choice and codes
    labels: dict = field(default_factory=dict)  # code -> (zh, en)
    required: bool = False  # the column must be in the file
    note: str = ""  # shown in the template's code sheet


@dataclass(frozen=True)
class Problem:
    row: int  # the row number Excel shows (1 = the header row); 0 = the file as a whole
    column: str  # the canonical key, or the column letter when the cell has no known column
    value: str
    reason_zh: str
    reason_en: str
    header: str = ""  # the column's heading as the officer's file spells it (what they will look for)

    def reason(self, lang: str = "zh") -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


@dataclass
class Table:
    """What was read: the cells row by row (Excel row number, raw cells), and how."""

    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (excel row, [cells])
    encoding: str = ""  # "xlsx", "UTF-8 (BOM)", "UTF-8", "GB18030", "UTF-16"
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (zh, en): what the reader skipped, said so
    key_row: bool = False  # the template's hidden second row of canonical keys was there
    blank_rows: int = 0  # empty rows skipped between and after the data (counted, never the end of the read)


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # (excel row, {key: value}) for rows that read cleanly
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (zh, en): ignored columns and the like, not errors
    encoding: str = ""
    columns: list = field(default_factory=list)  # the canonical keys the file has


class Refused(Exception):
    """A reader met something it will not read on: the file is refused with this one problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.reason_en)
        self.problem = problem


def show(value) -> str:
    """A cell as a problem list shows it: text, cut at 60 characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def problem(row, column, value, zh, en, header: str = "") -> Problem:
    return Problem(row, str(column), show(value), zh, en, header)


def refuse(row, column, value, zh, en) -> Refused:
    return Refused(problem(row, column, value, zh, en))


def letter(index: int) -> str:
    """The column letter Excel shows for a 0-based column index: 0 -> A, 27 -> AB."""
    return get_column_letter(index + 1)
