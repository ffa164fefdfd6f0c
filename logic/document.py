"""A government notice (通报 / 清单) as a .docx, from plain data: title, issuing unit, addressee, sections of
paragraphs and tables, the issuing unit and date at the end. The words and figures come in already made (the
screens' catalog and the frozen or judged data); this module only lays them out, so it never imports streamlit
and a test can read every figure back with python-docx.

Layout follows the usual shape of a Chinese official document (GB/T 9704 in spirit, not to the millimetre):
A4, title centred in a bold Song face, body in FangSong, headings in Hei, the issuer and date right-aligned at the
end. Fonts are named for East Asian text too (w:eastAsia), otherwise Word shows Chinese in its Latin fallback.
"""
from dataclasses import dataclass, field
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from logic.spreadsheet import clean

TITLE_FONT, BODY_FONT, HEADING_FONT = "宋体", "仿宋", "黑体"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""  # a line above the table, e.g. which street/township it covers
    widths_cm: tuple[float, ...] = ()  # per column; none: Word shares the page width out evenly


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple = ()  # str paragraphs and Table, in reading order


@dataclass(frozen=True)
class Notice:
    title: str
    issuer: str
    date_text: str
    addressee: str = ""  # 各县(区)人力资源和社会保障局:
    subtitle: str = ""  # e.g. the snapshot it was made from
    sections: tuple[Section, ...] = ()
    landscape: bool = False  # wide tables (the rectification list) read better across the page
    footnotes: tuple[str, ...] = field(default_factory=tuple)


def _writable(text) -> str:
    """The text as a .docx can hold it (XML 1.0): control characters a user may have typed are dropped, as in
    the workbooks (logic.spreadsheet.clean), never the document refused."""
    return clean(str(text))


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=14.0, bold=False, align=None, indent=True):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # two characters, as a notice is indented
    _font(paragraph.add_run(_writable(text)), font, size, bold)
    return paragraph


def _table(doc, table: Table) -> None:
    if table.caption:
        _paragraph(doc, table.caption, font=HEADING_FONT, size=12, indent=False)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate((table.header, *table.rows)):
        cells = grid.rows[row_index].cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(_writable(value)), BODY_FONT, 10.5, bold=row_index == 0)
    if table.widths_cm:  # Word reads each cell's width, LibreOffice the grid's: both are set
        grid.autofit = False
        for column, width in zip(grid.columns, table.widths_cm, strict=True):
            column.width = Cm(width)
            for cell in column.cells:
                cell.width = Cm(width)
    header = grid.rows[0]._tr.get_or_add_trPr()  # the header repeats on every page a long table runs onto
    header.append(header.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _page(doc, landscape: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    if landscape:
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)


def notice_docx(notice: Notice) -> bytes:
    """The notice as the bytes of a .docx file."""
    doc = Document()
    _page(doc, notice.landscape)
    doc.core_properties.title = _writable(notice.title)[:255]  # the package's properties hold 255 at most
    doc.core_properties.author = _writable(notice.issuer)[:255]
    _paragraph(doc, notice.title, font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if notice.subtitle:
        _paragraph(doc, notice.subtitle, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    if notice.addressee:
        _paragraph(doc, notice.addressee, indent=False)
    for section in notice.sections:
        _paragraph(doc, section.heading, font=HEADING_FONT, size=14)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(doc, block)
            else:
                _paragraph(doc, block)
    for note in notice.footnotes:
        _paragraph(doc, note, size=10.5, indent=False)
    _paragraph(doc, notice.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, notice.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
