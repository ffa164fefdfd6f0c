"""Import templates and template-shaped exports, built in memory.

xlsx: the data sheet has the Chinese headers in row 1 (bold, frozen with the key row) and the canonical keys in
a hidden row 2, then the rows; an example row (first cell starting with "#", so the importer skips it) shows how
cells are filled; a second sheet lists every allowed code with its Chinese and English label; an export has a
third saying what was exported, when and by whom. CSV: UTF-8 with BOM (so Excel shows the Chinese), header row,
key row, example row (an export: a "#" row saying what and when instead).

A record is written as a person fills the template: a code as its Chinese label, several codes as labels
joined with 、, yes/no as 是/否, numbers and amounts (yuan, Decimal) as numbers, dates as dates. Every cell is
written by logic.spreadsheet (cleaned, then guarded against formulas as the last step); the importer reads
labels, 是/否, number and date cells, and undoes exactly the CSV guard, so an export imports back as no change.
"""
import io
import math
from datetime import date, datetime
from decimal import Decimal

from logic import spreadsheet
from logic.import_kinds import Kind
from logic.import_rows import COMMENT

CODE_SHEET = "代码表"
NOTES = (
    ("第 1 行为中文表头,第 2 行(隐藏)为字段代码,请勿修改;从第 3 行起每行一条记录。",
     "Row 1: Chinese headers; row 2 (hidden): field keys, do not change; one record per row from row 3."),
    ("以 # 开头的行是示例或注释,不会导入。", "Rows starting with # are examples or notes and are not imported."),
    ("多选项用顿号“、”分隔,可填代码或中文名称;是/否 列填“是”或“否”;日期填 2024-03-01。",
     "Several codes: separate with 、 (codes or Chinese labels); yes/no columns: 是 or 否; dates like 2024-03-01."),
    ("编码已存在的行将更新该记录,不存在的行将新增;空白单元格表示不修改(新增时取默认值)。",
     "A row whose code exists updates it, others are added; a blank cell changes nothing (a new row takes the default)."),
    ("县(区)经办人员只能导入本县(区)的数据,县(区)代码可留空。",
     "County officers import their own county's rows only; they may leave the county code blank."),
    ("新平台的编码:有统计用区划代码的填 12 位区划代码(县(区) 511502000000、街道 511502001000、镇 511502101000、"
     "社区 511502001001、村 511502101201,社区、村的前 9 位与所属街道或乡(镇)相同);没有的填“县(区)代码-大写字母或数字”"
     "(如 511502-P001)。前 6 位须是本平台所属县(区)的代码;不能有空格、标记或全角字符。已有平台的编码保持不变。"
     "编码列请设为文本格式,以免 Excel 改成科学计数法。",
     "A new platform's code: its 12-digit statistical division code where it has one (county 511502000000, street "
     "511502001000, town 511502101000, community 511502001001, village 511502101201; a community's or village's "
     "first 9 digits are its street's or township's), otherwise 'county code-capital letters or digits' (e.g. "
     "511502-P001). The first 6 digits are the platform's own county; no spaces, markup or full-width characters. "
     "Existing platforms keep their codes. Format the code column as text so Excel does not turn it into "
     "scientific notation."),
)

EXAMPLES = {
    "platforms": {"code": "511502001000", "name": "示例街道就业和社会保障服务中心", "level": "街道", "county_code": "511502",
                  "parent_code": "", "village_kind": "一般村", "siting": "进入便民服务中心", "service_population": 25000,
                  "sign_installed": "是", "sign_text": "示例街道就业和社会保障服务中心", "area_m2": 80,
                  "windows": "就业创业、社保医保、城乡居保", "open_counter": "是", "info_area": "是", "office": "是",
                  "service_seat": "否", "staff_full_time": 3, "staff_part_time": 1,
                  "equipment": "办公桌椅、文件柜、服务柜台、等待椅、电脑、打印机、复印/传真机、电话、电子显示屏或公告信息栏",
                  "network_connected": "是", "work_funds_secured": "是",
                  "services": "就业服务、人才服务、社保经办、社会保障卡服务、劳动监察、劳动人事争议调解、劳动合同签订备案、统计调查",
                  "services_online": "就业服务、社保经办", "rules_posted": "是"},
    "people": {"id": "", "platform_code": "511502001000", "name": "张三", "post": "协理员", "source": "劳动保障协理员",
               "establishment": "编制外", "employment": "专职", "recruitment": "公开选聘", "certificate_no": "SC2015001",
               "certificate_date": date(2015, 6, 1), "monthly_income": Decimal("2500.00"), "joined_on": date(2015, 3, 1)},
    "reviews": {"person_id": 1, "name": "张三", "year": 2015, "grade": "称职"},
    "funding": {"id": "", "county_code": "511502", "year": 2015, "platform_code": "511502001000", "category": "工作经费",
                "source": "县(区)财政预算", "budgeted": Decimal("20000.00"),
                "allocated": Decimal("20000.00"), "spent": Decimal("18500.50"),
                "purpose": "", "purpose_platforms": "", "allocated_on": date(2015, 3, 1), "spent_on": date(2015, 12, 20),
                "note": ""},
}


