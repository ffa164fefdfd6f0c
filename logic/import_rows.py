"""Bulk import, the pure half (issue 7): read an uploaded table, map its headers to SPEC's canonical keys,
coerce every cell and classify every row as add / update / unchanged — without ever raising.

An officer's file is Excel (or a CSV Excel wrote): the headers may be the Chinese labels of the template or
the canonical keys, the CSV may be UTF-8 with or without BOM or GB18030, and any cell may hold anything.
Each problem is reported where the officer will look for it — the row number Excel shows, the column, the
value and a reason in Chinese and English — and nothing here touches the store: models.importer decides with
what the store knows (parents, county rights, existing rows).
"""
import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from logic.spreadsheet import FORMULA_STARTS

COMMENT = "#"  # a row whose first cell starts with it is an example or a note: never imported
SPLIT = re.compile(r"[、,，;；|\s]+")
TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "t"}
FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗", "f"}


@dataclass(frozen=True)
class Limits:
    """Upload limits (settings; see models.importer.limits for where they are read)."""

    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 20_000
    max_unpacked_bytes: int = 200 * 1024 * 1024  # an xlsx unpacks to more than this: refused outright
    max_ratio: int = 100  # unpacked / packed; real workbooks stay far below (a zip bomb does not)


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
    column: str
    value: str
    reason_zh: str
    reason_en: str

    def reason(self, lang: str = "zh") -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


@dataclass
class Table:
    """What was read: the cells row by row (Excel row number, raw cells), and how."""

    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (excel row, [cells])
    encoding: str = ""  # "xlsx", "UTF-8 (BOM)", "UTF-8", "GB18030"
    problems: list = field(default_factory=list)
    key_row: bool = False  # the template's hidden second row of canonical keys was there


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # (excel row, {key: value}) for rows that read cleanly
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (zh, en): ignored columns and the like, not errors
    encoding: str = ""
    columns: list = field(default_factory=list)  # the canonical keys the file has


def _problem(row, column, value, zh, en) -> Problem:
    return Problem(row, str(column), _show(value), zh, en)


def _show(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# --- reading the file --------------------------------------------------------------------------------

def read_table(data: bytes, filename: str, limits: Limits = Limits()) -> Table:
    """The cells of the first sheet (xlsx) or of the CSV; refused files come back with a problem and no rows."""
    try:
        return _read_table(data, filename or "", limits)
    except Exception as exc:  # noqa: BLE001 — the importer never raises on a file, it says what is wrong
        return Table(problems=[_problem(0, "", filename, f"无法读取文件:{type(exc).__name__}",
                                        f"the file cannot be read: {type(exc).__name__}")])


def _read_table(data: bytes, filename: str, limits: Limits) -> Table:
    if not isinstance(data, (bytes, bytearray)):
        return Table(problems=[_problem(0, "", "", "没有文件内容", "the file is empty")])
    if len(data) > limits.max_bytes:
        mb = limits.max_bytes / 1024 / 1024
        return Table(problems=[_problem(0, "", filename, f"文件超过 {mb:g} MB 上限", f"the file is over the {mb:g} MB limit")])
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(bytes(data), limits)
    else:
        table = _read_csv(bytes(data))
    if len(table.rows) > limits.max_rows:
        return Table(encoding=table.encoding, problems=[_problem(
            0, "", len(table.rows), f"文件有 {len(table.rows):,} 行数据,超过 {limits.max_rows:,} 行上限,请分批导入",
            f"the file has {len(table.rows):,} data rows, over the {limits.max_rows:,} limit: split it")])
    return table


def zip_bomb(data: bytes, limits: Limits) -> Problem | None:
    """An xlsx is a zip: refuse one whose unpacked size is out of proportion, before openpyxl unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(0, info.file_size) for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return _problem(0, "", "", "不是有效的 xlsx 文件", "not a valid xlsx file")
    if unpacked > limits.max_unpacked_bytes or unpacked > limits.max_ratio * max(len(data), 1) + 1_000_000:
        return _problem(0, "", f"{unpacked:,}", "xlsx 解压后大小与文件大小极不相称,已拒绝(疑似压缩炸弹)",
                        "the xlsx unpacks to a size out of proportion to the file: refused (a zip bomb?)")
    return None


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    bomb = zip_bomb(data, limits)
    if bomb:
        return Table(encoding="xlsx", problems=[bomb])
    from openpyxl import load_workbook  # only once the archive is known to be sane

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        table, cells = Table(encoding="xlsx"), []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for col, cell in enumerate(row):
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")
                                                                and getattr(cell, "data_type", None) != "s"):
                    table.problems.append(_problem(number, _letter(col), value, "单元格是公式,请粘贴为数值后再导入",
                                                   "the cell is a formula: paste it as a value, then import"))
                    value = None
                values.append(value)
            cells.append((number, values))
            if len(cells) > limits.max_rows + 3:
                break  # the row limit will refuse it; no need to read on
        return _split_header(table, cells)
    finally:
        workbook.close()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def decode(data: bytes) -> tuple[str | None, str]:
    """The text of a CSV and the encoding that read it: UTF-8 with BOM, UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            return None, "UTF-8 (BOM)"
    for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    return None, ""


def _read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    if text is None:
        return Table(encoding=encoding, problems=[_problem(
            0, "", "", "无法识别文件编码(应为 UTF-8 或 GB18030),请在 Excel 中另存为“CSV UTF-8”",
            "cannot tell the file's encoding (UTF-8 or GB18030 expected): save it from Excel as \"CSV UTF-8\"")])
    if "\x00" in text:
        return Table(encoding=encoding, problems=[_problem(0, "", "", "文件含有二进制内容,不是 CSV 表格",
                                                           "the file holds binary content, not a CSV table")])
    reader = csv.reader(io.StringIO(text, newline=""))
    cells = [(n, row) for n, row in enumerate(reader, start=1)]
    return _split_header(Table(encoding=encoding), cells)


def _split_header(table: Table, cells: list) -> Table:
    cells = [(n, row) for n, row in cells if any(_blank(v) is False for v in row)]
    if not cells:
        table.problems.append(_problem(0, "", "", "文件没有表头和数据", "the file has no header and no data"))
        return table
    (_, table.header), rest = cells[0], cells[1:]
    if rest and _looks_like_keys(rest[0][1]):
        table.key_row, rest = True, rest[1:]
    table.rows = [(n, row) for n, row in rest if not _is_comment(row)]
    return table


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value))


