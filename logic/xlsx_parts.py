"""Finding the parts of an .xlsx package (ECMA-376 part 2, Open Packaging Conventions): the workbook, its
sheets with their names and visibility, the shared strings and the styles — by the package's relationships,
not by guessed file names, and by local XML names so that Strict and Transitional files read alike."""
import posixpath

from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

from logic.import_types import refuse

CHUNK = 64 * 1024
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def bomb(size: int):
    return refuse(0, "", f"{size:,}", "xlsx 解压后大小与文件大小极不相称,已拒绝(疑似压缩炸弹)",
                  "the xlsx unpacks to a size out of proportion to the file: refused (a zip bomb?)")


def cell_text(element) -> str:
    """The text of a shared or inline string: its <t>, or its rich-text runs' <t>s; phonetic runs left out."""
    parts = []
    for child in element:
        tag = local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _rels(xml, archive, path: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, member path) of a part's .rels, paths resolved against the part."""
    folder, name = posixpath.split(path)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.namelist():
        return {}
    out = {}
    for event, element in xml(rels_path):
        if event == "end" and local(element.tag) == "Relationship":
            target = element.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[element.get("Id", "")] = (element.get("Type", "").rsplit("/", 1)[-1], target)
    return out


def _workbook_path(xml, archive) -> str:
    for kind, target in _rels(xml, archive, "").values():
        if kind == "officeDocument":
            return target
    return "xl/workbook.xml"


def members(archive, xml) -> dict:
    """sheets: [(name, path, state)] in workbook order; strings, styles: member paths or None; epoch: day 0."""
    book = _workbook_path(xml, archive)
    if book not in archive.namelist():
        raise refuse(0, "", "", "文件不是 Excel 工作簿(缺少工作簿内容),可能是改了扩展名的其他文件;请在 Excel 中另存为 .xlsx",
                     "the file is not an Excel workbook (no workbook part): save it from Excel as .xlsx")
    rels = _rels(xml, archive, book)
    sheets, date1904 = [], False
    for event, element in xml(book):
        tag = local(element.tag)
        if event == "end" and tag == "sheet":
            target = rels.get(element.get(REL_ID, ""), ("", ""))[1]
            if target in archive.namelist():
                sheets.append((element.get("name", ""), target, element.get("state", "visible")))
        elif event == "end" and tag == "workbookPr":
            date1904 = element.get("date1904", "false").lower() in ("1", "true")
    by_kind = {kind: target for kind, target in rels.values() if target in archive.namelist()}
    return {"sheets": sheets, "strings": by_kind.get("sharedStrings"), "styles": by_kind.get("styles"),
            "epoch": MAC_EPOCH if date1904 else WINDOWS_EPOCH}
