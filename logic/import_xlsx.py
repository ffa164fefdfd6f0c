"""Reading an .xlsx upload as a stream: only what the cells say, never what the file
claims about itself.

The sheet XML is parsed a chunk at a time and each row forgotten once yielded, so memory follows the rows
kept, not the file. A cell's column comes from its own reference (a forged <dimension ref="A1:XFD1048576"/>
pads nothing); a value past the column cap is refused. The zip directory's unpacked sizes are checked before
anything is inflated, and every member is read with a byte cap. Only a visible sheet is read: the one with
the template's name when there is one, else the first visible. Cell types, shared strings and date styles
follow ECMA-376 part 1 §18.3 (sheet), §18.4 (shared strings) and §18.8 (styles).
"""
import io
import zipfile
from xml.etree.ElementTree import ParseError, XMLPullParser
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.datetime import from_excel

from logic.import_labels import normalise
from logic.import_types import Limits, Problem, letter, problem, refuse
from logic.xlsx_parts import CHUNK, bomb, cell_text, local, members

MAX_ROW = 1_048_576  # Excel's last row: a sheet claiming more rows is not a real one (and bounds the walk)
MAX_STRINGS = 2_000_000  # shared strings: 20,000 rows x 30 columns of distinct text is 600,000
MAX_STRING_CHARS = 32_000_000  # their characters: a few MB of memory, never the unpacked cap's worth
FORMULA = ("单元格是公式,请粘贴为数值后再导入", "the cell is a formula: paste it as a value, then import")


DTD = ("工作簿含有不允许的 XML 声明(DOCTYPE 或 ENTITY),已拒绝;请在 Excel 中打开后另存为 .xlsx",
       "the workbook holds an XML DOCTYPE or ENTITY declaration, which no spreadsheet has: refused")
ENCODING = ("工作簿的 XML 内容既不是 UTF-8 也不是 UTF-16 编码,不是 Excel 写出的文件;请在 Excel 中打开后另存为 .xlsx",
            "the workbook's XML is neither UTF-8 nor UTF-16, so no spreadsheet wrote it: save it from Excel as .xlsx")


class _Prolog:
    """Reads a part's start as expat itself does (the same library ElementTree parses with: the encoding from
    the BOM or the declaration, UTF-16 included) and refuses a DOCTYPE or an entity declaration wherever the
    prolog puts it. ECMA-376 part 2 §8.1.4 allows only UTF-8 or UTF-16 [M1.17] and makes a DTD an error [M1.18];
    defusedxml forbids them through the same expat handlers. Fed until the root element starts: after it no
    DTD can come."""

    def __init__(self, name: str):
        self.name, self.done, self.parser = name, False, expat.ParserCreate()
        self.parser.XmlDeclHandler = self._declaration
        self.parser.StartDoctypeDeclHandler = self.parser.EntityDeclHandler = self._dtd
        self.parser.UnparsedEntityDeclHandler = self._dtd
        self.parser.StartElementHandler = self._root

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            raise ParseError(str(error)) from None  # the part is no XML: "damaged", as ElementTree would say

    def _declaration(self, version, encoding, standalone):
        if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf-16"):
            raise refuse(0, "", self.name, *ENCODING)

    def _dtd(self, *_):
        raise refuse(0, "", self.name, *DTD)

    def _root(self, *_):
        self.done = True
        self.parser.StartElementHandler = None


def _events(archive: zipfile.ZipFile, name: str, cap: int, events=("start", "end")):
    """(event, element) of one member's XML, read a chunk at a time; refused past `cap` bytes or with a DTD."""
    parser, prolog, total = XMLPullParser(events), _Prolog(name), 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            total += len(chunk)
            if total > cap:
                raise bomb(total)
            if not prolog.done:
                prolog.feed(chunk)
            parser.feed(chunk)
            yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


