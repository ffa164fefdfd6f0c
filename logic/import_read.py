"""An upload's bytes and name -> its table, or the reason it is refused.

Whatever the format, rows are taken one at a time: blank rows are skipped and counted (a blank block never
ends the read), the first row with content is the header, the template's key row and "#" rows are skipped,
and the read stops — refusing the file with the limit named — as soon as the data rows pass the row limit.
Every refusal says what is wrong in words the officer can act on; an exception's class name never shows.
"""
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from logic import import_csv, import_xlsx
from logic.import_cells import blank
from logic.import_types import Limits, Refused, Table, problem

COMMENT = "#"  # a row whose first cell starts with it is an example or a note: never imported
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls of Excel 97-2003, and any password-protected workbook
NOT_XLSX = ("文件不是有效的 Excel 工作簿(.xlsx),可能已损坏或是改了扩展名的其他文件;请在 Excel 中打开后另存为 .xlsx",
            "the file is not a valid Excel workbook (.xlsx): damaged, or another file renamed; save it from Excel as .xlsx")
DAMAGED = ("Excel 工作簿已损坏或不完整(可能下载或复制时被截断),请重新保存后再导入",
           "the Excel workbook is damaged or incomplete (cut short when copied?): save it again, then import")
OLD_OR_LOCKED = ("这是旧版 Excel 97-2003 工作簿(.xls)或设置了密码的工作簿;请在 Excel 中另存为 .xlsx(不设密码)",
                 "an Excel 97-2003 (.xls) or password-protected workbook: save it from Excel as .xlsx, no password")
LOCKED = ("工作簿设置了密码,无法读取;请在 Excel 中取消密码后另存为 .xlsx",
          "the workbook is password-protected: remove the password in Excel and save it as .xlsx")
UNREADABLE = ("文件无法读取:内容已损坏或不是受支持的表格(.xlsx、.csv 或 Unicode 文本 .txt)",
              "the file cannot be read: damaged, or not a supported table (.xlsx, .csv or Unicode text .txt)")


def read_table(data: bytes, filename: str, limits: Limits = Limits(), sheet: str = "") -> Table:
    """The cells of the visible (or named) sheet, or of the CSV; a refused file comes back with one problem."""
    table = Table()
    try:
        _read(table, data, filename or "", limits, sheet)
    except Refused as refused:
        return Table(encoding=table.encoding, problems=[refused.problem])
    except Exception as error:  # noqa: BLE001 — the importer never raises on a file, it says what is wrong
        return Table(encoding=table.encoding, problems=[problem(0, "", filename, *_explain(error))])
    return table


def _explain(error: Exception) -> tuple[str, str]:
    if isinstance(error, zipfile.BadZipFile) and "CRC" not in str(error):
        return NOT_XLSX
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError)):
        return DAMAGED
    if isinstance(error, NotImplementedError):  # a compression method zipfile does not know
        return NOT_XLSX
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return LOCKED
    return UNREADABLE


def _read(table: Table, data, filename: str, limits: Limits, sheet: str) -> None:
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise _whole("没有文件内容", "the file is empty")
    data = bytes(data)
    if len(data) > limits.max_bytes:
        mb = limits.max_bytes / 1024 / 1024
        raise _whole(f"文件超过 {mb:g} MB 上限", f"the file is over the {mb:g} MB limit")
    name = filename.lower()
    if data.startswith(OLE2) or name.endswith(".xls"):
        raise _whole(*OLD_OR_LOCKED)
    if data.startswith(b"PK"):
        _from_xlsx(table, data, limits, sheet)
    elif name.endswith((".xlsx", ".xlsm")):
        raise _whole(*NOT_XLSX)
    else:
        _from_csv(table, data, limits)


def _whole(zh: str, en: str) -> Refused:
    return Refused(problem(0, "", "", zh, en))


def _from_xlsx(table: Table, data: bytes, limits: Limits, sheet: str) -> None:
    table.encoding = "xlsx"
    archive, book = import_xlsx.open_workbook(data, limits, sheet)
    with archive:
        table.notes += book.notes
        _collect(table, book.rows(table.problems), limits)


def _from_csv(table: Table, data: bytes, limits: Limits) -> None:
    found = import_csv.detect(data)
    if found is None and b"\x00" in data[:4096]:
        raise _whole("文件含有二进制内容,不是文本表格(CSV),也不是 Excel 工作簿",
                     "the file holds binary content: neither a text table (CSV) nor an Excel workbook")
    if found is None:
        raise _whole(*import_csv.UNKNOWN)
    codec, table.encoding = found
    _collect(table, import_csv.rows(data, limits, codec), limits)


def _collect(table: Table, rows, limits: Limits) -> None:
    """Header, key row, data rows from (number, cells) pairs; blank rows counted; refused past the row limit."""
    pending = 0  # blank rows since the last row with content: a gap if more rows follow, the end if none do
    for number, cells in rows:
        if all(blank(v) for v in cells):
            pending += 1 if table.header else 0
            continue
        table.blank_rows, pending = table.blank_rows + pending, 0
        if not table.header:
            table.header = cells
        elif not table.rows and not table.key_row and _looks_like_keys(cells):
            table.key_row = True
        elif not _is_comment(cells):
            table.rows.append((number, cells))
            if len(table.rows) > limits.max_rows:
                raise _whole(f"文件的数据超过 {limits.max_rows:,} 行上限(第 {number:,} 行已超出),请分批导入",
                             f"the file has over {limits.max_rows:,} data rows (row {number:,} is past the limit): "
                             "split it")
    if not table.header:
        raise _whole("文件没有表头和数据", "the file has no header and no data")
    if table.blank_rows:
        table.notes.append((f"已跳过 {table.blank_rows:,} 个空行", f"{table.blank_rows:,} blank rows were skipped"))


def _looks_like_keys(row) -> bool:
    words = [v.strip() for v in row if isinstance(v, str) and v.strip()]
    return len(words) >= 2 and all(re.fullmatch(r"[a-z][a-z0-9_]*", w) for w in words)


def _is_comment(row) -> bool:
    first = next((v for v in row if not blank(v)), None)
    return isinstance(first, str) and first.strip().startswith(COMMENT)