def _example(kind: Kind) -> list:
    row = EXAMPLES.get(kind.name, {})
    cells = [row.get(c.key, "") for c in kind.columns]
    cells[0] = f"{COMMENT}{cells[0]}" if cells[0] != "" else f"{COMMENT}示例"
    return cells


def _cell(column, value):
    """A stored value as a person fills the template's column (the importer reads every one of these back)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):  # None, or NaN from a DataFrame
        return None
    if column.kind == "choice":
        return _label(column, value)
    if column.kind == "codes" and isinstance(value, (list, tuple, set, frozenset)):
        known = [c for c in column.choices if c in value]  # the code sheet's order, as the form lists them
        return "、".join([_label(column, c) for c in known] + sorted(str(c) for c in value if c not in known))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _label(column, code) -> str:
    """The code's Chinese label; a code the column does not know stays as it is (the importer names it)."""
    return column.labels.get(code, (code,))[0]


def _rows(kind: Kind, records) -> list[list]:
    return [[_cell(c, r.get(c.key)) for c in kind.columns] for r in records]


def _plain_columns(kind: Kind) -> set[int]:
    """Ids and years: numbers that name something, shown without thousands separators."""
    return {i for i, c in enumerate(kind.columns) if c.key == "year" or c.key.endswith("id")}


def xlsx(kind: Kind, records=(), *, example: bool = True, note: spreadsheet.Note | None = None) -> bytes:
    """The template (records empty) or an export (records: dicts by canonical key) as an xlsx workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = spreadsheet.safe_sheet_name(kind.zh)
    header = [c.zh + (" *" if c.required else "") for c in kind.columns]
    rows = ([_example(kind)] if example else []) + _rows(kind, records)
    sheet.append(spreadsheet.header_cells(sheet, header))
    sheet.append(spreadsheet.xlsx_row(sheet, [c.key for c in kind.columns]))
    sheet.row_dimensions[2].hidden = True
    plain = _plain_columns(kind)
    for row in rows:
        sheet.append(spreadsheet.xlsx_row(sheet, row, plain_columns=plain))
    spreadsheet.set_widths(sheet, spreadsheet.column_widths([header, *rows], plain))
    sheet.freeze_panes = "A3"
    _code_sheet(book.create_sheet(CODE_SHEET), kind)
    if note is not None:
        _note_sheet(book.create_sheet(spreadsheet.ZH.note_sheet), note, len(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _note_sheet(sheet, note: spreadsheet.Note, count: int) -> None:
    rows = spreadsheet.note_rows(note, spreadsheet.ZH, count)
    for row in rows:
        sheet.append(spreadsheet.xlsx_row(sheet, row))
    spreadsheet.set_widths(sheet, spreadsheet.column_widths(rows))


def _code_sheet(sheet, kind: Kind) -> None:
    sheet.append(spreadsheet.header_cells(sheet, ["列", "字段代码", "允许的代码", "中文", "English"]))
    sheet.freeze_panes = "A2"
    for column in kind.columns:
        for code in column.choices:
            zh, en = column.labels.get(code, (code, code))
            sheet.append(spreadsheet.xlsx_row(sheet, [column.zh, column.key, code, zh, en]))
    sheet.append([])
    for zh, en in NOTES:
        sheet.append(spreadsheet.xlsx_row(sheet, [zh, "", "", "", en]))
    spreadsheet.set_widths(sheet, [16, 22, 22, 30, 40])  # the notes below run on past their columns


def csv_bytes(kind: Kind, records=(), *, example: bool = True, note: spreadsheet.Note | None = None) -> bytes:
    """The same as a CSV in UTF-8 with BOM: header row, key row, example row (skipped on import), records. A CSV
    has no second sheet: an export's note is a "#" row (skipped on import) after the key row."""
    about = [[f"{COMMENT}{label}:{value}" for label, value in spreadsheet.note_rows(note, spreadsheet.ZH)]] \
        if note is not None else []
    rows = [[c.key for c in kind.columns]] + about + ([_example(kind)] if example else []) + _rows(kind, records)
    return spreadsheet.csv_table([c.zh for c in kind.columns], rows)
