"""Reading a CSV (or Excel's "Unicode text" .txt) upload a chunk at a time.

The encoding is told from the bytes: a BOM (UTF-8, UTF-16 LE/BE), else UTF-16 without one when every other
byte of the start is zero, else strict UTF-8 if the whole file decodes, else GB18030 (the Chinese code page
Excel and WPS use for "CSV"; a superset of GBK). The check decodes in chunks and keeps nothing; the read then
decodes through a text stream, one record at a time, so a 20 MB file is never held as one string or frame and
the read stops at the row limit. The delimiter (comma, tab or semicolon) is the one the header line uses most,
unless the first line declares it the way Excel reads it: `sep=;` (or `sep=,`, or "sep=" and a tab) is no row of
the table, only the separator to use; a declaration of any other separator refuses the file. Rows are numbered as
Excel shows them, and Excel hides that line: the header after it is row 1.
"""
import codecs
import csv
import io
from itertools import chain

from logic.import_types import Limits, letter, refuse, show

CHUNK = 1024 * 1024
DELIMITERS = (",", "\t", ";")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
UNKNOWN = ("无法识别文件编码(应为 UTF-8、GB18030 或 UTF-16),请在 Excel 中另存为“CSV UTF-8(逗号分隔)”",
           "cannot tell the file's encoding (UTF-8, GB18030 or UTF-16 expected): save it from Excel as \"CSV UTF-8\"")


def _decodes(data: bytes, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(data[start:start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect(data: bytes) -> tuple[str, str] | None:
    """(Python codec, the name shown to the officer) of a text file's bytes, or None when none fits."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return (codec, name) if _decodes(data, codec) else None
    head = data[:4096]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return ("utf-16-le", "UTF-16 LE") if _decodes(data, "utf-16-le") else None
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return ("utf-16-be", "UTF-16 BE") if _decodes(data, "utf-16-be") else None
    for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        if _decodes(data, codec):
            return codec, name
    return None


def _delimiter(data: bytes, codec: str) -> str:
    head = codecs.getincrementaldecoder(codec)("replace").decode(data[:CHUNK])
    line = next((ln for ln in head.splitlines() if ln.strip()), "")
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties keep the first: the comma
    return best if counts[best] else ","


def declared(line: str) -> str | None:
    """The separator a first line `sep=X` declares, or None when the line declares none. Excel writes nothing
    but the one character; a spreadsheet that saved the line as a row may add more of it (empty cells)."""
    text = line.rstrip("\r\n")
    if text[:4].lower() != "sep=":
        return None
    value = text[4:]
    if value and value[0] in DELIMITERS and value == value[0] * len(value):
        return value[0]
    shown = show(text.replace("\t", "[制表符]"))
    zh = f"声明的分隔符“{show(value[:10].replace(chr(9), '[制表符]'))}”无法识别" if value else "没有写明分隔符"
    en = f"declares an unknown separator {value[:10]!r}" if value else "declares no separator"
    raise refuse(1, "", shown, f"第 1 行“{shown}”{zh},文件未导入。只支持逗号、分号或制表符:请改为 sep=, 或 sep=; ,"
                 "或删除这一行", f"line 1 \"{shown}\" {en}: nothing imported. Only a comma, semicolon or tab is read: "
                 "write sep=, or sep=; or delete the line")


def rows(data: bytes, limits: Limits, codec: str):
    """(record number, cells) of every record, blank ones included; refused on binary content or a broken record."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    first = stream.readline()
    separator = declared(first)
    lines = stream if separator else chain([first], stream)  # the declaration is no row; any other line is
    reader = csv.reader(lines, delimiter=separator or _delimiter(data, codec))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, _checked(cells, number, limits)
    except csv.Error as error:
        too_long = "field larger" in str(error)
        raise refuse(number + 1, "", "", f"第 {number + 1} 行" + (
            "有一个单元格内容过长,无法读取" if too_long else "格式有误(引号不成对?),无法按 CSV 读取"),
            f"row {number + 1} " + ("has a cell too long to read" if too_long else
                                    "is malformed (unbalanced quotes?) and cannot be read as CSV")) from None


def _checked(cells: list, number: int, limits: Limits) -> list:
    if any("\x00" in cell for cell in cells):
        raise refuse(number, "", "", f"第 {number} 行含有二进制内容,这不是文本表格(CSV)",
                     f"row {number} holds binary content: this is not a text table (CSV)")
    while cells and not cells[-1].strip():
        cells.pop()  # trailing empty cells are no columns
    if len(cells) > limits.max_columns:
        where = letter(len(cells) - 1)
        raise refuse(number, where, cells[-1], f"第 {number} 行有 {len(cells)} 列,超出可读取的 {limits.max_columns} 列;"
                     "请删除表格右侧多余的内容", f"row {number} has {len(cells)} columns, past the "
                     f"{limits.max_columns} read: delete what is to the right of the table")
    return cells