def _looks_like_keys(row) -> bool:
    words = [v.strip() for v in row if isinstance(v, str) and v.strip()]
    return bool(words) and all(re.fullmatch(r"[a-z][a-z0-9_]*", w) for w in words) and len(words) >= 2


def _is_comment(row) -> bool:
    first = next((v for v in row if not _blank(v)), None)
    return isinstance(first, str) and first.strip().startswith(COMMENT)


# --- headers and cells -------------------------------------------------------------------------------

def _norm_header(value) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s*＊]", "", text).replace("（", "(").replace("）", ")").lower()


def header_map(header: list, columns: tuple) -> tuple[dict[int, Column], list[Problem], list[tuple[str, str]]]:
    """Which cell index holds which column: a header may be the Chinese label, the English one or the key."""
    names = {}
    for column in columns:
        for alias in (column.key, column.zh, column.en):
            names[_norm_header(alias)] = column
    found: dict[int, Column] = {}
    problems, notes, seen = [], [], {}
    for index, raw in enumerate(header):
        if _blank(raw):
            continue
        column = names.get(_norm_header(raw))
        if column is None:
            notes.append((f"未识别的列“{_show(raw)}”已忽略", f"column \"{_show(raw)}\" is not recognised and was ignored"))
        elif column.key in seen:
            problems.append(_problem(1, _letter(index), raw, f"列“{column.zh}”出现两次(另见 {_letter(seen[column.key])} 列)",
                                     f"column \"{column.en}\" appears twice (see column {_letter(seen[column.key])})"))
        else:
            seen[column.key] = index
            found[index] = column
    for column in columns:
        if column.required and column.key not in seen:
            problems.append(_problem(1, column.key, "", f"缺少必需的列“{column.zh}”({column.key})",
                                     f"the required column \"{column.en}\" ({column.key}) is missing"))
    return found, problems, notes


