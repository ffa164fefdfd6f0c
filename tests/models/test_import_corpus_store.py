"""The upload corpus (tests/data/imports/corpus.py) through the store (SQLite and PostgreSQL). Every real save
imports its rows with their area (not 0); every hostile or broken file is refused and the store — rows and audit
trail — is exactly as it was."""
import pytest
from sqlmodel import func, select

from logic.authz import Actor
from models import importer
from models.db import read_session
from models.tables import AuditLog, Platform
from tests.data.imports import corpus as C
from tests.logic.test_import_corpus import _bomb

ADMIN = Actor("admin", "city_admin")
SAVES = C.saves()
TABLE = [C.HEADER, *C.ROWS]
HOSTILE = {
    "truncated": lambda: SAVES["excel_xlsx_shared_strings"][0][:900],
    "zip_bomb": _bomb,
    "renamed_png": lambda: b"\x89PNG\r\n\x1a\n" + bytes(300),
    "old_xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    "formula_cell": lambda: C.workbook([("平台", [C.HEADER, ["S1", "一街道", "街道", "511502", ("f", "1+1"), 5]], "visible")]),
    "ambiguous_comma": lambda: C.text_file([C.HEADER, ["S1", "一街道", "街道", "511502", "60,5", "1"]], encoding="gbk"),
    "rounded_code": lambda: C.workbook([("平台", [C.HEADER, [("raw", "1.23456789012345E+17"), "x", "街道", "511502", 1, 1]],
                                        "visible")]),
    "unknown_sep_line": lambda: b"sep=|\r\n" + C.text_file([C.HEADER, *C.ROWS], encoding="utf-8", delimiter="|"),
    "utf16_part_with_a_doctype": lambda: C.workbook([("平台", (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        f'<worksheet xmlns="{C.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>").encode("utf-16"), "visible")]),
    "past_the_row_limit": lambda: C.text_file([C.HEADER, *[[f"S{i}", "x", "街道", "511502", "1", "1"]
                                                            for i in range(30)]], encoding="utf-8"),
}


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as session:
        return (session.exec(select(func.count(Platform.id))).one(), session.exec(select(func.count(AuditLog.id))).one())


@pytest.mark.parametrize("name", ["excel_csv_gbk_chinese_windows", "libreoffice_csv_gbk_quoted",
                                  "excel_unicode_text_utf16", "excel_csv_sep_line_semicolon",
                                  "xlsx_with_hidden_first_sheet", "xlsx_forged_dimension"])
def test_a_real_save_imports_each_platform_with_its_area(store, name):
    data, filename = SAVES[name]
    dry = importer.dry_run(store, ADMIN, "platforms", data, filename)
    assert dry.problems == [] and dry.counts["add"] == 3
    importer.commit(store, ADMIN, dry)
    with read_session(store) as session:
        stored = dict(session.exec(select(Platform.code, Platform.area_m2)).all())
    assert stored == C.EXPECTED  # the GBK "(m?)" column is not dropped: no platform gets area 0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_refused_file_leaves_the_store_and_its_trail_unchanged(store, name):
    importer.commit(store, ADMIN, importer.dry_run(store, ADMIN, "platforms", *SAVES["excel_csv_utf8_bom"]))
    before = _counts(store)
    filename = "p.csv" if name in ("ambiguous_comma", "past_the_row_limit", "unknown_sep_line") else "p.xlsx"
    dry = importer.dry_run(store, ADMIN, "platforms", HOSTILE[name](), filename,
                           lim=importer.Limits(max_rows=20))
    assert dry.problems and not dry.ok
    if name in ("unknown_sep_line", "utf16_part_with_a_doctype"):  # refused for what it is, not as unreadable
        assert any(w in dry.problems[0].reason_zh for w in ("分隔符", "DOCTYPE")), dry.problems[0]
    assert all(p.reason_zh and "Error" not in p.reason_zh for p in dry.problems)
    with pytest.raises(importer.ImportRefused):
        importer.commit(store, ADMIN, dry)
    assert _counts(store) == before