class Workbook:
    """The parts of one workbook the reader needs: which sheet, its shared strings, its date styles."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits, prefer: str = ""):
        self.archive, self.limits, self.notes = archive, limits, []
        paths = members(archive, self._xml)
        self.sheet_name, self.sheet_path = self._pick(paths["sheets"], prefer)
        self.strings = self._strings(paths.get("strings"))
        self.dates, self.epoch = self._date_styles(paths.get("styles")), paths["epoch"]

    def _xml(self, name: str):
        return _events(self.archive, name, self.limits.max_unpacked_bytes)

    def _pick(self, sheets: list, prefer: str) -> tuple[str, str]:
        visible = [(name, path) for name, path, state in sheets if state not in ("hidden", "veryHidden")]
        hidden = [name for name, _, state in sheets if state in ("hidden", "veryHidden")]
        if not visible:
            raise refuse(0, "", "", "工作簿中没有可见的工作表", "the workbook has no visible sheet")
        named = [s for s in visible if prefer and normalise(s[0]) == normalise(prefer)]
        chosen = (named or visible)[0]
        if hidden:
            self.notes.append((f"已忽略隐藏的工作表:{'、'.join(hidden)}", f"hidden sheets ignored: {', '.join(hidden)}"))
        if len(visible) > 1 and not named:  # the template's own sheet needs no word; a guess does
            self.notes.append((f"已读取工作表“{chosen[0]}”,其他工作表未导入",
                               f"sheet \"{chosen[0]}\" was read; the other sheets were not imported"))
        return chosen

    def _strings(self, path: str | None) -> list[str]:
        strings = []
        if path is None:
            return strings
        size, table = 0, None
        for event, element in self._xml(path):
            if event == "start" and local(element.tag) == "sst":
                table = element
            elif event == "end" and local(element.tag) == "si":
                strings.append(cell_text(element))
                size += len(strings[-1])
                if table is not None:
                    table.clear()  # keep the text, not the parsed element
                if size > MAX_STRING_CHARS or len(strings) > MAX_STRINGS:
                    raise refuse(0, "", f"{len(strings):,}", "工作簿的文字内容远超导入上限,已拒绝;请只保留要导入的数据",
                                 "the workbook holds far more text than an import can take: keep only the data")
        return strings

    def _date_styles(self, path: str | None) -> set[int]:
        """The cell style indexes whose number format shows a date (a date cell holds a day count)."""
        if path is None:
            return set()
        formats, styles, in_xfs = dict(BUILTIN_FORMATS), [], False
        for event, element in self._xml(path):
            tag = local(element.tag)
            if tag == "cellXfs":
                in_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                formats[int(element.get("numFmtId", -1))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_xfs:
                styles.append(int(element.get("numFmtId", 0)))
        return {i for i, fmt in enumerate(styles) if is_date_format(formats.get(fmt, "General"))}

    def rows(self, problems: list[Problem]):
        """(row number, cells) for every row element of the sheet, blank ones included; formulas go to `problems`."""
        number, sheet_data = 0, None
        for event, element in self._xml(self.sheet_path):
            tag = local(element.tag)
            if event == "start":
                sheet_data = element if tag == "sheetData" else sheet_data
                continue
            if tag == "row":
                number = int(element.get("r") or number + 1)
                if not 0 < number <= MAX_ROW:
                    raise refuse(number, "", number, f"工作表的行号 {number:,} 超出 Excel 的范围,文件可能已损坏",
                                 f"row number {number:,} is outside what Excel allows: the file may be damaged")
                yield number, self._cells(element, number, problems)
                if sheet_data is not None:
                    sheet_data.clear()  # the row is used: forget it, so memory does not grow with the sheet

    def _cells(self, row, number: int, problems: list[Problem]) -> list:
        cells, index = [], -1
        for cell in row:
            if local(cell.tag) != "c":
                continue
            index = _column(cell.get("r"), index, number)
            value = self._value(cell, number, index, problems)
            if value is None or value == "":
                continue
            if index >= self.limits.max_columns:
                raise refuse(number, letter(index), value, f"第 {number} 行 {letter(index)} 列有内容,超出可读取的 "
                             f"{self.limits.max_columns} 列;请删除表格右侧多余的内容",
                             f"row {number} has a value in column {letter(index)}, past the "
                             f"{self.limits.max_columns} columns read: delete what is to the right of the table")
            cells.extend([None] * (index + 1 - len(cells)))
            cells[index] = value
        return cells

    def _value(self, cell, number: int, index: int, problems: list[Problem]):
        kind, parts = cell.get("t", "n"), {local(c.tag): c for c in cell}
        raw = parts["v"].text if "v" in parts else None
        if "f" in parts:
            problems.append(problem(number, letter(index), "=" + (parts["f"].text or ""), *FORMULA))
            return None
        if kind == "inlineStr":
            return cell_text(parts["is"]) if "is" in parts else None
        if raw is None:
            return None
        return _typed(self, kind, raw, cell, number, index)


def _typed(book: Workbook, kind: str, raw: str, cell, number: int, index: int):
    where = f"{letter(index)}{number}"
    try:
        if kind == "s":
            return book.strings[int(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            raise refuse(number, letter(index), raw, f"单元格 {where} 是错误值 {raw},请改正后再导入",
                         f"cell {where} holds the error {raw}: correct it, then import")
        if kind in ("str", "d"):
            return raw
        value = float(raw)
        if int(cell.get("s") or 0) in book.dates:
            return from_excel(value, book.epoch)
        return int(value) if value.is_integer() and abs(value) < 10 ** 15 else value
    except (ValueError, IndexError, OverflowError):
        raise refuse(number, letter(index), raw, f"单元格 {where} 的内容无法读取,文件可能已损坏",
                     f"cell {where} cannot be read: the file may be damaged") from None


def _column(ref: str | None, previous: int, number: int) -> int:
    """The 0-based column of a cell: from its own reference, else the one after the previous cell."""
    if not ref:
        return previous + 1
    try:
        return column_index_from_string(coordinate_from_string(ref)[0]) - 1
    except ValueError:
        raise refuse(number, "", ref, f"第 {number} 行有无效的单元格位置“{ref}”,文件可能已损坏",
                     f"row {number} has an invalid cell reference {ref!r}: the file may be damaged") from None


def open_workbook(data: bytes, limits: Limits, prefer: str = "") -> tuple[zipfile.ZipFile, Workbook]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        declared = sum(max(0, info.file_size) for info in archive.infolist())
        if declared > limits.max_unpacked_bytes or declared > limits.max_ratio * max(len(data), 1) + 1_000_000:
            raise bomb(declared)
        return archive, Workbook(archive, limits, prefer)
    except BaseException:
        archive.close()
        raise