def unneutralise(text: str) -> str:
    """Undo ui.export's guard: "'=x" was exported for "=x", so it imports as "=x" again (export → import is a no-op)."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def coerce(column: Column, value) -> tuple[object, tuple[str, str] | None]:
    """The cell as the store takes it, or the reason (zh, en) it cannot be read. Never raises."""
    try:
        return _coerce(column, value)
    except Exception:  # noqa: BLE001 — anything odd in a cell is a problem to report, not a crash
        return None, (f"“{_show(value)}”无法读取", f"{_show(value)!r} cannot be read")


def _coerce(column: Column, value):
    kind = column.kind
    if isinstance(value, str):
        value = unneutralise(value.strip())
    if _blank(value):
        return None, None  # a blank cell is "not given": the stored value (update) or the default (add) stands
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into Excel as a number: 511502001.0 is 511502001
        if isinstance(value, datetime):
            value = value.date().isoformat()
        return str(value), None
    if kind in ("int", "number"):
        return _number(value, whole=kind == "int")
    if kind == "bool":
        return _bool(value)
    if kind == "choice":
        return _choice(column, value)
    if kind == "codes":
        return _codes(column, value)
    if kind == "date":
        return _date(value)
    raise ValueError(kind)


def _number(value, *, whole: bool):
    if isinstance(value, bool):
        return None, ("应为数字,不是是/否", "a number is expected, not yes/no")
    if isinstance(value, (int, float)):
        number = Decimal(value) if not (isinstance(value, float) and not math.isfinite(value)) else None
    else:
        try:
            number = Decimal(str(value).replace(",", "").replace(",", "").strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        return None, (f"“{_show(value)}”不是数字", f"{_show(value)!r} is not a number")
    if abs(number) > Decimal(10) ** 15:
        return None, (f"“{_show(value)}”超出可接受范围", f"{_show(value)!r} is out of range")
    if whole:
        if number != number.to_integral_value():
            return None, (f"“{_show(value)}”应为整数", f"{_show(value)!r} must be a whole number")
        return int(number), None
    return float(number), None


def _bool(value):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), None
    text = str(value).strip().lower()
    if text in TRUE:
        return True, None
    if text in FALSE:
        return False, None
    return None, (f"“{_show(value)}”应为“是”或“否”", f"{_show(value)!r} must be yes or no (是/否)")


def _lookup(column: Column) -> dict[str, str]:
    table = {}
    for code in column.choices:
        zh, en = column.labels.get(code, (code, code))
        for alias in (code, zh, en):
            table[_norm_header(alias)] = code
    return table


def _choice(column: Column, value):
    code = _lookup(column).get(_norm_header(value))
    if code is None:
        allowed = "、".join(column.labels.get(c, (c,))[0] for c in column.choices)
        return None, (f"“{_show(value)}”不是允许的值({allowed})", f"{_show(value)!r} is not an allowed value ({', '.join(column.choices)})")
    return code, None


def _codes(column: Column, value):
    lookup, out, unknown = _lookup(column), set(), []
    for part in SPLIT.split(str(value)):
        if not part:
            continue
        code = lookup.get(_norm_header(part))
        if code is None:
            unknown.append(part)
        else:
            out.add(code)
    if unknown:
        return None, (f"未知代码:{'、'.join(map(_show, unknown))}(见“代码表”)",
                      f"unknown code(s): {', '.join(map(_show, unknown))} (see the code sheet)")
    return sorted(out), None


def _date(value):
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
    return None, (f"“{_show(value)}”不是日期(应为 2024-03-01 这样的格式)", f"{_show(value)!r} is not a date (like 2024-03-01)")


def parse(data: bytes, filename: str, columns: tuple, key: tuple[str, ...], limits: Limits = Limits()) -> Parsed:
    """Read, map and coerce a file for one import kind; `key` names the columns that identify a row."""
    try:
        return _parse(read_table(data, filename, limits), columns, key)
    except Exception as exc:  # noqa: BLE001
        return Parsed(problems=[_problem(0, "", filename, f"无法读取文件:{type(exc).__name__}",
                                         f"the file cannot be read: {type(exc).__name__}")])


def _parse(table: Table, columns: tuple, key: tuple[str, ...]) -> Parsed:
    out = Parsed(encoding=table.encoding, problems=list(table.problems))
    if not table.header:
        return out
    found, problems, out.notes = header_map(table.header, columns)
    out.problems += problems
    out.columns = [c.key for c in found.values()]
    if problems:
        return out
    bad_rows = {p.row for p in out.problems}
    seen: dict[tuple, int] = {}
    for number, cells in table.rows:
        facts, ok = {}, number not in bad_rows
        for index, column in found.items():
            raw = cells[index] if index < len(cells) else None
            value, error = coerce(column, raw)
            if error:
                out.problems.append(_problem(number, column.key, raw, *error))
                ok = False
            else:
                facts[column.key] = value
        ident = tuple(facts.get(k) for k in key)
        if ok and any(v not in (None, "") for v in ident):
            if ident in seen:
                out.problems.append(_problem(number, "/".join(key), "/".join(map(str, ident)),
                                             f"与第 {seen[ident]} 行重复", f"duplicates row {seen[ident]}"))
                ok = False
            else:
                seen[ident] = number
        if ok:
            out.rows.append((number, facts))
    out.problems.sort(key=lambda p: (p.row, p.column))
    return out


# --- add, update or leave ---------------------------------------------------------------------------

def comparable(value):
    """Values as a change test sees them: sets in order, numbers as numbers, blanks alike."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(map(str, value)))
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, str):
        return value.strip()
    return value


def changes(row: dict, existing: dict) -> dict:
    """The fields of `row` that differ from `existing` (the stored row), as {field: (stored, file)}."""
    return {k: (existing.get(k), v) for k, v in row.items()
            if k in existing and comparable(v) != comparable(existing.get(k))}


def classify(row: dict, existing: dict | None) -> str:
    if existing is None:
        return "add"
    return "update" if changes(row, existing) else "unchanged"
