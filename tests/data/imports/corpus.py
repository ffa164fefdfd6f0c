"""The upload corpus: hostile files and the saves real tools make, built byte by byte here so that
each is exactly the case it names (no office suite runs on the test machine).

Workbooks are written as the Open Packaging parts Excel, WPS and LibreOffice write (ECMA-376): shared or
inline strings, styles with a date format, hidden sheets, a forged <dimension>. Text files are the bytes each
tool's "save as" gives: Excel's "CSV UTF-8" (BOM, CRLF), Excel/WPS "CSV" on a Chinese Windows (GBK: "²" is
written as "?"), LibreOffice (no BOM, LF, every text quoted), Excel's "Unicode text" (UTF-16 LE, BOM, tabs).
"""
import csv
import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DATE_STYLE = 1  # cellXfs index 1 below: numFmtId 14, Excel's short date


def col(index: int) -> str:
    return get_column_letter(index + 1)


def cell(ref: str, value, strings: list | None) -> str:
    """One <c>: str (shared when `strings` is a list, else inline), int/float, ("f", formula), ("date", serial),
    ("e", "#N/A"), ("raw", number text as stored), bool."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        kind, text = value[0], str(value[1])
        return {"f": f'<c r="{ref}"><f>{escape(text)}</f><v>0</v></c>',
                "date": f'<c r="{ref}" s="{DATE_STYLE}"><v>{text}</v></c>',
                "e": f'<c r="{ref}" t="e"><v>{escape(text)}</v></c>',
                "raw": f'<c r="{ref}"><v>{text}</v></c>'}[kind]
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if strings is None:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    strings.append(value)
    return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'


def sheet_xml(rows, strings: list | None = None, dimension: str = "", ns: str = MAIN) -> str:
    """rows: a list of cell lists (row n+1), or of (row number, cells) pairs to leave gaps or blank rows."""
    body = []
    for n, row in enumerate(rows, start=1):
        number, cells = row if isinstance(row, tuple) and isinstance(row[0], int) else (n, row)
        body.append(f'<row r="{number}">' + "".join(cell(f"{col(i)}{number}", v, strings)
                                                    for i, v in enumerate(cells)) + "</row>")
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{ns}">{dim}' \
           f'<sheetData>{"".join(body)}</sheetData></worksheet>'


def shared_xml(strings: list, ns: str = MAIN) -> str:
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="{len(strings)}">{items}</sst>'


STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="0"/>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def workbook(sheets, *, shared: bool = True, date1904: bool = False, ns: str = MAIN, extra: dict | None = None,
             dimension: str = "") -> bytes:
    """sheets: [(name, rows, state)] with state "visible", "hidden" or "veryHidden"; rows as sheet_xml takes,
    or a ready sheet XML (text, or bytes in any encoding)."""
    strings = [] if shared else None
    parts = {}
    entries, rels = [], []
    for i, (name, rows, state) in enumerate(sheets, start=1):
        xml = rows if isinstance(rows, (str, bytes)) else sheet_xml(rows, strings, dimension, ns)
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
        shown = "" if state == "visible" else f' state="{state}"'
        entries.append(f'<sheet name="{escape(name)}" sheetId="{i}"{shown} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
    n = len(sheets)
    rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>')
    parts["xl/styles.xml"] = STYLES.replace(MAIN, ns)
    if strings is not None:
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_xml(strings, ns)
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{REL}">'
                                f'{pr}<sheets>{"".join(entries)}</sheets></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    parts["_rels/.rels"] = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                            'Target="xl/workbook.xml"/></Relationships>')
    parts["[Content_Types].xml"] = CONTENT_TYPES
    parts.update(extra or {})
    return zipped(parts)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def zipped(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))
    return buffer.getvalue()


def text_file(rows, *, encoding: str, delimiter: str = ",", newline: str = "\r\n", quote_all: bool = False,
              errors: str = "replace", sep: str | None = None) -> bytes:
    """A table saved as text; `errors="replace"` is what a code page does to a character it cannot hold.
    `sep` writes Excel's first line "sep=" and it (an Excel for a semicolon locale reads the table with it)."""
    buffer = io.StringIO()
    if sep is not None:
        buffer.write(f"sep={sep}{newline}")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline,
                        quoting=csv.QUOTE_NONNUMERIC if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding, errors=errors)


# the saves of one small platform table, as each tool writes it ------------------------------------------
HEADER = ["平台编码", "平台名称", "层级", "县(区)代码", "专有场所面积(m²)", "服务对象人数"]
ROWS = [["511502001000", "一街道", "街道", "511502", "60.5", "25000"],
        ["511502002000", "二街道", "街道", "511502", "1,234", "18000"],
        ["511502003000", "三街道", "街道", "511502", "80", "9000"]]
EXPECTED = {"511502001000": 60.5, "511502002000": 1234.0, "511502003000": 80.0}  # area_m2 as each save must import


def saves() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, file name): the same table as Excel, WPS and LibreOffice save it."""
    table = [HEADER, *ROWS]
    plain = [HEADER, *[[*r[:4], r[4].replace(",", ""), *r[5:]] for r in ROWS]]  # no thousands comma
    numeric = [HEADER, *[[c, n, lv, cc, float(a.replace(",", "")), int(p)] for c, n, lv, cc, a, p in ROWS]]
    return {
        "excel_csv_utf8_bom": (text_file(table, encoding="utf-8-sig"), "p.csv"),
        "excel_csv_gbk_chinese_windows": (text_file(table, encoding="gbk"), "p.csv"),
        "wps_csv_gb18030": (text_file(table, encoding="gb18030"), "p.csv"),
        "wps_csv_utf8_no_bom": (text_file(table, encoding="utf-8", newline="\n"), "p.csv"),
        "libreoffice_csv_gbk_quoted": (text_file(table, encoding="gbk", newline="\n", quote_all=True), "p.csv"),
        "excel_unicode_text_utf16": (text_file(table, encoding="utf-16", delimiter="\t"), "p.txt"),
        "utf16_be_with_bom": (b"\xfe\xff" + text_file(table, encoding="utf-16-be", delimiter="\t"), "p.txt"),
        "european_excel_semicolon": (text_file(plain, encoding="utf-8-sig", delimiter=";"), "p.csv"),
        "excel_csv_sep_line_semicolon": (text_file(plain, encoding="utf-8", delimiter=";", sep=";"), "p.csv"),
        "sep_line_after_utf8_bom": (text_file(plain, encoding="utf-8-sig", delimiter=";", sep=";"), "p.csv"),
        "sep_line_comma_gb18030": (text_file(table, encoding="gb18030", sep=","), "p.csv"),
        "sep_line_tab_utf16_text": (text_file(table, encoding="utf-16", delimiter="\t", sep="\t"), "p.txt"),
        "sep_line_semicolon_utf16_be": (b"\xfe\xff" + text_file(plain, encoding="utf-16-be", delimiter=";", sep=";"),
                                        "p.txt"),
        "excel_xlsx_shared_strings": (workbook([("平台", numeric, "visible")]), "p.xlsx"),
        "wps_xlsx_inline_strings": (workbook([("Sheet1", numeric, "visible")], shared=False), "p.xlsx"),
        "strict_ooxml_xlsx": (workbook([("平台", numeric, "visible")], ns=STRICT), "p.xlsx"),
        "xlsx_with_hidden_first_sheet": (workbook([("旧数据", [HEADER, ["511502001000", "错", "街道", "511502", -1, 0]], "hidden"),
                                                   ("平台", numeric, "visible")]), "p.xlsx"),
        "xlsx_with_very_hidden_sheet": (workbook([("x", [["code"], ["EVIL"]], "veryHidden"),
                                                  ("平台", numeric, "visible")]), "p.xlsx"),
        "xlsx_forged_dimension": (workbook([("平台", numeric, "visible")], dimension="A1:XFD1048576"), "p.xlsx"),
    }
